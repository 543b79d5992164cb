"""Incremental ingest into a real store (Chroma + keyword index under tmp_path) with the hashing embedder."""

import json
from pathlib import Path

import pytest

from ingest import formats
from ingest.manifest import MANIFEST_NAME, Manifest
from ingest.pipeline import IngestProgress, ingest_folder
from ingest.settings import IngestSettings
from ingest.writer import ingest_config
from tests.ingest.conftest import write_docx, write_pdf
from vectorstore.embeddings import HashingEmbedder
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

LUP = (
    "---\ntitle: LUP\ntype: notat\n---\n\n# LUP\n\n## Hva LUP er\n\nLUP er Nasjonalt program for leverandørutvikling.\n"
)


@pytest.fixture
def folder(corpus_dir: Path) -> Path:
    (corpus_dir / "lup.md").write_text(LUP, encoding="utf-8")
    (corpus_dir / "notat.txt").write_bytes("Årsbudsjettet vedtas av kommunestyret.".encode("cp1252"))
    (corpus_dir / "side.html").write_text("<h1>Kåringen</h1><p>Årets vertskommune kåres hvert år.</p>", "utf-8")
    write_pdf(corpus_dir / "veileder.pdf", [["Innkjøp er et strategisk virkemiddel."]])
    (corpus_dir / "program").mkdir()
    write_docx(
        corpus_dir / "program" / "loftet.docx", [("Heading 1", "Mål"), ("Normal", "Bærekraftsløftet samler kull.")]
    )
    catalog = {"veileder.pdf": {"title": "Strategiske anskaffelser", "type": "veileder", "date": "2023-12-04"}}
    (corpus_dir / "metadata.json").write_text(json.dumps(catalog), encoding="utf-8")
    return corpus_dir


def reopen(store: KnowledgeStore) -> KnowledgeStore:
    return KnowledgeStore.open(store.settings, HashingEmbedder())


def searchable(store: KnowledgeStore, words: str) -> set[str]:
    """Sources found for `words` by the keyword index."""
    return {hit.chunk.source for hit in store.keyword_search(words, 10)}


def test_ingest_adds_every_supported_file_with_its_metadata(folder, hashing_store):
    report = ingest_folder(folder, hashing_store)
    assert sorted(report.added) == ["lup.md", "notat.txt", "program/loftet.docx", "side.html", "veileder.pdf"]
    assert report.ok and not (report.updated or report.unchanged or report.deleted)
    chunks = {chunk.source: chunk for chunk in hashing_store.all_chunks()}
    assert (chunks["veileder.pdf"].title, chunks["veileder.pdf"].doc_type, chunks["veileder.pdf"].page) == (
        "Strategiske anskaffelser",
        "veileder",
        1,
    )
    assert (chunks["lup.md"].title, chunks["lup.md"].section) == ("LUP", "Hva LUP er")
    assert chunks["notat.txt"].title == "notat" and "Årsbudsjettet" in chunks["notat.txt"].text
    assert chunks["side.html"].title == "Kåringen"
    assert searchable(hashing_store, "bærekraftsløftet") == {"program/loftet.docx"}


def test_ingest_skips_unchanged_sources(folder, hashing_store):
    ingest_folder(folder, hashing_store)
    store = reopen(hashing_store)
    report = ingest_folder(folder, store)
    assert len(report.unchanged) == 5 and not (report.added or report.updated or report.deleted or report.failed)
    assert store.embedder.calls_made == 0


def test_changed_file_replaces_its_old_chunks(folder, hashing_store):
    ingest_folder(folder, hashing_store)
    (folder / "lup.md").write_text(LUP.replace("leverandørutvikling", "innovasjonsdialog"), encoding="utf-8")
    store = reopen(hashing_store)
    report = ingest_folder(folder, store)
    assert report.updated == ["lup.md"] and len(report.unchanged) == 4
    assert searchable(store, "innovasjonsdialog") == {"lup.md"}
    assert "lup.md" not in searchable(store, "leverandørutvikling")
    assert [c.text for c in store.all_chunks() if c.source == "lup.md"] == [
        "Hva LUP er\n\nLUP er Nasjonalt program for innovasjonsdialog."
    ]


def test_deleted_file_disappears_from_both_indexes(folder, hashing_store):
    ingest_folder(folder, hashing_store)
    (folder / "notat.txt").unlink()
    store = reopen(hashing_store)
    report = ingest_folder(folder, store)
    assert report.deleted == ["notat.txt"]
    assert "notat.txt" not in store.sources()
    assert searchable(store, "årsbudsjettet") == set()
    assert all(hit.chunk.source != "notat.txt" for hit in store.dense_search("årsbudsjettet kommunestyret", 10))
    assert "notat.txt" not in Manifest.load(store.settings.data_dir / MANIFEST_NAME).sources


def test_corrupt_file_is_reported_and_its_previous_version_stays_searchable(folder, hashing_store):
    ingest_folder(folder, hashing_store)
    manifest_path = hashing_store.settings.data_dir / MANIFEST_NAME
    old_hash = Manifest.load(manifest_path).sources["veileder.pdf"]
    (folder / "veileder.pdf").write_bytes(b"%PDF-1.4 dette er ikke en ekte pdf")
    store = reopen(hashing_store)
    report = ingest_folder(folder, store)
    [(source, reason)] = report.failed
    assert source == "veileder.pdf" and "not a readable PDF" in reason
    assert searchable(store, "strategisk virkemiddel") == {"veileder.pdf"}
    assert Manifest.load(manifest_path).sources["veileder.pdf"] == old_hash
    assert ingest_folder(folder, reopen(store)).failed == report.failed  # still failing, not "unchanged"


def test_bad_inputs_are_reported_by_name_and_the_rest_ingested(folder, hashing_store):
    (folder / "tom.md").write_bytes(b"")
    (folder / "bare-mellomrom.txt").write_text("  \n\n ", encoding="utf-8")
    (folder / "tabell.xyz").write_text("a;b", encoding="utf-8")
    (folder / "skadet.docx").write_bytes(b"ikke en zip")
    report = ingest_folder(folder, hashing_store)
    assert dict(report.failed) == {
        "bare-mellomrom.txt": "no text found in the file",
        "skadet.docx": "not a readable Word document (damaged, or not a .docx file)",
        "tabell.xyz": "unsupported file type .xyz",
        "tom.md": "the file is empty",
    }
    assert len(report.added) == 5


def test_file_that_disappears_mid_run_is_reported_and_kept(folder, hashing_store):
    ingest_folder(folder, hashing_store)
    (folder / "lup.md").write_text(LUP + "\nNy setning.\n", encoding="utf-8")
    (folder / "notat.txt").write_text("Endret notat.", encoding="utf-8")

    def delete_next_file(progress: IngestProgress) -> None:
        if progress.source == "lup.md":
            (folder / "notat.txt").unlink()

    store = reopen(hashing_store)
    report = ingest_folder(folder, store, on_progress=delete_next_file)
    assert report.failed == [("notat.txt", "file disappeared during ingest")]
    assert report.updated == ["lup.md"]
    assert searchable(store, "årsbudsjettet") == {"notat.txt"}


def test_progress_counts_files_bytes_and_the_chunks_embedded(folder, hashing_store):
    reports: list[IngestProgress] = []
    ingest_folder(folder, hashing_store, on_progress=reports.append)
    sizes = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and path.name != "metadata.json")
    assert [report.files_done for report in reports] == list(range(1, len(reports) + 1))
    assert reports[-1].files_done == reports[-1].files_total
    assert reports[-1].bytes_done == reports[-1].bytes_total == sizes
    assert reports[-1].chunks_embedded == len(hashing_store.all_chunks()) > 0
    again: list[IngestProgress] = []
    ingest_folder(folder, reopen(hashing_store), on_progress=again.append)
    assert again[-1].chunks_embedded == 0  # an unchanged folder embeds nothing


def test_a_loader_crash_is_reported_without_stopping_the_run(folder, hashing_store, monkeypatch):
    def explode(data: bytes):
        raise RuntimeError("uventet feil")

    monkeypatch.setitem(formats.LOADERS, ".html", explode)
    report = ingest_folder(folder, hashing_store, IngestSettings(parse_timeout_seconds=0))  # parse in this process
    assert report.failed == [("side.html", "could not be ingested (RuntimeError: uventet feil)")]
    assert len(report.added) == 4


def test_editing_a_metadata_json_entry_reingests_only_that_file(folder, hashing_store):
    ingest_folder(folder, hashing_store)
    catalog = {"veileder.pdf": {"title": "Ny tittel", "type": "veileder"}}
    (folder / "metadata.json").write_text(json.dumps(catalog), encoding="utf-8")
    store = reopen(hashing_store)
    report = ingest_folder(folder, store)
    assert report.updated == ["veileder.pdf"] and len(report.unchanged) == 4
    assert {c.title for c in store.all_chunks() if c.source == "veileder.pdf"} == {"Ny tittel"}


def test_broken_metadata_json_is_reported_and_the_files_still_ingested(folder, hashing_store):
    (folder / "metadata.json").write_text("{ikke json", encoding="utf-8")
    report = ingest_folder(folder, hashing_store)
    assert [source for source, _ in report.failed] == ["metadata.json"]
    assert len(report.added) == 5


def test_changed_chunk_settings_reembed_every_source(folder, hashing_store):
    ingest_folder(folder, hashing_store)
    report = ingest_folder(folder, reopen(hashing_store), IngestSettings(prose_chunk_chars=600))
    assert len(report.updated) == 5 and not report.unchanged


def test_hidden_files_and_the_data_dir_inside_the_folder_are_skipped(folder):
    (folder / ".utkast.md").write_text("# Hemmelig\n\nUtkast.", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "notat.md").write_text("# Git\n\nIntern.", encoding="utf-8")
    store = KnowledgeStore.open(StoreSettings(data_dir=folder / "data"), HashingEmbedder())
    report = ingest_folder(folder, store)
    assert report.ok and len(report.added) == 5
    assert ingest_folder(folder, reopen(store)).unchanged == sorted(report.added)


def test_a_data_dir_from_before_origins_is_taken_over_without_embedding_again(folder, hashing_store):
    ingest_folder(folder, hashing_store)
    path = hashing_store.settings.data_dir / MANIFEST_NAME
    current = Manifest.load(path)
    config = ingest_config(IngestSettings(), hashing_store.embedder.name)
    format_1 = {"config": config, "sources": {name: entry.digest for name, entry in current.sources.items()}}
    path.write_text(json.dumps(format_1), encoding="utf-8")  # what the previous version wrote
    store = reopen(hashing_store)
    report = ingest_folder(folder, store)
    assert len(report.unchanged) == 5 and store.embedder.calls_made == 0
    taken_over = Manifest.load(path).sources
    assert {name: (e.origin, e.digest) for name, e in taken_over.items()} == {
        name: (e.origin, e.digest) for name, e in current.sources.items()
    }
