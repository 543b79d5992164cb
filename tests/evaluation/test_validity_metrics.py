"""The validity metrics count a warning only when the answer cites the gold § and a warning names exactly it."""

from __future__ import annotations

from evaluation.suite import ValidityCase
from evaluation.validity import judge, names_paragraph
from service.schemas import Answer, Citation
from vectorstore.models import Chunk

REGULATION = Chunk(
    source="forskrifter/foa.md",
    position=3,
    text="Forskriften gjelder for anskaffelser med verdi fra 100 000 kroner.",
    title="Anskaffelsesforskriften",
    paragraph="1-1",
    refid="forskrift/2016-08-12-974",
)
AMENDING = Chunk(
    source="forskrifter/endring.md",
    position=0,
    text="§ 1-1 skal lyde: ... 500 000 kroner ...",
    title="Endringsforskrift",
    refid="forskrift/2026-04-14-617",
)
CASE = ValidityCase("v01", "Fra hvilket beløp?", REGULATION.source, "1-1", "forskrift/2026-04-14-617")


def cite(n: int, chunk: Chunk) -> Citation:
    return Citation(
        n=n, chunk_id=chunk.id, title=chunk.title, section="", page=None, source=chunk.source, url=None,
        quote=chunk.text, score=1.0,
    )  # fmt: skip


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
    hashing_store.replace_source(AMENDING.source, [AMENDING])
    warning = "Merk: § 1-1 i anskaffelsesforskriften er endret ved forskrift 14. april 2026 nr. 617."
    outcome = judge(CASE, answer([cite(1, REGULATION), cite(2, AMENDING)], [warning]), hashing_store)
    assert (outcome.gold_cited, outcome.warned, outcome.amending_act_cited) == (True, True, True)


def test_citing_the_gold_section_without_its_warning_is_not_warned(hashing_store):
    hashing_store.replace_source(REGULATION.source, [REGULATION])
    outcome = judge(CASE, answer([cite(1, REGULATION)], ["Merk: § 7-9 i anskaffelsesforskriften oppheves."]),
                    hashing_store)  # fmt: skip
    assert (outcome.gold_cited, outcome.warned, outcome.amending_act_cited) == (True, False, False)


def test_a_warning_without_the_gold_section_cited_does_not_count(hashing_store):
    hashing_store.replace_source(AMENDING.source, [AMENDING])
    warning = "Merk: § 1-1 i forsyningsforskriften er endret."
    outcome = judge(CASE, answer([cite(1, AMENDING)], [warning]), hashing_store)
    assert (outcome.gold_cited, outcome.warned, outcome.amending_act_cited) == (False, False, True)
