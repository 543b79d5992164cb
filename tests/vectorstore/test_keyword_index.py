from vectorstore.analyzer import analyze
from vectorstore.keyword_index import KeywordIndex

TEXTS = {
    "a#0": "Terskelverdien for bygge- og anleggskontrakter er 62,9 millioner kroner.",
    "b#0": "Kommunestyret vedtar årsbudsjettet.",
    "c#0": "Innsyn i saksdokumenter etter offentleglova.",
}


def build() -> KeywordIndex:
    return KeywordIndex.build(analyze, list(TEXTS), list(TEXTS.values()))


def test_keyword_index_ranks_the_matching_chunk_first():
    assert build().search("terskelverdiene for bygg", 3)[0][0] == "a#0"


def test_search_among_some_chunks_keeps_the_whole_index_scores():
    index = build()
    everywhere = dict(index.search("kommunestyret og offentleglova", 3))
    among = index.search("kommunestyret og offentleglova", 3, among={"c#0", "a#0"})
    assert among == [("c#0", everywhere["c#0"])]


def test_keyword_index_returns_nothing_for_unknown_words():
    assert build().search("fotball", 3) == []


def test_keyword_index_survives_save_and_load(tmp_path):
    build().save(tmp_path)
    loaded = KeywordIndex.load(tmp_path, analyze)
    assert loaded.search("årsbudsjett", 1) == build().search("årsbudsjett", 1)


def test_keyword_index_save_replaces_previous_version_atomically(tmp_path):
    build().save(tmp_path)
    KeywordIndex.build(analyze, ["z#0"], ["fotball og friidrett"]).save(tmp_path)
    loaded = KeywordIndex.load(tmp_path, analyze)
    assert loaded.search("fotball", 1)[0][0] == "z#0"
    assert loaded.search("terskelverdi", 1) == []
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 1


def test_empty_folder_loads_as_empty_index(tmp_path):
    assert KeywordIndex.load(tmp_path / "missing", analyze).search("noe", 5) == []


def test_idf_is_higher_for_rarer_terms_and_skips_unknown_ones():
    index = KeywordIndex.build(
        analyze, ["a", "b", "c"], ["kommunen vedtar budsjett", "kommunen velger ordfører", "kommunen og KOFA"]
    )
    idf = index.idf(analyze("kommunen KOFA ukjentord"))
    assert set(idf) == {analyze("kommunen")[0], analyze("KOFA")[0]}
    assert idf[analyze("KOFA")[0]] > idf[analyze("kommunen")[0]] > 0
