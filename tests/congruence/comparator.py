"""The one comparator of the congruence suite: the same call on every engine, same answer.

Modelled on qdrant-client's ``tests/congruence_tests``: a test names an operation as a
function of the store, :func:`compare_engines` runs it on each engine and checks that the
answers agree (ids and order exactly, scores within :data:`SCORE_TOLERANCE`, payloads and
vectors equal), then returns one answer for further checks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from titlesearch.store.base import Hit, PointRecord, TitleStore

SCORE_TOLERANCE = 1e-4
"""Engines compute cosine in float32 in different orders: scores agree to about this much."""


def compare_values(left: Any, right: Any, where: str = "answer") -> None:
    """Assert that two answers agree, recursing into lists, tuples and dicts."""
    if isinstance(left, Hit) and isinstance(right, Hit):
        assert left.id == right.id, f"{where}: id {left.id} != {right.id}"
        assert abs(left.score - right.score) <= SCORE_TOLERANCE, f"{where}: scores differ"
        assert left.payload == right.payload, f"{where}: payloads differ"
    elif isinstance(left, PointRecord) and isinstance(right, PointRecord):
        assert (left.id, left.payload) == (right.id, right.payload), f"{where}: points differ"
        assert left.vectors.keys() == right.vectors.keys(), f"{where}: vector names differ"
        for name in left.vectors:
            np.testing.assert_allclose(left.vectors[name], right.vectors[name], atol=1e-6)
    elif isinstance(left, list | tuple) and isinstance(right, list | tuple):
        assert len(left) == len(right), f"{where}: {len(left)} items != {len(right)}"
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            compare_values(a, b, f"{where}[{i}]")
    elif isinstance(left, dict) and isinstance(right, dict):
        assert left.keys() == right.keys(), f"{where}: keys differ"
        for key in left:
            compare_values(left[key], right[key], f"{where}[{key!r}]")
    else:
        assert left == right, f"{where}: {left!r} != {right!r}"


def compare_engines(stores: Mapping[str, TitleStore], call: Callable[[TitleStore], Any]) -> Any:
    """Run ``call`` on every engine, assert the answers agree, return the first engine's."""
    answers = {engine: call(store) for engine, store in stores.items()}
    (first, reference), *others = answers.items()
    for engine, answer in others:
        compare_values(reference, answer, f"{first} vs {engine}")
    return reference
