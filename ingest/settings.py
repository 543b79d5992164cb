"""Settings of ingest beyond the store's, read from `KILDESVAR_INGEST_*` environment variables.

The chunking settings (CHUNKING_FIELDS) shape the chunks: changing one re-embeds every source on its next
run. The others are limits and safeguards: changing them re-embeds nothing.
"""

from __future__ import annotations

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

CHUNKING_FIELDS = ("max_provision_chars", "prose_chunk_chars", "prose_overlap_chars")


class IngestSettings(BaseSettings):
    """How documents are cut into chunks, which files are trusted, and what a run may delete."""

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

    max_file_bytes: int = Field(
        100 * 1024 * 1024,
        ge=1,
        description="Largest file ingested, in bytes; a larger one is reported as failed without being read.",
    )
    max_unpacked_bytes: int = Field(
        200 * 1024 * 1024,
        ge=1,
        description="Largest total size in bytes of the members of a .docx (a zip archive), checked against "
        "both the sizes the archive declares and the bytes it actually unpacks to, before it is parsed.",
    )
    parse_timeout_seconds: float = Field(
        120.0,
        ge=0,
        description="Longest time one file may take to be parsed and chunked; each file is parsed in a "
        "child process that is stopped after this. 0: parse in the ingest process itself, without a limit.",
    )
    follow_symlinks: bool = Field(
        True,
        description="Follow a symbolic link to a file inside the ingested folder. Links that point outside "
        "the folder (or the data dir) are always refused; false refuses every link.",
    )
    max_delete_share: float = Field(
        0.2,
        ge=0,
        le=1,
        description="Largest share of a folder's indexed documents one run may delete (0.2 = 20 %). A run "
        "that would delete more, or any when the folder is empty, refuses and lists them unless pruning "
        "is allowed.",
    )
    prune: bool = Field(
        False,
        description="Allow every run to delete more than `max_delete_share`, as `kildesvar ingest --prune` "
        "does for one run.",
    )
    lock_timeout_seconds: float = Field(
        120.0,
        ge=0,
        description="How long a run waits for another writer (an ingest run, an upload) to release the data "
        "dir's lock before it gives up with exit code 4. 0: give up at once.",
    )

    @model_validator(mode="after")
    def _overlap_below_chunk_size(self) -> IngestSettings:
        if self.prose_overlap_chars >= self.prose_chunk_chars // 2:
            raise ValueError("prose_overlap_chars must be less than half of prose_chunk_chars")
        return self
