"""Socket Mode: events arrive over a WebSocket opened in the app's lifespan; no public URL is served."""

from __future__ import annotations

import json

import pytest

from tests.chat.app import QUESTION, run_app
from tests.slack.conftest import APP_TOKEN, BOT_TOKEN, SignedSlack, mention
from tests.slack.fake_slack_api import FakeSlack
from vectorstore.store import KnowledgeStore


@pytest.fixture
def socket_mode_env(monkeypatch: pytest.MonkeyPatch, no_slack_env: None, fake_slack: FakeSlack) -> None:
    monkeypatch.setenv("KILDESVAR_SLACK_SOCKET_MODE", "true")
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    monkeypatch.setenv("KILDESVAR_SLACK_API_URL", fake_slack.api_url)


async def test_socket_mode_answers_a_mention_without_an_http_route(
    socket_mode_env: None, ingested_store: KnowledgeStore, fake_slack: FakeSlack
):
    async with run_app(ingested_store) as running:
        [opened] = await fake_slack.wait_for(lambda: fake_slack.called("apps.connections.open"))
        assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"
        await fake_slack.wait_for(lambda: fake_slack.sockets)
        payload = json.loads(SignedSlack(running.http, fake_slack).event_body(mention(fake_slack, QUESTION)))
        await fake_slack.push_socket_event(payload, envelope_id="env-1")
        [update] = await fake_slack.wait_for(lambda: fake_slack.called("chat.update"))
        assert update.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
        assert update.args["metadata"]["event_type"] == "kildesvar_answer"
        assert {"envelope_id": "env-1"} in fake_slack.socket_acks
        assert (await running.http.post("/slack/events", content=b"{}")).status_code == 404
    await fake_slack.wait_for(lambda: not fake_slack.sockets)
