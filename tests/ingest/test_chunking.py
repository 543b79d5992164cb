"""Chunking follows the document's structure: § for laws, sentences for prose, pages for PDFs."""

import pytest

from ingest.chunking import chunk_sections
from ingest.documents import DocumentMetadata, Section
from ingest.formats.markdown import load_markdown
from ingest.settings import IngestSettings

SETTINGS = IngestSettings()
LAW = DocumentMetadata(title="Testforskriften", doc_type="forskrift", refid="forskrift/2020-01-01-1")


def chunks_of(sections, metadata=LAW, settings=SETTINGS):
    return chunk_sections("test.md", metadata, tuple(sections), settings)


def test_a_short_provision_is_one_chunk_headed_by_its_paragraph_line():
    section = Section(
        ("Kapittel 5. Terskelverdier", "§ 5-3. EØS-terskelverdier"), "(1) Terskelverdien er 62,9 millioner."
    )
    [chunk] = chunks_of([section])
    assert chunk.text == "§ 5-3. EØS-terskelverdier\n\n(1) Terskelverdien er 62,9 millioner."
    assert chunk.section == "Kapittel 5. Terskelverdier > § 5-3. EØS-terskelverdier"
    assert (chunk.paragraph, chunk.chapter, chunk.position) == ("5-3", "5", 0)
    assert (chunk.title, chunk.doc_type, chunk.refid) == ("Testforskriften", "forskrift", "forskrift/2020-01-01-1")


def test_a_long_provision_is_split_between_numbered_ledd():
    ledd = [(f"({n}) " + f"Ledd nummer {n} handler om frister og kunngjøring. " * 12).strip() for n in range(1, 6)]
    section = Section(("§ 8-12a. Frister",), "\n\n".join(ledd) + "\n\n*Endret ved forskrift 20 april 2017 nr. 484.*")
    chunks = chunks_of([section])
    assert len(chunks) > 1
    assert all(chunk.text.startswith("§ 8-12a. Frister\n\n(") for chunk in chunks)
    assert all(len(chunk.text) <= SETTINGS.max_provision_chars for chunk in chunks)
    assert all(chunk.paragraph == "8-12a" and chunk.chapter == "8" for chunk in chunks)
    assert [chunk.position for chunk in chunks] == list(range(len(chunks)))
    joined = "\n\n".join(chunk.text.removeprefix("§ 8-12a. Frister\n\n") for chunk in chunks)
    assert joined == section.body


def test_unnumbered_ledd_split_at_blank_lines_and_a_giant_ledd_by_sentence():
    giant = "Dette er en lang setning om kommunestyrets myndighet og delegering. " * 60
    section = Section(("§ 5-3. Kommunestyre",), f"Første ledd er kort.\n\n{giant.strip()}\n\nSiste ledd er kort.")
    chunks = chunks_of([section])
    assert chunks[0].text == "§ 5-3. Kommunestyre\n\nFørste ledd er kort."
    assert chunks[-1].text.endswith("Siste ledd er kort.")
    assert all(len(chunk.text) <= SETTINGS.max_provision_chars for chunk in chunks)


def test_amendment_notes_attach_to_every_chunk_of_their_section_and_stay_in_the_text():
    note = "*Endres ved forskrift 14 april 2026 nr. 617 (i kraft 1 juli 2026).*"
    ledd = "\n\n".join(f"({n}) " + "Oppdragsgiveren skal dokumentere anskaffelsen. " * 15 for n in range(1, 4))
    chunks = chunks_of([Section(("§ 7-1. Dokumentasjonsplikt",), f"{ledd}\n\n{note}")])
    assert len(chunks) > 1
    assert all(chunk.amendments[0].amending_ref == "forskrift/2026-04-14-617" for chunk in chunks)
    assert note in chunks[-1].text


def test_prose_sections_are_split_by_sentence_with_overlap():
    body = " ".join(f"Setning {n} handler om næringsutvikling i kommunene." for n in range(80))
    chunks = chunks_of([Section(("Bakgrunn",), body)], DocumentMetadata(title="Rapport", doc_type="rapport"))
    assert len(chunks) > 2
    assert all(chunk.text.startswith("Bakgrunn\n\n") and chunk.paragraph is None for chunk in chunks)
    assert all(len(chunk.text) <= SETTINGS.prose_chunk_chars for chunk in chunks)
    first_tail = chunks[0].text.rsplit(". ", 2)[-1]
    assert first_tail in chunks[1].text  # overlap


def test_pdf_pages_keep_page_numbers_and_empty_sections_give_no_chunks():
    sections = [Section((), "Side én.", page=1), Section((), "   ", page=2), Section((), "Side tre.", page=3)]
    chunks = chunks_of(sections, DocumentMetadata(title="Veileder"))
    assert [(chunk.page, chunk.text, chunk.position) for chunk in chunks] == [(1, "Side én.", 0), (3, "Side tre.", 1)]


@pytest.mark.parametrize(
    ("heading", "paragraph"),
    [("§ 12. Ulovlig direkte anskaffelse", "12"), ("§ 7-2 a. (Opphevet)", "7-2a"), ("§ 5A-1. Virkeområde", "5A-1")],
)
def test_paragraph_numbers_are_read_from_the_heading(heading, paragraph):
    [chunk] = chunks_of([Section((heading,), "Tekst.")])
    assert chunk.paragraph == paragraph


@pytest.mark.shared
def test_anskaffelsesforskriften_gets_one_chunk_per_short_paragraph(lovdata_dir):
    path = lovdata_dir / "forskrifter" / "forskrift-2016-08-12-974.md"
    document = load_markdown(path.read_bytes())
    chunks = chunk_sections("forskrifter/forskrift-2016-08-12-974.md", document.metadata, document.sections, SETTINGS)
    by_paragraph = {}
    for chunk in chunks:
        by_paragraph.setdefault(chunk.paragraph, []).append(chunk)
    [threshold] = by_paragraph["5-3"]
    assert threshold.text.startswith("§ 5-3. EØS-terskelverdier\n\n(1) EØS-terskelverdiene er")
    assert "62,9 millioner kroner ekskl. mva. for bygge- og anleggskontrakter" in threshold.text
    assert threshold.section.endswith(
        "Kapittel 5. Anvendelsesområde for de ulike delene i forskriften og terskelverdier > § 5-3. EØS-terskelverdier"
    )
    assert threshold.chapter == "5"
    assert threshold.url == "https://lovdata.no/dokument/SF/forskrift/2016-08-12-974"
    [lower_threshold] = by_paragraph["1-1"]
    assert lower_threshold.amendments[0].kind == "endres"
    assert lower_threshold.amendments[0].effective == "2026-07-01"
    assert len(by_paragraph["5-4"]) > 1
    assert all(
        chunk.text.startswith("§ 5-4. Beregning av anskaffelsens anslåtte verdi\n\n") for chunk in by_paragraph["5-4"]
    )
    assert all(len(chunk.text) <= SETTINGS.max_provision_chars for chunk in chunks)
    assert not any(chunk.section.startswith("Forskrift om offentlige anskaffelser") for chunk in chunks)
    assert [chunk.position for chunk in chunks] == list(range(len(chunks)))


@pytest.mark.shared
def test_kommuneloven_paragraphs_without_numbered_ledd_are_chunked(lovdata_dir):
    document = load_markdown((lovdata_dir / "lover" / "lov-2018-06-22-83.md").read_bytes())
    chunks = chunk_sections("lover/lov-2018-06-22-83.md", document.metadata, document.sections, SETTINGS)
    purpose = next(chunk for chunk in chunks if chunk.paragraph == "1-1")
    assert purpose.text.startswith("§ 1-1. Lovens formål\n\nFormålet med loven")
    assert purpose.doc_type == "lov" and purpose.url == "https://lovdata.no/dokument/NL/lov/2018-06-22-83"
    assert all(len(chunk.text) <= SETTINGS.max_provision_chars for chunk in chunks)
