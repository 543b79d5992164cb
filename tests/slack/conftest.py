"""Fixtures for the Slack bot: the real app over a tiny ingested corpus (tests/chat/app.py), a Slack stand-in
on loopback, and a client that signs requests the way Slack does."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier

from tests.chat.app import Running, ingest_docs, run_app
from tests.slack.fake_slack_api import BOT_USER_ID, TEAM_ID, FakeSlack
from vectorstore.store import KnowledgeStore

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
APP_TOKEN = "xapp-1-A0001-1234-abcdef"
SLACK_ENV = (
    "SLACK_SIGNING_SECRET",
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "KILDESVAR_SLACK_SOCKET_MODE",
    "KILDESVAR_SLACK_PRIVATE_SLASH",
    "KILDESVAR_SLACK_API_URL",
)


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    slack = await FakeSlack().start()
    yield slack
    await slack.stop()


@pytest.fixture
def no_slack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SLACK_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def slack_env(monkeypatch: pytest.MonkeyPatch, no_slack_env: None, fake_slack: FakeSlack) -> None:
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("KILDESVAR_SLACK_API_URL", fake_slack.api_url)


@pytest.fixture
def ingested_store(hashing_store: KnowledgeStore, tmp_path: Path) -> KnowledgeStore:
    return ingest_docs(hashing_store, tmp_path / "docs")


@pytest.fixture
async def running(slack_env: None, ingested_store: KnowledgeStore) -> AsyncIterator[Running]:
    """The real app (lifespan entered) behind an httpx ASGI transport."""
    async with run_app(ingested_store) as running_app:
        yield running_app


class SignedSlack:
    """Builds Events API, slash command and interactivity requests, signed with `secret` at `timestamp`."""

    def __init__(self, http: httpx.AsyncClient, fake: FakeSlack, secret: str = SIGNING_SECRET) -> None:
        self.http = http
        self.fake = fake
        self.secret = secret
        self._event_ids = iter(range(1, 1_000_000))

    def signed_headers(self, body: str, content_type: str, timestamp: int | None = None) -> dict[str, str]:
        stamp = str(timestamp if timestamp is not None else int(time.time()))
        signature = SignatureVerifier(self.secret).generate_signature(timestamp=stamp, body=body)
        return {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature or ""}

    async def send(
        self, body: str, content_type: str, timestamp: int | None = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        signed = {**self.signed_headers(body, content_type, timestamp), **(headers or {})}
        return await self.http.post("/slack/events", content=body.encode(), headers=signed)

    def event_body(self, event: dict[str, Any], event_id: str | None = None) -> str:
        return json.dumps(
            {
                "token": "legacy-verification-token",
                "team_id": TEAM_ID,
                "api_app_id": "A0001",
                "type": "event_callback",
                "event": event,
                "event_id": event_id or f"Ev{next(self._event_ids):08d}",
                "event_time": int(time.time()),
                "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
            }
        )

    async def event(self, event: dict[str, Any], event_id: str | None = None, **kwargs: Any) -> httpx.Response:
        return await self.send(self.event_body(event, event_id), "application/json", **kwargs)

    async def command(self, text: str, response_url: str, user_id: str = "UASKER") -> httpx.Response:
        form = {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "channel_id": "C0001",
            "channel_name": "anskaffelser",
            "user_id": user_id,
            "user_name": "saksbehandler",
            "command": "/kildesvar",
            "text": text,
            "api_app_id": "A0001",
            "response_url": response_url,
            "trigger_id": f"1337.{next(self._event_ids)}.abcd",
        }
        return await self.send(urlencode(form), "application/x-www-form-urlencoded")

    async def click(self, button: dict[str, Any], response_url: str, user_id: str = "UASKER") -> httpx.Response:
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "kommunen"},
            "user": {"id": user_id, "team_id": TEAM_ID},
            "api_app_id": "A0001",
            "container": {"type": "message", "message_ts": "1.0", "channel_id": "C0001", "is_ephemeral": True},
            "trigger_id": f"1337.{next(self._event_ids)}.abcd",
            "channel": {"id": "C0001", "name": "anskaffelser"},
            "response_url": response_url,
            "actions": [
                {
                    "type": "button",
                    "block_id": "kildesvar_feedback",
                    "action_id": button["action_id"],
                    "value": button["value"],
                    "action_ts": str(time.time()),
                }
            ],
        }
        return await self.send(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


@pytest.fixture
def slack(running: Running, fake_slack: FakeSlack) -> SignedSlack:
    return SignedSlack(running.http, fake_slack)


def mention(fake: FakeSlack, text: str, channel: str = "C0001", thread_ts: str | None = None) -> dict[str, Any]:
    """An app_mention event for a message the stand-in also stores (so the thread can be read back)."""
    message = fake.add_user_message(channel, f"<@{BOT_USER_ID}> {text}", thread_ts=thread_ts)
    return {**message, "type": "app_mention", "channel": channel, "event_ts": message["ts"]}


def direct_message(fake: FakeSlack, text: str, channel: str = "D0001", thread_ts: str | None = None) -> dict:
    message = fake.add_user_message(channel, text, thread_ts=thread_ts)
    return {**message, "channel": channel, "channel_type": "im", "event_ts": message["ts"]}
