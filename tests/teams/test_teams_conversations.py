"""Activities from the stand-in connector to the real app: personal chat, group chat, channel mentions,
follow-ups, votes, redeliveries, and what the bot ignores."""

from __future__ import annotations

import asyncio
import json
import threading

from service.answer.contract import Answer
from service.feedback.store import FeedbackStore
from service.teams.responder import HELP
from service.teams.threads import ThreadStore
from tests.chat.app import FOLLOW_UP, QUESTION, UNANSWERABLE, Running, SpyEngine, expected_answer, run_app
from tests.teams.conftest import BOT_ID, CHANNEL, GROUP_CHAT, PERSONAL, TeamsConnector
from tests.teams.fake_bot_framework import APP_ID, OTHER_TENANT_ID, FakeBotFramework, Posted
from vectorstore.store import KnowledgeStore


async def answered(fake: FakeBotFramework, count: int = 1) -> list[Posted]:
    return await fake.wait_for(lambda: len(fake.sent("message")) >= count and fake.sent("message"))


def card_text(posted: Posted) -> str:
    return json.dumps(posted.card, ensure_ascii=False)


def assert_shows(posted: Posted, answer: Answer) -> None:
    """The card shows the answer's text and, for every citation, its title and quote."""
    shown = card_text(posted)
    assert json.dumps(answer.answer, ensure_ascii=False) in shown
    assert answer.citations
    for citation in answer.citations:
        assert json.dumps(citation.title, ensure_ascii=False) in shown
        assert citation.quote in shown


async def remembered(running: Running, fake: FakeBotFramework, count: int, conversation: str = PERSONAL) -> list[str]:
    """The ids of the first `count` answers, once the bot has recorded them for follow-ups."""
    threads = ThreadStore.in_data_dir(running.app.state.store.settings.data_dir, keep_days=30)
    await fake.wait_for(lambda: len(fake.answer_ids) >= count)
    ids = fake.answer_ids[:count]
    await fake.wait_for(lambda: all(threads.thread_of(conversation, [answer_id]) for answer_id in ids))
    return ids


async def nothing_answered(fake: FakeBotFramework) -> None:
    await asyncio.sleep(0.3)
    assert fake.posted == []


async def test_personal_message_gets_typing_then_a_card_in_the_chat(
    running: Running, teams: TeamsConnector, bot_framework: FakeBotFramework
):
    response = await teams.deliver(teams.message(QUESTION))
    assert response.status_code == 200
    [card] = await answered(bot_framework)
    assert bot_framework.posted[0].type == "typing"
    assert all(posted.conversation_id == PERSONAL for posted in bot_framework.posted)
    assert_shows(card, expected_answer(running, QUESTION))
    assert card.activity["from"]["id"] == BOT_ID
    assert "entities" not in card.activity  # no quote above the answer in a personal chat


async def test_outgoing_calls_carry_the_apps_own_token(teams: TeamsConnector, bot_framework: FakeBotFramework):
    await teams.deliver(teams.message(QUESTION))
    await teams.deliver(teams.message("Hvem eier LUP?"))
    await answered(bot_framework, 2)
    [request] = bot_framework.token_requests  # MSAL keeps the token for the second answer
    assert request.granted and request.form["client_id"] == APP_ID and "client_secret" in request.form
    assert {posted.authorization for posted in bot_framework.posted} == {f"Bearer {next(iter(bot_framework.issued))}"}


async def test_channel_mention_is_answered_in_its_thread_quoting_the_question(
    running: Running, teams: TeamsConnector, bot_framework: FakeBotFramework
):
    question = teams.message(QUESTION, kind="channel")
    await teams.deliver(question)
    [card] = await answered(bot_framework)
    assert card.conversation_id == f"{CHANNEL};messageid={question['id']}"
    [quoted] = card.activity["entities"]
    assert quoted == {"type": "quotedReply", "quotedReply": {"messageId": question["id"]}}
    assert_shows(card, expected_answer(running, QUESTION))


async def test_channel_root_post_without_a_thread_id_is_answered_in_its_own_thread(
    teams: TeamsConnector, bot_framework: FakeBotFramework
):
    question = teams.message(QUESTION, kind="channel", conversation_id=CHANNEL)
    await teams.deliver(question)
    [card] = await answered(bot_framework)
    assert card.conversation_id == f"{CHANNEL};messageid={question['id']}"


async def test_group_chat_mention_is_answered_in_the_chat(
    running: Running, teams: TeamsConnector, bot_framework: FakeBotFramework
):
    await teams.deliver(teams.message("Hvem eier LUP?", kind="groupChat"))
    [card] = await answered(bot_framework)
    assert card.conversation_id == GROUP_CHAT
    assert_shows(card, expected_answer(running, "Hvem eier LUP?"))


async def test_channel_and_group_messages_without_a_mention_are_ignored(
    teams: TeamsConnector, bot_framework: FakeBotFramework
):
    for kind in ("channel", "groupChat"):
        assert (await teams.deliver(teams.message(QUESTION, kind=kind, mention=False))).status_code == 200
    await nothing_answered(bot_framework)


async def test_channel_follow_up_carries_the_threads_history(
    running: Running, teams: TeamsConnector, bot_framework: FakeBotFramework
):
    first_answer = expected_answer(running, QUESTION)
    spy = running.app.state.engine = SpyEngine(running.app.state.engine)
    first = teams.message(QUESTION, kind="channel")
    await teams.deliver(first)
    thread = f"{CHANNEL};messageid={first['id']}"
    await remembered(running, bot_framework, 1, conversation=thread)
    await teams.deliver(teams.message(FOLLOW_UP, kind="channel", conversation_id=thread))
    [_, second] = await answered(bot_framework, 2)
    assert second.conversation_id == thread
    assert [question for question, _ in spy.asked] == [QUESTION, FOLLOW_UP]
    [turn] = spy.asked[1][1]
    assert (turn.question, turn.answer) == (QUESTION, first_answer.answer)


async def test_chat_reply_to_an_answer_carries_its_history_and_a_new_message_does_not(
    running: Running, teams: TeamsConnector, bot_framework: FakeBotFramework
):
    spy = running.app.state.engine = SpyEngine(running.app.state.engine)
    await teams.deliver(teams.message(QUESTION))
    [first] = await remembered(running, bot_framework, 1)
    await teams.deliver(teams.message(FOLLOW_UP, quoting=first))
    [_, second] = await remembered(running, bot_framework, 2)
    await teams.deliver(teams.message("Hvem eier LUP?"))
    await remembered(running, bot_framework, 3)
    await teams.deliver(teams.message("Og hvem hjelper programmet?", quoting=second))
    await answered(bot_framework, 4)
    histories = [[turn.question for turn in history] for _, history in spy.asked]
    assert histories == [[], [QUESTION], [], [QUESTION, FOLLOW_UP]]
    assert spy.asked[1][0] == FOLLOW_UP  # the quoted-reply placeholder is not part of the question


async def test_abstention_gets_the_refusal_card(
    running: Running, teams: TeamsConnector, bot_framework: FakeBotFramework
):
    await teams.deliver(teams.message(UNANSWERABLE))
    [card] = await answered(bot_framework)
    assert expected_answer(running, UNANSWERABLE).abstained
    [refusal] = [item for item in card.card["body"] if item.get("style") == "emphasis"]
    assert refusal["items"][0]["text"] == "🔍 Fant ikke noe svar i kunnskapsbasen"
    assert "Kilder" not in card_text(card)


async def test_thumbs_down_stores_a_feedback_row_and_thanks_the_voter(
    running: Running, teams: TeamsConnector, bot_framework: FakeBotFramework
):
    await teams.deliver(teams.message(QUESTION))
    [card] = await answered(bot_framework)
    response = await teams.deliver(teams.vote(card, "kildesvar_vote_down"))
    assert response.status_code == 200
    assert response.json() == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.activity.message",
        "value": "Takk for tilbakemeldingen! Den hjelper oss å forbedre kunnskapsbasen.",
    }
    store: FeedbackStore = running.app.state.feedback_store
    [entry] = list(store.entries())
    answer = expected_answer(running, QUESTION)
    assert (entry.channel, entry.vote, entry.question, entry.answer) == ("teams", -1, QUESTION, answer.answer)
    assert entry.citations == [{"n": c.n, "chunk_id": c.chunk_id} for c in answer.citations]


async def test_a_vote_delivered_twice_is_stored_once(
    running: Running, teams: TeamsConnector, bot_framework: FakeBotFramework
):
    await teams.deliver(teams.message(QUESTION))
    [card] = await answered(bot_framework)
    vote = teams.vote(card, "kildesvar_vote_up")
    for _ in range(2):
        assert (await teams.deliver(vote)).status_code == 200
    assert [entry.vote for entry in running.app.state.feedback_store.entries()] == [1]


async def test_a_forged_vote_is_not_stored(running: Running, teams: TeamsConnector, bot_framework: FakeBotFramework):
    await teams.deliver(teams.message(QUESTION))
    [card] = await answered(bot_framework)
    vote = teams.vote(card, "kildesvar_vote_up")
    vote["value"]["action"]["data"]["kildesvar_feedback"] = "not json"
    response = await teams.deliver(vote)
    assert response.json()["value"] == "Beklager, tilbakemeldingen kunne ikke lagres. Prøv igjen senere."
    assert list(running.app.state.feedback_store.entries()) == []


async def test_duplicate_delivery_is_answered_once(teams: TeamsConnector, bot_framework: FakeBotFramework):
    activity = teams.message(QUESTION)
    for _ in range(3):
        assert (await teams.deliver(activity)).status_code == 200
    await answered(bot_framework)
    await asyncio.sleep(0.3)
    assert len(bot_framework.sent("message")) == 1


async def test_own_messages_other_bots_and_other_tenants_are_ignored(
    teams: TeamsConnector, bot_framework: FakeBotFramework
):
    own = teams.message(QUESTION, **{"from": {"id": BOT_ID, "name": "Kildesvar"}})
    other_bot = teams.message(QUESTION, **{"from": {"id": "28:another-bot", "name": "Annen bot", "role": "bot"}})
    foreign = teams.message(QUESTION, channelData={"tenant": {"id": OTHER_TENANT_ID}})
    foreign["conversation"]["tenantId"] = OTHER_TENANT_ID
    for activity in (own, other_bot, foreign):
        assert (await teams.deliver(activity)).status_code == 200
    await nothing_answered(bot_framework)


async def test_a_bare_mention_gets_the_help_text(teams: TeamsConnector, bot_framework: FakeBotFramework):
    await teams.deliver(teams.message("", kind="groupChat"))
    [help_text] = await answered(bot_framework)
    assert help_text.activity["text"].endswith(HELP)


async def test_activities_are_acknowledged_before_the_answer_is_ready(
    running: Running, teams: TeamsConnector, bot_framework: FakeBotFramework
):
    release = threading.Event()
    running.app.state.engine = SpyEngine(running.app.state.engine, release=release)
    response = await asyncio.wait_for(teams.deliver(teams.message(QUESTION)), timeout=3)
    assert response.status_code == 200
    await bot_framework.wait_for(lambda: bot_framework.sent("typing"))
    assert bot_framework.sent("message") == []
    release.set()
    await answered(bot_framework)


async def test_engine_failure_reaches_the_user_as_a_short_norwegian_message(
    running: Running, teams: TeamsConnector, bot_framework: FakeBotFramework
):
    running.app.state.engine = SpyEngine(running.app.state.engine, error=RuntimeError("Traceback: secret internals"))
    await teams.deliver(teams.message(QUESTION))
    [failure] = await answered(bot_framework)
    assert failure.activity["text"] == "❌ Beklager, noe gikk galt da jeg skulle svare. Prøv igjen om litt."
    assert "Traceback" not in json.dumps(failure.activity)


async def test_question_over_the_limit_is_refused_politely(teams: TeamsConnector, bot_framework: FakeBotFramework):
    await teams.deliver(teams.message("anskaffelse " * 200))
    [refusal] = await answered(bot_framework)
    assert "høyst 2000 tegn" in refusal.activity["text"]


async def test_question_before_anything_is_ingested_says_so(
    teams_env: None, hashing_store: KnowledgeStore, bot_framework: FakeBotFramework
):
    async with run_app(hashing_store) as running:
        connector = TeamsConnector(running.http, bot_framework)
        await connector.deliver(connector.message(QUESTION))
        [reply] = await answered(bot_framework)
        assert reply.activity["text"] == "❌ Ingen dokumenter er indeksert ennå."


async def test_teams_answers_are_in_the_question_log(
    running: Running, teams: TeamsConnector, bot_framework: FakeBotFramework
):
    await teams.deliver(teams.message(UNANSWERABLE))
    await answered(bot_framework)
    [entry] = running.app.state.question_log.entries()
    assert (entry.question, entry.channel, entry.refused, entry.sources) == (UNANSWERABLE, "teams", True, ())
