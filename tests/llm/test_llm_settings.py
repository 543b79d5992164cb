"""The LLM mode is off by default, needs a model when on, and never exposes its key."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.llm.settings import LlmSettings


def test_llm_is_off_without_base_url(monkeypatch):
    monkeypatch.delenv("KILDESVAR_LLM_BASE_URL", raising=False)
    assert not LlmSettings().enabled


def test_blank_base_url_means_off():
    assert not LlmSettings(base_url="  ").enabled


def test_base_url_from_environment_turns_llm_on(monkeypatch):
    monkeypatch.setenv("KILDESVAR_LLM_BASE_URL", "http://localhost:8000/v1")
    monkeypatch.setenv("KILDESVAR_LLM_MODEL", "norallm")
    settings = LlmSettings()
    assert settings.enabled and settings.model == "norallm"


def test_model_is_required_when_llm_is_on():
    with pytest.raises(ValidationError, match="KILDESVAR_LLM_MODEL"):
        LlmSettings(base_url="http://localhost:8000/v1")


def test_placeholder_key_is_refused_outside_development():
    with pytest.raises(ValidationError, match="KILDESVAR_LLM_API_KEY"):
        LlmSettings(base_url="http://x/v1", model="m", api_key="changethis", environment="production")
    assert LlmSettings(base_url="http://x/v1", model="m", api_key="changethis", environment="development")


def test_api_key_never_appears_in_repr_or_errors():
    settings = LlmSettings(base_url="http://x/v1", model="m", api_key="s3cret-key")
    assert "s3cret-key" not in repr(settings) and "s3cret-key" not in str(settings.model_dump())
    with pytest.raises(ValidationError) as error:
        LlmSettings(base_url="http://x/v1", api_key="s3cret-key")
    assert "s3cret-key" not in str(error.value)
