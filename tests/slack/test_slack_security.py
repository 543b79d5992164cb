"""Only Slack gets in: signatures and timestamps are checked before anything runs, and without secrets the
Slack routes do not exist while the rest of the service keeps running."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from tests.chat.app import QUESTION, run_app
from tests.http.test_error_shape import assert_error_shape
from tests.slack.conftest import SIGNING_SECRET, SignedSlack, mention
from tests.slack.fake_slack_api import FakeSlack
from vectorstore.store import KnowledgeStore


def assert_refused(response) -> None:
    body = assert_error_shape(response, 401, "invalid_slack_signature")
    assert body["message"] == "Forespørselen er ikke signert av Slack, eller signaturen er for gammel."


async def nothing_happened(fake: FakeSlack) -> None:
    await asyncio.sleep(0.3)
    assert fake.calls == []


async def test_bad_signature_gets_401_and_nothing_is_posted(slack: SignedSlack, fake_slack: FakeSlack):
    forger = SignedSlack(slack.http, fake_slack, secret="not-the-signing-secret")
    assert_refused(await forger.event(mention(fake_slack, QUESTION)))
    assert_refused(await forger.command(QUESTION, fake_slack.response_url("forged")))
    await nothing_happened(fake_slack)


async def test_stale_timestamp_gets_401_and_nothing_is_posted(slack: SignedSlack, fake_slack: FakeSlack):
    six_minutes_ago = int(time.time()) - 6 * 60
    assert_refused(await slack.event(mention(fake_slack, QUESTION), timestamp=six_minutes_ago))
    await nothing_happened(fake_slack)


async def test_tampered_body_gets_401(slack: SignedSlack, fake_slack: FakeSlack):
    body = slack.event_body(mention(fake_slack, QUESTION))
    headers = slack.signed_headers(body, "application/json")
    tampered = body.replace('"channel": "C0001"', '"channel": "C0666"')
    assert tampered != body
    assert_refused(await slack.http.post("/slack/events", content=tampered.encode(), headers=headers))
    await nothing_happened(fake_slack)


async def test_unsigned_request_gets_401(slack: SignedSlack, fake_slack: FakeSlack):
    body = json.dumps({"type": "url_verification", "challenge": "abc"})
    response = await slack.http.post("/slack/events", content=body, headers={"Content-Type": "application/json"})
    assert_refused(response)
    await nothing_happened(fake_slack)


async def test_slack_routes_are_off_without_secrets(no_slack_env: None, ingested_store: KnowledgeStore):
    async with run_app(ingested_store) as running:
        response = await running.http.post("/slack/events", json={"type": "url_verification", "challenge": "x"})
        assert assert_error_shape(response, 404, "not_found")["message"] == "Fant ingenting på denne adressen."
        assert (await running.http.get("/healthz")).status_code == 200


async def test_signing_secret_alone_does_not_switch_the_bot_on(
    no_slack_env: None, monkeypatch: pytest.MonkeyPatch, ingested_store: KnowledgeStore
):
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    async with run_app(ingested_store) as running:
        assert (await running.http.post("/slack/events", content=b"{}")).status_code == 404


@pytest.mark.parametrize("timestamp", ["abc", "", "1e9", "-5"])
async def test_malformed_timestamp_gets_401(slack: SignedSlack, fake_slack: FakeSlack, timestamp: str):
    """Issue 12, finding 6: a non-numeric X-Slack-Request-Timestamp gave 500."""
    body = slack.event_body(mention(fake_slack, QUESTION))
    headers = {**slack.signed_headers(body, "application/json"), "X-Slack-Request-Timestamp": timestamp}
    assert_refused(await slack.http.post("/slack/events", content=body.encode(), headers=headers))
    await nothing_happened(fake_slack)


async def test_a_replayed_slash_command_is_answered_once(slack: SignedSlack, fake_slack: FakeSlack):
    """Issue 12, finding 6: a signed slash command sent again within the 5-minute window ran again."""
    form = (await slack.command(QUESTION, fake_slack.response_url("first"))).request
    body = form.content.decode()
    headers = {name: form.headers[name] for name in ("content-type", "x-slack-request-timestamp", "x-slack-signature")}
    for _ in range(5):
        replay = await slack.http.post("/slack/events", content=body.encode(), headers=headers)
        assert replay.status_code == 200
    await fake_slack.wait_for(lambda: fake_slack.called("response_url"))
    await asyncio.sleep(0.5)
    assert len(fake_slack.called("response_url")) == 1


async def test_a_replayed_vote_is_stored_once(running, slack: SignedSlack, fake_slack: FakeSlack):
    """Issue 12, finding 6: 5 replays of a signed thumbs click stored 5 extra feedback rows."""
    button = {"action_id": "kildesvar_vote_up", "value": json.dumps({"q": QUESTION, "a": "Svar", "c": []})}
    click = (await slack.click(button, fake_slack.response_url("vote"))).request
    headers = {name: click.headers[name] for name in ("content-type", "x-slack-request-timestamp", "x-slack-signature")}
    for _ in range(5):
        assert (await slack.http.post("/slack/events", content=click.content, headers=headers)).status_code == 200
    await fake_slack.wait_for(lambda: fake_slack.called("response_url"))
    await asyncio.sleep(0.5)
    assert len(list(running.app.state.feedback_store.entries())) == 1
