"""Only the Bot Framework gets in: every request's JWT is validated by the Teams SDK against the signing keys
the app trusts (here the stand-in's), and anything else gets 401 with nothing sent. Without its settings
the Teams route does not exist while the rest of the service runs."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.chat.app import QUESTION, run_app
from tests.http.test_error_shape import assert_error_shape
from tests.teams.conftest import TeamsConnector
from tests.teams.fake_bot_framework import APP_ID, FakeBotFramework, SigningKey
from vectorstore.store import KnowledgeStore

REFUSED = "Forespørselen har ikke et gyldig token fra Microsoft Teams (Bot Framework)."


async def assert_refused(response: httpx.Response, fake: FakeBotFramework) -> None:
    assert assert_error_shape(response, 401, "invalid_teams_token")["message"] == REFUSED
    await asyncio.sleep(0.3)
    assert fake.posted == [] and fake.token_requests == []


async def test_missing_token_is_refused(teams: TeamsConnector, bot_framework: FakeBotFramework):
    await assert_refused(await teams.deliver(teams.message(QUESTION), token=""), bot_framework)


async def test_a_token_that_is_not_a_bearer_token_is_refused(teams: TeamsConnector, bot_framework: FakeBotFramework):
    response = await teams.http.post(
        "/teams/messages", json=teams.message(QUESTION), headers={"Authorization": f"Basic {APP_ID}"}
    )
    await assert_refused(response, bot_framework)


async def test_invalid_signature_is_refused(teams: TeamsConnector, bot_framework: FakeBotFramework):
    """Signed by another key under the trusted key's id: the signature does not verify."""
    forged = bot_framework.channel_token(key=SigningKey(kid=bot_framework.channel_key.kid, key_name="impostor"))
    await assert_refused(await teams.deliver(teams.message(QUESTION), token=forged), bot_framework)


async def test_a_key_the_bot_framework_does_not_publish_is_refused(
    teams: TeamsConnector, bot_framework: FakeBotFramework
):
    forged = bot_framework.channel_token(key=SigningKey("not-published"))
    await assert_refused(await teams.deliver(teams.message(QUESTION), token=forged), bot_framework)


async def test_wrong_audience_is_refused(teams: TeamsConnector, bot_framework: FakeBotFramework):
    other_bot = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
    token = bot_framework.channel_token(audience=other_bot)
    await assert_refused(await teams.deliver(teams.message(QUESTION), token=token), bot_framework)


async def test_expired_token_is_refused(teams: TeamsConnector, bot_framework: FakeBotFramework):
    """Expired ten minutes ago: past the SDK's five minutes of allowed clock skew."""
    token = bot_framework.channel_token(expires_in=-600)
    await assert_refused(await teams.deliver(teams.message(QUESTION), token=token), bot_framework)


async def test_wrong_issuer_is_refused(teams: TeamsConnector, bot_framework: FakeBotFramework):
    token = bot_framework.channel_token(issuer="https://sts.windows.net/attacker/")
    await assert_refused(await teams.deliver(teams.message(QUESTION), token=token), bot_framework)


async def test_an_activity_pointing_elsewhere_than_its_tokens_service_url_is_refused(
    teams: TeamsConnector, bot_framework: FakeBotFramework
):
    """A valid token replayed with a `serviceUrl` of the attacker's: the bot would post its answer there."""
    activity = teams.message(QUESTION, serviceUrl="http://127.0.0.1:9/attacker/")
    await assert_refused(await teams.deliver(activity), bot_framework)


async def test_the_sdks_escape_hatch_does_not_open_the_route(
    monkeypatch: pytest.MonkeyPatch, teams_env: None, ingested_store: KnowledgeStore, bot_framework: FakeBotFramework
):
    monkeypatch.setenv("DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS", "true")
    async with run_app(ingested_store) as running:
        connector = TeamsConnector(running.http, bot_framework)
        await assert_refused(await connector.deliver(connector.message(QUESTION), token=""), bot_framework)


async def test_a_body_that_is_not_json_gets_400(teams: TeamsConnector, bot_framework: FakeBotFramework):
    headers = {"Authorization": f"Bearer {bot_framework.channel_token()}", "Content-Type": "application/json"}
    response = await teams.http.post("/teams/messages", content=b"{not json", headers=headers)
    assert_error_shape(response, 400, "invalid_json")


async def test_teams_route_is_off_without_settings(no_teams_env: None, ingested_store: KnowledgeStore):
    async with run_app(ingested_store) as running:
        response = await running.http.post("/teams/messages", json={"type": "message"})
        assert_error_shape(response, 404, "not_found")
        assert (await running.http.get("/healthz")).status_code == 200


async def test_app_id_and_tenant_without_a_credential_do_not_switch_the_bot_on(
    trust_stand_in: None, ingested_store: KnowledgeStore
):
    async with run_app(ingested_store) as running:
        assert (await running.http.post("/teams/messages", json={"type": "message"})).status_code == 404
