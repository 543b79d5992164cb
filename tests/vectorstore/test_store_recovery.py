"""A damaged or missing part of the store never stops it from opening: it is rebuilt, with a log line."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from vectorstore.analyzer import analyze
from vectorstore.embeddings import HashingEmbedder
from vectorstore.models import Chunk
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

COUNCIL = Chunk(source="koml.pdf", position=0, text="Kommunestyret vedtar årsbudsjettet.", title="Kommuneloven")
THRESHOLD = Chunk(source="foa.md", position=0, text="Terskelverdien for bygg er 62,9 millioner kroner.", title="FOA")


def filled_store(settings: StoreSettings) -> KnowledgeStore:
    store = KnowledgeStore.open(settings, HashingEmbedder())
    store.replace_source(COUNCIL.source, [COUNCIL])
    store.replace_source(THRESHOLD.source, [THRESHOLD])
    store.commit()
    return store


def assert_serves_both(settings: StoreSettings) -> None:
    store = KnowledgeStore.open(settings, HashingEmbedder())
    assert [hit.chunk for hit in store.keyword_search("årsbudsjettet", 5)] == [COUNCIL]
    assert [hit.chunk for hit in store.keyword_search("terskelverdien", 5)] == [THRESHOLD]
    assert store.sources() == {COUNCIL.source, THRESHOLD.source}


def damage_legacy_keyword_index(data_dir: Path, damage: str) -> None:
    """The keyword index as data dirs kept it before the store database (bm25s version folders and a
    `CURRENT` pointer), damaged as issue 12 found it; the store database is gone, as in such a data dir."""
    for suffix in ("", "-wal", "-shm"):
        (data_dir / f"store.db{suffix}").unlink(missing_ok=True)
    legacy = data_dir / "keyword"
    versions = sorted(legacy.glob("v-*")) or [legacy / "v-0"]
    for version in versions:
        version.mkdir(parents=True, exist_ok=True)
        ids = {"truncated": '["koml.pdf#0", "fo', "cut short": '["koml.pdf#0"]'}.get(damage)
        if ids is not None:
            (version / "chunk_ids.json").write_text(ids, encoding="utf-8")
    pointer = legacy / "CURRENT"
    if damage == "missing pointer":
        pointer.unlink(missing_ok=True)
    else:
        pointer.write_text("v-missing" if damage == "pointer to a missing folder" else versions[0].name)


@pytest.mark.parametrize("damage", ["truncated", "cut short", "pointer to a missing folder", "missing pointer"])
def test_a_data_dir_with_a_damaged_keyword_index_of_the_old_layout_opens_and_serves(store_settings, damage):
    filled_store(store_settings)
    damage_legacy_keyword_index(store_settings.data_dir, damage)
    assert_serves_both(store_settings)


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE keyword_arrays SET data = substr(data, 2) WHERE name = 'tfs'",
        "UPDATE keyword_arrays SET data = CAST('[\"koml.pdf#0\"]' AS BLOB) WHERE name = 'chunk_ids'",
        "DELETE FROM keyword_arrays WHERE name = 'docs'",
        "DELETE FROM keyword_segments",
        "DELETE FROM keyword_arrays; DELETE FROM keyword_segments; DELETE FROM meta WHERE key LIKE 'keyword%'",
        "UPDATE meta SET value = 'older' WHERE key = 'keyword_analyzer'",
    ],
)
def test_a_damaged_keyword_index_is_rebuilt_from_the_registry(store_settings, caplog, damage):
    filled_store(store_settings)
    with sqlite3.connect(store_settings.database_path) as connection:
        connection.executescript(damage)
    with caplog.at_level(logging.WARNING, logger="vectorstore.store"):
        assert_serves_both(store_settings)
    assert "rebuilding it from the registry" in caplog.text


@pytest.mark.parametrize("damage", ["garbage", "cut short", "deleted"])
def test_a_damaged_store_database_is_set_aside_and_refilled_from_chroma(store_settings, caplog, damage):
    filled_store(store_settings)
    path = store_settings.database_path
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 100)
    elif damage == "cut short":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        path.unlink()
    with caplog.at_level(logging.INFO, logger="vectorstore"):
        assert_serves_both(store_settings)
    assert "from the Chroma collection" in caplog.text


def test_a_change_that_was_never_committed_is_committed_when_the_store_opens(store_settings):
    writer = KnowledgeStore.open(store_settings, HashingEmbedder())
    writer.replace_source(COUNCIL.source, [COUNCIL])
    del writer  # the ingest run died before its commit
    reopened = KnowledgeStore.open(store_settings, HashingEmbedder())
    assert [hit.chunk for hit in reopened.keyword_search("årsbudsjettet", 5)] == [COUNCIL]


def test_a_store_database_of_an_older_schema_is_set_aside_and_refilled_with_the_sentence_terms(store_settings, caplog):
    filled_store(store_settings)
    with sqlite3.connect(store_settings.database_path) as connection:
        connection.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
        connection.execute("UPDATE chunks SET terms = ''")  # version 1 kept no sentence terms
    with caplog.at_level(logging.INFO, logger="vectorstore"):
        assert_serves_both(store_settings)
    assert "schema version 1" in caplog.text
    reopened = KnowledgeStore.open(store_settings, HashingEmbedder())
    assert reopened.registry.sentence_terms([COUNCIL.id]) == {COUNCIL.id: (frozenset(analyze(COUNCIL.text)),)}
