"""Models: resolution and verification (``resolve``), cached encoding (``encoder``, ``cache``)."""

from titlesearch.encoders.cache import EmbeddingCache
from titlesearch.encoders.encoder import (
    AdapterInfo,
    Encoder,
    build_encoder,
    read_adapter,
)
from titlesearch.encoders.resolve import PROFILES, ModelSpec, ResolvedModel, resolve_model, spec_for

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
