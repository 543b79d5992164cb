"""Signed Slack requests to the real app: mentions, direct messages, the slash command, follow-ups, votes."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from service.answer.contract import Answer
from service.chat.rendering import truncate
from service.feedback.store import FeedbackStore
from service.slack.blocks import MAX_QUOTE_CHARS, SEARCHING
from service.slack.mrkdwn import escape
from tests.chat.app import QUESTION, Running, SpyEngine, expected_answer, run_app
from tests.slack.conftest import SignedSlack, direct_message, mention
from tests.slack.fake_slack_api import FakeSlack
from vectorstore.store import KnowledgeStore


def blocks_text(blocks: list[dict[str, Any]]) -> str:
    """Every text in a list of blocks, for assertions on what a user would read."""
    return json.dumps(blocks, ensure_ascii=False)


def assert_shows(blocks: list[dict[str, Any]], answer: Answer) -> None:
    """The blocks show the answer's text and, for every citation, its title and quote."""
    shown = blocks_text(blocks)
    assert escape(answer.answer) in shown
    assert answer.citations
    for citation in answer.citations:
        assert escape(citation.title) in shown
        assert escape(truncate(citation.quote, MAX_QUOTE_CHARS)) in shown


async def answered(fake: FakeSlack, count: int = 1) -> list:
    return await fake.wait_for(lambda: len(fake.called("chat.update")) >= count and fake.called("chat.update"))


async def test_url_verification_echoes_the_challenge(slack: SignedSlack, fake_slack: FakeSlack):
    body = json.dumps(
        {
            "token": "legacy",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    )
    response = await slack.send(body, "application/json")
    assert response.status_code == 200
    assert response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    assert fake_slack.called("chat.postMessage") == []


async def test_mention_in_channel_is_answered_in_a_thread_with_citations(
    running: Running, slack: SignedSlack, fake_slack: FakeSlack
):
    event = mention(fake_slack, QUESTION)
    response = await slack.event(event)
    assert response.status_code == 200
    [update] = await answered(fake_slack)
    [placeholder] = fake_slack.called("chat.postMessage")
    assert placeholder.args["thread_ts"] == event["ts"]
    assert placeholder.args["channel"] == "C0001"
    assert placeholder.args["text"] == SEARCHING
    assert update.args["ts"] == fake_slack.messages["C0001"][-1]["ts"]
    answer = expected_answer(running, QUESTION)
    assert_shows(update.args["blocks"], answer)
    assert "Terskelverdier i offentlige anskaffelser" in blocks_text(update.args["blocks"])
    assert update.args["text"] == escape(answer.answer)
    assert update.args["metadata"]["event_payload"]["question"] == QUESTION


async def test_direct_message_is_answered_directly(running: Running, slack: SignedSlack, fake_slack: FakeSlack):
    await slack.event(direct_message(fake_slack, "Hvem eier LUP?"))
    [update] = await answered(fake_slack)
    [placeholder] = fake_slack.called("chat.postMessage")
    assert placeholder.args["channel"] == "D0001"
    assert "thread_ts" not in placeholder.args
    assert_shows(update.args["blocks"], expected_answer(running, "Hvem eier LUP?"))


async def test_slash_command_answers_visibly_in_the_channel(
    running: Running, slack: SignedSlack, fake_slack: FakeSlack
):
    response = await slack.command(QUESTION, fake_slack.response_url("visible"))
    assert response.status_code == 200
    assert response.json() == {"text": SEARCHING, "response_type": "ephemeral"}
    [reply] = await fake_slack.wait_for(lambda: fake_slack.called("response_url"))
    assert reply.args["response_type"] == "in_channel"
    assert "<@UASKER> spurte" in blocks_text(reply.args["blocks"])
    assert_shows(reply.args["blocks"], expected_answer(running, QUESTION))
    assert fake_slack.called("chat.postMessage") == []


async def test_slash_command_privat_answers_only_the_asker(running: Running, slack: SignedSlack, fake_slack: FakeSlack):
    await slack.command(f"privat {QUESTION}", fake_slack.response_url("private"))
    [reply] = await fake_slack.wait_for(lambda: fake_slack.called("response_url"))
    assert reply.args["response_type"] == "ephemeral"
    assert_shows(reply.args["blocks"], expected_answer(running, QUESTION))
    assert "spurte" not in blocks_text(reply.args["blocks"])


async def test_empty_slash_command_explains_how_to_ask(slack: SignedSlack, fake_slack: FakeSlack):
    response = await slack.command("  ", fake_slack.response_url("empty"))
    assert response.json()["response_type"] == "ephemeral"
    assert "/kildesvar privat" in response.json()["text"]


async def test_thread_follow_up_sends_the_earlier_questions_as_history(
    running: Running, slack: SignedSlack, fake_slack: FakeSlack
):
    first_answer = expected_answer(running, QUESTION)
    spy = running.app.state.engine = SpyEngine(running.app.state.engine)
    first = mention(fake_slack, QUESTION)
    await slack.event(first)
    await answered(fake_slack)
    follow_up = mention(fake_slack, "Og for vare- og tjenestekontrakter?", thread_ts=first["ts"])
    await slack.event(follow_up)
    [_, update] = await answered(fake_slack, 2)
    assert [question for question, _ in spy.asked] == [QUESTION, "Og for vare- og tjenestekontrakter?"]
    [turn] = spy.asked[1][1]
    assert (turn.question, turn.answer) == (QUESTION, first_answer.answer)
    assert fake_slack.called("conversations.replies")[0].args["ts"] == first["ts"]
    assert fake_slack.called("chat.postMessage")[1].args["thread_ts"] == first["ts"]
    assert update.args["metadata"]["event_type"] == "kildesvar_answer"


async def test_follow_up_under_a_direct_answer_uses_it_as_history(
    running: Running, slack: SignedSlack, fake_slack: FakeSlack
):
    spy = running.app.state.engine = SpyEngine(running.app.state.engine)
    await slack.event(direct_message(fake_slack, QUESTION))
    await answered(fake_slack)
    answer_ts = fake_slack.called("chat.update")[0].args["ts"]
    await slack.event(direct_message(fake_slack, "Og for varekontrakter?", thread_ts=answer_ts))
    await answered(fake_slack, 2)
    assert [turn.question for turn in spy.asked[1][1]] == [QUESTION]
    assert fake_slack.called("chat.postMessage")[1].args["thread_ts"] == answer_ts


async def test_events_are_acknowledged_before_the_answer_is_ready(
    running: Running, slack: SignedSlack, fake_slack: FakeSlack
):
    release = threading.Event()
    running.app.state.engine = SpyEngine(running.app.state.engine, release=release)
    response = await asyncio.wait_for(slack.event(mention(fake_slack, QUESTION)), timeout=3)
    assert response.status_code == 200
    [placeholder] = await fake_slack.wait_for(lambda: fake_slack.called("chat.postMessage"))
    assert placeholder.args["text"] == SEARCHING
    assert fake_slack.called("chat.update") == []
    release.set()
    await answered(fake_slack)


async def test_engine_failure_reaches_the_user_as_a_short_norwegian_message(
    running: Running, slack: SignedSlack, fake_slack: FakeSlack
):
    running.app.state.engine = SpyEngine(running.app.state.engine, error=RuntimeError("Traceback: secret internals"))
    await slack.event(mention(fake_slack, QUESTION))
    [update] = await answered(fake_slack)
    assert update.args["text"].startswith(":x: Beklager")
    assert "Traceback" not in json.dumps(update.args)


async def test_question_over_the_limit_is_refused_politely(slack: SignedSlack, fake_slack: FakeSlack):
    await slack.event(mention(fake_slack, "anskaffelse " * 200))
    [update] = await answered(fake_slack)
    assert "høyst 2000 tegn" in update.args["text"]


async def test_retries_and_duplicate_event_ids_are_answered_once(slack: SignedSlack, fake_slack: FakeSlack):
    event = mention(fake_slack, QUESTION)
    await slack.event(event, event_id="Ev0RETRY")
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
    assert (await slack.event(event, event_id="Ev0RETRY", headers=retry)).status_code == 200
    assert (await slack.event(event, event_id="Ev0RETRY")).status_code == 200
    await answered(fake_slack)
    await asyncio.sleep(0.3)
    assert len(fake_slack.called("chat.postMessage")) == 1
    assert len(fake_slack.called("chat.update")) == 1


async def test_timeout_retry_is_left_to_the_first_delivery(slack: SignedSlack, fake_slack: FakeSlack):
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    response = await slack.event(mention(fake_slack, QUESTION), event_id="Ev0ELSEWHERE", headers=retry)
    assert response.status_code == 200
    await asyncio.sleep(0.3)
    assert fake_slack.called("chat.postMessage") == []


async def test_same_message_as_mention_and_direct_message_is_answered_once(slack: SignedSlack, fake_slack: FakeSlack):
    message = direct_message(fake_slack, QUESTION)
    await slack.event(message)
    await slack.event({**message, "type": "app_mention"})
    await answered(fake_slack)
    await asyncio.sleep(0.3)
    assert len(fake_slack.called("chat.postMessage")) == 1


async def test_own_messages_other_bots_and_edits_are_ignored(slack: SignedSlack, fake_slack: FakeSlack):
    own = {
        "type": "message",
        "channel_type": "im",
        "channel": "D0001",
        "user": "UBOT",
        "bot_id": "BBOT",
        "text": QUESTION,
        "ts": fake_slack.next_ts(),
    }
    other_bot = {**own, "user": "UOTHER", "bot_id": "BOTHER", "subtype": "bot_message", "ts": fake_slack.next_ts()}
    edit = {
        "type": "message",
        "channel_type": "im",
        "channel": "D0001",
        "subtype": "message_changed",
        "message": {"text": QUESTION, "user": "UASKER"},
        "ts": fake_slack.next_ts(),
    }
    bot_mention = {
        "type": "app_mention",
        "channel": "C0001",
        "user": "UOTHER",
        "bot_id": "BOTHER",
        "text": f"<@UBOT> {QUESTION}",
        "ts": fake_slack.next_ts(),
    }
    for event in (own, other_bot, edit, bot_mention):
        assert (await slack.event(event)).status_code == 200
    await asyncio.sleep(0.3)
    assert fake_slack.called("chat.postMessage") == []
    assert fake_slack.called("chat.update") == []


async def test_thumbs_button_stores_a_feedback_row(running: Running, slack: SignedSlack, fake_slack: FakeSlack):
    await slack.event(mention(fake_slack, QUESTION))
    [update] = await answered(fake_slack)
    [actions] = [block for block in update.args["blocks"] if block["type"] == "actions"]
    down = next(button for button in actions["elements"] if button["action_id"] == "kildesvar_vote_down")
    response = await slack.click(down, fake_slack.response_url("vote"))
    assert response.status_code == 200
    [thanks] = await fake_slack.wait_for(lambda: fake_slack.called("response_url"))
    assert thanks.args["response_type"] == "ephemeral" and "Takk" in thanks.args["text"]
    store: FeedbackStore = running.app.state.feedback_store
    [entry] = list(store.entries())
    assert (entry.channel, entry.vote, entry.question) == ("slack", -1, QUESTION)
    answer = expected_answer(running, QUESTION)
    assert entry.answer == answer.answer
    assert entry.citations == [{"n": c.n, "chunk_id": c.chunk_id} for c in answer.citations]


async def test_question_before_anything_is_ingested_says_so(
    slack_env: None, hashing_store: KnowledgeStore, fake_slack: FakeSlack
):
    async with run_app(hashing_store) as running:
        await SignedSlack(running.http, fake_slack).event(mention(fake_slack, QUESTION))
        [update] = await answered(fake_slack)
        assert update.args["text"] == ":x: Ingen dokumenter er indeksert ennå."


async def test_slack_answers_are_in_the_question_log(running: Running, slack: SignedSlack, fake_slack: FakeSlack):
    await slack.event(direct_message(fake_slack, "Hvem eier LUP?"))
    await answered(fake_slack)
    [entry] = running.app.state.question_log.entries()
    assert (entry.question, entry.channel, entry.refused) == ("Hvem eier LUP?", "slack", False)
    assert entry.sources == ("lup.md",)
