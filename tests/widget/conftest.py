"""The widget in a real browser: Debian's Chromium driven by Playwright, the real server on loopback over an
ingested test corpus, and host pages served from other loopback origins (one allowed, one not)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.conftest import BIN, free_port, kildesvar_env, run_ingest, running

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

XSS_TEXT = 'Testkoden <script>window.__xss=1</script> og bildet <img src=x onerror="window.__xss=1"> er ren tekst.'

CORPUS = {
    "laering-for-naering.md": (
        "---\ntitle: Læring for næring – utviklingsnettverk\ntype: programbeskrivelse\n"
        "url: https://www.ks.no/laering-for-naering\n---\n\n# Læring for næring\n\n## Om nettverket\n\n"
        "Læring for næring er et utviklingsnettverk for kommuner som vil bli bedre vertskommuner for næringslivet. "
        "Nettverket samles fire ganger i løpet av to år.\n\n## Hvem kan delta\n\n"
        "Alle kommuner i Østfold, Akershus og Buskerud kan søke om å delta i Læring for næring.\n"
    ),
    "lup.md": (
        "---\ntitle: LUP – Nasjonalt program for leverandørutvikling\ntype: notat\n---\n\n# LUP\n\n"
        "## Eierskap\n\nNasjonalt program for leverandørutvikling (LUP) eies av KS og NHO.\n\n"
        "## Innovative anskaffelser\n\n"
        "LUP hjelper kommuner med innovative anskaffelser og dialog med leverandørene før konkurransen.\n"
    ),
    "sikkerhetstest.md": (
        '---\ntitle: Sikkerhetstest <img src=x onerror="window.__xss=1">\ntype: notat\n'
        "url: javascript:window.__xss=1\n---\n\n# Sikkerhetstest for widgeten\n\n## Skadelig kode\n\n"
        f"{XSS_TEXT}\n"
    ),
}


@dataclass(frozen=True)
class Kildesvar:
    """The running server: its URL and data dir."""

    url: str
    data_dir: Path


class HostSite:
    """A tiny static web server on its own loopback port: a different origin from the Kildesvar server."""

    def __init__(self, root: Path) -> None:
        self.root = root
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def page(self, name: str, kildesvar_url: str, attributes: str = "", style: str = "", script_from: str = "") -> str:
        """Write a host page that embeds the widget with the one script line; returns its URL.

        `script_from` serves widget.js from another server than `kildesvar_url` (e.g. when that one is down).
        """
        script = f'<script src="{script_from or kildesvar_url}/widget.js" data-kildesvar-url="{kildesvar_url}"'
        (self.root / name).write_text(
            '<!doctype html><html lang="nb"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">'
            f"<title>Vertsside</title><style>{style}</style></head><body>"
            "<h1>Kommunens intranett</h1><p>Her er en lenke: <a href='#top'>til toppen</a>.</p>"
            f"{script} {attributes} defer></script></body></html>",
            encoding="utf-8",
        )
        return f"{self.origin}/{name}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _host_site(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[HostSite]:
    site = HostSite(tmp_path_factory.mktemp(name))
    site.thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


@pytest.fixture(scope="package")
def allowed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostSite]:
    yield from _host_site(tmp_path_factory, "allowed-site")


@pytest.fixture(scope="package")
def refused_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostSite]:
    yield from _host_site(tmp_path_factory, "refused-site")


def write_corpus(folder: Path) -> Path:
    """The test corpus (`CORPUS`) written to `folder`."""
    folder.mkdir()
    for name, text in CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="package")
def kildesvar(tmp_path_factory: pytest.TempPathFactory, allowed_site: HostSite) -> Iterator[Kildesvar]:
    """The real server over the ingested test corpus; only `allowed_site` may embed the widget."""
    root = tmp_path_factory.mktemp("kildesvar")
    corpus = write_corpus(root / "corpus")
    data_dir = root / "data"
    env = kildesvar_env(
        KILDESVAR_DATA_DIR=str(data_dir),
        KILDESVAR_WIDGET_ORIGINS=allowed_site.origin,
        KILDESVAR_WIDGET_RATE_LIMIT="1000/minute",
    )
    run_ingest(corpus, env)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    serve = [str(BIN / "kildesvar"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with running(serve, env, f"{url}/readyz", root / "server.log"):
        yield Kildesvar(url, data_dir)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium under Playwright; the test is skipped with a message where it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run scripts/install-system-deps (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@contextmanager
def browser_page(browser: Browser, width: int = 1280, height: int = 800, bypass_csp: bool = False) -> Iterator[Page]:
    """A page in a fresh context (its own sessionStorage); a JavaScript error on it fails the test, and so does
    a Content-Security-Policy violation unless `bypass_csp` (which lets axe-core be injected into a page whose
    policy forbids inline scripts)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nb-NO", bypass_csp=bypass_csp)
    opened = context.new_page()
    errors: list[str] = []
    opened.on(
        "console",
        lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None,
    )
    opened.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield opened
    finally:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with browser_page(browser) as opened:
        yield opened
