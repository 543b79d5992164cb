"""NorQuadRetrieval rebuilt from the NorQuAD release (CC0) in `../shared/data/norquad/`.

Corpus: the distinct passages (contexts) of `data/annotation/*/answers_{1,2}.json`. Queries: the questions
of `data/evaluation/all/{split}_dataset_flattened.json`. The one relevant document of a question is its
own passage, matched by text. Question ids repeat across (and even within) the files, so queries are
numbered by their position in the split file instead.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from evaluation.suite import EvalQuery
from vectorstore.models import Chunk

Split = Literal["validation", "test"]


def norquad_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "norquad"


def passage_source(context: str) -> str:
    """A stable source name for a passage: its content hash, independent of file order."""
    return f"norquad/{hashlib.sha1(context.encode('utf-8')).hexdigest()[:16]}"


def load_passages(root: Path) -> list[Chunk]:
    """One chunk per distinct passage of the annotation files, in first-seen order."""
    contexts: dict[str, None] = {}
    for path in sorted((root / "data" / "annotation").glob("*/answers_*.json")):
        for paragraph in _paragraphs(path):
            contexts.setdefault(paragraph["context"], None)
    return [
        Chunk(source=passage_source(context), position=0, text=context, title="", doc_type="norquad")
        for context in contexts
    ]


def load_queries(root: Path, split: Split) -> list[EvalQuery]:
    """The split's questions, each with its own passage as the only relevant document."""
    path = root / "data" / "evaluation" / "all" / f"{split}_dataset_flattened.json"
    return [
        EvalQuery(id=f"{split}-{index:03d}", text=question, relevant=frozenset({passage_source(context)}))
        for index, (context, question) in enumerate(
            (paragraph["context"], qa["question"]) for paragraph in _paragraphs(path) for qa in paragraph["qas"]
        )
    ]


def _paragraphs(path: Path) -> Iterator[dict]:
    for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
        yield from article["paragraphs"]
