"""The widget in Chromium against the real server: refused origins, inert document HTML, failures with a
friendly message and a retry, abstentions, validity warnings and a 320 px wide screen."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.e2e.conftest import free_port
from tests.widget.conftest import XSS_TEXT, HostSite, Kildesvar, browser_page
from tests.widget.widget_page import ask, ask_expecting_error, open_widget

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUESTION = "Hva er Læring for næring?"

WARNED_ANSWER = {
    "answer": "Den nasjonale terskelverdien er 100 000 kroner ekskl. mva. [1]",
    "abstained": False,
    "citations": [
        {
            "n": 1,
            "chunk_id": "forskrift.md#3",
            "title": "Forskrift om offentlige anskaffelser",
            "section": "§ 5-1. Nasjonal terskelverdi",
            "page": None,
            "source": "forskrift.md",
            "url": "https://lovdata.no/dokument/SF/forskrift/2016-08-12-974",
            "quote": "Den nasjonale terskelverdien er 100 000 kroner ekskl. mva.",
            "score": 0.9,
        }
    ],
    "warnings": ["§ 5-1 endres ved forskrift 14. april 2026 nr. 617 (i kraft 1. juli 2026)."],
    "timings_ms": {},
}


def fulfil_error(status: int, error: str, headers: dict[str, str] | None = None):
    def handle(route: Route) -> None:
        body = {"error": error, "message": "Servermeldingen vises ikke.", "status": status}
        route.fulfill(status=status, json=body, headers=headers or {})

    return handle


def test_page_on_an_origin_not_on_the_list_is_refused_with_a_friendly_message(page, refused_site, kildesvar):
    open_widget(page, refused_site.page("refused.html", kildesvar.url))
    with page.expect_response(lambda response: response.url.endswith("/v1/ask/stream")) as refused:
        error = ask_expecting_error(page, QUESTION)
    assert refused.value.status == 403
    assert refused.value.json()["error"] == "origin_not_allowed"
    expect(error).to_contain_text("Kildesvar er ikke åpnet for denne nettsiden.")
    expect(page.locator(".ks-retry")).to_be_hidden()
    expect(page.locator(".ks-input")).to_have_value(QUESTION)
    expect(page.locator(".ks-turn")).to_have_count(0)


def test_html_in_documents_and_answers_stays_inert_text(page: Page, allowed_site: HostSite, kildesvar: Kildesvar):
    open_widget(page, allowed_site.page("xss.html", kildesvar.url))
    turn = ask(page, "Hva står det i sikkerhetstesten om testkoden og bildet?")
    expect(turn.locator(".ks-answer-text")).to_contain_text("<script>window.__xss=1</script>")
    title = turn.locator(".ks-source-title").first
    expect(title).to_have_text('Sikkerhetstest <img src=x onerror="window.__xss=1">')
    assert title.evaluate("node => node.tagName") == "SPAN", "a javascript: url must not become a link"
    expect(turn.locator(".ks-source-quote").first).to_have_text(XSS_TEXT)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    images = page.evaluate(
        "() => document.querySelectorAll('img').length"
        " + document.querySelector('kildesvar-widget').shadowRoot.querySelectorAll('img, script').length"
    )
    assert images == 0


def test_server_down_shows_a_friendly_error_and_retry_keeps_the_input(page, allowed_site, kildesvar):
    down = f"http://127.0.0.1:{free_port()}"
    open_widget(page, allowed_site.page("down.html", down, script_from=kildesvar.url))
    error = ask_expecting_error(page, QUESTION)
    expect(error).to_contain_text("Får ikke kontakt med Kildesvar")
    expect(page.locator(".ks-input")).to_have_value(QUESTION)
    expect(page.locator(".ks-turn")).to_have_count(0)
    page.locator(".ks-retry").click()
    expect(page.locator(".ks-error")).to_contain_text("Får ikke kontakt med Kildesvar")
    expect(page.locator(".ks-input")).to_have_value(QUESTION)


def test_not_ready_and_rate_limited_explain_themselves_and_retry_recovers(page: Page, kildesvar: Kildesvar):
    stream = f"{kildesvar.url}/v1/ask/stream"
    page.route(stream, fulfil_error(503, "index_not_ready"))
    open_widget(page, f"{kildesvar.url}/")
    expect(ask_expecting_error(page, QUESTION)).to_contain_text("Kildesvar er ikke klar akkurat nå")
    page.unroute(stream)
    page.route(stream, fulfil_error(429, "rate_limited", {"Retry-After": "7"}))
    page.locator(".ks-retry").click()
    expect(page.locator(".ks-error")).to_contain_text("Vent 7 sekunder")
    expect(page.locator(".ks-input")).to_have_value(QUESTION)
    page.unroute(stream)
    page.locator(".ks-retry").click()
    expect(page.locator(".ks-turn .ks-source").first).to_be_visible(timeout=120_000)
    expect(page.locator(".ks-error")).to_be_hidden()
    expect(page.locator(".ks-input")).to_have_value("")


def test_abstention_looks_different_and_suggests_rephrasing(page: Page, allowed_site, kildesvar):
    open_widget(page, allowed_site.page("abstain.html", kildesvar.url))
    turn = ask(page, "Hva er hovedstaden i Peru?")
    bubble = turn.locator(".ks-bot")
    expect(bubble).to_have_class("ks-message ks-bot ks-abstained")
    expect(bubble.locator(".ks-abstained-label")).to_have_text("Fant ikke svar i dokumentene")
    expect(bubble.locator(".ks-hint")).to_contain_text("paragrafnummer")
    expect(bubble.locator(".ks-source")).to_have_count(0)
    assert bubble.evaluate("node => getComputedStyle(node).borderStyle") == "dashed"


def test_validity_warning_shows_above_the_answer(page: Page, kildesvar: Kildesvar):
    events = f'event: delta\ndata: {{"text": "Den nasjonale"}}\n\nevent: answer\ndata: {json.dumps(WARNED_ANSWER)}\n\n'
    page.route(
        f"{kildesvar.url}/v1/ask/stream",
        lambda route: route.fulfill(status=200, body=events, headers={"Content-Type": "text/event-stream"}),
    )
    open_widget(page, f"{kildesvar.url}/")
    turn = ask(page, "Hva er den nasjonale terskelverdien?")
    warning = turn.locator(".ks-warning")
    expect(warning).to_have_attribute("role", "note")
    expect(warning).to_contain_text("Merk:")
    expect(warning).to_contain_text("endres ved forskrift 14. april 2026")
    order = turn.locator(".ks-bot > *").evaluate_all("nodes => nodes.map(node => node.className)")
    assert order.index("ks-warning") < order.index("ks-text ks-answer-text")


def test_widget_is_usable_on_a_320_px_wide_screen(browser: Browser, allowed_site, kildesvar):
    with browser_page(browser, width=320, height=640) as page:
        open_widget(page, allowed_site.page("narrow.html", kildesvar.url))
        panel = page.locator(".ks-panel").bounding_box()
        assert panel == {"x": 0, "y": 0, "width": 320, "height": 640}
        expect(page.locator(".ks-launcher")).to_be_hidden()
        turn = ask(page, QUESTION)
        expect(turn.locator(".ks-source").first).to_be_visible()
        overflow = page.locator(".ks-panel").evaluate("node => node.scrollWidth - node.clientWidth")
        assert overflow == 0
        for control in (".ks-send", ".ks-input", ".ks-header .ks-icon-button >> nth=1"):
            box = page.locator(control).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320, control
        page.keyboard.press("Escape")
        expect(page.locator(".ks-launcher")).to_be_visible()
