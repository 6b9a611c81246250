"""Encoder backends: which runtime computes the vectors, and which vectors they are compatible with.

``torch`` runs the sentence-transformers model; ``onnx`` runs the same graph exported to ONNX
(float32: its vectors equal torch's to ~1e-6, so both share one fingerprint and either can
query an index the other built); ``onnx-int8`` runs that graph with its MatMul weights
quantised to int8 per channel (about twice as fast on a CPU, vectors at cosine ~0.99 of
torch's: a different fingerprint, so an index built with it is queried with it only).
"""

from __future__ import annotations

import hashlib
from typing import Literal, get_args

Backend = Literal["torch", "onnx", "onnx-int8"]
BACKENDS: tuple[str, ...] = get_args(Backend)
DEFAULT_BACKEND: Backend = "onnx-int8"
QUANTIZED: frozenset[str] = frozenset({"onnx-int8"})
QUANTIZATION = "int8-matmul-per-channel-v1"
"""How the int8 graph is made (``onnx_export._quantize``). It is part of the int8 fingerprint
and of the graph's file name: a new recipe makes new vectors, so an index built with the old
one is refused (re-ingest) instead of being queried with vectors that do not match it."""


def backend_fingerprint(fingerprint: str, backend: str) -> str:
    """The fingerprint of vectors ``backend`` makes from weights fingerprinted ``fingerprint``:
    unchanged for the float32 backends, a distinct one for a quantised graph."""
    if backend not in QUANTIZED:
        return fingerprint
    return hashlib.sha256(f"{fingerprint}+{backend}+{QUANTIZATION}".encode()).hexdigest()


def same_vectors(a: str, b: str) -> bool:
    """Whether backends ``a`` and ``b`` make interchangeable vectors (one can query the other's)."""
    return a == b or (a not in QUANTIZED and b not in QUANTIZED)


def query_backend(indexed: str, wanted: str | None) -> str:
    """The backend to encode queries with for vectors ``indexed`` made: the one ``wanted`` when
    its vectors are interchangeable with the index's, else the index's own."""
    if wanted is not None and same_vectors(indexed, wanted):
        return wanted
    return indexed
