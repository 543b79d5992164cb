"""Settings of the Teams bot, `KILDESVAR_TEAMS_*`.

The bot is off unless the app id, the tenant id and one credential (client secret or certificate) of its
Entra ID app registration are all set. It is single-tenant: the municipality's own Entra ID issues its
tokens, and activities from other tenants are ignored. The two URLs default to Microsoft's public cloud;
change them only for a sovereign cloud or a test stand-in. Secrets are `SecretStr`: their repr and every
log line show `**********`.
"""

from __future__ import annotations

import logging
import re
from typing import Self

from pydantic import Field, FilePath, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.secrets import Environment, refuse_placeholder_secrets

logger = logging.getLogger(__name__)

BOT_FRAMEWORK_OPENID_METADATA = "https://login.botframework.com/v1/.well-known/openidconfiguration"
ENTRA_LOGIN_URL = "https://login.microsoftonline.com"
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class TeamsSettings(BaseSettings):
    """Who the bot is in Entra ID, and where it checks incoming tokens and gets its own."""

    model_config = SettingsConfigDict(env_prefix="KILDESVAR_TEAMS_", extra="ignore", hide_input_in_errors=True)

    app_id: str | None = Field(
        None,
        description="Microsoft App ID of the bot (the application (client) ID of its Entra ID app registration, "
        "shown under Azure Bot > Configuration). Every incoming token must be issued for it.",
    )
    tenant_id: str | None = Field(
        None,
        description="Directory (tenant) ID of the municipality's Entra ID. The bot gets its tokens from this tenant "
        "and ignores activities from any other.",
    )
    app_password: SecretStr | None = Field(
        None,
        description="Client secret of the app registration (Certificates & secrets > Client secrets). Set this or "
        "`KILDESVAR_TEAMS_CERTIFICATE_PATH`, not both.",
    )
    certificate_path: FilePath | None = Field(
        None,
        description="PEM file holding the private key and the certificate uploaded to the app registration "
        "(Certificates & secrets > Certificates), used instead of a client secret.",
    )
    history_days: int = Field(
        30,
        ge=0,
        description="Days the questions and answers of Teams threads are kept (`teams_threads.sqlite3` in the data "
        "dir) so that follow-ups carry the conversation history; 0 keeps nothing and every message stands alone.",
    )
    openid_metadata_url: str = Field(
        BOT_FRAMEWORK_OPENID_METADATA,
        description="OpenID metadata of the Bot Framework; incoming tokens must be signed with a key from the `keys` "
        "document beside it. Change it only for a sovereign cloud or a test stand-in.",
    )
    login_url: str = Field(
        ENTRA_LOGIN_URL,
        description="Entra ID endpoint the bot gets its own tokens from (`<url>/<tenant>/oauth2/v2.0/token`, over "
        "https). Change it only for a sovereign cloud or a test stand-in.",
    )

    @field_validator("app_id", "tenant_id")
    @classmethod
    def _guid(cls, value: str | None) -> str | None:
        if value and not GUID.match(value):
            raise ValueError("must be a GUID such as 00000000-0000-0000-0000-000000000000")
        return value or None

    @field_validator("login_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def _one_credential(self) -> Self:
        if self.app_password is not None and self.certificate_path is not None:
            raise ValueError("Set KILDESVAR_TEAMS_APP_PASSWORD or KILDESVAR_TEAMS_CERTIFICATE_PATH, not both.")
        return self

    @property
    def enabled(self) -> bool:
        """Whether `/teams/messages` is served: app id, tenant id and a credential are all set."""
        return not self.missing()

    def missing(self) -> list[str]:
        """The variables the bot still needs, named for the log line when it stays off."""
        needed = {
            "KILDESVAR_TEAMS_APP_ID": self.app_id,
            "KILDESVAR_TEAMS_TENANT_ID": self.tenant_id,
            "KILDESVAR_TEAMS_APP_PASSWORD or KILDESVAR_TEAMS_CERTIFICATE_PATH": self.app_password
            or self.certificate_path,
        }
        return [name for name, value in needed.items() if not value]

    def refuse_placeholders(self, environment: Environment) -> None:
        """Outside development, a client secret left at the placeholder stops the start-up."""
        refuse_placeholder_secrets(self, environment)
