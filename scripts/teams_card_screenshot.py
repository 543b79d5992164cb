"""A Teams answer card as officers see it, for the docs: docs/teams-card.png.

Ingests the procurement regulation and the act that amends it from ../shared/data/lovdata into a
temporary data dir (the answer then carries a validity warning), or the sample corpus where ../shared is
absent, asks the real engine (extractive, no LLM), builds the card the bot sends, and renders it with
Microsoft's Adaptive Cards renderer (scripts/teams-card, `npm ci --prefix scripts/teams-card`) in Debian's
Chromium, with the first quote unfolded. The signs 👍 👎 ⚠️ 🔍 need Debian's fonts-noto-color-emoji.
Run from the repo root:

    .venv/bin/python scripts/teams_card_screenshot.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright

from ingest.pipeline import ingest_folder
from service.answer.engine import AnswerEngine
from service.answer.settings import AnswerSettings
from service.teams.cards import answer_card
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

ROOT = Path(__file__).resolve().parents[1]

OUT = ROOT / "docs" / "teams-card.png"
RENDER_PAGE = ROOT / "scripts" / "teams-card" / "render.html"
LOVDATA = Path(os.environ.get("KILDESVAR_SHARED_DIR", ROOT.parent / "shared")) / "data" / "lovdata" / "forskrifter"
LAWS = ("forskrift-2016-08-12-974.md", "forskrift-2026-04-14-617.md")
LAW_QUESTION = "Fra hvilket beløp gjelder anskaffelsesforskriften?"
CORPUS_QUESTION = "Hvor mange kommuner er med i Bærekraftsløftet Viken?"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


def documents(folder: Path) -> str:
    """The two regulations (or, without ../shared, the sample corpus) in `folder`; the question to ask."""
    if not all((LOVDATA / law).exists() for law in LAWS):
        print(f"{LOVDATA} lacks {LAWS}: the card shows a sample-corpus answer without a validity warning")
        shutil.copytree(ROOT / "corpus", folder)
        return CORPUS_QUESTION
    folder.mkdir()
    for law in LAWS:
        shutil.copy(LOVDATA / law, folder / law)
    return LAW_QUESTION


def main() -> None:
    if not (RENDER_PAGE.parent / "node_modules" / "adaptivecards").is_dir():
        raise SystemExit("Run `npm ci --prefix scripts/teams-card` first (the Adaptive Cards renderer).")
    if "emoji" not in subprocess.run(["fc-list"], capture_output=True, text=True).stdout.lower():
        print("No emoji font: 👍 👎 ⚠️ 🔍 show as boxes (apt-get install fonts-noto-color-emoji)")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "documents"
        question = documents(folder)
        store = KnowledgeStore.open(StoreSettings(data_dir=Path(temporary) / "data", chroma_url=None))
        report = ingest_folder(folder, store)
        print(f"ingested {len(report.added)} documents")
        engine = AnswerEngine(store, AnswerSettings(), clock=date.today)
        answer = engine.ask(question)
        print(f"{question} -> {answer.answer} ({len(answer.citations)} sources, {len(answer.warnings)} warnings)")
        card = answer_card(answer, question).model_dump(exclude_none=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 860, "height": 1000}, device_scale_factor=1, locale="nb-NO")
        page.goto(RENDER_PAGE.as_uri())
        warnings = page.evaluate("card => window.renderCard(card)", card)
        if warnings:
            raise SystemExit(f"the renderer warned: {warnings}")
        page.get_by_text("Vis sitat").first.click()
        page.wait_for_timeout(300)
        page.locator(".message").screenshot(path=str(OUT))
        browser.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
