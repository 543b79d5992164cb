"""The Slack settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.slack.settings import SLACK_API_URL, SlackSettings


def test_settings_read_slacks_own_variable_names(no_slack_env: None, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-abc")
    monkeypatch.setenv("KILDESVAR_SLACK_PRIVATE_SLASH", "true")
    monkeypatch.setenv("KILDESVAR_SLACK_API_URL", "http://127.0.0.1:9/api")
    settings = SlackSettings()
    assert settings.http_enabled and settings.private_slash and not settings.socket_mode
    assert settings.api_url == "http://127.0.0.1:9/api/"


def test_settings_are_off_by_default(no_slack_env: None):
    settings = SlackSettings()
    assert not settings.enabled and settings.api_url == SLACK_API_URL


def test_secrets_never_show_in_repr_or_errors(no_slack_env: None):
    settings = SlackSettings(signing_secret="8f742231b10e8888abcd99yyyzzz85a5", bot_token="xoxb-1-2-abc")
    assert "8f742231" not in repr(settings) and "xoxb-1-2-abc" not in str(settings.model_dump())
    with pytest.raises(ValidationError) as raised:
        SlackSettings(bot_token="xapp-secret-token-value")
    assert "xapp-secret-token-value" not in str(raised.value)
    assert "SLACK_BOT_TOKEN must start with 'xoxb-'" in str(raised.value)


def test_socket_mode_needs_an_app_token(no_slack_env: None):
    with pytest.raises(ValidationError, match="SLACK_APP_TOKEN"):
        SlackSettings(socket_mode=True, bot_token="xoxb-1-2-abc")


def test_placeholder_secret_is_refused_outside_development(no_slack_env: None):
    settings = SlackSettings(signing_secret="changethis", bot_token="xoxb-1-2-abc")
    settings.refuse_placeholders("development")
    with pytest.raises(ValueError, match="SLACK_SIGNING_SECRET is still 'changethis'"):
        settings.refuse_placeholders("production")
