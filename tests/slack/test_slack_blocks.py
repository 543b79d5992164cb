"""Rendering an Answer as Block Kit, and reading Slack's text format back."""

from __future__ import annotations

from service.answer.contract import AI_NOTICE
from service.chat.votes import MAX_VALUE_CHARS
from service.slack.blocks import ABSTAINED_HEADING, LOVDATA_ATTRIBUTION, answer_blocks, answer_text
from service.slack.mrkdwn import plain_text, split_private
from tests.chat.answers import answer, citation


def texts(blocks: list[dict]) -> list[str]:
    found = []
    for block in blocks:
        if "text" in block:
            found.append(block["text"]["text"])
        found.extend(
            element["text"]["text"] if element["type"] == "button" else element["text"]
            for element in block.get("elements", [])
        )
    return found


def test_answer_comes_first_then_one_context_block_per_citation_then_the_notice_and_votes():
    blocks = answer_blocks(answer(citations=[citation(1), citation(2, page=3, url=None)]), "Terskelverdi?")
    assert [block["type"] for block in blocks] == ["section", "context", "context", "context", "context", "actions"]
    assert blocks[0]["text"]["text"] == "Terskelverdien er 62,9 millioner kroner ekskl. mva. [1]"
    first, second = blocks[1]["elements"], blocks[2]["elements"]
    assert first[0]["text"] == (
        "*[1]* <https://lovdata.no/forskrift/2016-08-12-974/§5-3|Forskrift om offentlige anskaffelser "
        "(anskaffelsesforskriften)> · Kapittel 5 &gt; § 5-3. EØS-terskelverdier"
    )
    assert first[1]["text"] == "«62,9 millioner kroner ekskl. mva. for bygge- og anleggskontrakter»"
    assert second[0]["text"].startswith("*[2]* Forskrift om offentlige anskaffelser") and "· s. 3" in second[0]["text"]
    assert blocks[3]["elements"][0]["text"] == LOVDATA_ATTRIBUTION
    assert blocks[4]["elements"][0]["text"] == f":robot_face: {AI_NOTICE}"


def test_document_text_is_mrkdwn_escaped():
    hostile = citation(
        quote="<!channel> & <https://evil.example|klikk her>",
        title="<script>alert(1)</script>",
        url="https://example.no/a?b=1&c=<2>|x",
    )
    blocks = answer_blocks(answer("Svar <@U123> & mer [1]", citations=[hostile]), "spørsmål")
    shown = texts(blocks)
    assert shown[0] == "Svar &lt;@U123&gt; &amp; mer [1]"
    assert "«&lt;!channel&gt; &amp; &lt;https://evil.example|klikk her&gt;»" in shown
    assert "<https://example.no/a?b=1&amp;c=&lt;2&gt;%7Cx|&lt;script&gt;alert(1)&lt;/script&gt;>" in shown[1]
    assert answer_text(answer("a < b & c")) == "a &lt; b &amp; c"


def test_warnings_are_shown_above_the_answer():
    blocks = answer_blocks(answer(warnings=["§ 5-3 endres ved forskrift 14. april 2026 nr. 617."]), "q")
    assert blocks[0]["text"]["text"] == ":warning: *Merk:* § 5-3 endres ved forskrift 14. april 2026 nr. 617."
    assert blocks[1]["text"]["text"].startswith("Terskelverdien")


def test_a_warning_that_starts_with_merk_says_it_once():
    warning = "Merk: § 1-1 i anskaffelsesforskriften er endret ved forskrift 14. april 2026 nr. 617."
    blocks = answer_blocks(answer(warnings=[warning]), "q")
    assert blocks[0]["text"]["text"] == f":warning: *Merk:* {warning.removeprefix('Merk: ')}"


def test_abstention_looks_different_from_an_answer():
    text = "Jeg fant ikke noe svar. Prøv å formulere spørsmålet annerledes."
    blocks = answer_blocks(answer(text, abstained=True, citations=[]), "Hva koster en ferge?")
    assert [block["type"] for block in blocks] == ["section", "context", "actions"]
    assert blocks[0]["text"]["text"] == f"{ABSTAINED_HEADING}\n{text}"


def test_slash_answers_in_a_channel_say_who_asked():
    blocks = answer_blocks(answer(), "Terskelverdi?", asker="U42")
    assert blocks[0] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "<@U42> spurte: Terskelverdi?", "verbatim": True}],
    }


def test_feedback_buttons_fit_slacks_value_limit_for_long_answers():
    long_answer = answer('"sitat" ' * 600, citations=[citation(n) for n in range(1, 6)])
    assert all(
        len(block["elements"][0]["value"]) <= MAX_VALUE_CHARS
        for block in answer_blocks(long_answer, "x" * 2000)
        if block["type"] == "actions"
    )


def test_answer_sections_stay_within_slacks_limits():
    blocks = answer_blocks(answer("&" * 5000), "q")
    assert all(len(text) <= 3000 for text in texts(blocks))


def test_plain_text_drops_the_bot_mention_and_unescapes():
    text = "<@UBOT> Hva sier <https://lovdata.no/x|§ 5-3> om &lt;terskler&gt; &amp; <#C1|innkjøp>? <@U2>"
    assert plain_text(text, "UBOT") == "Hva sier § 5-3 om <terskler> & innkjøp?"
    assert plain_text("<@UBOT>", "UBOT") == ""


def test_privat_prefix_makes_a_slash_answer_private():
    assert split_private("privat Hva er LUP?") == (True, "Hva er LUP?")
    assert split_private("Privat: Hva er LUP?") == (True, "Hva er LUP?")
    assert split_private("privatisering av tjenester") == (False, "privatisering av tjenester")
