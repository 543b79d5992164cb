"""The questions the answer models learn from, and their retrievals cached on disk.

Law questions of an officer's kind (`evaluation/training/law_questions.jsonl`, written for training, with
the verbatim answer span), over Lovdata laws that neither the law gold set nor its distractors use
(`evaluation/training/law_corpus.json`): the questions on the laws listed under `validation` are validation
questions, the others train. The law gold questions and the corpus questions are never read here.

NorQuAD (`../shared/data/norquad/`), split by passage so that no test passage is learned from:
- **train**: the annotation questions (`data/annotation/*/answers_{1,2}.json`) whose passage carries no
  question of the test split, less the validation questions themselves (3,198 questions; ids repeat
  between files, so a question is named by its file and id);
- **validation**: `validation_dataset_flattened.json` (472), for choosing thresholds and settings;
- the test split is never read here: `kildesvar eval` reports on it.

Every question is retrieved twice over the norquad index, as it is and with its own passage left out (a
removed-passage negative). Retrieval is the expensive part (an embedding and two searches), so each split's
retrievals are cached as JSON lines under `data/train-cache/`, keyed by the index and by the source of the
retrieval code and its settings: a changed retriever retrieves again, a rerun of training reads the cache.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from evaluation.norquad import norquad_dir, passage_source
from service.question.analysis import analyse
from service.retrieval.law_references import ResolvedLaws
from service.retrieval.retriever import Retrieval, Retriever
from service.retrieval.settings import RetrievalSettings
from vectorstore.models import Chunk, Hit
from vectorstore.store import KnowledgeStore

TrainingSplit = Literal["train", "validation"]
TRAINING_DIR = Path(__file__).resolve().parent / "training"
RETRIEVAL_DEPTH = 10  # what the answer engine asks the retriever for
_REPO = Path(__file__).resolve().parents[1]
_CODE_HASHED = (  # retrieval follows them
    "service/retrieval/*.py",
    "service/question/*.py",
    "vectorstore/analyzer.py",
    "vectorstore/sentences.py",
    "vectorstore/sentence_terms.py",
)


@dataclass(frozen=True)
class TrainingQuestion:
    """A question with its gold answer text and the source (passage) that holds it."""

    id: str
    text: str
    answer: str
    source: str


@dataclass(frozen=True)
class Asked:
    """A question and what retrieval found for it; `negative` when its own source was left out."""

    question: TrainingQuestion
    negative: bool
    retrieval: Retrieval


def norquad_questions(shared_dir: Path, split: TrainingSplit) -> list[TrainingQuestion]:
    """The split's questions (see the module docstring for which)."""
    root = norquad_dir(shared_dir) / "data"
    evaluation = root / "evaluation" / "all"
    if split == "validation":
        rows = _flattened(evaluation / "validation_dataset_flattened.json")
        return [
            TrainingQuestion(f"validation-{i:03d}", q, a, passage_source(c)) for i, (c, q, a, _id) in enumerate(rows)
        ]
    test_passages = {context for context, *_rest in _flattened(evaluation / "test_dataset_flattened.json")}
    validation = {
        (context, question)
        for context, question, *_rest in _flattened(evaluation / "validation_dataset_flattened.json")
    }
    questions = []
    for path in sorted((root / "annotation").glob("*/answers_*.json")):
        name = f"{path.parent.name}/{path.stem}"
        for context, question, answer, qid in _flattened(path):
            if context not in test_passages and (context, question) not in validation:
                questions.append(TrainingQuestion(f"{name}:{qid}", question, answer, passage_source(context)))
    return questions


def law_files() -> dict[str, list[str]]:
    """The Lovdata files of the law training index: `answering`, `distractors` and `validation` (a subset of
    `answering` whose questions are validation questions)."""
    return json.loads((TRAINING_DIR / "law_corpus.json").read_text(encoding="utf-8"))


def law_questions(split: TrainingSplit) -> list[TrainingQuestion]:
    """The written law questions of the split; the source is the law's file."""
    validation = set(law_files()["validation"])
    rows = [json.loads(line) for line in (TRAINING_DIR / "law_questions.jsonl").read_text("utf-8").splitlines() if line]
    return [
        TrainingQuestion(f"law-{row['id']}", row["question"], row["answer"], row["file"])
        for row in rows
        if (row["file"] in validation) == (split == "validation")
    ]


def _flattened(path: Path) -> Iterator[tuple[str, str, str, str]]:
    """(context, question, first answer's text, id) of every question of a SQuAD-format file."""
    for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                yield paragraph["context"], qa["question"], qa["answers"][0]["text"], str(qa["id"])


def retrieval_key(index_key: str, settings: RetrievalSettings) -> str:
    """What cached retrievals depend on: the index, the retrieval settings and the code that retrieves."""
    digest = hashlib.sha256(index_key.encode("utf-8"))
    digest.update(settings.model_dump_json().encode("utf-8"))
    for pattern in _CODE_HASHED:
        for path in sorted(_REPO.glob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_retrievals(
    retriever: Retriever,
    questions: Sequence[TrainingQuestion],
    chunks: dict[str, Chunk],
    path: Path,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> list[Asked]:
    """Each question asked as it is and as a negative, read from `path` where cached, retrieved (and
    appended to it) where not; an interrupted run resumes."""
    stored = _read(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    asked = []
    with path.open("a", encoding="utf-8") as cache:
        for done, question in enumerate(questions, start=1):
            for negative in (False, True):
                key = f"{question.id}|{int(negative)}"
                if key not in stored:
                    exclude = {question.source} if negative else set()
                    retrieval = retriever.retrieve(analyse(question.text), RETRIEVAL_DEPTH, exclude)
                    stored[key] = _as_json(retrieval)
                    cache.write(json.dumps({"key": key, **stored[key]}, ensure_ascii=False) + "\n")
                asked.append(Asked(question, negative, _from_json(stored[key], chunks, retriever.store)))
            progress(done, len(questions))
    return asked


def _read(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue  # the last line of an interrupted run
        rows[row.pop("key")] = row
    return rows


def _as_json(retrieval: Retrieval) -> dict:
    return {
        "hits": [[hit.chunk.id, hit.score] for hit in retrieval.hits],
        "dense": retrieval.dense,
        "keyword": retrieval.keyword,
        "laws": [list(retrieval.laws.named), list(retrieval.laws.chunk_ids), list(retrieval.laws.mentions)],
        "pool": [chunk.id for chunk in retrieval.pool],
    }


def _from_json(row: dict, chunks: dict[str, Chunk], store: KnowledgeStore) -> Retrieval:
    named, chunk_ids, mentions = row["laws"]
    pool = tuple(chunks[chunk_id] for chunk_id in row["pool"])
    return Retrieval(
        hits=[Hit(chunks[chunk_id], score) for chunk_id, score in row["hits"]],
        dense=row["dense"],
        keyword=row["keyword"],
        laws=ResolvedLaws(tuple(named), tuple(chunk_ids), tuple(mentions)),
        pool=pool,
        sentence_terms=store.sentence_terms(pool),
    )
