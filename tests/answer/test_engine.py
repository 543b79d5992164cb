from datetime import date

import pytest

from service.answer.contract import AI_NOTICE, Answer, Turn
from service.answer.engine import ABSTAIN_TEXT, ENGLISH_ABSTAIN_TEXT, ENGLISH_FRAME, AnswerEngine
from service.answer.settings import AnswerSettings
from tests.sample_laws import FOA_CHUNKS, KOMMUNELOVEN, fill
from vectorstore.store import KnowledgeStore


@pytest.fixture
def engine(hashing_store: KnowledgeStore) -> AnswerEngine:
    return AnswerEngine(fill(hashing_store), AnswerSettings(), clock=lambda: date(2026, 11, 28))


def test_stream_pieces_join_to_the_answer_and_ask_returns_the_same(engine):
    question = "Hva er EØS-terskelverdien for bygge- og anleggskontrakter?"
    *pieces, final = list(engine.ask_stream(question))
    assert isinstance(final, Answer) and all(isinstance(piece, str) for piece in pieces)
    assert "".join(pieces) == final.answer
    asked = engine.ask(question)
    assert asked.model_dump(exclude={"timings_ms"}) == final.model_dump(exclude={"timings_ms"})
    assert set(asked.timings_ms) == {"retrieve", "compose"}


def test_answer_quotes_the_threshold_verbatim(engine):
    answer = engine.ask("Hva er EØS-terskelverdien for bygge- og anleggskontrakter?")
    assert not answer.abstained
    assert answer.citations[0].section == FOA_CHUNKS[1].section
    assert any("62,9" in citation.quote for citation in answer.citations)
    assert "EØS-terskelverdiene er … 62,9 millioner kroner" in answer.answer
    for citation in answer.citations:
        assert citation.quote in next(c.text for c in FOA_CHUNKS + (KOMMUNELOVEN,) if c.id == citation.chunk_id)


def test_unrelated_question_abstains_without_citations(engine):
    answer = engine.ask("Hva blir været i Oslo i morgen?")
    assert answer.abstained and answer.citations == [] and answer.answer == ABSTAIN_TEXT


def test_question_about_a_section_answers_from_that_section(engine):
    answer = engine.ask("Hva sier kommuneloven § 11-2?")
    assert [citation.chunk_id for citation in answer.citations] == [KOMMUNELOVEN.id]
    assert answer.answer.startswith("Folkevalgte organer behandler saker og treffer vedtak i møter.")


def test_changed_provision_carries_a_warning_and_cites_the_amendment(engine):
    answer = engine.ask("Fra hvilket beløp gjelder anskaffelsesforskriften?")
    assert any("er endret ved forskrift 14. april 2026 nr. 617" in warning for warning in answer.warnings)
    assert "500 000 kroner" in answer.answer
    assert {citation.source for citation in answer.citations} >= {
        "forskrifter/forskrift-2016-08-12-974.md",
        "forskrifter/forskrift-2026-04-14-617.md",
    }


def test_follow_up_is_answered_from_the_same_section(engine):
    first = "Hva er EØS-terskelverdiene for varekontrakter?"
    history = [Turn(question=first, answer=engine.ask(first).answer)]
    answer = engine.ask("Og for bygge- og anleggskontrakter?", history)
    assert answer.citations[0].chunk_id == FOA_CHUNKS[1].id
    assert "62,9" in answer.answer


def test_same_sentence_in_two_documents_is_said_once_and_cited_twice(engine):
    answer = engine.ask("Hvem er eiere av LUP?")
    assert answer.answer.count("Programmet har to eiere: KS og NHO.") == 1
    assert {citation.source for citation in answer.citations} == {"lup.md", "veileder.md"}


def test_search_returns_ranked_results_with_the_chunk_text(engine):
    results = engine.search("kommuneloven § 11-2", 3)
    assert [result.rank for result in results] == [1, 2, 3]
    assert results[0].chunk_id == KOMMUNELOVEN.id and results[0].quote == KOMMUNELOVEN.text


def test_empty_store_abstains(hashing_store: KnowledgeStore):
    assert AnswerEngine(hashing_store).ask("Hva er terskelverdien?").abstained


def test_no_sentence_appears_twice_when_a_chosen_sentence_leans_on_another_chosen_one(hashing_store):
    from vectorstore.models import Chunk

    chunk = Chunk(
        source="baerekraft.md",
        position=0,
        text=(
            "Mange av bærekraftsutfordringene kommunene står overfor, er for store til at én kommune kan løse dem "
            "alene. Det er utgangspunktet for Bærekraftsløftet Viken. Kull 1 startet i januar 2023 med 12 kommuner."
        ),
        title="Bærekraftsløftet Viken",
        section="Bakgrunn",
    )
    hashing_store.replace_source(chunk.source, [chunk])
    hashing_store.commit()
    engine = AnswerEngine(hashing_store, AnswerSettings())
    answer = engine.ask("Hva er utgangspunktet for Bærekraftsløftet Viken og bærekraftsutfordringene kommunene har?")
    assert not answer.abstained
    assert answer.answer.count("Mange av bærekraftsutfordringene") == 1


def test_an_excluded_source_is_answered_as_if_the_store_did_not_hold_it(engine):
    answer = engine.ask("Hva sier kommuneloven § 11-2?", exclude={KOMMUNELOVEN.source})
    assert KOMMUNELOVEN.id not in [citation.chunk_id for citation in answer.citations]


def test_every_answer_says_it_comes_from_an_ai_assistant_and_who_wrote_it(engine):
    for question in ("Hva er EØS-terskelverdien for bygge- og anleggskontrakter?", "Hva er hovedstaden i Frankrike?"):
        answer = engine.ask(question)
        assert answer.notice == AI_NOTICE and "KI-assistent" in answer.notice
        assert answer.composer == "extractive"


def test_an_english_question_gets_norwegian_quotes_in_an_english_frame(hashing_store: KnowledgeStore):
    engine = AnswerEngine(fill(hashing_store), AnswerSettings(min_dense_score=-1.0), clock=lambda: date(2026, 11, 28))
    answer = engine.ask("Who owns LUP?")
    assert answer.answer.startswith(f"{ENGLISH_FRAME} Programmet har to eiere: KS og NHO.")
    assert "".join(piece for piece in engine.ask_stream("Who owns LUP?") if isinstance(piece, str)) == answer.answer


def test_an_english_question_the_documents_do_not_answer_is_refused_in_english(engine):
    answer = engine.ask("What is the weather in Oslo tomorrow?")
    assert answer.abstained and answer.answer == ENGLISH_ABSTAIN_TEXT
