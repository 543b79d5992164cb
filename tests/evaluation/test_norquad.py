"""NorQuadRetrieval is rebuilt from a NorQuAD-shaped tree: distinct passages, questions matched by passage text."""

from __future__ import annotations

import json
from pathlib import Path

from evaluation.norquad import load_passages, load_queries, passage_chunks, passage_source
from ingest.settings import IngestSettings

RYGGE = "Rygge lufthavn\nFlyplassen i Moss har vært stengt siden 2016."
SKI = "Skiskyting\nJohannes Thingnes Bø vant sprinten."
UNASKED = "Et avsnitt uten spørsmål."


def squad(*paragraphs: tuple[str, list[tuple[int, str]]]) -> dict:
    return {
        "data": [
            {"paragraphs": [{"context": context, "qas": [{"id": i, "question": q} for i, q in qas]}]}
            for context, qas in paragraphs
        ]
    }


def write(path: Path, content: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


def make_norquad(root: Path) -> Path:
    annotation = root / "data" / "annotation"
    write(annotation / "news" / "answers_1.json", squad((RYGGE, [(1, "Hva heter flyplassen i Moss?")])))
    # answers_2 reuses question id 1 and repeats the Rygge passage
    write(annotation / "news" / "answers_2.json", squad((RYGGE, [(1, "Når stengte Rygge?")]), (UNASKED, [])))
    write(annotation / "wikipedia" / "answers_1.json", squad((SKI, [(7, "Hvem vant sprinten?")])))
    evaluation = root / "data" / "evaluation" / "all"
    # the same id twice in one split file, as in the real test file
    write(evaluation / "test_dataset_flattened.json", squad((SKI, [(7, "Hvem vant?")]), (RYGGE, [(7, "Hvor?")])))
    return root


def test_corpus_holds_each_distinct_passage_once(tmp_path):
    assert load_passages(make_norquad(tmp_path)) == [RYGGE, UNASKED, SKI]


def test_a_passage_is_chunked_like_ingested_prose_under_its_first_line_as_title():
    long_passage = "Rygge lufthavn\n" + " ".join(f"Setning nummer {n} om flyplassen i Moss." for n in range(40))
    chunks = passage_chunks([long_passage, SKI], IngestSettings(prose_chunk_chars=400, prose_overlap_chars=50))
    rygge = [chunk for chunk in chunks if chunk.source == passage_source(long_passage)]
    assert len(rygge) > 1
    assert {chunk.title for chunk in rygge} == {"Rygge lufthavn"}
    assert [chunk.position for chunk in rygge] == list(range(len(rygge)))
    assert [chunk.text for chunk in chunks if chunk.source == passage_source(SKI)] == [SKI]


def test_each_question_has_its_own_passage_as_the_only_relevant_document(tmp_path):
    queries = load_queries(make_norquad(tmp_path), "test")
    assert [(query.text, query.relevant) for query in queries] == [
        ("Hvem vant?", frozenset({passage_source(SKI)})),
        ("Hvor?", frozenset({passage_source(RYGGE)})),
    ]


def test_queries_get_unique_ids_although_the_file_repeats_them(tmp_path):
    queries = load_queries(make_norquad(tmp_path), "test")
    assert [query.id for query in queries] == ["test-000", "test-001"]


def test_passage_sources_do_not_depend_on_file_order():
    assert passage_source(RYGGE) == passage_source(str(RYGGE))
    assert passage_source(RYGGE) != passage_source(SKI)
