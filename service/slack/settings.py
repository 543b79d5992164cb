"""Settings of the Slack bot. Slack's own variable names for the secrets, `KILDESVAR_SLACK_*` for the rest.

The bot is off unless both `SLACK_SIGNING_SECRET` and `SLACK_BOT_TOKEN` are set (HTTP mode), or Socket
Mode is switched on with `SLACK_BOT_TOKEN` and `SLACK_APP_TOKEN`. Secrets are `SecretStr`: their repr and
every log line show `**********`.
"""

from __future__ import annotations

from typing import Self

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.secrets import PLACEHOLDER_SECRET, Environment, refuse_placeholder_secrets

SLACK_API_URL = "https://slack.com/api/"
_TOKEN_PREFIXES = {"bot_token": "xoxb-", "app_token": "xapp-"}
_ENV_NAMES = {"bot_token": "SLACK_BOT_TOKEN", "app_token": "SLACK_APP_TOKEN"}


class SlackSettings(BaseSettings):
    """How the bot reaches Slack and how Slack reaches the bot."""

    model_config = SettingsConfigDict(
        env_prefix="KILDESVAR_SLACK_", extra="ignore", populate_by_name=True, hide_input_in_errors=True
    )

    signing_secret: SecretStr | None = Field(
        None,
        validation_alias="SLACK_SIGNING_SECRET",
        description="Signing secret of the Slack app (Basic Information > App Credentials). Every request to "
        "`/slack/events` must carry a valid signature made with it and a timestamp under five minutes old.",
    )
    bot_token: SecretStr | None = Field(
        None,
        validation_alias="SLACK_BOT_TOKEN",
        description="Bot user OAuth token (`xoxb-...`, OAuth & Permissions) the bot posts its answers with.",
    )
    socket_mode: bool = Field(
        False,
        description="`true`: receive events over a Socket Mode WebSocket instead of HTTP, for workspaces "
        "that cannot expose a public URL. Needs `SLACK_APP_TOKEN`.",
    )
    app_token: SecretStr | None = Field(
        None,
        validation_alias="SLACK_APP_TOKEN",
        description="App-level token (`xapp-...`, scope `connections:write`) that opens the Socket Mode "
        "connection; only used when `KILDESVAR_SLACK_SOCKET_MODE=true`.",
    )
    private_slash: bool = Field(
        False,
        description="`true`: every `/kildesvar` answer is shown only to the asker. `false` (default): "
        "answers are posted to the channel unless the command starts with `privat`.",
    )
    api_url: str = Field(
        SLACK_API_URL,
        description="Base URL of the Slack Web API the bot calls; a trailing `/` is added when missing. "
        "Change it only for a proxy or a test stand-in.",
    )

    @field_validator("api_url")
    @classmethod
    def _end_with_slash(cls, value: str) -> str:
        return value if value.endswith("/") else f"{value}/"

    @field_validator("bot_token", "app_token")
    @classmethod
    def _token_kind(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        name = str(info.field_name)
        secret = _reveal(value)
        if secret and secret != PLACEHOLDER_SECRET and not secret.startswith(_TOKEN_PREFIXES[name]):
            raise ValueError(f"{_ENV_NAMES[name]} must start with {_TOKEN_PREFIXES[name]!r}.")
        return value

    @model_validator(mode="after")
    def _socket_mode_needs_tokens(self) -> Self:
        if self.socket_mode and (self.bot_token is None or self.app_token is None):
            raise ValueError("KILDESVAR_SLACK_SOCKET_MODE=true needs both SLACK_BOT_TOKEN and SLACK_APP_TOKEN.")
        return self

    @property
    def http_enabled(self) -> bool:
        """Whether `/slack/events` is served: both the signing secret and the bot token are set."""
        return bool(_reveal(self.signing_secret) and _reveal(self.bot_token))

    @property
    def enabled(self) -> bool:
        return self.http_enabled or self.socket_mode

    def refuse_placeholders(self, environment: Environment) -> None:
        """Outside development, a secret left at the placeholder stops the start-up."""
        refuse_placeholder_secrets(self, environment)


def _reveal(value: object) -> str:
    return value.get_secret_value() if isinstance(value, SecretStr) else ""
