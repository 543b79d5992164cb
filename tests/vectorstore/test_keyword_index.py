import random

import bm25s
import numpy as np
import pytest

from vectorstore import keyword_index
from vectorstore.analyzer import analyze
from vectorstore.database import StoreDatabase, set_meta
from vectorstore.keyword_index import KeywordIndex, KeywordIndexDamaged

TEXTS = {
    "a#0": "Terskelverdien for bygge- og anleggskontrakter er 62,9 millioner kroner.",
    "b#0": "Kommunestyret vedtar årsbudsjettet.",
    "c#0": "Innsyn i saksdokumenter etter offentleglova.",
}
WORDS = [
    "kommune",
    "budsjett",
    "vedtak",
    "terskelverdi",
    "kontrakt",
    "innsyn",
    "klage",
    "frist",
    "byggesak",
    "plan",
    "anskaffelse",
    "tilbud",
]


def build(texts: dict[str, str] = TEXTS) -> KeywordIndex:
    return KeywordIndex.build(analyze, list(texts), list(texts.values()))


@pytest.fixture
def database(tmp_path) -> StoreDatabase:
    return StoreDatabase.open(tmp_path / "store.db")


def saved(database: StoreDatabase, index: KeywordIndex) -> KeywordIndex:
    with database.write() as connection:
        return keyword_index.save_rebuilt(connection, index)


def loaded(database: StoreDatabase) -> KeywordIndex:
    with database.read() as connection:
        return keyword_index.load(connection, analyze)


def change(database: StoreDatabase, index: KeywordIndex, changed: dict[str, list[str]]) -> KeywordIndex:
    """Replace the chunks of each changed source by the texts given (none: the source is deleted)."""
    ids = [f"{source}#{position}" for source, texts in sorted(changed.items()) for position in range(len(texts))]
    texts = [text for _, source_texts in sorted(changed.items()) for text in source_texts]
    with database.write() as connection:
        return keyword_index.save_changes(connection, index, set(changed), ids, texts)


def random_text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12)))


def test_keyword_index_ranks_the_matching_chunk_first():
    assert build().search("terskelverdiene for bygg", 3)[0][0] == "a#0"


def test_search_within_some_sources_keeps_the_whole_index_scores():
    index = build()
    everywhere = dict(index.search("kommunestyret og offentleglova", 3))
    within = index.search("kommunestyret og offentleglova", 3, sources={"c", "a"})
    assert within == [("c#0", everywhere["c#0"])]


def test_keyword_index_returns_nothing_for_unknown_words():
    assert build().search("fotball", 3) == []


def test_scores_equal_those_of_bm25s_over_the_same_terms():
    rng = random.Random(3)
    texts = {f"s{i}#0": random_text(rng) for i in range(40)}
    reference = bm25s.BM25()
    reference.index([analyze(text) for text in texts.values()], show_progress=False)
    query = "kommune budsjett budsjett frist"
    expected = reference.get_scores(analyze(query))
    found = dict(build(texts).search(query, len(texts)))
    for position, chunk_id in enumerate(texts):
        assert found.get(chunk_id, 0.0) == pytest.approx(float(expected[position]), rel=1e-5, abs=1e-6)


def test_an_index_changed_commit_by_commit_ranks_as_one_built_from_scratch(database):
    rng = random.Random(7)
    sources = {f"doc{i}": [random_text(rng) for _ in range(rng.randint(1, 5))] for i in range(30)}
    index = change(database, KeywordIndex(analyze), sources)
    for _ in range(25):
        changed = {
            f"doc{rng.randrange(40)}": [random_text(rng) for _ in range(rng.randint(0, 4))]
            for _ in range(rng.randint(1, 3))
        }
        index = change(database, index, changed)
        sources.update(changed)
    current = {f"{source}#{i}": text for source, texts in sorted(sources.items()) for i, text in enumerate(texts)}
    fresh = build(current)
    reloaded = loaded(database)
    assert len(reloaded.segments) > 1, "every commit rebuilt the whole index"
    for query in ("kommune budsjett", "klage frist frist", "anskaffelse tilbud plan", "innsyn"):
        expected = dict(fresh.search(query, len(current)))
        for candidate in (index, reloaded):
            found = dict(candidate.search(query, len(current)))
            assert found.keys() == expected.keys()
            assert all(np.isclose(found[chunk_id], score) for chunk_id, score in expected.items())
    assert reloaded.idf(["kommun", "frist"]) == pytest.approx(fresh.idf(["kommun", "frist"]))


def test_a_small_commit_leaves_the_large_segment_as_it_was(database):
    rng = random.Random(1)
    index = change(database, KeywordIndex(analyze), {f"doc{i}": [random_text(rng)] for i in range(200)})
    large = index.segments[0]
    index = change(database, index, {"new": ["ny kommune"], "doc3": []})
    assert index.segments[0].id == large.id and index.segments[0].segment.chunk_ids == large.segment.chunk_ids
    assert len(index.segments) == 2 and index.segments[1].segment.chunk_ids == ("new#0",)
    assert index.documents == 200


def test_idf_is_higher_for_rarer_terms_and_skips_unknown_ones():
    index = KeywordIndex.build(
        analyze, ["a#0", "b#0", "c#0"], ["kommunen vedtar budsjett", "kommunen velger ordfører", "kommunen og KOFA"]
    )
    idf = index.idf(analyze("kommunen KOFA ukjentord"))
    assert set(idf) == {analyze("kommunen")[0], analyze("KOFA")[0]}
    assert idf[analyze("KOFA")[0]] > idf[analyze("kommunen")[0]] > 0


def test_index_survives_save_and_load(database):
    saved(database, build())
    assert loaded(database).search("årsbudsjett", 1) == build().search("årsbudsjett", 1)


def test_empty_database_loads_as_empty_index(database):
    assert loaded(database).search("noe", 5) == []


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE keyword_arrays SET data = substr(data, 1, length(data) - 4) WHERE name = 'docs'",
        "UPDATE keyword_arrays SET data = CAST('[\"a#0\"]' AS BLOB) WHERE name = 'chunk_ids'",
        "DELETE FROM keyword_arrays WHERE name = 'indptr'",
        "UPDATE keyword_segments SET documents = documents - 1",
        "UPDATE keyword_deletions SET positions = CAST('x:garbage' AS BLOB)",
        "INSERT INTO keyword_deletions (segment, positions) VALUES (999, x'00')",
    ],
)
def test_loading_a_damaged_index_says_so(database, damage):
    index = saved(database, build())
    change(database, index, {"b": []})
    with database.write() as connection:
        connection.execute(damage)
    with pytest.raises(KeywordIndexDamaged):
        loaded(database)


def test_an_index_built_by_another_analyzer_is_not_loaded(database):
    saved(database, build())
    with database.write() as connection:
        set_meta(connection, "keyword_analyzer", "an-older-analyzer")
    with pytest.raises(KeywordIndexDamaged, match="analyzer"):
        loaded(database)
