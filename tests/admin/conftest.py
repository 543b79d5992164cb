"""The admin page in a real browser: Debian's Chromium under Playwright against the real `kildesvar serve` on
loopback, over an ingested test corpus, with an admin key, feedback and a question log already in its data dir."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from service.feedback.store import FeedbackEntry, FeedbackStore
from service.questions.log import LoggedQuestion, QuestionLog
from tests.e2e.conftest import BIN, free_port, kildesvar_env, run_ingest, running
from tests.widget.conftest import HostSite, Kildesvar, _host_site, browser_page, chromium, write_corpus

ADMIN_KEY = "kommunens-admin-nokkel-0123456789abcdef"
NOW = datetime.now(UTC).replace(microsecond=0)
GAPS = (
    ("Hvor kan jeg parkere ved rådhuset?", 6),
    ("Hvor kan jeg parkere ved rådhuset?", 3),
    ("parkering rådhuset", 2),
    ("Hvor mange feriedager har kommunalt ansatte?", 1),
)


def seed(data_dir: Path) -> None:
    """Refused questions in the question log and votes in the feedback store, as earlier use left them."""
    log = QuestionLog.in_data_dir(data_dir, 30)
    for question, days_ago in GAPS:
        log.record(LoggedQuestion(NOW - timedelta(days=days_ago), "widget", question, True, "low_score", (), 30.0))
    feedback = FeedbackStore.in_data_dir(data_dir)
    for question, vote, channel, comment in (
        ("Hvem eier LUP?", 1, "widget", "Fint svar"),
        ("Hvem kan delta i Læring for næring?", -1, "slack", "Mangler Vestfold"),
        ("Hvor ofte samles nettverket?", -1, "widget", ""),
    ):
        entry = FeedbackEntry(question, "Et svar.", vote, channel, [{"source": "lup.md"}], comment, NOW)  # type: ignore[arg-type]
        feedback.record(entry)


@pytest.fixture(scope="module")
def kildesvar(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kildesvar]:
    """The real server with `ADMIN_KEY` as its admin key (KILDESVAR_API_KEY)."""
    root = tmp_path_factory.mktemp("kildesvar-admin")
    corpus = write_corpus(root / "corpus")
    data_dir = root / "data"
    env = kildesvar_env(KILDESVAR_DATA_DIR=str(data_dir), KILDESVAR_API_KEY=ADMIN_KEY)
    run_ingest(corpus, env)
    seed(data_dir)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    serve = [str(BIN / "kildesvar"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with running(serve, env, f"{url}/readyz", root / "server.log"):
        yield Kildesvar(url, data_dir)


@pytest.fixture(scope="module")
def other_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostSite]:
    """Another web page on loopback (same site, other origin), as an attacker's page open in the same browser."""
    yield from _host_site(tmp_path_factory, "other-site")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one module only: Playwright's sync API must be gone before the widget's own starts."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page that ignores the admin page's Content-Security-Policy, so that axe-core can be injected."""
    with browser_page(browser, bypass_csp=True) as opened:
        yield opened


@pytest.fixture
def strict_page(browser: Browser) -> Iterator[Page]:
    """A page under the admin page's Content-Security-Policy: a violation fails the test."""
    with browser_page(browser) as opened:
        yield opened


def sign_in(page: Page, url: str, key: str = ADMIN_KEY) -> None:
    page.goto(f"{url}/admin")
    page.get_by_label("Admin-nøkkel").fill(key)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.locator("#app")).to_be_visible()
    expect(page.locator("#documents tr").first).to_be_visible()
