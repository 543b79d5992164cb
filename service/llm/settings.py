"""Settings of the optional LLM answer mode, read from `KILDESVAR_LLM_*` environment variables."""

from __future__ import annotations

from typing import Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.secrets import PLACEHOLDER_SECRET, Environment, refuse_placeholder_secrets

# Measured on tests/llm/support_set.jsonl (supported vs unsupported sentences built from corpus/);
# tests/llm/test_support_threshold.py holds the measurement.
MEASURED_MIN_SUPPORT = 0.65


class LlmSettings(BaseSettings):
    """Which OpenAI-compatible server writes answers, and how strictly its sentences are checked."""

    model_config = SettingsConfigDict(
        env_prefix="KILDESVAR_LLM_", extra="ignore", populate_by_name=True, hide_input_in_errors=True
    )

    base_url: str | None = Field(
        None,
        description="Base URL of an OpenAI-compatible API, e.g. `http://localhost:8000/v1` (vLLM). "
        "Unset: the LLM mode is off and answers are extractive.",
    )
    model: str | None = Field(
        None, description="Model name sent with each request (for Azure OpenAI: the deployment name)."
    )
    api_key: SecretStr | None = Field(
        None,
        description="API key sent as `Authorization: Bearer <key>`; unset for servers that need none. Never logged. "
        f"Outside development the placeholder `{PLACEHOLDER_SECRET}` is refused.",
    )
    timeout: float = Field(
        30.0,
        gt=0,
        description="Seconds to wait for the LLM server to answer (and between streamed pieces) before falling back "
        "to the extractive answer.",
    )
    max_retries: int = Field(
        0, ge=0, le=5, description="Retries of a failed LLM call before falling back to the extractive answer."
    )
    temperature: float = Field(0.0, ge=0.0, le=2.0, description="Sampling temperature; 0 keeps answers faithful.")
    max_tokens: int = Field(512, ge=16, le=8192, description="Most tokens the model may write in one answer.")
    min_support: float = Field(
        MEASURED_MIN_SUPPORT,
        ge=0.0,
        le=1.0,
        description="A sentence of the model's reply is kept only when at least this share of its analysed terms "
        "occurs in the sources it cites (and every number it states does).",
    )
    rewrite_followups: bool = Field(
        True,
        description="Let the model rewrite a follow-up question into a standalone one before retrieval; "
        "without it (or when the model fails) the earlier question's terms are carried into retrieval.",
    )
    environment: Environment = Field(
        "development",
        validation_alias="KILDESVAR_ENVIRONMENT",
        description="Read from `KILDESVAR_ENVIRONMENT` (shared with the API settings).",
    )

    @property
    def enabled(self) -> bool:
        return self.base_url is not None

    @field_validator("base_url", "model", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _check_configuration(self) -> Self:
        if self.enabled and not self.model:
            raise ValueError("KILDESVAR_LLM_MODEL must be set when KILDESVAR_LLM_BASE_URL is.")
        refuse_placeholder_secrets(self, self.environment)
        return self
