"""The query path under many threads, and searches while another store on the same data dir commits."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from vectorstore.embeddings import HashingEmbedder
from vectorstore.models import Chunk
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

COUNCIL = Chunk(source="koml.pdf", position=0, text="Kommunestyret vedtar årsbudsjettet.", title="Kommuneloven")


def laws(count: int) -> list[Chunk]:
    return [
        Chunk(f"lov{i}.md", position=0, text=f"Lov nummer {i} om kommunestyret og budsjett {i}.", title=f"Lov {i}")
        for i in range(count)
    ]


def run_together(work: Callable[[int], None], threads: int) -> list[BaseException]:
    """Run work(0) ... work(threads - 1) at once, switching threads as often as Python can to bring races out."""
    errors: list[BaseException] = []

    def guarded(number: int) -> None:
        try:
            work(number)
        except BaseException as error:  # collected: the test reports every failure
            errors.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(guarded, range(threads)))
    finally:
        sys.setswitchinterval(interval)
    return errors


def test_sixteen_threads_searching_at_once_all_get_answers(store_settings: StoreSettings):
    store = KnowledgeStore.open(store_settings, HashingEmbedder())
    for chunk in laws(30):
        store.replace_source(chunk.source, [chunk])
    store.commit()

    def ask(number: int) -> None:
        for round_ in range(250):
            question = f"Hva sier lov {(number * 7 + round_) % 40} om budsjett?"  # more questions than are cached
            assert store.dense_search(question, 3)
            if round_ % 10 == 0:
                assert store.keyword_search(question, 3)

    assert run_together(ask, 16) == []


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from vectorstore.embeddings import HashingEmbedder
    from vectorstore.models import Chunk
    from vectorstore.settings import StoreSettings
    from vectorstore.store import KnowledgeStore

    store = KnowledgeStore.open(StoreSettings(data_dir=Path(sys.argv[1]), chroma_url=None), HashingEmbedder())
    for round_ in range(int(sys.argv[2])):
        if round_ % 10 == 0:
            store.replace_source("skiftende.md", [Chunk("skiftende.md", 0, f"Versjon {round_} om gebyr.", "Skifte")])
            store.commit()
        store.rebuild_keyword_index()  # the whole index written anew, every older segment removed
    """
)


def test_searches_in_one_process_never_fail_while_another_process_commits(store_settings: StoreSettings):
    """Issue 12, finding 4: a commit in an ingest process deleted the keyword index version a server process
    was loading (FileNotFoundError, 500s). Here the server is this process, the ingest a real second one."""
    writer = KnowledgeStore.open(store_settings, HashingEmbedder())
    writer.replace_source(COUNCIL.source, [COUNCIL])
    for chunk in laws(20):
        writer.replace_source(chunk.source, [chunk])
    writer.commit()
    reader = KnowledgeStore.open(store_settings, HashingEmbedder())
    command = [sys.executable, "-c", WRITER, str(store_settings.data_dir), "200"]
    ingest = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    searches = []

    def search(_: int) -> None:
        while ingest.poll() is None:
            searches.append([hit.chunk.id for hit in reader.keyword_search("kommunestyret vedtar årsbudsjettet", 1)])

    errors = run_together(search, 4)
    assert ingest.wait(timeout=300) == 0, ingest.stderr.read() if ingest.stderr else ""
    assert errors == []
    assert len(searches) > 100 and all(found == [COUNCIL.id] for found in searches)
