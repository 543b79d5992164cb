"""Settings of the embeddable widget: who may embed it, how often a visitor may ask, how long it is cached."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from service.shared.limits import RateLimit, parse_optional_limit


def normalize_origin(origin: str) -> str:
    """`scheme://host[:port]` in lower case without a trailing slash; raises ValueError for anything else."""
    parts = urlsplit(origin.strip().rstrip("/"))
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
        raise ValueError(f"origin {origin!r} must look like https://intranett.kommune.no (scheme, host, port)")
    return f"{parts.scheme}://{parts.netloc}".lower()


def split_origins(value: object) -> object:
    """A comma-separated setting of origins as a list of normalized origins (other values pass unchanged)."""
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [normalize_origin(str(origin)) for origin in value]
    return value


class WidgetSettings(BaseSettings):
    """The widget's access rules; read from `KILDESVAR_WIDGET_*` environment variables."""

    model_config = SettingsConfigDict(env_prefix="KILDESVAR_WIDGET_", extra="ignore")

    origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated origins (e.g. `https://intranett.kommune.no,https://www.kommune.no`) whose "
        "pages may embed the widget. Browser requests to /v1/ask, /v1/ask/stream and /v1/feedback from any "
        "other origin get 403 `origin_not_allowed`; the app's own demo page and requests without an Origin "
        "header (curl, servers) are always allowed.",
    )
    rate_limit: str = Field(
        "30/minute",
        description="Requests per client address (across every worker) to /v1/ask, /v1/ask/stream, "
        "/v1/search and /v1/feedback from callers without an API key, as `N/second`, `N/minute`, `N/hour` or "
        "`N/day`; more get 429 `rate_limited` with Retry-After. Empty: no limit.",
    )
    cache_max_age: int = Field(
        3600,
        ge=0,
        description="Seconds browsers may cache /widget.js and /widget.css before revalidating with the ETag.",
    )

    @field_validator("origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        return split_origins(value)

    @field_validator("rate_limit")
    @classmethod
    def _check_rate_limit(cls, value: str) -> str:
        parse_optional_limit(value)
        return value

    @property
    def limit(self) -> RateLimit | None:
        return parse_optional_limit(self.rate_limit)
