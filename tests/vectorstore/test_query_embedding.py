"""The question path around every embedder: the shared LRU of question vectors and the batching queue."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from vectorstore.embeddings import HashingEmbedder
from vectorstore.query_embedding import QueryBatcher, QueryVectorCache


class Recording(HashingEmbedder):
    """HashingEmbedder that records every call's texts and can be slowed down or made to fail."""

    def __init__(self, delay: float = 0.0, fail_on: str | None = None):
        super().__init__()
        self.delay = delay
        self.fail_on = fail_on
        self.calls: list[tuple[list[str], str]] = []
        self._lock = threading.Lock()

    def embed(self, texts, kind):
        with self._lock:
            self.calls.append((list(texts), kind))
        time.sleep(self.delay)
        if self.fail_on in texts:
            raise RuntimeError(f"cannot embed {self.fail_on}")
        return super().embed(texts, kind)


def test_a_repeated_question_is_embedded_once():
    inner = Recording()
    cache = QueryVectorCache(inner, size=8)
    first = cache.embed(["Hva er terskelverdien?"], "query")
    again = cache.embed(["Hva er terskelverdien?"], "query")
    assert first == again == HashingEmbedder().embed(["Hva er terskelverdien?"], "query")
    assert inner.calls == [(["Hva er terskelverdien?"], "query")]


@pytest.mark.parametrize(("kind", "size"), [("passage", 8), ("query", 0)], ids=["passages", "size-zero"])
def test_passages_and_a_cache_of_size_zero_embed_every_time(kind, size):
    inner = Recording()
    cache = QueryVectorCache(inner, size=size)
    cache.embed(["Kommunestyret vedtar budsjettet."], kind)
    cache.embed(["Kommunestyret vedtar budsjettet."], kind)
    assert len(inner.calls) == 2


def test_the_least_recently_asked_question_is_dropped_first():
    inner = Recording()
    cache = QueryVectorCache(inner, size=2)
    cache.embed(["a"], "query")
    cache.embed(["b"], "query")
    cache.embed(["a"], "query")  # a is now the most recent
    cache.embed(["c"], "query")  # drops b
    inner.calls.clear()
    cache.embed(["a", "c"], "query")
    assert inner.calls == []
    cache.embed(["b"], "query")
    assert inner.calls == [(["b"], "query")]


def test_a_batch_embeds_only_its_new_questions_once_each():
    inner = Recording()
    cache = QueryVectorCache(inner, size=8)
    cache.embed(["a"], "query")
    vectors = cache.embed(["b", "a", "b"], "query")
    assert inner.calls[-1] == (["b"], "query")
    assert vectors == HashingEmbedder().embed(["b", "a", "b"], "query")


def test_callers_get_their_own_copy_of_a_cached_vector():
    cache = QueryVectorCache(HashingEmbedder(), size=8)
    cache.embed(["a"], "query")[0][0] = 99.0
    assert cache.embed(["a"], "query")[0][0] != 99.0


def test_the_cache_stays_correct_and_bounded_when_hammered_by_16_threads():
    """Many threads asking overlapping questions while entries are added and evicted (the old dict raised
    'dictionary changed size during iteration' under 16 clients)."""
    reference = HashingEmbedder()
    cache = QueryVectorCache(Recording(), size=32)
    questions = [f"spørsmål {number}" for number in range(100)]
    expected = {question: reference.embed([question], "query")[0] for question in questions}

    def ask(worker: int) -> int:
        wrong = 0
        for step in range(1500):
            question = questions[(worker * 7 + step * 13) % len(questions)]
            wrong += cache.embed([question], "query")[0] != expected[question]
        return wrong

    with ThreadPoolExecutor(16) as pool:
        assert sum(pool.map(ask, range(16))) == 0
    assert len(cache._vectors) == 32


def test_questions_asked_at_the_same_time_are_embedded_together():
    inner = Recording(delay=0.2)
    batcher = QueryBatcher(inner)
    questions = [f"spørsmål {number}" for number in range(8)]
    with ThreadPoolExecutor(8) as pool:
        first = pool.submit(batcher.embed, [questions[0]], "query")
        time.sleep(0.05)  # the worker is busy with the first question while the others queue up
        rest = [pool.submit(batcher.embed, [question], "query") for question in questions[1:]]
        answers = [first.result(), *(future.result() for future in rest)]
    assert answers == [HashingEmbedder().embed([question], "query") for question in questions]
    assert [len(texts) for texts, _ in inner.calls] == [1, 7]


def test_a_failed_batch_fails_its_askers_and_the_next_question_is_answered():
    inner = Recording(fail_on="feil")
    batcher = QueryBatcher(inner)
    with pytest.raises(RuntimeError, match="cannot embed feil"):
        batcher.embed(["feil"], "query")
    assert batcher.embed(["riktig"], "query") == HashingEmbedder().embed(["riktig"], "query")


def test_passages_bypass_the_queue_in_the_calling_thread():
    seen = []

    class Where(HashingEmbedder):
        def embed(self, texts, kind):
            seen.append((kind, threading.current_thread().name))
            return super().embed(texts, kind)

    batcher = QueryBatcher(Where())
    batcher.embed(["a"], "passage")
    batcher.embed(["a"], "query")
    assert seen == [("passage", threading.current_thread().name), ("query", "query-embedding")]
