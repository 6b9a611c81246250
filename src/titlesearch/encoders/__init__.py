"""Models: resolution and verification (``resolve``), cached encoding (``encoder``, ``cache``),
runtimes (``backends``, ``onnx_export``, ``onnx_model``).

The names below load on first use (PEP 562): the settings import ``encoders.backends`` at every
start, and that must not pull in numpy and SQLite for ``titlesearch --help``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from titlesearch.encoders.cache import EmbeddingCache
    from titlesearch.encoders.encoder import AdapterInfo, Encoder, build_encoder, read_adapter
    from titlesearch.encoders.resolve import (
        PROFILES,
        ModelSpec,
        ResolvedModel,
        resolve_model,
        spec_for,
    )

_WHERE = {
    "EmbeddingCache": "cache",
    "AdapterInfo": "encoder",
    "Encoder": "encoder",
    "build_encoder": "encoder",
    "read_adapter": "encoder",
    "PROFILES": "resolve",
    "ModelSpec": "resolve",
    "ResolvedModel": "resolve",
    "resolve_model": "resolve",
    "spec_for": "resolve",
}
__all__ = [
    "PROFILES",
    "AdapterInfo",
    "EmbeddingCache",
    "Encoder",
    "ModelSpec",
    "ResolvedModel",
    "build_encoder",
    "read_adapter",
    "resolve_model",
    "spec_for",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
