from dataclasses import replace

import pytest

from service.question.analysis import analyse
from service.retrieval.retriever import Retriever
from service.retrieval.sectors import unasked_sectors
from service.retrieval.settings import RetrievalSettings
from tests.sample_laws import ALL_CHUNKS, FOA, FOA_CHUNKS, KOMMUNELOVEN, fill
from vectorstore.store import KnowledgeStore


@pytest.fixture
def store(hashing_store: KnowledgeStore) -> KnowledgeStore:
    return fill(hashing_store)


def test_section_reference_puts_that_section_first(store):
    hits = Retriever(store, RetrievalSettings()).search("Hva sier kommuneloven § 11-2?", 5)
    assert hits[0].chunk.id == KOMMUNELOVEN.id


def test_chapter_reference_puts_its_sections_first_in_order(store):
    hits = Retriever(store, RetrievalSettings()).search("anskaffelsesforskriften kapittel 8", 5)
    assert [hit.chunk.id for hit in hits[:2]] == [FOA_CHUNKS[2].id, FOA_CHUNKS[3].id]


def test_results_have_no_duplicates_and_respect_k(store):
    hits = Retriever(store, RetrievalSettings()).search("Doffin kunngjøring FOA § 8-2", 3)
    ids = [hit.chunk.id for hit in hits]
    assert len(ids) == len(set(ids)) <= 3


@pytest.mark.parametrize("fusion", ["rrf", "minmax"])
def test_both_fusion_kinds_rank_the_matching_chunk_first(store, fusion):
    hits = Retriever(store, RetrievalSettings(fusion=fusion)).search("Hvem er eiere av LUP leverandørutvikling?", 3)
    assert hits[0].chunk.source in {"lup.md", "veileder.md"}


def test_named_law_is_boosted(store):
    plain = Retriever(store, RetrievalSettings(law_name_boost=0.0)).retrieve(analyse("kunngjøre i Doffin"), 10)
    boosted = Retriever(store, RetrievalSettings(law_name_boost=0.5)).retrieve(
        analyse("kunngjøre i Doffin etter anskaffelsesforskriften"), 10
    )
    assert boosted.laws.named == (FOA,)
    assert all(hit.chunk.refid == FOA for hit in boosted.hits[:2])
    assert plain.laws.named == ()


def test_follow_up_carries_earlier_key_terms(store):
    question = analyse("Og for bygge- og anleggskontrakter?", ["Hva er EØS-terskelverdiene for varekontrakter?"])
    assert question.context_terms == ("eøs", "terskelverdiene", "varekontrakter")
    assert Retriever(store, RetrievalSettings()).retrieve(question, 5).hits[0].chunk.id == FOA_CHUNKS[1].id


def test_retrieval_reports_raw_signals(store):
    retrieval = Retriever(store, RetrievalSettings()).retrieve(
        analyse("terskelverdier for bygge- og anleggskontrakter"), 5
    )
    assert retrieval.dense and retrieval.keyword
    assert {chunk.id for chunk in retrieval.pool} >= {hit.chunk.id for hit in retrieval.hits}


def test_an_english_question_is_searched_by_meaning_only(store):
    question = "What do the EØS-terskelverdiene say about bygge- og anleggskontrakter?"  # Norwegian terms
    english = Retriever(store, RetrievalSettings()).retrieve(analyse(question), 5)
    assert english.dense and not english.keyword
    named = Retriever(store, RetrievalSettings()).retrieve(analyse("Hva er EØS-terskelverdiene for The Beatles?"), 5)
    assert named.keyword


def test_excluded_law_is_searched_as_if_the_store_did_not_hold_it(store):
    question = analyse("Hva sier kommuneloven § 11-2?")
    retrieval = Retriever(store, RetrievalSettings()).retrieve(question, 10, exclude={KOMMUNELOVEN.source})
    assert retrieval.laws.chunk_ids == ()
    assert retrieval.laws.named == ()
    assert all(hit.chunk.source != KOMMUNELOVEN.source for hit in retrieval.hits)
    assert retrieval.hits and all(chunk.source != KOMMUNELOVEN.source for chunk in retrieval.pool)


def test_a_question_gives_no_sign_of_a_sector_it_does_not_name():
    utilities = "forskrift/2016-08-12-975"
    assert utilities in unasked_sectors("Hva er EØS-terskelverdiene for en kommune?", ())
    assert utilities not in unasked_sectors("Hva er EØS-terskelverdiene for et energiselskap?", ())
    assert utilities not in unasked_sectors("Hva er EØS-terskelverdiene?", (utilities,))
    assert "forskrift/2013-10-04-1185" not in unasked_sectors("Gjelder dette forsvarsanskaffelser?", ())


def test_a_sector_regulation_ranks_below_the_general_one_unless_the_question_names_its_sector(hashing_store):
    general = FOA_CHUNKS[1]
    utilities = replace(
        general,
        source="forskrifter/forskrift-2016-08-12-975.md",
        refid="forskrift/2016-08-12-975",
        title="Forskrift om innkjøpsregler i forsyningssektorene (forsyningsforskriften)",
        short_title="Forsyningsforskriften",
    )
    fill(hashing_store, (*ALL_CHUNKS, utilities))

    def scores(question: str, penalty: float) -> dict[str, float]:
        hits = Retriever(hashing_store, RetrievalSettings(sector_penalty=penalty)).retrieve(analyse(question), 3).hits
        return {hit.chunk.id: hit.score for hit in hits}

    municipality = "Hva er EØS-terskelverdiene for varekontrakter i en kommune?"
    assert next(iter(scores(municipality, 0.3))) == general.id
    assert scores(municipality, 0.3)[utilities.id] < scores(municipality, 0.0)[utilities.id]
    utility = "Hva er EØS-terskelverdiene for varekontrakter i energisektoren?"
    assert scores(utility, 0.3)[utilities.id] == pytest.approx(scores(utility, 0.0)[utilities.id])
