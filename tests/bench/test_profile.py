"""The profile's stages: each frame's time goes to the first stage on its call path, the rest to "other"."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.profile import stage_times


@dataclass
class Frame:
    file_path: str
    time: float
    children: list[Frame] = field(default_factory=list)


def test_time_goes_to_the_outermost_stage_and_the_orchestrators_own_time_to_other():
    embedding = Frame("/repo/vectorstore/query_embedding.py", 6.0, [Frame("/site/concurrent/futures/_base.py", 5.9)])
    chroma = Frame("/site/chromadb/api/models/Collection.py", 3.0, [Frame("/repo/vectorstore/analyzer.py", 0.5)])
    rerank = Frame("/repo/service/retrieval/rerank.py", 2.0, [Frame("/repo/vectorstore/analyzer.py", 1.8)])
    retrieve = Frame("/repo/service/retrieval/retriever.py", 11.5, [embedding, chroma, rerank])
    compose = Frame("/repo/service/answer/extractive.py", 1.5)
    root = Frame("/repo/service/answer/engine.py", 13.5, [retrieve, compose])
    totals: dict[str, float] = {}
    stage_times(root, totals)
    assert totals == {
        "question embedding": 6.0,
        "Chroma dense query": 3.0,
        "fusion and rerank": 2.0,
        "composition": 1.5,
        "other": 1.0,  # 0.5 in the retriever itself, 0.5 in the engine
    }
