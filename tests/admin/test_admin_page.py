"""The admin page against the real server in Chromium: sign-in with an admin key, documents listed and searched,
drag-and-drop upload with a result per file, failed files with their reason, delete after confirmation,
feedback filtered and exported, the knowledge-gap report, sign-out; axe-core finds no WCAG 2.1 A/AA violation
on any of its views; another page in the same browser cannot change anything with the session cookie."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.admin.conftest import ADMIN_KEY, sign_in
from tests.widget.accessibility import wcag_violations
from tests.widget.conftest import HostSite, Kildesvar

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MEMO = "# Vedtak om næringsplan\n\n## Tiltak\n\nKommunen skal svare bedrifter innen fem virkedager.\n"


def drop_files(page: Page, files: dict[str, str]) -> None:
    """Drop files on the upload area, as a user dragging them from the desktop does."""
    transfer = page.evaluate_handle(
        """(files) => {
            const transfer = new DataTransfer();
            for (const [name, text] of Object.entries(files)) transfer.items.add(new File([text], name));
            return transfer;
        }""",
        files,
    )
    page.locator("#drop").dispatch_event("dragenter", {"dataTransfer": transfer})
    page.locator("#drop").dispatch_event("drop", {"dataTransfer": transfer})


def documents(url: str) -> list[str]:
    listed = httpx.get(f"{url}/v1/documents", headers={"Authorization": f"Bearer {ADMIN_KEY}"}).json()
    return [document["id"] for document in listed["documents"]]


def test_sign_in_refuses_a_wrong_key_and_the_page_has_no_wcag_violations(page: Page, kildesvar: Kildesvar):
    page.goto(f"{kildesvar.url}/admin")
    expect(page.get_by_role("heading", name="Logg inn")).to_be_visible()
    assert wcag_violations(page) == []
    page.get_by_label("Admin-nøkkel").fill("feil-nokkel")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.locator("#sign-in-error")).to_contain_text("Nøkkelen er ikke gyldig")
    assert wcag_violations(page) == []
    sign_in(page, kildesvar.url)
    cookie = next(cookie for cookie in page.context.cookies() if cookie["name"] == "kildesvar_admin")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie") == ""  # the page's script cannot read the session
    expect(page.locator("#who")).to_contain_text("KILDESVAR_API_KEY")
    expect(page.locator("#documents tr")).to_have_count(3)
    assert wcag_violations(page) == []


def test_documents_are_searched_and_their_titles_stay_text(page: Page, kildesvar: Kildesvar):
    sign_in(page, kildesvar.url)
    expect(page.locator("#documents")).to_contain_text('Sikkerhetstest <img src=x onerror="window.__xss=1">')
    assert page.evaluate("window.__xss") is None
    page.get_by_label("Søk i tittel og kilde").fill("lup")
    page.get_by_role("button", name="Søk", exact=True).click()
    expect(page.locator("#documents tr")).to_have_count(1)
    expect(page.locator("#documents")).to_contain_text("LUP – Nasjonalt program for leverandørutvikling")
    expect(page.locator("#document-count")).to_have_text("Viser 1–1 av 1 dokumenter.")


def test_drag_and_drop_upload_then_delete_after_confirmation(page: Page, kildesvar: Kildesvar):
    sign_in(page, kildesvar.url)
    drop_files(page, {"vedtak.md": MEMO, "bilde.png": "\x89PNG"})
    results = page.locator("#upload-results li")
    expect(results).to_have_count(2, timeout=60_000)
    expect(results.filter(has_text="vedtak.md")).to_contain_text("lagt til")
    expect(results.filter(has_text="bilde.png")).to_contain_text("feilet")
    expect(page.locator("#status")).to_have_text("1 av 2 filer lest inn; 1 feilet.")
    row = page.locator("#documents tr", has_text="Vedtak om næringsplan")
    expect(row).to_be_visible()
    assert "uploads/vedtak.md" in documents(kildesvar.url)
    assert wcag_violations(page) == []

    page.get_by_role("button", name="Feilede filer").click()
    failure = page.locator("#failures tr", has_text="uploads/bilde.png")
    expect(failure).to_contain_text("Opplasting")
    assert failure.locator("td").nth(1).inner_text().strip()  # the reason is shown
    assert wcag_violations(page) == []

    page.get_by_role("button", name="Dokumenter").click()
    page.get_by_role("button", name="Slett «Vedtak om næringsplan»").click()
    dialog = page.get_by_role("dialog", name="Slette dokumentet?")
    expect(dialog).to_be_visible()
    assert wcag_violations(page) == []
    dialog.get_by_role("button", name="Avbryt").click()
    expect(dialog).to_be_hidden()
    assert "uploads/vedtak.md" in documents(kildesvar.url)
    page.get_by_role("button", name="Slett «Vedtak om næringsplan»").click()
    dialog.get_by_role("button", name="Slett").click()
    expect(page.locator("#status")).to_have_text("«Vedtak om næringsplan» er slettet.")
    expect(page.locator("#documents tr", has_text="Vedtak om næringsplan")).to_have_count(0)
    assert "uploads/vedtak.md" not in documents(kildesvar.url)


def test_feedback_is_filtered_and_exported(page: Page, kildesvar: Kildesvar):
    sign_in(page, kildesvar.url)
    page.get_by_role("button", name="Tilbakemeldinger").click()
    page.get_by_label("Stemme").select_option("down")
    page.get_by_role("button", name="Vis").click()
    expect(page.locator("#feedback tr")).to_have_count(2)
    page.get_by_label("Kanal").select_option("slack")
    page.get_by_role("button", name="Vis").click()
    expect(page.locator("#feedback tr")).to_have_count(1)
    expect(page.locator("#feedback")).to_contain_text("Mangler Vestfold")
    assert wcag_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Eksporter CSV").click()
    assert download.value.suggested_filename == "tilbakemeldinger.csv"
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert [(row["question"], row["channel"], row["vote"]) for row in rows] == [
        ("Hvem kan delta i Læring for næring?", "slack", "-1")
    ]


def test_the_gap_report_groups_similar_questions(page: Page, kildesvar: Kildesvar):
    sign_in(page, kildesvar.url)
    page.get_by_role("button", name="Kunnskapshull").click()
    first = page.locator("#gaps tr").first
    expect(first).to_contain_text("Hvor kan jeg parkere ved rådhuset?", timeout=60_000)
    cells = first.locator("td")
    assert [cells.nth(index).inner_text() for index in (1, 2, 3)] == ["3", "3", "0"]
    expect(cells.nth(6)).to_have_text("parkering rådhuset")
    expect(page.locator("#gaps tr")).to_have_count(4)  # and the two thumbs-down answers, each alone
    expect(page.locator("#gaps tr", has_text="Mangler")).to_have_count(0)  # comments are not questions
    expect(page.locator("#gaps tr", has_text="Hvor ofte samles nettverket?")).to_contain_text("1")
    assert wcag_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned Markdown").click()
    assert download.value.suggested_filename == "kunnskapshull.md"


def test_another_page_in_the_same_browser_cannot_change_anything(
    strict_page: Page, kildesvar: Kildesvar, other_site: HostSite
):
    page = strict_page
    sign_in(page, kildesvar.url)
    attack = other_site.root / "attack.html"
    attack.write_text('<!doctype html><html lang="nb"><title>Angrep</title><h1>Angrep</h1></html>', encoding="utf-8")
    page.goto(f"{other_site.origin}/attack.html")
    page.evaluate(
        """async (url) => {
            const form = new FormData();
            form.append('files', new File(['# Falsk\\n\\n## Del\\n\\nFalsk innhold.\\n'], 'falsk.md'));
            await fetch(url + '/v1/documents', {method: 'POST', body: form, credentials: 'include', mode: 'no-cors'});
        }""",
        kildesvar.url,
    )
    assert "uploads/falsk.md" not in documents(kildesvar.url)


def test_every_view_works_under_the_pages_content_security_policy_and_sign_out_ends_the_session(
    strict_page: Page, kildesvar: Kildesvar
):
    page = strict_page
    sign_in(page, kildesvar.url)
    for tab, filled in (
        ("Feilede filer", "#failures tr"),
        ("Tilbakemeldinger", "#feedback tr"),
        ("Kunnskapshull", "#gaps tr"),
    ):
        page.get_by_role("button", name=tab).click()
        expect(page.locator(filled).first).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("heading", name="Logg inn")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Logg inn")).to_be_visible()
    assert page.request.get(f"{kildesvar.url}/v1/documents").status == 401
