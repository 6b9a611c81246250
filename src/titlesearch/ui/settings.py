"""Settings of the UI itself (limits and defaults of its pages), bound to ``TITLESEARCH_UI_*``."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class UISettings(BaseSettings):
    """Limits that keep one browser session from monopolising a small machine."""

    model_config = SettingsConfigDict(env_prefix="TITLESEARCH_UI_", extra="ignore")

    max_batch_rows: int = Field(
        default=20_000, ge=1, description="Most rows the Batch and Analytics pages accept."
    )
    map_sample: int = Field(default=1000, ge=10, description="Default embedding-map sample size.")
    map_tsne: int = Field(default=500, ge=0, description="Default t-SNE points (0 = PCA only).")
    history_size: int = Field(default=200, ge=1, description="Searches kept per session.")
