"""Settings of the question log, read from `KILDESVAR_*` environment variables."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class QuestionLogSettings(BaseSettings):
    """How long questions are kept."""

    model_config = SettingsConfigDict(env_prefix="KILDESVAR_", extra="ignore")

    question_log_days: int = Field(
        30,
        ge=0,
        le=3650,
        description="Days each question (with its outcome, cited sources, latency and channel) is kept in "
        "`questions.sqlite3` under the data dir for the knowledge-gap report; older ones are deleted "
        "automatically. 0: no question is logged, and an earlier log is emptied at start-up.",
    )
