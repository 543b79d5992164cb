"""The answer engine on real law text (../shared lovdata) with the real default model, ingested by the pipeline.

One store for the module: anskaffelsesloven, anskaffelsesforskriften, the KOFA regulation, the 2026 amending
act and regulation, and forsyningsforskriften's chapter 5 (its thresholds, cut from the file to keep the
ingest short).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from evaluation.suites import validity_cases
from evaluation.validity import judge
from ingest.pipeline import ingest_folder
from service.answer.contract import Turn
from service.answer.engine import AnswerEngine
from service.answer.settings import AnswerSettings
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

pytestmark = pytest.mark.slow

LAW_FILES = (
    "lover/lov-2016-06-17-73.md",
    "forskrifter/forskrift-2016-08-12-974.md",
    "forskrifter/forskrift-2026-04-14-617.md",
    "forskrifter/forskrift-2002-11-15-1288.md",
    "lover/lov-2026-03-06-8.md",
)
LOA = "lover/lov-2016-06-17-73.md"
FOA = "forskrifter/forskrift-2016-08-12-974.md"
KOFA = "forskrifter/forskrift-2002-11-15-1288.md"
UTILITIES = "forskrifter/forskrift-2016-08-12-975.md"
UTILITIES_CHAPTER = ("### Kapittel 5.", "### Kapittel 6.")
WARNED_FLOOR = 12  # of 14; measured 13 on 2026-11-28 (the miss cites another section, a retrieval miss)
AMENDING = "forskrifter/forskrift-2026-04-14-617.md"


@pytest.fixture(scope="module")
def law_store(lovdata_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> KnowledgeStore:
    if not lovdata_dir.is_dir():
        pytest.skip(f"{lovdata_dir} not present: these tests read the shared law corpus")
    root = tmp_path_factory.mktemp("laws")
    for relative in LAW_FILES:
        (root / "src" / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(lovdata_dir / relative, root / "src" / relative)
    (root / "src" / UTILITIES).write_text(_chapter(lovdata_dir / UTILITIES, *UTILITIES_CHAPTER), encoding="utf-8")
    store = KnowledgeStore.open(StoreSettings(data_dir=root / "data"))
    report = ingest_folder(root / "src", store)
    assert report.ok, report.failed
    return store


def _chapter(path: Path, start: str, end: str) -> str:
    """The file's front matter and title, and the text from `start` up to `end`."""
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("\n## ")]
    return f"{head}\n\n{text[text.index(start) : text.index(end)]}"


def engine_on(store: KnowledgeStore, today: date = date(2026, 11, 28)) -> AnswerEngine:
    return AnswerEngine(store, AnswerSettings(), clock=lambda: today)


def test_eea_threshold_for_construction_cites_section_5_3_with_62_9(law_store):
    answer = engine_on(law_store).ask("Hva er EØS-terskelverdien for bygge- og anleggskontrakter?")
    assert not answer.abstained
    threshold = [c for c in answer.citations if c.source == FOA and "§ 5-3" in c.section]
    assert threshold and any("62,9" in citation.quote for citation in threshold)


def test_threshold_question_after_the_change_mentions_the_new_amount_and_cites_the_amendment(law_store):
    answer = engine_on(law_store).ask("Fra hvilket beløp gjelder anskaffelsesforskriften?")
    assert not answer.abstained
    assert "500 000 kroner" in answer.answer or any("1. juli 2026" in warning for warning in answer.warnings)
    assert any("§ 1-1 i anskaffelsesforskriften er endret" in warning for warning in answer.warnings)
    assert AMENDING in {citation.source for citation in answer.citations}


def test_before_the_change_the_warning_says_it_will_change(law_store):
    answer = engine_on(law_store, today=date(2026, 5, 1)).ask("Fra hvilket beløp gjelder anskaffelsesforskriften?")
    assert any("endres ved forskrift 14. april 2026 nr. 617 fra 1. juli 2026" in w for w in answer.warnings)


def test_follow_up_question_is_answered_from_section_5_3(law_store):
    engine = engine_on(law_store)
    first = "Hva er EØS-terskelverdiene for varekontrakter?"
    history = [Turn(question=first, answer=engine.ask(first).answer)]
    answer = engine.ask("Og for bygge- og anleggskontrakter?", history)
    assert not answer.abstained
    assert "§ 5-3" in answer.citations[0].section and answer.citations[0].source == FOA
    assert "62,9" in answer.answer


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("FOA §5-3", "§ 5-3."),
        ("Hva står i LOA § 4?", "§ 4."),
        ("anskaffelsesforskriften kapittel 8", "§ 8-1."),
    ],
)
def test_law_references_answer_from_the_named_section(law_store, question, section):
    answer = engine_on(law_store).ask(question)
    assert not answer.abstained
    assert section in answer.citations[0].section


def test_search_is_fast_once_warm(law_store):
    engine = engine_on(law_store)
    engine.search("terskelverdi bygge- og anleggskontrakter", 5)
    answer = engine.ask("Hva er EØS-terskelverdien for bygge- og anleggskontrakter?")
    assert answer.timings_ms["compose"] < 500


def test_validity_questions_on_these_laws_warn_whenever_they_cite_the_changed_section(law_store):
    """The eval's validity measure on the 14 questions about anskaffelsesloven and -forskriften."""
    cases = [case for case in validity_cases() if case.source in LAW_FILES]
    outcomes = {case.id: judge(case, engine_on(law_store).ask(case.text), law_store) for case in cases}
    assert len(cases) == 14
    assert [id_ for id_, outcome in outcomes.items() if outcome.gold_cited and not outcome.warned] == []
    warned = sum(outcome.warned for outcome in outcomes.values())
    assert warned >= WARNED_FLOOR, {id_: outcome for id_, outcome in outcomes.items() if not outcome.warned}


def test_an_amendment_in_force_is_stated_first_with_the_quoted_wording_as_the_earlier_text(law_store):
    answer = engine_on(law_store).ask("Fra hvilket beløp gjelder anskaffelsesloven?")
    rule = answer.answer.index("Fra 1. juli 2026 (lov 6. mars 2026 nr. 8): Loven gjelder når")
    earlier = answer.answer.index("Tidligere tekst: Loven gjelder når")
    assert rule < earlier and "500 000 kroner" in answer.answer[rule:earlier]
    assert "100 000 kroner" in answer.answer[earlier:]
    assert {"lover/lov-2026-03-06-8.md", LOA} <= {citation.source for citation in answer.citations}
    assert "kontrakter om [" not in answer.answer  # a list's lead-in without its list is not a statement


def test_the_complaints_deadline_of_kofa_is_answered_from_its_regulation(law_store):
    answer = engine_on(law_store).ask("Hva er klagefristen til KOFA?")
    assert not answer.abstained
    assert any(citation.source == KOFA and "seks måneder" in citation.quote for citation in answer.citations)


def test_the_fee_for_an_illegal_direct_award_is_answered_with_its_ceiling(law_store):
    answer = engine_on(law_store).ask("Hvor høyt kan gebyret for en ulovlig direkte anskaffelse bli?")
    assert answer.answer.startswith("Gebyret kan ikke settes høyere enn 15 prosent av anskaffelsens verdi.")
    assert any(citation.source == LOA and "§ 12." in citation.section for citation in answer.citations)


@pytest.mark.parametrize(
    ("question", "says"),
    [("Hvor lang er karensperioden?", "minst 10 dager"), ("Når kan oppdragsgiver la være å ha karensperiode?", "")],
)
def test_questions_on_the_standstill_period_are_answered_from_its_section(law_store, question, says):
    answer = engine_on(law_store).ask(question)
    assert not answer.abstained and says in answer.answer
    assert "Karensperiode" in answer.citations[0].section


def test_a_question_on_the_lowest_price_is_not_read_as_asking_for_an_amount(law_store):
    answer = engine_on(law_store).ask("Kan vi velge leverandør bare på laveste pris?")
    assert not answer.abstained
    assert any("§ 18-1." in citation.section for citation in answer.citations)


def test_a_municipalitys_threshold_question_opens_with_anskaffelsesforskriften(law_store):
    engine = engine_on(law_store)
    municipality = engine.ask("Hva er EØS-terskelverdiene for varekontrakter i en kommune?")
    assert municipality.citations[0].source == FOA
    utility = engine.ask("Hva er EØS-terskelverdiene for et energiselskap i forsyningssektoren?")
    assert UTILITIES in {citation.source for citation in utility.citations}
