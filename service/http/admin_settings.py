"""Settings of the admin side: the documents API's upload limit and the admin page's sign-in sessions."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from service.http.widget_settings import split_origins


class AdminSettings(BaseSettings):
    """Read from `KILDESVAR_*` environment variables."""

    model_config = SettingsConfigDict(env_prefix="KILDESVAR_", extra="ignore")

    max_upload_bytes: int = Field(
        104_857_600,
        ge=1024,
        description="Largest request body of `POST /v1/documents` (all files of one upload together), in bytes; "
        "a larger upload gets 413 `payload_too_large`. Each file is also held to `KILDESVAR_INGEST_MAX_FILE_BYTES`.",
    )
    admin_session_minutes: int = Field(
        480,
        ge=5,
        le=7 * 24 * 60,
        description="How long a sign-in to the admin page (`/admin`) lasts before the admin key is asked for again.",
    )
    admin_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated public origins of the admin page behind a reverse proxy (e.g. "
        "`https://kildesvar.kommune.no`). The admin page's changes are accepted only from these and from the "
        "address the server was reached at.",
    )

    @field_validator("admin_origins", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return split_origins(value)
