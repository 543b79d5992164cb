"""Fixtures for the Teams bot: the real app over a tiny ingested corpus (tests/chat/app.py), the stand-in
Bot Framework and Entra ID on loopback, and a client that delivers activities the way the connector does."""

from __future__ import annotations

import itertools
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.chat.app import Running, ingest_docs, run_app
from tests.teams.fake_bot_framework import APP_ID, APP_PASSWORD, TENANT_ID, FakeBotFramework, Posted
from vectorstore.store import KnowledgeStore

BOT_ID = f"28:{APP_ID}"
USER = {"id": "29:1kari-nordmann", "name": "Kari Nordmann", "aadObjectId": "0b6c1a52-9c3e-4d1f-8e2a-7f5b3c9d1e4a"}
PERSONAL = "a:1personal-chat-with-kari"
GROUP_CHAT = "19:gruppechat-innkjop@thread.v2"
CHANNEL = "19:kanal-anskaffelser@thread.tacv2"
TEAMS_ENV = (
    "KILDESVAR_TEAMS_APP_ID",
    "KILDESVAR_TEAMS_TENANT_ID",
    "KILDESVAR_TEAMS_APP_PASSWORD",
    "KILDESVAR_TEAMS_CERTIFICATE_PATH",
    "KILDESVAR_TEAMS_HISTORY_DAYS",
    "KILDESVAR_TEAMS_OPENID_METADATA_URL",
    "KILDESVAR_TEAMS_LOGIN_URL",
    "DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS",
)


@pytest.fixture
def bot_framework(tmp_path: Path) -> Iterator[FakeBotFramework]:
    folder = tmp_path / "bot-framework"
    folder.mkdir()
    fake = FakeBotFramework(folder).start()
    yield fake
    fake.stop()


@pytest.fixture
def no_teams_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in TEAMS_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def trust_stand_in(monkeypatch: pytest.MonkeyPatch, no_teams_env: None, bot_framework: FakeBotFramework) -> None:
    """The app trusts the stand-in's signing key and its login endpoint's TLS certificate (tests only)."""
    monkeypatch.setenv("KILDESVAR_TEAMS_APP_ID", APP_ID)
    monkeypatch.setenv("KILDESVAR_TEAMS_TENANT_ID", TENANT_ID)
    monkeypatch.setenv("KILDESVAR_TEAMS_OPENID_METADATA_URL", bot_framework.openid_metadata_url)
    monkeypatch.setenv("KILDESVAR_TEAMS_LOGIN_URL", bot_framework.login_url)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bot_framework.ca_file))


@pytest.fixture
def teams_env(monkeypatch: pytest.MonkeyPatch, trust_stand_in: None) -> None:
    monkeypatch.setenv("KILDESVAR_TEAMS_APP_PASSWORD", APP_PASSWORD)


@pytest.fixture
def ingested_store(hashing_store: KnowledgeStore, tmp_path: Path) -> KnowledgeStore:
    return ingest_docs(hashing_store, tmp_path / "docs")


@pytest.fixture
async def running(teams_env: None, ingested_store: KnowledgeStore) -> AsyncIterator[Running]:
    async with run_app(ingested_store) as running_app:
        yield running_app


class TeamsConnector:
    """Builds activities as Teams delivers them and posts them to `/teams/messages` with a signed token."""

    def __init__(self, http: httpx.AsyncClient, fake: FakeBotFramework) -> None:
        self.http = http
        self.fake = fake
        self._ids = itertools.count(int(time.time() * 1000) - 10_000_000)

    def next_id(self) -> str:
        return str(next(self._ids))

    def message(
        self,
        text: str,
        kind: str = "personal",
        conversation_id: str | None = None,
        mention: bool | None = None,
        quoting: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """A message activity; in a channel or group chat it @mentions the bot unless `mention=False`."""
        activity_id = fields.pop("id", None) or self.next_id()
        mentioned = kind != "personal" if mention is None else mention
        entities: list[dict[str, Any]] = []
        if mentioned:
            text = f"<at>Kildesvar</at> {text}"
            entities.append(
                {"type": "mention", "text": "<at>Kildesvar</at>", "mentioned": {"id": BOT_ID, "name": "Kildesvar"}}
            )
        if quoting:
            text = f'<quoted messageId="{quoting}"/> {text}'
            entities.append({"type": "quotedReply", "quotedReply": {"messageId": quoting, "senderId": BOT_ID}})
        default_conversation = {
            "personal": PERSONAL,
            "groupChat": GROUP_CHAT,
            "channel": f"{CHANNEL};messageid={activity_id}",
        }
        conversation = {
            "id": conversation_id or default_conversation[kind],
            "conversationType": kind,
            "tenantId": TENANT_ID,
        }
        channel_data: dict[str, Any] = {"tenant": {"id": TENANT_ID}}
        if kind == "channel":
            channel_data |= {"team": {"id": "19:team-innkjop@thread.tacv2"}, "channel": {"id": CHANNEL}}
        activity = {
            "type": "message",
            "id": activity_id,
            "timestamp": "2026-11-28T10:00:00.000Z",
            "serviceUrl": self.fake.service_url,
            "channelId": "msteams",
            "from": USER,
            "conversation": conversation,
            "recipient": {"id": BOT_ID, "name": "Kildesvar"},
            "text": text,
            "textFormat": "plain",
            "locale": "nb-NO",
            "entities": entities,
            "channelData": channel_data,
        }
        return {**activity, **fields}

    def vote(self, answer: Posted, verb: str) -> dict[str, Any]:
        """The invoke Teams sends when a 👍/👎 button of `answer`'s card is clicked."""
        [button] = [action for action in answer.card["actions"] if action["verb"] == verb]
        return {
            "type": "invoke",
            "name": "adaptiveCard/action",
            "id": self.next_id(),
            "serviceUrl": self.fake.service_url,
            "channelId": "msteams",
            "from": USER,
            "conversation": {"id": answer.conversation_id, "conversationType": "personal", "tenantId": TENANT_ID},
            "recipient": {"id": BOT_ID, "name": "Kildesvar"},
            "replyToId": answer.activity.get("id", ""),
            "channelData": {"tenant": {"id": TENANT_ID}, "source": {"name": "message"}},
            "value": {"action": {"type": "Action.Execute", "verb": verb, "data": button["data"]}, "trigger": "manual"},
        }

    async def deliver(self, activity: dict[str, Any], token: str | None = None, **headers: str) -> httpx.Response:
        """POST the activity as the connector does, with a Bot Framework token unless `token=""`."""
        token = self.fake.channel_token() if token is None else token
        sent = {"Authorization": f"Bearer {token}"} if token else {}
        return await self.http.post("/teams/messages", json=activity, headers={**sent, **headers})


@pytest.fixture
def teams(running: Running, bot_framework: FakeBotFramework) -> TeamsConnector:
    return TeamsConnector(running.http, bot_framework)
