"""Request bodies of the REST API, with the help text ``/docs`` shows.

They check types and shapes only: values (query text, codes, threshold, limit, model) are
checked by ``search.query`` as for the CLI, so a bad value gets the CLI's message. Unknown
fields are refused, so a misspelt option never passes silently.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from titlesearch.search.query import BOTH, MAX_LIMIT, MODEL_CHOICES, VECTOR_NAMES

_MODELS = ", ".join(MODEL_CHOICES)
_ONE_MODEL = " or ".join(VECTOR_NAMES)


class SearchBody(BaseModel):
    """``POST /search``: the nearest indexed titles to a query (or a vector), filtered."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"query": "sr software engineer - remote", "group": "15"}]},
    )

    query: str | None = Field(
        default=None, description="A job title, as messy as you like. Give this or `vector`."
    )
    vector: list[float] | None = Field(
        default=None,
        description=f"A query vector made with the indexed model (its `dims`, see /info), "
        f"instead of `query`; needs `model` {_ONE_MODEL}.",
    )
    model: str = Field(default=BOTH, description=f"Which vectors to search: {_MODELS}.")
    code: str | None = Field(default=None, description="Only this O*NET code (NN-NNNN.NN).")
    soc: str | None = Field(default=None, description="Only this SOC code (NN-NNNN).")
    group: str | None = Field(default=None, description="Only this major group (NN).")
    threshold: float | None = Field(
        default=None,
        description="Minimum cosine similarity, -1..1 (default TITLESEARCH_SEARCH_THRESHOLD).",
    )
    limit: int | None = Field(
        default=None,
        description=f"Results per model, 1..{MAX_LIMIT} (default TITLESEARCH_SEARCH_LIMIT, 10).",
    )
    hybrid: bool | None = Field(
        default=None,
        description="Fuse lexical (BM25) matches in (default TITLESEARCH_SEARCH_HYBRID); "
        "needs `query`.",
    )


class ClassifyBody(BaseModel):
    """``POST /classify``: the O*NET code of one title, or of each title of a batch."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"title": "ICU nurse nights"}, {"titles": ["barista", "CDL-A driver"]}]
        },
    )

    title: str | None = Field(default=None, description="One title. Give this or `titles`.")
    titles: list[str] | None = Field(
        default=None,
        description="A batch of titles (at most TITLESEARCH_API_MAX_BATCH, 1000); an empty "
        "title comes back abstained instead of failing the batch.",
    )
    model: str | None = Field(
        default=None, description=f"{_ONE_MODEL} (default: tuned if indexed)."
    )
    top_k: int = Field(default=5, ge=1, le=50, description="Alternatives to return, 1..50.")
    abstain_below: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="Confidence under which to fall back to the major group or abstain "
        "(default TITLESEARCH_SEARCH_ABSTAIN_BELOW, 0.15).",
    )
    hybrid: bool | None = Field(
        default=None, description="Fuse lexical (BM25) matches in (default: the server's)."
    )
