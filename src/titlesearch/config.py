"""Typed settings, one class per concern, each field bound to a ``TITLESEARCH_*`` variable.

Settings are built once at the entry point (CLI, UI) and passed down as plain objects;
nothing below ``cli``/``ui`` reads the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from titlesearch.encoders.backends import DEFAULT_BACKEND, Backend
from titlesearch.errors import InvalidInputError

Profile = Literal["quick", "seed"]


def _default_home() -> Path:
    return Path.cwd() / ".titlesearch"


class HomeSettings(BaseSettings):
    """Where everything titlesearch writes lives: index, embedding cache, runs, reports."""

    model_config = SettingsConfigDict(env_prefix="TITLESEARCH_", extra="ignore")

    home: Path = Field(default_factory=_default_home, description="Root of all written state.")

    @field_validator("home")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        path = value.expanduser().resolve()
        if path.exists() and not path.is_dir():
            raise ValueError(
                f"TITLESEARCH_HOME / --home {path} is a file, not a folder; give a folder "
                "(it is created if missing)"
            )
        return path

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def runs_dir(self) -> Path:
        return self.home / "runs"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def reports_dir(self) -> Path:
        return self.home / "reports"

    @property
    def review_log(self) -> Path:
        """The reviewers' decisions (``titlesearch review``, the Review page)."""
        return self.home / "review" / "decisions.json"


class QdrantSettings(BaseSettings):
    """Which Qdrant engine holds the index: embedded Edge (default) or a server by URL."""

    # Empty variables count as unset: compose files and `.env` templates export `KEY=` for an
    # optional key, which must not read as "an API key was given".
    model_config = SettingsConfigDict(
        env_prefix="TITLESEARCH_QDRANT_", extra="ignore", env_ignore_empty=True
    )

    url: str | None = Field(
        default=None, description="Qdrant server URL, or ':memory:'; unset = embedded Edge store."
    )
    api_key: SecretStr | None = Field(default=None, description="API key for the server.")
    collection: str = Field(default="job_titles", description="Collection (alias) name.")
    timeout: float = Field(default=10.0, gt=0, description="Seconds per server request.")
    shard_number: int | None = Field(default=None, ge=1, description="Server: shards.")
    replication_factor: int | None = Field(default=None, ge=1, description="Server: replicas.")

    @field_validator("url")
    @classmethod
    def _server_url(cls, value: str | None) -> str | None:
        if value is None or value == ":memory:":
            return value
        from urllib.parse import urlsplit

        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:
            parts = None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                f"TITLESEARCH_QDRANT_URL {_without_userinfo(value)!r} is not an http(s) URL; "
                "use e.g. http://localhost:6333 (or unset it for the embedded store)"
            )
        return value

    @field_validator("api_key")
    @classmethod
    def _printable_key(cls, value: SecretStr | None) -> SecretStr | None:
        # The key goes into an HTTP header: a control character (a CRLF .env file leaves a
        # trailing \r) or a non-ASCII one fails inside the HTTP library, whose message would
        # print the key. Refuse it here, naming the variable and never the value.
        key = value.get_secret_value() if value is not None else ""
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in key):
            raise ValueError(
                "TITLESEARCH_QDRANT_API_KEY contains a control character (a '.env' file with "
                "Windows line endings leaves a trailing carriage return); remove it"
            )
        if not key.isascii():
            raise ValueError(
                "TITLESEARCH_QDRANT_API_KEY contains non-ASCII characters, which an HTTP header "
                "cannot carry; check that the key was copied whole"
            )
        return value

    @field_validator("collection")
    @classmethod
    def _collection_name(cls, value: str) -> str:
        if not value or not all(ch.isalnum() or ch in "_-" for ch in value):
            raise ValueError(
                f"collection name {value!r} must be non-empty letters, digits, '_' or '-'"
            )
        return value

    @model_validator(mode="after")
    def _key_needs_url(self) -> QdrantSettings:
        if self.api_key is not None and not self.url:
            raise ValueError(
                "TITLESEARCH_QDRANT_API_KEY is set but TITLESEARCH_QDRANT_URL is not: an API key "
                "only applies to a Qdrant server; set the URL or unset the key."
            )
        return self

    @property
    def is_server(self) -> bool:
        return bool(self.url)

    def __repr_args__(self):  # type: ignore[override]
        # A URL may carry credentials (https://user:password@host): never show them.
        for name, value in super().__repr_args__():
            yield name, _without_userinfo(value) if name == "url" and value else value


def _without_userinfo(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]).geturl()


class ModelSettings(BaseSettings):
    """Which base model encodes titles and how."""

    model_config = SettingsConfigDict(env_prefix="TITLESEARCH_", extra="ignore")

    profile: Profile = Field(default="quick", description="quick = MiniLM, seed = mpnet.")
    base_model: str | None = Field(
        default=None, description="Override the profile's model: a directory or a hub name."
    )
    device: str | None = Field(default=None, description="cpu, cuda, mps; unset = automatic.")

    @field_validator("device")
    @classmethod
    def _known_device(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        import re

        if not re.fullmatch(r"cpu|mps|cuda(:\d+)?", value):
            raise ValueError(
                f"TITLESEARCH_DEVICE {value!r} is not a device; use cpu, cuda, cuda:N or mps "
                "(or unset it to choose automatically)"
            )
        return value

    batch_size: int = Field(default=128, ge=1, le=4096, description="Encoding batch size.")
    encoder_backend: Backend = Field(
        default=DEFAULT_BACKEND,
        description="torch, onnx (float32, same vectors as torch) or onnx-int8 (quantised, "
        "about twice as fast on a CPU); ONNX exports are made once under the models folder.",
    )


class SearchSettings(BaseSettings):
    """Defaults for queries and classification."""

    model_config = SettingsConfigDict(env_prefix="TITLESEARCH_SEARCH_", extra="ignore")

    limit: int = Field(default=10, ge=1, le=1000)
    threshold: float | None = Field(default=None, ge=-1.0, le=1.0)
    abstain_below: float = Field(
        default=0.15,
        ge=0.0,
        le=1.0,
        description="Confidence under which classify falls back to the group or abstains.",
    )
    max_query_chars: int = Field(default=512, ge=16, description="Longer queries are truncated.")
    exact: bool = Field(default=False, description="Brute-force search instead of HNSW.")
    expand: bool = Field(
        default=True,
        description="Also search a posting title's normalised form (shorthand spelled out; "
        "pay, place, grade, language requirement removed) and merge the hits.",
    )
    hnsw_ef: int | None = Field(default=None, ge=1)
    hybrid: bool = Field(
        default=False,
        description="Hybrid search: fuse the dense results with the lexical (BM25) ones by "
        "reciprocal rank, in Qdrant (see README, 'Hybrid search').",
    )


class LLMSettings(BaseSettings):
    """LLM used for synthetic data and the LLM benchmark; keys come from the provider's env."""

    model_config = SettingsConfigDict(env_prefix="TITLESEARCH_LLM_", extra="ignore")

    model: str | None = Field(default=None, description="Any litellm model string.")
    timeout: float = Field(default=60.0, gt=0)
    retries: int = Field(default=3, ge=0, le=10)
    concurrency: int = Field(default=4, ge=1, le=64)


class AppSettings:
    """All settings of one invocation, built once at an entry point and passed down."""

    def __init__(
        self,
        home: HomeSettings,
        qdrant: QdrantSettings,
        model: ModelSettings,
        search: SearchSettings,
        llm: LLMSettings,
    ) -> None:
        self.home, self.qdrant, self.model, self.search, self.llm = home, qdrant, model, search, llm

    @classmethod
    def load(cls, home: Path | None = None, profile: str | None = None) -> AppSettings:
        """Read ``TITLESEARCH_*`` variables; explicit arguments take precedence.

        Raises:
            InvalidInputError: a variable or option holds a value that does not validate.
        """
        try:
            home_settings = HomeSettings(home=home) if home else HomeSettings()
            model = ModelSettings(profile=profile) if profile else ModelSettings()
            return cls(home_settings, QdrantSettings(), model, SearchSettings(), LLMSettings())
        except ValidationError as exc:
            raise invalid_settings(exc) from None


def invalid_settings(exc: ValidationError, env_prefix: str = "") -> InvalidInputError:
    """One :class:`InvalidInputError` naming each setting that did not validate, and why.

    Args:
        env_prefix: Name fields as their variables (``TITLESEARCH_API_`` + ``KEY``); by
            default by their field names.
    """
    problems = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"]) or "settings"
        name = f"{env_prefix}{field}".upper() if env_prefix else field
        problems.append(f"{name}: " + error["msg"].removeprefix("Value error, "))
    return InvalidInputError(f"invalid settings: {'; '.join(problems)}")
