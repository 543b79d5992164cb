"""Settings of the HTTP API, read from `KILDESVAR_*` environment variables and validated at start-up.

The store's own settings (data dir, Chroma URL, embedding model) are `vectorstore.settings.StoreSettings`.
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.secrets import PLACEHOLDER_SECRET, Environment, refuse_placeholder_secrets

LogLevel = Literal["critical", "error", "warning", "info", "debug"]


class ServiceSettings(BaseSettings):
    """Where the API listens, how much it accepts and who may call it."""

    model_config = SettingsConfigDict(env_prefix="KILDESVAR_", extra="ignore", hide_input_in_errors=True)

    environment: Environment = Field(
        "development",
        description="`development` or `production`. Outside development, secrets left at the placeholder "
        f"`{PLACEHOLDER_SECRET}` are refused at start-up.",
    )
    host: str = Field("127.0.0.1", description="Interface the server binds to; `0.0.0.0` for every interface.")
    port: int = Field(8000, ge=1, le=65535, description="TCP port the server listens on.")
    log_level: LogLevel = Field(
        "info", description="Log level of the uvicorn server; unhandled errors are always logged."
    )
    max_body_bytes: int = Field(
        1_048_576,
        ge=1024,
        description="Largest request body accepted, in bytes; larger requests get 413 `payload_too_large`.",
    )
    api_key: SecretStr | None = Field(
        None,
        description="Bearer token required on every `/v1/*` request (`Authorization: Bearer <key>`). "
        "Unset: the API is open, e.g. behind a gateway that authenticates.",
    )

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Self:
        refuse_placeholder_secrets(self, self.environment)
        return self
