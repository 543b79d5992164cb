"""The Teams settings, the certificate credential, and the SDK's .env loading switched off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from service.teams.settings import BOT_FRAMEWORK_OPENID_METADATA, ENTRA_LOGIN_URL, TeamsSettings
from tests.chat.app import QUESTION, run_app
from tests.conftest import REPO_ROOT
from tests.teams.conftest import TeamsConnector
from tests.teams.fake_bot_framework import APP_ID, APP_PASSWORD, TENANT_ID, FakeBotFramework
from vectorstore.store import KnowledgeStore


def test_settings_are_off_by_default_and_point_at_microsoft(no_teams_env: None):
    settings = TeamsSettings()
    assert not settings.enabled
    assert (settings.openid_metadata_url, settings.login_url) == (BOT_FRAMEWORK_OPENID_METADATA, ENTRA_LOGIN_URL)
    assert settings.openid_metadata_url == "https://login.botframework.com/v1/.well-known/openidconfiguration"
    assert settings.history_days == 30


def test_settings_are_read_from_kildesvar_teams_variables(no_teams_env: None, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KILDESVAR_TEAMS_APP_ID", APP_ID)
    monkeypatch.setenv("KILDESVAR_TEAMS_TENANT_ID", TENANT_ID)
    monkeypatch.setenv("KILDESVAR_TEAMS_APP_PASSWORD", APP_PASSWORD)
    monkeypatch.setenv("KILDESVAR_TEAMS_LOGIN_URL", "https://login.microsoftonline.us/")
    settings = TeamsSettings()
    assert settings.enabled and settings.missing() == []
    assert settings.login_url == "https://login.microsoftonline.us"


def test_each_missing_piece_is_named(no_teams_env: None):
    assert TeamsSettings(app_id=APP_ID, tenant_id=TENANT_ID).missing() == [
        "KILDESVAR_TEAMS_APP_PASSWORD or KILDESVAR_TEAMS_CERTIFICATE_PATH"
    ]
    assert TeamsSettings(app_password=APP_PASSWORD).missing() == ["KILDESVAR_TEAMS_APP_ID", "KILDESVAR_TEAMS_TENANT_ID"]


def test_ids_must_be_guids(no_teams_env: None):
    with pytest.raises(ValidationError, match="GUID"):
        TeamsSettings(app_id="kildesvar-bot")
    with pytest.raises(ValidationError, match="GUID"):
        TeamsSettings(tenant_id="kommunen.onmicrosoft.com")


def test_a_secret_and_a_certificate_together_are_refused(no_teams_env: None, tmp_path: Path):
    certificate = tmp_path / "bot.pem"
    certificate.write_text("-----BEGIN PRIVATE KEY-----\n", encoding="ascii")
    with pytest.raises(ValidationError, match="not both"):
        TeamsSettings(app_password=APP_PASSWORD, certificate_path=certificate)


def test_a_certificate_file_that_does_not_exist_is_refused(no_teams_env: None, tmp_path: Path):
    with pytest.raises(ValidationError, match="certificate_path"):
        TeamsSettings(certificate_path=tmp_path / "missing.pem")


def test_secrets_never_show_in_repr_or_errors(no_teams_env: None):
    settings = TeamsSettings(app_id=APP_ID, tenant_id=TENANT_ID, app_password=APP_PASSWORD)
    assert APP_PASSWORD not in repr(settings) and APP_PASSWORD not in str(settings.model_dump())
    with pytest.raises(ValidationError) as raised:
        TeamsSettings(app_id="not-a-guid", app_password=APP_PASSWORD)
    assert APP_PASSWORD not in str(raised.value) and "not-a-guid" not in str(raised.value)


def test_placeholder_secret_is_refused_outside_development(no_teams_env: None):
    settings = TeamsSettings(app_id=APP_ID, tenant_id=TENANT_ID, app_password="changethis")
    settings.refuse_placeholders("development")
    with pytest.raises(ValueError, match="KILDESVAR_TEAMS_APP_PASSWORD is still 'changethis'"):
        settings.refuse_placeholders("production")


async def test_the_bot_can_sign_in_with_a_certificate_instead_of_a_secret(
    monkeypatch: pytest.MonkeyPatch,
    trust_stand_in: None,
    ingested_store: KnowledgeStore,
    bot_framework: FakeBotFramework,
):
    monkeypatch.setenv("KILDESVAR_TEAMS_CERTIFICATE_PATH", str(bot_framework.write_app_certificate()))
    async with run_app(ingested_store) as running:
        connector = TeamsConnector(running.http, bot_framework)
        await connector.deliver(connector.message(QUESTION))
        await bot_framework.wait_for(lambda: bot_framework.sent("message"))
    [request] = bot_framework.token_requests
    assert request.granted and "client_secret" not in request.form
    assert request.form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


async def test_a_wrong_secret_means_nothing_is_posted(
    monkeypatch: pytest.MonkeyPatch,
    trust_stand_in: None,
    ingested_store: KnowledgeStore,
    bot_framework: FakeBotFramework,
):
    monkeypatch.setenv("KILDESVAR_TEAMS_APP_PASSWORD", "not-the-secret")
    async with run_app(ingested_store) as running:
        connector = TeamsConnector(running.http, bot_framework)
        assert (await connector.deliver(connector.message(QUESTION))).status_code == 200
        await bot_framework.wait_for(lambda: bot_framework.token_requests)
    assert not bot_framework.token_requests[0].granted
    assert bot_framework.posted == []


def test_the_sdk_does_not_read_a_dotenv_file(tmp_path: Path):
    """The SDK loads `.env` from the working directory when imported; Kildesvar reads the environment only."""
    (tmp_path / ".env").write_text("KILDESVAR_DOTENV_PROBE=read\n", encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if key != "PYTHON_DOTENV_DISABLED"}
    probe = "import os, service.teams.bot; print(os.environ.get('KILDESVAR_DOTENV_PROBE', 'not read'))"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={**environment, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "not read"
