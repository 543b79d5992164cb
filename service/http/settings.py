"""Settings of the HTTP API, read from `KILDESVAR_*` environment variables and validated at start-up.

The store's own settings (data dir, Chroma URL, embedding model) are `vectorstore.settings.StoreSettings`.
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.http.json_logs import LogFormat
from service.secrets import PLACEHOLDER_SECRET, Environment, refuse_placeholder_secrets
from service.shared.limits import RateLimit, parse_optional_limit

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
    log_format: LogFormat = Field(
        "json",
        description="`json`: one JSON object per log line (the access log has one per request, with its "
        "`request_id`, and never a question's text); `text`: plain lines for reading in a terminal.",
    )
    max_body_bytes: int = Field(
        1_048_576,
        ge=1024,
        description="Largest request body accepted, in bytes; larger requests get 413 `payload_too_large`.",
    )
    api_key: SecretStr | None = Field(
        None,
        description="An admin key (`Authorization: Bearer <key>`) besides those made with `kildesvar keys "
        "create`. With it set, or once any key is created, every `/v1/*` request needs a key. Neither: the "
        "API is open, e.g. behind a gateway that authenticates.",
    )
    public_ask: bool = Field(
        False,
        description="`true`: /v1/ask, /v1/ask/stream, /v1/search and /v1/feedback also take requests without "
        "a key (the widget on a page), limited per client address by `KILDESVAR_WIDGET_RATE_LIMIT`, while "
        "admin routes still need an admin key. A request that carries a key is checked all the same.",
    )
    key_rate_limit: str = Field(
        "120/minute",
        description="Requests per API key (across every worker), as `N/second`, `N/minute`, `N/hour` or "
        "`N/day`, unless the key was created with its own `--rate-limit`; more get 429 `rate_limited` with "
        "Retry-After. Empty: no limit.",
    )
    forwarded_allow_ips: str = Field(
        "",
        description="Comma-separated addresses of the reverse proxies whose `X-Forwarded-For` and "
        "`X-Forwarded-Proto` are believed (`kildesvar serve` passes it to uvicorn's `--forwarded-allow-ips`). "
        "Empty (default): the headers are ignored and the client address is the TCP peer's. `*` trusts "
        "everyone: only when nothing but the proxy can reach the service.",
    )

    @field_validator("key_rate_limit")
    @classmethod
    def _check_rate_limit(cls, value: str) -> str:
        parse_optional_limit(value)
        return value

    @property
    def key_limit(self) -> RateLimit | None:
        return parse_optional_limit(self.key_rate_limit)

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Self:
        refuse_placeholder_secrets(self, self.environment)
        return self
