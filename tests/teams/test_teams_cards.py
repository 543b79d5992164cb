"""Rendering an Answer as an Adaptive Card: order, sources, warnings, refusal, votes, and hostile text."""

from __future__ import annotations

import json
from typing import Any

from service.answer.contract import AI_NOTICE
from service.chat.votes import parse_feedback_value
from service.teams.cards import answer_card
from tests.chat.answers import answer, citation

TEAMS_MESSAGE_LIMIT = 28 * 1024
ACTIVITY_ENVELOPE = 2 * 1024  # the activity around the card: ids, conversation, quote entity


def rendered(card) -> dict[str, Any]:
    return card.model_dump(exclude_none=True)


def runs(element: dict[str, Any]) -> list[str]:
    return [run["text"] for run in element["inlines"]]


def test_answer_then_sources_then_the_vote_question():
    card = rendered(answer_card(answer(citations=[citation(1), citation(2, page=3, url=None)]), "Terskelverdi?"))
    body = card["body"]
    assert (card["type"], card["version"], card["msteams"]) == ("AdaptiveCard", "1.5", {"width": "full"})
    assert runs(body[0]) == ["Terskelverdien er 62,9 millioner kroner ekskl. mva. [1]"]
    assert body[1] == {
        "type": "TextBlock",
        "text": "Kilder",
        "weight": "Bolder",
        "separator": True,
        "spacing": "Medium",
    }
    first_line, first_quote, second_line, second_quote = body[2:6]
    title_column, toggle_column = first_line["columns"]
    [source] = title_column["items"]
    assert runs(source) == [
        "[1] ",
        "Forskrift om offentlige anskaffelser (anskaffelsesforskriften)",
        " · Kapittel 5 > § 5-3. EØS-terskelverdier",
    ]
    assert source["inlines"][1]["selectAction"] == {
        "type": "Action.OpenUrl",
        "url": "https://lovdata.no/forskrift/2016-08-12-974/§5-3",
    }
    assert toggle_column["items"][0]["text"] == "Vis sitat"
    assert toggle_column["selectAction"]["targetElements"] == ["kildesvar-quote-1"]
    assert (first_quote["id"], first_quote["isVisible"]) == ("kildesvar-quote-1", False)
    assert runs(first_quote["items"][0]) == ["«62,9 millioner kroner ekskl. mva. for bygge- og anleggskontrakter»"]
    [second] = second_line["columns"][0]["items"]
    assert runs(second)[2] == " · Kapittel 5 > § 5-3. EØS-terskelverdier · s. 3"
    assert "selectAction" not in second["inlines"][1]  # no url, no link
    assert second_quote["id"] == "kildesvar-quote-2"
    assert body[6]["text"] == "Lovtekst: Kilde: Lovdata (NLOD 2.0)"
    assert runs(body[7]) == [f"🤖 {AI_NOTICE}"]
    assert body[8]["text"] == "Var svaret nyttig?"


def test_warnings_are_visible_notices_above_the_answer():
    warning = "§ 5-3 endres ved forskrift 14. april 2026 nr. 617 (i kraft 1. juli 2026)."
    body = rendered(answer_card(answer(warnings=[warning]), "q"))["body"]
    assert body[0]["type"] == "Container" and body[0]["style"] == "warning"
    assert runs(body[0]["items"][0]) == ["⚠️ Merk: ", warning]
    assert runs(body[1])[0].startswith("Terskelverdien")


def test_the_engines_own_merk_is_not_repeated():
    warning = "Merk: § 1-1 i anskaffelsesforskriften er endret ved forskrift 14. april 2026 nr. 617."
    body = rendered(answer_card(answer(warnings=[warning]), "q"))["body"]
    assert runs(body[0]["items"][0]) == ["⚠️ Merk: ", warning.removeprefix("Merk: ")]


def test_a_refusal_looks_different_and_has_no_sources():
    text = "Jeg fant ikke noe svar på dette i kunnskapsbasen. Prøv å formulere spørsmålet annerledes."
    body = rendered(answer_card(answer(text, abstained=True, citations=[]), "Hva koster en ferge?"))["body"]
    assert [element["type"] for element in body] == ["Container", "RichTextBlock", "TextBlock"]
    refusal = body[0]
    assert refusal["style"] == "emphasis"
    assert refusal["items"][0]["text"] == "🔍 Fant ikke noe svar i kunnskapsbasen"
    assert runs(refusal["items"][1]) == [text]
    assert runs(body[1]) == [f"🤖 {AI_NOTICE}"]
    assert body[2]["text"] == "Var svaret nyttig?"


def test_votes_are_execute_actions_that_carry_the_answer_back():
    card = rendered(answer_card(answer(), "Terskelverdi?"))
    up, down = card["actions"]
    assert (up["type"], up["verb"], up["title"]) == ("Action.Execute", "kildesvar_vote_up", "👍 Nyttig")
    assert (down["verb"], down["title"]) == ("kildesvar_vote_down", "👎 Ikke nyttig")
    assert up["data"]["action"] == "kildesvar_vote"
    voted = parse_feedback_value(up["data"]["kildesvar_feedback"])
    assert (voted.question, voted.answer) == (
        "Terskelverdi?",
        "Terskelverdien er 62,9 millioner kroner ekskl. mva. [1]",
    )


def test_document_text_never_becomes_markup():
    """Markdown, links and mentions in a passage stay text: everything from documents is in TextRuns."""
    hostile = citation(
        title="[Klikk her](https://evil.example) **viktig**",
        quote="<at>Alle</at> # Overskrift [lenke](javascript:alert(1))",
        url="javascript:alert(1)",
    )
    card = rendered(answer_card(answer("Svar med *stjerne* og [1](https://evil.example)", citations=[hostile]), "q"))
    text_blocks = [element["text"] for element in _walk(card) if element.get("type") == "TextBlock"]
    assert text_blocks == ["Kilder", "Vis sitat", "Var svaret nyttig?"]
    title = next(element for element in _walk(card) if element.get("text") == hostile.title)
    assert title["type"] == "TextRun" and "selectAction" not in title
    assert not any(element.get("url", "").startswith("javascript:") for element in _walk(card))


def test_a_long_answer_stays_under_the_teams_message_limit():
    quote = "Leverandøren skal dokumentere at kravene er oppfylt. " * 60
    long_answer = answer("Svaret er langt. " * 800, citations=[citation(n, quote=quote) for n in range(1, 9)])
    card = rendered(answer_card(long_answer, "spørsmål " * 200))
    assert len(json.dumps(card, ensure_ascii=False).encode()) < TEAMS_MESSAGE_LIMIT - ACTIVITY_ENVELOPE


def _walk(node: Any):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)
