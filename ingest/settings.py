"""Settings of ingest beyond the store's, read from `KILDESVAR_INGEST_*` environment variables."""

from __future__ import annotations

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class IngestSettings(BaseSettings):
    """How documents are cut into chunks. Changing any of these re-embeds every source on the next run."""

    model_config = SettingsConfigDict(env_prefix="KILDESVAR_INGEST_", extra="ignore")

    max_provision_chars: int = Field(
        1800,
        ge=300,
        le=20000,
        description="A law section (§) up to this many characters is one chunk; a longer one is split "
        "between its numbered ledd (1), (2), ... or paragraphs, each part headed by the § line.",
    )
    prose_chunk_chars: int = Field(
        1000,
        ge=200,
        le=20000,
        description="Target size in characters of chunks cut from sections without § (reports, guides, "
        "PDF pages) by LlamaIndex's SentenceSplitter, which cuts between sentences.",
    )
    prose_overlap_chars: int = Field(
        100,
        ge=0,
        le=2000,
        description="Characters of text repeated at the start of the next chunk when a section is split "
        "into sentences, so that a sentence cut off at a boundary is still found.",
    )

    @model_validator(mode="after")
    def _overlap_below_chunk_size(self) -> IngestSettings:
        if self.prose_overlap_chars >= self.prose_chunk_chars // 2:
            raise ValueError("prose_overlap_chars must be less than half of prose_chunk_chars")
        return self
