"""Settings of the REST API itself (key and request limits), bound to ``TITLESEARCH_API_*``."""

from __future__ import annotations

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from titlesearch.config import invalid_settings

MAX_BATCH = 1000  # titles per /classify request, at most: a larger batch belongs in a file


class ApiSettings(BaseSettings):
    """Who may call the API and how much one request may ask for.

    An empty ``TITLESEARCH_API_KEY`` counts as unset (compose passes ``KEY=`` for an optional
    key). The key is kept as a secret: never printed, logged or shown in a repr.
    """

    model_config = SettingsConfigDict(
        env_prefix="TITLESEARCH_API_", extra="ignore", env_ignore_empty=True
    )

    key: SecretStr | None = Field(
        default=None,
        description="When set, every endpoint but /health and the docs needs it in X-API-Key.",
    )
    max_body_bytes: int = Field(
        default=2_000_000,
        ge=1024,
        le=100_000_000,
        description="Largest request body; a larger one gets 413.",
    )
    max_batch: int = Field(
        default=MAX_BATCH, ge=1, le=MAX_BATCH, description="Most titles per /classify request."
    )

    @field_validator("key")
    @classmethod
    def _header_safe(cls, value: SecretStr | None) -> SecretStr | None:
        # Clients send the key in an HTTP header: one that cannot travel there could never
        # match. The message names the variable, never the value.
        key = value.get_secret_value() if value is not None else ""
        if any(ord(ch) < 33 or ord(ch) == 127 for ch in key) or not key.isascii():
            raise ValueError(
                "TITLESEARCH_API_KEY holds spaces, control or non-ASCII characters, which an "
                "X-API-Key header cannot carry (a '.env' file with Windows line endings leaves "
                "a trailing carriage return); use letters, digits and punctuation"
            )
        return value


def load_api_settings() -> ApiSettings:
    """``TITLESEARCH_API_*`` read and checked.

    Raises:
        InvalidInputError: a variable holds a value that does not validate.
    """
    try:
        return ApiSettings()
    except ValidationError as exc:
        raise invalid_settings(exc, "TITLESEARCH_API_") from None
