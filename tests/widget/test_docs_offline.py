"""/docs and /redoc render in a real browser with every request served by the app itself: the API's contract
can be read on an intranet without internet."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

from tests.widget.conftest import Kildesvar

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def offline(page: Page, origin: str) -> list[str]:
    """Refuse every request that leaves the app's origin (as a closed network would); returns their URLs."""
    refused: list[str] = []

    def route(handled: Route) -> None:
        if handled.request.url.startswith(origin):
            handled.continue_()
        else:
            refused.append(handled.request.url)
            handled.abort()

    page.route("**/*", route)
    return refused


def test_swagger_ui_renders_from_the_apps_own_assets(page: Page, kildesvar: Kildesvar):
    refused = offline(page, kildesvar.url)
    page.goto(f"{kildesvar.url}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Kildesvar", timeout=30_000)
    expect(page.locator(".opblock-summary-path", has_text="/v1/ask").first).to_be_visible()
    assert refused == []


def test_redoc_renders_from_the_apps_own_assets(page: Page, kildesvar: Kildesvar):
    refused = offline(page, kildesvar.url)
    page.goto(f"{kildesvar.url}/redoc")
    expect(page.locator("h1", has_text="Kildesvar")).to_be_visible(timeout=30_000)
    expect(page.locator("h2", has_text="Still et spørsmål").first).to_be_visible()
    # ReDoc's "API docs by Redocly" link tries its logo from Redocly's CDN and removes the image when that
    # fails (its onError); nothing else leaves the app.
    assert [url for url in refused if url != REDOCLY_LOGO] == []
