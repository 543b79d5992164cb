from dataclasses import replace
from datetime import date

import pytest

from service.answer.amendments import find_amending_text
from service.answer.draft import Quote, Statement
from service.answer.validity import ValidityChecker, format_date
from service.retrieval.law_catalogue import CatalogueCache
from tests.sample_laws import AMENDING, AMENDING_CHUNKS, FOA, FOA_CHUNKS, NOTE, fill
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


def test_an_amendment_not_yet_in_force_is_quoted_after_the_statement_it_amends(store):
    statements, warnings = checker(store, date(2026, 5, 1)).review([cited(FOA_CHUNKS[0])])
    assert len(warnings) == 1
    assert len(statements) == 2 and statements[0] == cited(FOA_CHUNKS[0])
    amending = statements[1].quotes[0]
    assert amending.chunk.refid == "forskrift/2026-04-14-617"
    assert "500 000 kroner" in amending.text and amending.text.startswith("§ 1-1 skal lyde:")


def test_an_amendment_in_force_is_stated_first_and_the_quoted_wording_shown_as_the_earlier_text(store):
    statements, warnings = checker(store, date(2026, 11, 28)).review([cited(FOA_CHUNKS[0])])
    assert len(warnings) == 1
    rule, earlier = statements
    assert rule.text == (
        "Fra 1. juli 2026 (forskrift 14. april 2026 nr. 617): Forskriften gjelder når oppdragsgivere inngår "
        "kontrakter med en anslått verdi som er lik eller overstiger 500 000 kroner eksklusive merverdiavgift."
    )
    assert rule.quotes[0].text.startswith("§ 1-1 skal lyde:") and rule.quotes[0].chunk.refid == AMENDING
    assert earlier.text == "Tidligere tekst: Forskriften gjelder." and earlier.quotes == cited(FOA_CHUNKS[0]).quotes


def test_an_amendment_of_another_ledd_is_quoted_after_the_statement(store):
    section = replace(FOA_CHUNKS[0], text=FOA_CHUNKS[0].text + "\n\nForskriften gjelder også for konsesjoner.")
    second_ledd = section.text.index("Forskriften gjelder også")
    amending = replace(AMENDING_CHUNKS[0], text=AMENDING_CHUNKS[0].text.replace("§ 1-1 skal", "§ 1-1 første ledd skal"))
    fill(store, (section, amending))
    statement = Statement(
        "Forskriften gjelder også for konsesjoner.", (Quote(section, second_ledd, second_ledd + 10, 0.9),)
    )
    statements, _ = checker(store, date(2026, 11, 28)).review([statement])
    assert statements[0] == statement and statements[1].text.startswith("§ 1-1 første ledd skal lyde:")


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
