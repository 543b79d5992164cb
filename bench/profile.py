"""`python -m bench.profile DATA_DIR`: where one `/v1/ask` spends its time, by stage, on a tier's index.

The answer engine over the data dir (the configured embedding model for questions, as `kildesvar serve`
has it), the benchmark's questions in their seeded order, one after the other, under pyinstrument.
Each sampled frame's time goes to the first stage its call path enters (question embedding, the Chroma
query, keyword search, rerank, composition, refusal, validity), the rest to "other"; no HTTP.
"""

from __future__ import annotations

import argparse
import os
import time
from itertools import islice
from pathlib import Path
from typing import Any

# The stages, by the file a frame runs in: the first match on the way down a call path takes its time.
STAGES = (
    ("question embedding", ("vectorstore/query_embedding.py", "vectorstore/e5_torch.py", "vectorstore/embeddings.py")),
    ("Chroma dense query", ("chromadb/",)),
    ("keyword search", ("vectorstore/keyword_index.py", "vectorstore/bm25.py")),
    ("store registry and texts", ("vectorstore/database.py", "vectorstore/registry.py")),
    ("fusion and rerank", ("service/retrieval/fusion.py", "service/retrieval/rerank.py")),
    ("question analysis", ("service/question/",)),
    ("refusal", ("service/answer/abstention.py",)),
    ("validity and amendments", ("service/answer/validity.py", "service/answer/amendments.py")),
    (
        "composition",
        (
            "service/answer/extractive.py",
            "service/answer/draft.py",
            "service/answer/citations.py",
            "service/answer/excerpts.py",
        ),
    ),
)


def stage_times(frame: Any, totals: dict[str, float]) -> None:
    """Add each pyinstrument frame's time to the first stage met on its path (children of a stage frame
    belong to that stage); time of frames in no stage, less their children's, goes to "other"."""
    path = (frame.file_path or "").replace(os.sep, "/")
    for stage, parts in STAGES:
        if any(part in path for part in parts):
            totals[stage] = totals.get(stage, 0.0) + frame.time
            return
    totals["other"] = totals.get("other", 0.0) + frame.time - sum(child.time for child in frame.children)
    for child in frame.children:
        stage_times(child, totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="A data dir (a tier's `<cache>/indexes/<tier>/data`).")
    parser.add_argument("--questions", type=int, default=200, help="Questions asked under the profiler.")
    parser.add_argument("--warm-up", type=int, default=20, help="Questions asked first, not profiled.")
    parser.add_argument("--tree", type=Path, default=None, help="Also write pyinstrument's call tree here.")
    args = parser.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

    from pyinstrument import Profiler

    from bench.questions import load_questions
    from evaluation.settings import EvalSettings
    from service.answer.engine import AnswerEngine
    from service.answer.settings import AnswerSettings
    from vectorstore.settings import StoreSettings
    from vectorstore.store import KnowledgeStore

    store = KnowledgeStore.open(StoreSettings(data_dir=args.data_dir, chroma_url=None))
    engine = AnswerEngine(store, AnswerSettings())
    questions = load_questions(EvalSettings().shared_dir).walk()
    for question in islice(questions, args.warm_up):
        engine.ask(question)
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for question in islice(questions, args.questions):
            engine.ask(question)
    elapsed = time.perf_counter() - started
    totals: dict[str, float] = {}
    root = profiler.last_session.root_frame() if profiler.last_session else None
    if root is not None:
        stage_times(root, totals)
    print(f"{args.questions} questions, {1000 * elapsed / args.questions:.1f} ms per answer ({store.count():,} chunks)")
    for stage, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"  {stage:<26} {1000 * seconds / args.questions:7.1f} ms")
    if args.tree:
        args.tree.write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")


if __name__ == "__main__":
    main()
