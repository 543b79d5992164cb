"""ServiceSettings: read from KILDESVAR_* variables, validated at start-up, placeholder secrets refused."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.http.app import create_app
from service.http.settings import PLACEHOLDER_SECRET, ServiceSettings


def test_settings_are_read_from_kildesvar_variables(monkeypatch):
    monkeypatch.setenv("KILDESVAR_PORT", "9123")
    monkeypatch.setenv("KILDESVAR_HOST", "0.0.0.0")
    settings = ServiceSettings()
    assert (settings.host, settings.port) == ("0.0.0.0", 9123)


def test_placeholder_secret_is_refused_in_production():
    with pytest.raises(ValidationError, match="KILDESVAR_API_KEY"):
        ServiceSettings(environment="production", api_key=PLACEHOLDER_SECRET)


def test_placeholder_secret_is_allowed_in_development():
    assert ServiceSettings(environment="development", api_key=PLACEHOLDER_SECRET).api_key is not None


def test_real_secret_is_accepted_in_production():
    assert ServiceSettings(environment="production", api_key="a-real-secret").environment == "production"


def test_app_refuses_to_start_with_a_placeholder_secret_in_production(monkeypatch):
    monkeypatch.setenv("KILDESVAR_ENVIRONMENT", "production")
    monkeypatch.setenv("KILDESVAR_API_KEY", PLACEHOLDER_SECRET)
    with pytest.raises(ValidationError):
        create_app()
