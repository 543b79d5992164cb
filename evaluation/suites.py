"""The three suites: NorQuAD (third-party benchmark), law (Lovdata with our gold set), sample corpus.

Each loader returns a `Suite`, or a `Skipped` with the reason when its data is absent (a user's clone has
no `../shared`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from evaluation.norquad import Split, load_passages, load_queries, norquad_dir, passage_chunks
from evaluation.suite import EvalQuery, Suite, ValidityCase, section_key, section_label, source_key
from ingest.catalog import Catalog
from ingest.documents import LoadError
from ingest.extraction import chunk_file
from ingest.scanning import scan_folder
from ingest.settings import IngestSettings
from vectorstore.models import Chunk

GOLD_DIR = Path(__file__).resolve().parent / "gold"
SUITE_NAMES = ("norquad", "norquad-answers", "law", "corpus")


@dataclass(frozen=True)
class Skipped:
    name: str
    reason: str


def load_suite(name: str, shared_dir: Path, corpus_dir: Path, split: Split) -> Suite | Skipped:
    match name:
        case "norquad":
            return norquad_suite(shared_dir, split)
        case "norquad-answers":
            return norquad_answers_suite(shared_dir, split)
        case "law":
            return law_suite(shared_dir)
        case "corpus":
            return corpus_suite(corpus_dir)
    raise ValueError(f"unknown suite {name!r}; choose from {', '.join(SUITE_NAMES)}")


def norquad_suite(shared_dir: Path, split: Split) -> Suite | Skipped:
    root = norquad_dir(shared_dir)
    if not (root / "data" / "annotation").is_dir():
        return Skipped("norquad", f"{root} not found (NorQuAD comes with ../shared; set KILDESVAR_SHARED_DIR)")
    return Suite(
        name="norquad",
        chunks=passage_chunks(load_passages(root)),
        queries=load_queries(root, split),
        key=source_key,
        headline="ndcg@10",
        description=f"NorQuadRetrieval, {split} questions, relevant = the question's passage",
    )


def norquad_answers_suite(shared_dir: Path, split: Split) -> Suite | Skipped:
    """The answer engine over the norquad index: is the gold answer span in the answer, and does it refuse
    each question asked with its own passage left out?"""
    suite = norquad_suite(shared_dir, split)
    if isinstance(suite, Skipped):
        return Skipped("norquad-answers", suite.reason)
    return replace(
        suite,
        name="norquad-answers",
        index="norquad",
        queries=load_queries(norquad_dir(shared_dir), split, with_answers=True),
        headline="gold_in_answer",
        description=f"NorQuAD {split} questions through the answer engine, and each with its passage left out",
        answers_only=True,
        asks=True,
    )


def law_suite(shared_dir: Path) -> Suite | Skipped:
    root = shared_dir / "data" / "lovdata"
    if not root.is_dir():
        return Skipped("law", f"{root} not found (Lovdata comes with ../shared; set KILDESVAR_SHARED_DIR)")
    files = json.loads((GOLD_DIR / "law_corpus.json").read_text(encoding="utf-8"))
    queries = [
        EvalQuery(
            id=row["id"],
            text=row["question"],
            relevant=frozenset({section_label(row["file"], row["paragraph"])}),
            kind=row["kind"],
            exclude=frozenset({row["file"]}),
        )
        for row in _read_jsonl(GOLD_DIR / "law.jsonl")
    ]
    return Suite(
        name="law",
        chunks=chunk_files(root, [*files["core"], *files["distractors"]]),
        queries=queries,
        key=section_key,
        headline="hit@5",
        description=f"Lovdata: {len(files['core'])} core + {len(files['distractors'])} distractor files, "
        "relevant = (file, §)",
        validity=validity_cases(),
        asks=True,
    )


def validity_cases() -> list[ValidityCase]:
    """The questions about provisions with an announced amendment or repeal (`gold/validity.jsonl`)."""
    return [
        ValidityCase(row["id"], row["question"], row["file"], row["paragraph"], row["amending_ref"])
        for row in _read_jsonl(GOLD_DIR / "validity.jsonl")
    ]


def corpus_suite(corpus_dir: Path) -> Suite | Skipped:
    if not corpus_dir.is_dir():
        return Skipped("corpus", f"{corpus_dir} not found (the sample corpus ships with the repository)")
    queries = [
        EvalQuery(
            id=row["id"],
            text=row["question"],
            relevant=frozenset({row["source"]}) if row["answerable"] else frozenset(),
            answer_phrase=row.get("answer_phrase"),
            kind="answerable" if row["answerable"] else "unanswerable",
        )
        for row in _read_jsonl(GOLD_DIR / "corpus.jsonl")
    ]
    sources = list(scan_folder(corpus_dir).files)
    return Suite(
        name="corpus",
        chunks=chunk_files(corpus_dir, sources),
        queries=queries,
        key=source_key,
        headline="hit@5",
        description="The sample corpus in corpus/, answerable and unanswerable questions",
        asks=True,
    )


def chunk_files(root: Path, sources: Sequence[str], settings: IngestSettings | None = None) -> list[Chunk]:
    """The chunks ingest would store for these files of `root`, cut by the product's own loaders and chunker.

    A file ingest would refuse (empty, or a title without text, as some Lovdata files are) adds no chunks.
    """
    settings = settings or IngestSettings()
    catalog = Catalog.load(root)
    chunks: list[Chunk] = []
    for source in sources:
        try:
            chunks.extend(chunk_file(source, (root / source).read_bytes(), catalog, settings))
        except LoadError:
            continue
    return chunks


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
