"""Uploaded files (issue 14's POST /v1/documents): the folder pipeline and limits, origin `upload`, kept files."""

from __future__ import annotations

import json

from ingest.manifest import MANIFEST_NAME, UPLOAD_ORIGIN, Manifest
from ingest.pipeline import ingest_folder
from ingest.settings import IngestSettings
from ingest.uploads import NOT_A_PLAIN_NAME, NotAnUpload, Upload, delete_upload, ingest_uploads
from tests.ingest.processes import write_notes

VEDTAK = "# Vedtak om næringsareal\n\nKommunestyret vedtok å regulere Fjellvik næringspark.\n".encode()


def test_uploads_get_a_result_each_and_are_kept_with_their_metadata(hashing_store):
    results = ingest_uploads(
        hashing_store,
        [
            Upload("vedtak.md", VEDTAK, {"title": "Vedtak 12/26", "type": "vedtak"}),
            Upload("tabell.xyz", b"a;b"),
            Upload("../passwd.md", VEDTAK),
            Upload("tom.txt", b""),
        ],
    )
    assert [(r.source, r.outcome, r.reason) for r in results] == [
        ("uploads/vedtak.md", "added", None),
        ("uploads/tabell.xyz", "failed", "unsupported file type .xyz"),
        ("uploads/../passwd.md", "failed", NOT_A_PLAIN_NAME),
        ("uploads/tom.txt", "failed", "the file is empty"),
    ]  # fmt: skip
    data_dir = hashing_store.settings.data_dir
    assert (data_dir / "uploads" / "vedtak.md").read_bytes() == VEDTAK
    assert json.loads((data_dir / "uploads" / "metadata.json").read_text())["vedtak.md"]["title"] == "Vedtak 12/26"
    assert {chunk.title for chunk in hashing_store.all_chunks()} == {"Vedtak 12/26"}
    assert [hit.chunk.source for hit in hashing_store.keyword_search("Fjellvik næringspark", 3)] == [
        "uploads/vedtak.md"
    ]
    again = ingest_uploads(hashing_store, [Upload("vedtak.md", VEDTAK)])
    assert [(r.outcome, r.chunks) for r in again] == [("unchanged", 1)]


def test_the_same_limits_apply_to_uploads(hashing_store):
    [result] = ingest_uploads(hashing_store, [Upload("stor.md", VEDTAK * 10)], IngestSettings(max_file_bytes=100))
    assert result.outcome == "failed" and "KILDESVAR_INGEST_MAX_FILE_BYTES" in (result.reason or "")


def test_folder_runs_and_uploads_never_delete_each_others_documents(tmp_path, hashing_store):
    folder = write_notes(tmp_path / "dokumenter", 3)
    ingest_folder(folder, hashing_store)
    ingest_uploads(hashing_store, [Upload("vedtak.md", VEDTAK)])
    (folder / "notat-02.md").unlink()
    report = ingest_folder(folder, hashing_store, IngestSettings(prune=True))
    assert report.deleted == ["notat-02.md"]
    assert hashing_store.sources() == {"notat-00.md", "notat-01.md", "uploads/vedtak.md"}
    origins = {s: e.origin for s, e in Manifest.load(hashing_store.settings.data_dir / MANIFEST_NAME).sources.items()}
    assert origins["uploads/vedtak.md"] == UPLOAD_ORIGIN and origins["notat-00.md"] == str(folder.resolve())


def test_an_upload_is_deleted_with_its_kept_file_and_a_folder_document_is_not_an_upload(tmp_path, hashing_store):
    folder = write_notes(tmp_path / "dokumenter", 1)
    ingest_folder(folder, hashing_store)
    ingest_uploads(hashing_store, [Upload("vedtak.md", VEDTAK, {"title": "Vedtak"})])
    delete_upload(hashing_store, "uploads/vedtak.md")
    data_dir = hashing_store.settings.data_dir
    assert hashing_store.sources() == {"notat-00.md"} and not (data_dir / "uploads" / "vedtak.md").exists()
    assert json.loads((data_dir / "uploads" / "metadata.json").read_text()) == {}
    try:
        delete_upload(hashing_store, "notat-00.md")
    except NotAnUpload as error:
        assert "a document of the folder" in str(error)
    else:
        raise AssertionError("a folder's document was deleted as an upload")


def test_an_upload_left_unfinished_by_a_crash_is_finished_by_the_next_folder_run(tmp_path, hashing_store):
    folder = write_notes(tmp_path / "dokumenter", 1)
    ingest_uploads(hashing_store, [Upload("vedtak.md", VEDTAK)])
    path = hashing_store.settings.data_dir / MANIFEST_NAME
    manifest = Manifest.load(path)
    manifest.sources["uploads/vedtak.md"].digest = None  # as a kill between the two manifest saves leaves it
    manifest.save(path)
    report = ingest_folder(folder, hashing_store)
    assert report.updated == ["uploads/vedtak.md"] and report.added == ["notat-00.md"]
    assert Manifest.load(path).sources["uploads/vedtak.md"].digest is not None
