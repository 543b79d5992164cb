"""Issue 12, finding 1: an empty or wrong folder must not delete the index, nor one folder another's documents."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.cli import app
from ingest.manifest import MANIFEST_NAME, Manifest
from ingest.pipeline import PruneRefused, ingest_folder
from ingest.settings import IngestSettings
from tests.ingest.processes import write_notes
from vectorstore.embeddings import HashingEmbedder
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

runner = CliRunner()


@pytest.fixture(autouse=True)
def offline_embedder(monkeypatch):
    monkeypatch.setattr("vectorstore.store.create_embedder", lambda settings: HashingEmbedder())


def ingest(folder: Path, data_dir: Path, *options: str):
    return runner.invoke(app, [str(folder), "--data-dir", str(data_dir), *options], env={"COLUMNS": "200"})


def indexed(data_dir: Path) -> tuple[set[str], set[str]]:
    """The sources in Chroma and those the keyword index finds for a word every note has."""
    store = KnowledgeStore.open(StoreSettings(data_dir=data_dir), HashingEmbedder())
    return store.sources(), {hit.chunk.source for hit in store.keyword_search("sak", 100_000)}


def test_a_wrong_empty_folder_deletes_nothing(tmp_path):
    data_dir = tmp_path / "data"
    assert ingest(write_notes(tmp_path / "dokumenter", 20), data_dir).exit_code == 0
    (tmp_path / "tom").mkdir()
    result = ingest(tmp_path / "tom", data_dir)
    assert result.exit_code == 0 and re.search(r"deleted\s*│\s*0\b", result.output), result.output
    notes = {f"notat-{n:02d}.md" for n in range(20)}
    assert indexed(data_dir) == (notes, notes)


def test_an_emptied_folder_refuses_says_what_it_would_delete_and_prune_allows_it(tmp_path):
    data_dir, share = tmp_path / "data", tmp_path / "share"
    write_notes(share, 20)
    assert ingest(share, data_dir).exit_code == 0
    for path in share.iterdir():
        path.unlink()  # what an unmounted share looks like at its mount point
    refused = ingest(share, data_dir)
    assert refused.exit_code == 3, refused.output
    assert "would delete 20 of its 20 indexed documents" in refused.output
    assert "notat-00.md" in refused.output and "... and 0 more" not in refused.output and "--prune" in refused.output
    notes = {f"notat-{n:02d}.md" for n in range(20)}
    assert indexed(data_dir) == (notes, notes)
    result = ingest(share, data_dir, "--prune")
    assert result.exit_code == 0 and re.search(r"deleted\s*│\s*20\b", result.output)
    assert indexed(data_dir) == (set(), set())


def test_a_run_deletes_up_to_the_set_share_and_refuses_beyond_it(tmp_path, hashing_store):
    folder = write_notes(tmp_path / "dokumenter", 10)
    ingest_folder(folder, hashing_store)
    (folder / "notat-00.md").unlink()
    (folder / "notat-01.md").unlink()
    assert ingest_folder(folder, hashing_store).deleted == ["notat-00.md", "notat-01.md"]  # 2 of 10: allowed
    for number in (2, 3):
        (folder / f"notat-{number:02d}.md").unlink()
    with pytest.raises(PruneRefused) as refused:
        ingest_folder(folder, hashing_store, IngestSettings(max_delete_share=0.2))  # 2 of 8 = 25 %
    assert refused.value.would_delete == ["notat-02.md", "notat-03.md"]
    assert len(hashing_store.sources()) == 8
    assert (
        ingest_folder(folder, hashing_store, IngestSettings(max_delete_share=0.25)).deleted
        == refused.value.would_delete
    )
    assert ingest_folder(folder, hashing_store, IngestSettings(prune=True)).ok


def test_ingesting_one_file_into_a_data_dir_that_holds_another_folder_deletes_none_of_its_documents(tmp_path):
    data_dir = tmp_path / "data"
    assert ingest(write_notes(tmp_path / "arkiv", 20), data_dir).exit_code == 0
    result = ingest(write_notes(tmp_path / "ny", 1, prefix="vedtak"), data_dir)
    assert result.exit_code == 0, result.output
    assert re.search(r"added\s*│\s*1\b", result.output) and re.search(r"deleted\s*│\s*0\b", result.output)
    sources, keyword_sources = indexed(data_dir)
    assert len(sources) == 21 and keyword_sources == sources
    origins = {entry.origin for entry in Manifest.load(data_dir / MANIFEST_NAME).sources.values()}
    assert origins == {str((tmp_path / "arkiv").resolve()), str((tmp_path / "ny").resolve())}


def test_a_document_name_another_folder_owns_fails_without_touching_it_and_adopt_takes_the_folder_over(tmp_path):
    data_dir, old, new = tmp_path / "data", tmp_path / "gammel", tmp_path / "flyttet"
    write_notes(old, 4)
    assert ingest(old, data_dir).exit_code == 0
    write_notes(new, 4)
    (new / "notat-00.md").write_text("# Endret\n\nNy tekst om næringsarealer.\n", encoding="utf-8")
    result = ingest(new, data_dir)
    assert result.exit_code == 1 and "already indexed from the folder" in result.output and "--adopt" in result.output
    assert "Endret" not in {chunk.title for chunk in _chunks(data_dir)}
    adopted = ingest(new, data_dir, "--adopt")
    assert adopted.exit_code == 0, adopted.output
    assert re.search(r"updated\s*│\s*1\b", adopted.output) and re.search(r"unchanged\s*│\s*3\b", adopted.output)
    origins = {entry.origin for entry in Manifest.load(data_dir / MANIFEST_NAME).sources.values()}
    assert origins == {str(new.resolve())}


def test_an_unreadable_subfolder_is_an_error_and_keeps_its_documents(tmp_path, hashing_store, monkeypatch):
    folder = write_notes(tmp_path / "dokumenter", 2)
    write_notes(folder / "sak", 3, prefix="sak")
    ingest_folder(folder, hashing_store)
    locked = str(folder / "sak")
    real_scandir = os.scandir

    def scandir(path="."):  # what `os.walk` meets on a subfolder without read permission (root reads anyway)
        if os.fspath(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = ingest_folder(folder, hashing_store)
    assert report.failed == [("sak/", "folder could not be read (Permission denied)")]
    assert not report.deleted and len(hashing_store.sources()) == 5


def _chunks(data_dir: Path):
    return KnowledgeStore.open(StoreSettings(data_dir=data_dir), HashingEmbedder()).all_chunks()
