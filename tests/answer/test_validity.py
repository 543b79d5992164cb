from datetime import date

import pytest

from service.answer.draft import Quote, Statement
from service.answer.validity import ValidityChecker, find_amending_text, format_date
from service.retrieval.law_catalogue import CatalogueCache
from tests.sample_laws import AMENDING_CHUNKS, FOA, FOA_CHUNKS, NOTE, fill
from vectorstore.models import AmendmentNote
from vectorstore.store import KnowledgeStore


@pytest.fixture
def store(hashing_store: KnowledgeStore) -> KnowledgeStore:
    return fill(hashing_store)


def checker(store: KnowledgeStore, today: date) -> ValidityChecker:
    return ValidityChecker(store, CatalogueCache(store), lambda: today)


def cited(chunk) -> Statement:
    return Statement(text="Forskriften gjelder.", quotes=(Quote(chunk, 0, 10, 0.9),))


def test_passed_amendment_says_the_provision_is_changed(store):
    warning = checker(store, date(2026, 11, 28)).warning(FOA_CHUNKS[0], NOTE, date(2026, 11, 28))
    assert warning == (
        "Merk: § 1-1 i anskaffelsesforskriften er endret ved forskrift 14. april 2026 nr. 617 med virkning fra "
        "1. juli 2026. Teksten som siteres, kan være utdatert."
    )


def test_future_amendment_says_when_it_changes(store):
    warning = checker(store, date(2026, 5, 1)).warning(FOA_CHUNKS[0], NOTE, date(2026, 5, 1))
    assert warning == (
        "Merk: § 1-1 i anskaffelsesforskriften endres ved forskrift 14. april 2026 nr. 617 fra 1. juli 2026."
    )


def test_repeal_and_unknown_date_are_worded_as_such(store):
    repeal = AmendmentNote("oppheves", "Oppheves ved lov 6 mars 2026 nr. 8 (i kraft fra den tid Kongen bestemmer).")
    warning = checker(store, date(2026, 11, 28)).warning(FOA_CHUNKS[1], repeal, date(2026, 11, 28))
    assert warning.startswith("Merk: § 5-3 i anskaffelsesforskriften oppheves ved lov 6. mars 2026 nr. 8;")
    passed = AmendmentNote(
        "oppheves", "Oppheves ved forskrift 14 april 2026 nr. 617 (i kraft 1 juli 2026).", "2026-07-01"
    )
    assert "er opphevet" in checker(store, date(2026, 7, 1)).warning(FOA_CHUNKS[1], passed, date(2026, 7, 1))


def test_review_adds_the_amending_text_as_its_own_statement(store):
    statements, warnings = checker(store, date(2026, 11, 28)).review([cited(FOA_CHUNKS[0])])
    assert len(warnings) == 1
    assert len(statements) == 2
    amending = statements[1].quotes[0]
    assert amending.chunk.refid == "forskrift/2026-04-14-617"
    assert "500 000 kroner" in amending.text and amending.text.startswith("§ 1-1 skal lyde:")


def test_section_without_future_amendment_gets_no_warning(store):
    statements, warnings = checker(store, date(2026, 11, 28)).review([cited(FOA_CHUNKS[1])])
    assert warnings == [] and len(statements) == 1


def test_amending_text_is_taken_from_the_part_that_amends_the_right_law():
    chunk, start, end = find_amending_text(AMENDING_CHUNKS, FOA, "1-1")
    assert chunk.position == 0
    assert chunk.text[start:end].endswith("500 000 kroner eksklusive merverdiavgift.")
    other, _, _ = find_amending_text(AMENDING_CHUNKS, "forskrift/2016-08-12-975", "1-1")
    assert other.position == 1


def test_repeal_is_quoted_as_the_repealing_sentence():
    chunk, start, end = find_amending_text(AMENDING_CHUNKS, FOA, "7-2")
    assert chunk.text[start:end] == "§ 7-2 oppheves."
    assert find_amending_text(AMENDING_CHUNKS, FOA, "7-20") is None


def test_format_date_is_norwegian():
    assert format_date(date(2026, 7, 1)) == "1. juli 2026"
