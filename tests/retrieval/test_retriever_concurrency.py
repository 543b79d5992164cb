"""Issue 13: the query path is thread-safe. Sixteen threads ask through one retriever (one law catalogue cache,
one store) while a writer changes a law and commits, so the catalogue and the keyword index are brought up
to date under their feet."""

from __future__ import annotations

import threading
from dataclasses import replace

from service.question.analysis import analyse
from service.retrieval.retriever import Retriever
from service.retrieval.settings import RetrievalSettings
from tests.sample_laws import FOA_CHUNKS, KOMMUNELOVEN, fill
from tests.vectorstore.test_store_concurrency import run_together
from vectorstore.store import KnowledgeStore

QUESTIONS = [
    ("Hva sier kommuneloven § 11-2?", KOMMUNELOVEN.id),
    ("anskaffelsesforskriften kapittel 8", FOA_CHUNKS[2].id),
    ("Hva er EØS-terskelverdiene etter anskaffelsesforskriften § 5-3?", FOA_CHUNKS[1].id),
]


def test_sixteen_threads_retrieving_while_a_law_is_changed_and_committed(hashing_store: KnowledgeStore):
    store = fill(hashing_store)
    retriever = Retriever(store, RetrievalSettings())
    done = threading.Event()
    found: list[bool] = []

    def change_a_law() -> None:
        """The Kommuneloven source again and again, with new text but the same §: the catalogue's entry for it
        and the keyword index are replaced while the readers use them."""
        for round_ in range(40):
            changed = replace(KOMMUNELOVEN, text=f"{KOMMUNELOVEN.text} Endret {round_}.")
            store.replace_source(KOMMUNELOVEN.source, [changed])
            store.commit()
        done.set()

    def ask(number: int) -> None:
        round_ = 0
        while not done.is_set() or round_ < 10:
            question, expected = QUESTIONS[(number + round_) % len(QUESTIONS)]
            hits = retriever.retrieve(analyse(f"{question} ({number} {round_})"), 5).hits
            found.append(bool(hits) and hits[0].chunk.id == expected)
            round_ += 1

    writer = threading.Thread(target=change_a_law)
    writer.start()
    errors = run_together(ask, 16)
    writer.join()
    assert errors == []
    assert len(found) >= 160 and all(found)
