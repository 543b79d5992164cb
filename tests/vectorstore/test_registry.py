from dataclasses import replace

from vectorstore.analyzer import analyze
from vectorstore.embeddings import HashingEmbedder
from vectorstore.models import AmendmentNote, Chunk, ChunkOutline
from vectorstore.store import KnowledgeStore

LAW = Chunk(
    source="lover/foa.md",
    position=0,
    text="§ 5-3. Terskelverdien for bygge- og anleggskontrakter er 62,9 millioner kroner.",
    title="Forskrift om offentlige anskaffelser (anskaffelsesforskriften)",
    section="Kapittel 5 > § 5-3",
    doc_type="forskrift",
    url="https://lovdata.no/forskrift/2016-08-12-974",
    date="2016-08-12",
    short_title="Anskaffelsesforskriften – FOA",
    refid="forskrift/2016-08-12-974",
    last_amended="forskrift/2026-04-14-617",
    in_force_from="2017-01-01",
    paragraph="5-3",
    chapter="5",
    amendments=(AmendmentNote("endres", "*Endres ved ...*", "2026-07-01", "forskrift/2026-04-14-617"),),
)
REPEALED = replace(
    LAW,
    position=1,
    text="§ 5-4. Beregning av verdi.",
    paragraph="5-4",
    amendments=(AmendmentNote("oppheves", "*Oppheves ved ...*", "2027-01-01"),),
)
REPORT = Chunk(source="rapport.pdf", position=0, text="Næringslivet i Fjellvik.", title="Rapport", page=3)


def test_documents_describe_each_source_from_its_chunks(hashing_store):
    hashing_store.replace_source(LAW.source, [LAW, REPEALED])
    hashing_store.replace_source(REPORT.source, [REPORT])
    law, report = hashing_store.documents()
    assert (law.source, law.title, law.doc_type, law.chunks) == (LAW.source, LAW.title, "forskrift", 2)
    assert (law.refid, law.short_title, law.url, law.date) == (LAW.refid, LAW.short_title, LAW.url, "2016-08-12")
    assert (law.last_amended, law.in_force_from) == ("forskrift/2026-04-14-617", "2017-01-01")
    assert (law.announced_amendments, law.announced_repeals) == (1, 1)
    assert law.changes_effective == ("2026-07-01", "2027-01-01")
    assert law.ingested_at.endswith("+00:00")
    assert (report.title, report.chunks, report.refid, report.announced_amendments) == ("Rapport", 1, None, 0)
    assert hashing_store.document("rapport.pdf") == report
    assert hashing_store.document("ukjent.md") is None


def test_replacing_and_deleting_a_source_update_its_record(hashing_store):
    hashing_store.replace_source(LAW.source, [LAW, REPEALED])
    hashing_store.replace_source(LAW.source, [LAW])
    assert hashing_store.document(LAW.source).chunks == 1
    assert hashing_store.count() == 1
    hashing_store.delete_source(LAW.source)
    assert hashing_store.documents() == [] and hashing_store.sources() == set() and hashing_store.count() == 0


def test_the_registry_says_which_sources_changed_since_a_generation(hashing_store):
    start = hashing_store.generation()
    hashing_store.replace_source(LAW.source, [LAW])
    middle = hashing_store.generation()
    hashing_store.replace_source(REPORT.source, [REPORT])
    hashing_store.delete_source(LAW.source)
    assert middle == start + 1
    assert hashing_store.changed_since(start) == {LAW.source, REPORT.source}
    assert hashing_store.changed_since(middle) == {LAW.source, REPORT.source}
    assert hashing_store.changed_since(hashing_store.generation()) == set()


def test_the_registry_is_shared_by_every_store_on_the_data_dir(store_settings):
    writer = KnowledgeStore.open(store_settings, HashingEmbedder())
    reader = KnowledgeStore.open(store_settings, HashingEmbedder())
    seen = reader.generation()
    writer.replace_source(REPORT.source, [REPORT])
    assert reader.changed_since(seen) == {REPORT.source}
    assert reader.sources() == {REPORT.source}


def test_outline_gives_every_chunks_place_without_text(hashing_store):
    hashing_store.replace_source(LAW.source, [REPEALED, LAW])
    hashing_store.replace_source(REPORT.source, [REPORT])
    assert hashing_store.outline() == [
        ChunkOutline(LAW.id, LAW.source, 0, LAW.refid, "5-3", "5"),
        ChunkOutline(REPEALED.id, LAW.source, 1, LAW.refid, "5-4", "5"),
        ChunkOutline(REPORT.id, REPORT.source, 0, None, None, None),
    ]


def test_get_reads_chunks_from_the_registry_in_the_order_asked(hashing_store):
    hashing_store.replace_source(LAW.source, [LAW, REPEALED])
    assert hashing_store.get([REPEALED.id, "ukjent#0", LAW.id]) == [REPEALED, LAW]


def test_each_chunks_sentences_are_stored_analysed_and_a_chunk_not_stored_is_analysed_on_the_spot(hashing_store):
    two_sentences = replace(REPORT, text="Næringslivet i Fjellvik vokser. Kommunen har 12 000 innbyggere.")
    hashing_store.replace_source(two_sentences.source, [two_sentences])
    unstored = replace(REPORT, source="ny.pdf", text="Ingen har lest denne ennå.")
    terms = hashing_store.sentence_terms([two_sentences, unstored])
    assert terms == {
        two_sentences.id: (
            frozenset(analyze("Næringslivet i Fjellvik vokser.")),
            frozenset(analyze("Kommunen har 12 000 innbyggere.")),
        ),
        unstored.id: (frozenset(analyze("Ingen har lest denne ennå.")),),
    }
    assert hashing_store.registry.sentence_terms([two_sentences.id, unstored.id]).keys() == {two_sentences.id}
