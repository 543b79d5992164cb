"""NorQuadRetrieval rebuilt from the NorQuAD release (CC0) in `../shared/data/norquad/`.

Corpus: the distinct passages (contexts) of `data/annotation/*/answers_{1,2}.json`, each cut into chunks
by the product's own prose chunker as if it were an ingested document (the first line is the passage's
title), so that dense models see what they would see in use rather than a truncated passage. Queries: the questions
of `data/evaluation/all/{split}_dataset_flattened.json`. The one relevant document of a question is its
own passage, matched by text. Question ids repeat across (and even within) the files, so queries are
numbered by their position in the split file instead.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal

from evaluation.suite import EvalQuery
from ingest.chunking import chunk_sections
from ingest.documents import DocumentMetadata, Section
from ingest.settings import IngestSettings
from vectorstore.models import Chunk

Split = Literal["validation", "test"]


def norquad_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "norquad"


def passage_source(context: str) -> str:
    """A stable source name for a passage: its content hash, independent of file order."""
    return f"norquad/{hashlib.sha1(context.encode('utf-8')).hexdigest()[:16]}"


def load_passages(root: Path) -> list[str]:
    """The distinct passages of the annotation files, in first-seen order."""
    contexts: dict[str, None] = {}
    for path in sorted((root / "data" / "annotation").glob("*/answers_*.json")):
        for paragraph in _paragraphs(path):
            contexts.setdefault(paragraph["context"], None)
    return list(contexts)


def passage_chunks(passages: Sequence[str], settings: IngestSettings | None = None) -> list[Chunk]:
    """Each passage cut as ingest cuts prose (one source per passage); its first line is its title."""
    settings = settings or IngestSettings()
    chunks: list[Chunk] = []
    for passage in passages:
        metadata = DocumentMetadata(title=passage.partition("\n")[0].strip(), doc_type="norquad")
        chunks.extend(chunk_sections(passage_source(passage), metadata, (Section((), passage),), settings))
    return chunks


def load_queries(root: Path, split: Split, with_answers: bool = False) -> list[EvalQuery]:
    """The split's questions, each with its own passage as the only relevant document (and the source to
    leave out for its removed-passage negative); `with_answers` adds the gold answer text."""
    path = root / "data" / "evaluation" / "all" / f"{split}_dataset_flattened.json"
    return [
        EvalQuery(
            id=f"{split}-{index:03d}",
            text=qa["question"],
            relevant=frozenset({passage_source(context)}),
            answer_phrase=qa["answers"][0]["text"] if with_answers else None,
            exclude=frozenset({passage_source(context)}),
        )
        for index, (context, qa) in enumerate(
            (paragraph["context"], qa) for paragraph in _paragraphs(path) for qa in paragraph["qas"]
        )
    ]


def _paragraphs(path: Path) -> Iterator[dict]:
    for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
        yield from article["paragraphs"]
