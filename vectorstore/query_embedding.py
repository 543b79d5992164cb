"""The question path of an embedder: a bounded cache of question vectors and a queue that batches questions.

Both wrap any `Embedder` and pass passages straight through. `create_embedder` puts them around every real
backend, so the store and the service ask for a question's vector as they ask for any other.
"""

from __future__ import annotations

import queue
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Future

import numpy as np

from vectorstore.embeddings import Embedder, EmbedKind


class QueryVectorCache:
    """Question vectors of the last `size` distinct questions, shared by every thread (a locked LRU).

    A question asked again (a retry, the widget's and the API's same question, a popular question) is not
    embedded again. Two threads missing the same question at once may both embed it; the cache keeps one.
    """

    def __init__(self, embedder: Embedder, size: int):
        self.embedder = embedder
        self.name = embedder.name
        self._size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def calls_made(self) -> int:
        return self.embedder.calls_made

    def embed(self, texts: Sequence[str], kind: EmbedKind) -> list[list[float]]:
        if kind != "query" or self._size == 0:
            return self.embedder.embed(texts, kind)
        found = self._lookup(texts)
        missing = [text for text in dict.fromkeys(texts) if text not in found]
        if missing:
            vectors = self.embedder.embed(missing, kind)
            fresh = dict(zip(missing, (np.asarray(vector) for vector in vectors), strict=True))
            self._store(fresh)
            found |= fresh
        return [found[text].tolist() for text in texts]

    def _lookup(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        with self._lock:
            found = {}
            for text in texts:
                vector = self._vectors.get(text)
                if vector is not None:
                    self._vectors.move_to_end(text)
                    found[text] = vector
            return found

    def _store(self, vectors: dict[str, np.ndarray]) -> None:
        with self._lock:
            self._vectors.update(vectors)
            for text in vectors:
                self._vectors.move_to_end(text)
            while len(self._vectors) > self._size:
                self._vectors.popitem(last=False)


class QueryBatcher:
    """Questions from many threads embedded by one worker thread, those waiting at the same time in one batch.

    A question never waits behind more than the batch being embedded when it arrives: the worker then takes
    every question queued (up to `max_batch`) at once. The worker runs the backend's question path (one thread
    for the torch backend), so concurrent questions do not fight over the cores with their own thread teams.
    """

    def __init__(self, embedder: Embedder, max_batch: int = 32):
        self.embedder = embedder
        self.name = embedder.name
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[tuple[list[str], Future[list[list[float]]]]] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._start_lock = threading.Lock()

    @property
    def calls_made(self) -> int:
        return self.embedder.calls_made

    def embed(self, texts: Sequence[str], kind: EmbedKind) -> list[list[float]]:
        if kind != "query" or not texts:
            return self.embedder.embed(texts, kind)
        answer: Future[list[list[float]]] = Future()
        self._queue.put((list(texts), answer))
        self._ensure_worker()
        return answer.result()

    def _ensure_worker(self) -> None:
        with self._start_lock:
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="query-embedding", daemon=True)
                self._worker.start()

    def _work(self) -> None:
        while True:
            waiting = [self._queue.get()]
            while len(waiting) < self._max_batch:
                try:
                    waiting.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            self._answer(waiting)

    def _answer(self, waiting: list[tuple[list[str], Future[list[list[float]]]]]) -> None:
        try:
            vectors = self.embedder.embed([text for texts, _ in waiting for text in texts], "query")
        except BaseException as error:  # the asking threads re-raise it; the worker goes on
            for _, answer in waiting:
                answer.set_exception(error)
            return
        start = 0
        for texts, answer in waiting:
            answer.set_result(vectors[start : start + len(texts)])
            start += len(texts)
