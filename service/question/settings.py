"""Settings of question analysis, read from `KILDESVAR_*` environment variables."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class QuestionSettings(BaseSettings):
    """How a follow-up question leans on the conversation before it."""

    model_config = SettingsConfigDict(env_prefix="KILDESVAR_", extra="ignore")

    history_weight: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Weight of the search that adds the previous question's terms, relative to the new question's "
        "(and of those terms when an elliptical follow-up's answer sentences are chosen).",
    )
