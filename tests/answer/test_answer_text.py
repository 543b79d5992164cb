"""How the extractive answer reads: no heading as a statement, no sentence leaning on one not shown, the
sentence that answers first, and no fact twice (hand-made programme chunks, offline embedder)."""

from datetime import date

import pytest

from service.answer.contract import Turn
from service.answer.engine import AnswerEngine
from service.answer.settings import AnswerSettings
from tests.sample_laws import fill
from vectorstore.models import Chunk
from vectorstore.store import KnowledgeStore


def doc(source: str, position: int, section: str, body: str, title: str = "") -> Chunk:
    text = f"{section}\n\n{body}"
    return Chunk(source=source, position=position, text=text, title=title or source, section=section)


OFFERS = doc(
    "oversikt.md",
    0,
    "Tilbudene i korte trekk",
    "- Læring for næring. Et utviklingsnettverk for kommuner, bygget på anbefalingene i rapporten.\n"
    "- Bærekraftsløftet Viken. Et nettverk der kommuner og næringsliv løser bærekraftsutfordringer sammen.",
)
PRIORITIES = doc(
    "prioriteringer.md",
    0,
    "KS sine tilbud",
    "Helt siden 2020 har KS utviklet flere tilbud til kommunene. I vår region er dette blant annet "
    "utviklingsnettverket Læring for næring og kåringen Årets vertskommune.",
)
NOMINEES = doc(
    "kåring.md",
    0,
    "Kommunene fra vår region",
    "Flere av dem har plassert seg helt i toppen av kåringen Årets vertskommune.",
)
PURPOSE = doc(
    "kåring.md",
    1,
    "Hvorfor kåringen finnes",
    "Formålet med kåringen er todelt. Kommuner som gjør en god jobb for næringslivet, skal få anerkjennelse. "
    "Samtidig skal eksemplene deres gi andre kommuner inspirasjon.",
)
COURSE = doc(
    "kurs.md",
    0,
    "Om kurset",
    "Har du spørsmål om kurset? Kurset om innovative anskaffelser ligger på KS Læring. Kurset tar to timer.",
)
LUP = doc("lup.md", 0, "Tilbudet", "Kommunene i Østfold, Akershus og Buskerud kan bruke LUP som sparringspartner.")
GUIDE = doc(
    "veileder.md",
    0,
    "Hjelp",
    "I tillegg kan kommunene i Østfold, Akershus og Buskerud bruke LUP, Nasjonalt program for "
    "leverandørutvikling, som sparringspartner.",
)

NETWORK = "Læring for næring – utviklingsnettverk for kommuner"
NETWORK_PURPOSE = doc(
    "laering.md",
    1,
    "Formål",
    "Nettverket skulle gi ledelsen i kommunene ny kunnskap. Like viktig var det å skape møteplasser der "
    "deltakerne kunne dele erfaringer.",
    title=NETWORK,
)

COHORTS = doc(
    "baerekraft.md",
    0,
    "Kull og deltakere",
    "Kull 1 kom i gang i januar 2023, med 12 deltakende kommuner. Høsten 2023 kom kull 2 i gang.",
    title="Bærekraftsløftet Viken",
)
CONTACT = doc("oversikt.md", 1, "Kontakt", "Ta gjerne kontakt med KS Viken, så forteller vi mer.", title="KS Viken")


@pytest.fixture
def engine(hashing_store: KnowledgeStore) -> AnswerEngine:
    chunks = (OFFERS, PRIORITIES, NOMINEES, PURPOSE, COURSE, LUP, GUIDE, NETWORK_PURPOSE, COHORTS, CONTACT)
    return AnswerEngine(fill(hashing_store, chunks), AnswerSettings(), clock=lambda: date(2026, 12, 1))


def test_a_heading_over_a_list_is_never_said(engine):
    answer = engine.ask("Hva er Læring for næring?")
    assert not answer.abstained
    assert "Tilbudene i korte trekk" not in answer.answer
    assert "Læring for næring. Et utviklingsnettverk for kommuner" in answer.answer


def test_a_sentence_leaning_on_the_one_before_is_said_after_it(engine):
    answer = engine.ask("Hvilke tilbud har KS i vår region?")
    assert "Helt siden 2020 har KS utviklet flere tilbud til kommunene. I vår region er dette" in answer.answer


def test_a_sentence_leaning_on_nothing_its_chunk_holds_is_left_out(engine):
    answer = engine.ask("Hvilke kommuner har plassert seg i toppen av kåringen?")
    assert "Flere av dem" not in answer.answer


def test_a_purpose_announced_in_two_parts_is_answered_with_both(engine):
    answer = engine.ask("Hva er formålet med kåringen?")
    assert answer.answer.startswith("Formålet med kåringen er todelt. Kommuner som gjør en god jobb")
    assert "inspirasjon" in answer.answer


def test_the_sentence_that_answers_comes_first_and_a_question_in_the_text_is_not_said(engine):
    answer = engine.ask("Hvor lang tid tar kurset om innovative anskaffelser?")
    assert answer.answer.startswith("Kurset tar to timer.")
    assert "Har du spørsmål" not in answer.answer


def test_the_same_fact_from_two_documents_is_said_once(engine):
    answer = engine.ask("Kan kommunene i Buskerud bruke LUP som sparringspartner?")
    assert answer.answer.count("Buskerud") == 1


def test_a_follow_up_naming_its_topic_by_a_pronoun_is_answered_about_that_topic(engine):
    first = "Hva er Læring for næring?"
    answer = engine.ask("Hva er formålet med den?", [Turn(question=first, answer=engine.ask(first).answer)])
    assert answer.answer.startswith("Nettverket skulle gi ledelsen i kommunene ny kunnskap.")
    assert "kåringen" not in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Hva er søknadsfristen for kull 3 av Bærekraftsløftet Viken?",  # the documents know kull 1 and 2
        "Hva er telefonnummeret til KS Viken?",  # they say "ta kontakt", with no number
        "Hva er budsjettet for Bærekraftsløftet Viken?",  # they give no amount
    ],
)
def test_a_question_for_something_the_documents_do_not_hold_is_refused(engine, question):
    assert engine.ask(question).abstained
