"""The validity metrics count a warning only when the answer cites the gold § and a warning names exactly it."""

from __future__ import annotations

from evaluation.suite import ValidityCase
from evaluation.validity import judge, names_paragraph
from service.answer.contract import Answer, Citation, source_fields
from tests.sample_laws import AMENDING, AMENDING_CHUNKS, FOA_CHUNKS
from vectorstore.models import Chunk

REGULATION = FOA_CHUNKS[0]  # anskaffelsesforskriften § 1-1, "Endres ved forskrift 14 april 2026 nr. 617"
AMENDING_ACT = AMENDING_CHUNKS[0]
CASE = ValidityCase("v01", "Fra hvilket beløp?", REGULATION.source, "1-1", AMENDING)


def cite(n: int, chunk: Chunk) -> Citation:
    return Citation(n=n, **source_fields(chunk), quote=chunk.text, score=1.0)


def answer(citations: list[Citation], warnings: list[str]) -> Answer:
    return Answer(answer="...", abstained=False, citations=citations, warnings=warnings, timings_ms={})


def test_names_paragraph_does_not_take_a_longer_number_for_the_asked_one():
    assert names_paragraph("Merk: § 1-1 i anskaffelsesforskriften er endret", "1-1")
    assert names_paragraph("Merk: § 8-12a i forskriften oppheves", "8-12a")
    assert not names_paragraph("Merk: § 1-10 i forskriften er endret", "1-1")
    assert not names_paragraph("Merk: § 11 i loven er endret", "1")
    assert not names_paragraph("Merk: § 8-12a i forskriften oppheves", "8-12")


def test_a_warned_answer_cites_the_gold_section_and_names_it_in_a_warning(hashing_store):
    hashing_store.replace_source(REGULATION.source, [REGULATION])
    hashing_store.replace_source(AMENDING_ACT.source, [AMENDING_ACT])
    warning = "Merk: § 1-1 i anskaffelsesforskriften er endret ved forskrift 14. april 2026 nr. 617."
    outcome = judge(CASE, answer([cite(1, REGULATION), cite(2, AMENDING_ACT)], [warning]), hashing_store)
    assert (outcome.gold_cited, outcome.warned, outcome.amending_act_cited) == (True, True, True)


def test_citing_the_gold_section_without_its_warning_is_not_warned(hashing_store):
    hashing_store.replace_source(REGULATION.source, [REGULATION])
    outcome = judge(CASE, answer([cite(1, REGULATION)], ["Merk: § 7-9 i anskaffelsesforskriften oppheves."]),
                    hashing_store)  # fmt: skip
    assert (outcome.gold_cited, outcome.warned, outcome.amending_act_cited) == (True, False, False)


def test_a_warning_without_the_gold_section_cited_does_not_count(hashing_store):
    hashing_store.replace_source(AMENDING_ACT.source, [AMENDING_ACT])
    warning = "Merk: § 1-1 i forsyningsforskriften er endret."
    outcome = judge(CASE, answer([cite(1, AMENDING_ACT)], [warning]), hashing_store)
    assert (outcome.gold_cited, outcome.warned, outcome.amending_act_cited) == (False, False, True)
