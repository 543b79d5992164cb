"""Secrets in settings: a template's placeholder value is refused outside development.

Every settings class that holds a secret (the API key, the LLM key, the Slack and Teams credentials) calls
`refuse_placeholder_secrets` at start-up, so a deployment cannot go live with `changethis`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings

PLACEHOLDER_SECRET = "changethis"
Environment = Literal["development", "production"]


def refuse_placeholder_secrets(settings: BaseSettings, environment: Environment) -> None:
    """Raise ValueError naming the first secret still at the placeholder, unless in development."""
    if environment == "development":
        return
    prefix = settings.model_config.get("env_prefix", "")
    for name, field in type(settings).model_fields.items():
        value = getattr(settings, name)
        if isinstance(value, SecretStr) and value.get_secret_value() == PLACEHOLDER_SECRET:
            variable = field.validation_alias if isinstance(field.validation_alias, str) else f"{prefix}{name}"
            raise ValueError(f"{variable.upper()} is still {PLACEHOLDER_SECRET!r}; set a real secret.")
