"""The answer card in Microsoft's Adaptive Cards renderer (npm `adaptivecards`, as Teams' web client uses it),
in Debian's Chromium: it parses without warnings, shows the warning and the sources, unfolds a quote, and its
links and votes run the actions Teams would send."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from service.chat.votes import parse_feedback_value
from service.teams.cards import answer_card
from tests.chat.answers import answer, citation
from tests.conftest import REPO_ROOT
from tests.widget.conftest import browser_page, chromium

pytestmark = pytest.mark.browser

RENDER_PAGE = REPO_ROOT / "scripts" / "teams-card" / "render.html"
RENDERER = REPO_ROOT / "scripts" / "teams-card" / "node_modules" / "adaptivecards" / "dist" / "adaptivecards.min.js"
WARNING = "§ 5-3 endres ved forskrift 14. april 2026 nr. 617 (i kraft 1. juli 2026)."


@pytest.fixture(scope="module")
def card_browser() -> Iterator[Browser]:
    """Chromium for this module only: Playwright's sync API must be gone before the async tests run."""
    if not RENDERER.exists():
        pytest.skip(f"{RENDERER} is missing: run `npm ci --prefix scripts/teams-card` (make test does)")
    with chromium() as launched:
        yield launched


@pytest.fixture
def card_page(card_browser: Browser) -> Iterator[Page]:
    with browser_page(card_browser, width=900, height=900) as page:
        page.goto(Path(RENDER_PAGE).as_uri())
        yield page


def render(page: Page, card: dict) -> list[str]:
    return page.evaluate("card => window.renderCard(card)", card)


def test_the_answer_card_renders_without_warnings(card_page: Page):
    shown = answer(warnings=[WARNING], citations=[citation(1), citation(2, page=12, url=None)])
    assert render(card_page, answer_card(shown, "Terskelverdi?").model_dump(exclude_none=True)) == []
    text = card_page.locator("#card").inner_text()
    assert text.index("Merk:") < text.index("Terskelverdien er 62,9") < text.index("Kilder")
    assert WARNING in text and "Lovtekst: Kilde: Lovdata (NLOD 2.0)" in text and "Var svaret nyttig?" in text
    assert "· s. 12" in text
    assert card_page.get_by_role("button", name="👍 Nyttig").is_visible()


def test_vis_sitat_unfolds_the_quote(card_page: Page):
    render(card_page, answer_card(answer(), "Terskelverdi?").model_dump(exclude_none=True))
    quote = card_page.get_by_text("«62,9 millioner kroner ekskl. mva. for bygge- og anleggskontrakter»")
    assert not quote.is_visible()
    card_page.get_by_text("Vis sitat").click()
    assert quote.is_visible()


def test_the_title_opens_the_source_and_a_vote_sends_the_answer_back(card_page: Page):
    render(card_page, answer_card(answer(), "Terskelverdi?").model_dump(exclude_none=True))
    card_page.get_by_text("Forskrift om offentlige anskaffelser (anskaffelsesforskriften)").click()
    card_page.get_by_role("button", name="👎 Ikke nyttig").click()
    opened, voted = card_page.evaluate("window.executed")
    assert opened == {"type": "Action.OpenUrl", "url": "https://lovdata.no/forskrift/2016-08-12-974/§5-3"}
    assert (voted["type"], voted["verb"], voted["data"]["action"]) == (
        "Action.Execute",
        "kildesvar_vote_down",
        "kildesvar_vote",
    )
    assert parse_feedback_value(voted["data"]["kildesvar_feedback"]).question == "Terskelverdi?"


def test_a_passage_with_markup_is_shown_as_text(card_page: Page):
    hostile = citation(quote="**fet** [lenke](https://evil.example) <b>html</b>")
    render(card_page, answer_card(answer(citations=[hostile]), "q").model_dump(exclude_none=True))
    card_page.get_by_text("Vis sitat").click()
    assert card_page.get_by_text(f"«{hostile.quote}»").is_visible()
    assert card_page.locator("#card a[href*='evil'], #card b").count() == 0
    assert json.dumps(card_page.evaluate("window.executed")) == "[]"
