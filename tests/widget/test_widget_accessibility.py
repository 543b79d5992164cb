"""The widget passes axe-core's WCAG 2.1 A/AA rules closed, with an answer, with a refusal and with an error,
and works from the keyboard: Escape closes the panel wherever focus is in the widget."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import free_port
from tests.widget.accessibility import wcag_violations
from tests.widget.conftest import HostSite, Kildesvar
from tests.widget.widget_page import ask, ask_expecting_error, open_widget, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_closed_widget_has_no_wcag_violations(page: Page, kildesvar: Kildesvar, allowed_site: HostSite):
    page.goto(allowed_site.page("closed.html", kildesvar.url))
    expect(page.locator(".ks-launcher")).to_be_visible()
    assert wcag_violations(page) == []


def test_an_answer_and_a_refusal_have_no_wcag_violations(page: Page, kildesvar: Kildesvar, allowed_site: HostSite):
    open_widget(page, allowed_site.page("answer.html", kildesvar.url))
    ask(page, "Hvem eier LUP?")
    assert wcag_violations(page) == []
    refusal = ask(page, "Hva er hovedstaden i Frankrike?")
    expect(refusal.locator(".ks-abstained")).to_be_visible()
    assert wcag_violations(page) == []


def test_errors_have_no_wcag_violations(
    page: Page, kildesvar: Kildesvar, allowed_site: HostSite, refused_site: HostSite
):
    down = f"http://127.0.0.1:{free_port()}"  # nothing listens there: the network error, with its retry button
    open_widget(page, allowed_site.page("error.html", down, script_from=kildesvar.url))
    error = ask_expecting_error(page, "Hvem eier LUP?")
    expect(error.locator(".ks-retry")).to_be_visible()
    assert wcag_violations(page) == []
    open_widget(page, refused_site.page("refused.html", kildesvar.url))
    ask_expecting_error(page, "Hvem eier LUP?")
    assert wcag_violations(page) == []


def test_escape_closes_the_panel_when_focus_is_on_the_launcher(
    page: Page, kildesvar: Kildesvar, allowed_site: HostSite
):
    open_widget(page, allowed_site.page("escape.html", kildesvar.url))
    tab_to(page, "ks-launcher", "Shift+Tab")
    page.keyboard.press("Escape")
    expect(page.locator(".ks-panel")).to_be_hidden()
    expect(page.locator(".ks-launcher")).to_have_attribute("aria-expanded", "false")


def test_the_ai_assistant_notice_shows_under_every_conversation(
    page: Page, kildesvar: Kildesvar, allowed_site: HostSite
):
    style = ".ks-disclaimer, kildesvar-widget p { display: none !important; }"  # a page cannot hide it
    open_widget(page, allowed_site.page("notice.html", kildesvar.url, style=style))
    expect(page.locator(".ks-disclaimer")).to_be_visible()
    expect(page.locator(".ks-disclaimer")).to_contain_text("KI-assistent")
