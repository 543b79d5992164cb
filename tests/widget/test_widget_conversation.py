"""The widget in Chromium against the real server: asking, streaming, citations, follow-ups, feedback,
persistence, keyboard use and a hostile host page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from service.feedback.store import FeedbackStore
from tests.widget.conftest import HostSite, Kildesvar
from tests.widget.widget_page import (
    ANSWER_TIMEOUT_MS,
    ask,
    count_streamed_deltas,
    open_widget,
    shadow_active_class,
    tab_to,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUESTION = "Hva er Læring for næring?"
FOLLOW_UP = "Hvem kan delta i nettverket?"

HOSTILE_CSS = """
* { all: unset; color: red !important; font-size: 40px !important; font-family: serif !important;
    line-height: 3 !important; letter-spacing: 3px !important; text-transform: uppercase !important; }
html { font-size: 40px !important; }
head, style, script { display: none !important; }
button { display: none !important; }
div, section, p, li, ol, form, textarea, header { background: yellow !important; padding: 30px !important;
    border: 5px solid green !important; margin: 20px !important; }
"""


@pytest.fixture
def host_page(allowed_site: HostSite, kildesvar: Kildesvar) -> str:
    return allowed_site.page("plain.html", kildesvar.url)


def test_answer_streams_in_then_shows_numbered_citations(page: Page, host_page: str):
    open_widget(page, host_page)
    count_streamed_deltas(page)
    with page.expect_response(lambda response: response.url.endswith("/v1/ask/stream")) as streamed:
        turn = ask(page, QUESTION)
    assert streamed.value.headers["content-type"].startswith("text/event-stream")
    assert page.evaluate("window.__deltas") >= 1
    expect(turn.locator(".ks-user")).to_have_text(f"Du: {QUESTION}")
    expect(turn.locator(".ks-answer-text")).to_contain_text("utviklingsnettverk")
    expect(turn.locator(".ks-marker").first).to_have_text("[1]")
    source = turn.locator(".ks-source").first
    expect(source.locator(".ks-source-n")).to_have_text("1")
    expect(source.locator("a.ks-source-title")).to_have_attribute("href", "https://www.ks.no/laering-for-naering")
    expect(source.locator(".ks-source-title")).to_contain_text("Læring for næring – utviklingsnettverk")
    sections = turn.locator(".ks-source-meta").all_inner_texts()
    assert "Om nettverket" in sections, sections
    expect(turn.locator(".ks-source-quote").nth(sections.index("Om nettverket"))).to_contain_text("utviklingsnettverk")


def test_clicking_a_citation_marker_highlights_its_source(page: Page, host_page: str):
    open_widget(page, host_page)
    turn = ask(page, QUESTION)
    marker = turn.locator(".ks-marker").first
    marker.click()
    source = turn.locator(f"#{marker.get_attribute('aria-controls')}")
    expect(source).to_have_class("ks-source ks-highlight")
    expect(source.locator(".ks-source-n")).to_have_text(marker.get_attribute("data-n") or "")
    assert page.locator(".ks-highlight").count() == 1
    assert shadow_active_class(page) == "ks-source ks-highlight"


def test_follow_up_question_carries_the_conversation_history(page: Page, host_page: str):
    open_widget(page, host_page)
    first = ask(page, QUESTION)
    first_answer = first.locator(".ks-answer-text").inner_text()
    with page.expect_request(lambda request: request.url.endswith("/v1/ask/stream")) as sent:
        ask(page, FOLLOW_UP)
    body = sent.value.post_data_json
    assert body["question"] == FOLLOW_UP
    assert body["history"] == [{"question": QUESTION, "answer": first_answer}]
    expect(page.locator(".ks-turn")).to_have_count(2)


def test_vote_with_comment_is_stored_with_question_answer_and_citations(page: Page, host_page: str, kildesvar):
    open_widget(page, host_page)
    turn = ask(page, QUESTION)
    turn.get_by_role("button", name="Nei, ikke nyttig").click()
    comment = turn.get_by_label("Kommentar (valgfritt)")
    expect(comment).to_be_focused()
    comment.fill("Mangler søknadsfristen")
    turn.get_by_role("button", name="Send tilbakemelding").click()
    expect(turn.locator(".ks-feedback-status")).to_have_text("Takk for tilbakemeldingen!")
    expect(turn.get_by_role("button", name="Nei, ikke nyttig")).to_have_attribute("aria-pressed", "true")
    entry = list(FeedbackStore.in_data_dir(kildesvar.data_dir).entries())[-1]
    assert (entry.question, entry.vote, entry.comment, entry.channel) == (
        QUESTION,
        -1,
        "Mangler søknadsfristen",
        "widget",
    )
    assert entry.answer == turn.locator(".ks-answer-text").inner_text()
    assert entry.citations and entry.citations[0]["n"] == 1


def test_conversation_survives_a_reload_and_can_be_cleared(page: Page, host_page: str):
    open_widget(page, host_page)
    ask(page, QUESTION)
    page.locator(".ks-input").fill("Et utkast jeg ikke har sendt")
    page.reload()
    expect(page.locator(".ks-panel")).to_be_visible()
    expect(page.locator(".ks-turn")).to_have_count(1)
    expect(page.locator(".ks-turn .ks-source").first).to_be_visible()
    expect(page.locator(".ks-input")).to_have_value("Et utkast jeg ikke har sendt")
    page.get_by_role("button", name="Start en ny samtale").click()
    expect(page.locator(".ks-turn")).to_have_count(0)
    expect(page.locator(".ks-input")).to_be_focused()
    page.reload()
    expect(page.locator(".ks-turn")).to_have_count(0)


def test_keyboard_alone_opens_asks_moves_through_citations_and_closes(page: Page, host_page: str):
    page.goto(host_page)
    tab_to(page, "ks-launcher", "Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".ks-input")).to_be_focused()
    expect(page.locator(".ks-launcher")).to_have_attribute("aria-expanded", "true")
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    expect(page.locator(".ks-turn .ks-feedback")).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    tab_to(page, "ks-marker", "Shift+Tab")
    page.keyboard.press("Enter")
    assert shadow_active_class(page) == "ks-source ks-highlight"
    page.keyboard.press("Tab")
    assert shadow_active_class(page) == "ks-source-title"
    page.keyboard.press("Escape")
    expect(page.locator(".ks-panel")).to_be_hidden()
    assert shadow_active_class(page) == "ks-launcher"


def test_widget_works_and_keeps_its_look_on_a_page_with_hostile_css(page: Page, allowed_site, kildesvar):
    attributes = 'data-title="Spør om næring" data-accent="#ffcc00" data-position="bottom-left"'
    open_widget(page, allowed_site.page("hostile.html", kildesvar.url, attributes, HOSTILE_CSS))
    launcher = page.locator(".ks-launcher")
    box = launcher.bounding_box()
    assert box is not None and box["x"] < 40 and box["height"] == 52
    assert launcher.evaluate("node => getComputedStyle(node).backgroundColor") == "rgb(255, 204, 0)"
    expect(page.locator(".ks-title")).to_have_text("Spør om næring")
    turn = ask(page, QUESTION)
    answer = turn.locator(".ks-answer-text")
    style = answer.evaluate(
        "n => [getComputedStyle(n).color, getComputedStyle(n).fontSize, getComputedStyle(n).textTransform]"
    )
    assert style == ["rgb(31, 41, 55)", "15px", "none"]
    expect(turn.locator(".ks-source").first).to_be_visible()
    expect(page.locator(".ks-send")).to_be_visible()
    assert page.locator("h1").evaluate("n => getComputedStyle(n).color") == "rgb(255, 0, 0)"


@pytest.mark.parametrize(
    ("lang", "launcher", "placeholder"),
    [("nn", "Still eit spørsmål", "Skriv spørsmålet ditt …"), ("en", "Ask a question", "Type your question …")],
)
def test_language_attribute_switches_the_widget_texts(page, allowed_site, kildesvar, lang, launcher, placeholder):
    open_widget(page, allowed_site.page(f"lang-{lang}.html", kildesvar.url, f'data-lang="{lang}"'))
    expect(page.locator(".ks-launcher")).to_have_text(launcher)
    expect(page.locator(".ks-input")).to_have_attribute("placeholder", placeholder)
    expect(page.locator(".ks-root")).to_have_attribute("lang", lang)
