"""The documents API: list and search, one document with its sections, multipart upload with a result per file,
413 over the upload limit, delete (uploads only), re-index, failed files, and the ingest metrics."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from ingest.pipeline import ingest_folder
from service.http.admin_settings import AdminSettings
from service.http.settings import ServiceSettings
from tests.http.conftest import open_client
from vectorstore.store import KnowledgeStore

MEMO = (
    "---\ntitle: Vedtak om næringsplan\ntype: vedtak\n---\n\n# Vedtak om næringsplan\n\n## Bakgrunn\n\n"
    "Kommunestyret vedtok næringsplanen 4. mai 2026.\n\n## Tiltak\n\nKommunen skal svare bedrifter innen fem dager.\n"
)


@pytest.fixture
def folder_client(hashing_store: KnowledgeStore, tmp_path) -> TestClient:
    folder = tmp_path / "mappe"
    folder.mkdir()
    (folder / "lup.md").write_text("# LUP\n\n## Eiere\n\nLUP eies av KS og NHO.\n", encoding="utf-8")
    ingest_folder(folder, hashing_store)
    return open_client(hashing_store, admin_settings=AdminSettings(max_upload_bytes=20_000))


def upload(client: TestClient, *files: tuple[str, bytes], metadata: dict | None = None):
    data = {"metadata": json.dumps(metadata)} if metadata else {}
    return client.post("/v1/documents", files=[("files", file) for file in files], data=data)


def test_upload_ingests_each_file_and_reports_it(folder_client: TestClient):
    with folder_client as client:
        response = upload(
            client,
            ("vedtak.md", MEMO.encode()),
            ("bilde.png", b"\x89PNG\r\n"),
            ("notat.txt", "Næringsrådet møtes fire ganger i året.".encode()),
            metadata={"notat.txt": {"title": "Notat fra næringsrådet", "type": "notat"}},
        )
        assert response.status_code == 200, response.text
        results = {file["name"]: file for file in response.json()["files"]}
        assert results["vedtak.md"]["outcome"] == "added" and results["vedtak.md"]["chunks"] == 2
        assert results["vedtak.md"]["id"] == "uploads/vedtak.md"
        assert results["bilde.png"]["outcome"] == "failed" and results["bilde.png"]["reason"]
        listed = client.get("/v1/documents").json()
        assert listed["total"] == 3
        titles = {document["id"]: document for document in listed["documents"]}
        assert titles["uploads/notat.txt"]["title"] == "Notat fra næringsrådet"
        assert titles["uploads/vedtak.md"]["deletable"] and titles["uploads/vedtak.md"]["origin"] == "upload"
        assert not titles["lup.md"]["deletable"] and titles["lup.md"]["origin"] == "folder"
        answer = client.post("/v1/ask", json={"question": "Når vedtok kommunestyret næringsplanen?"}).json()
        assert answer["citations"][0]["source"] == "uploads/vedtak.md"
        failures = client.get("/v1/documents/failures").json()["failures"]
        assert [(failure["source"], failure["kind"]) for failure in failures] == [("uploads/bilde.png", "upload")]
        metrics = client.get("/metrics").text
    assert 'kildesvar_ingest_runs_total{kind="upload",result="failed"} 1.0' in metrics
    assert 'kildesvar_ingest_failed_files_total{kind="upload"} 1.0' in metrics


def test_list_is_paged_and_searched_by_title_and_source(folder_client: TestClient):
    with folder_client as client:
        upload(client, ("vedtak.md", MEMO.encode()), ("notat.txt", "Næringsrådet møtes.".encode()))
        page = client.get("/v1/documents", params={"limit": 2}).json()
        assert (page["total"], len(page["documents"]), page["limit"]) == (3, 2, 2)
        rest = client.get("/v1/documents", params={"limit": 2, "offset": 2}).json()
        assert len(rest["documents"]) == 1
        assert [d["id"] for d in client.get("/v1/documents", params={"q": "NÆRINGSPLAN"}).json()["documents"]] == [
            "uploads/vedtak.md"
        ]
        assert client.get("/v1/documents", params={"q": "lup.md"}).json()["total"] == 1


def test_one_document_has_its_sections(folder_client: TestClient):
    with folder_client as client:
        upload(client, ("vedtak.md", MEMO.encode()))
        shown = client.get("/v1/documents/uploads/vedtak.md").json()
        assert shown["title"] == "Vedtak om næringsplan" and shown["type"] == "vedtak"
        assert [section["section"] for section in shown["sections"]] == [
            "Bakgrunn",
            "Tiltak",
        ]
        missing = client.get("/v1/documents/uploads/finnes-ikke.md")
    assert (missing.status_code, missing.json()["error"]) == (404, "document_not_found")


def test_an_upload_over_the_limit_is_413_in_the_one_shape(folder_client: TestClient):
    with folder_client as client:
        response = upload(client, ("stor.txt", b"a" * 30_000))
        assert response.status_code == 413
        assert response.json()["error"] == "payload_too_large"
        assert client.get("/v1/documents").json()["total"] == 1


def test_only_uploads_can_be_deleted(folder_client: TestClient, hashing_store: KnowledgeStore):
    with folder_client as client:
        upload(client, ("vedtak.md", MEMO.encode()))
        refused = client.delete("/v1/documents/lup.md")
        assert (refused.status_code, refused.json()["error"]) == (409, "not_deletable")
        assert client.delete("/v1/documents/uploads/vedtak.md").status_code == 204
        assert [d["id"] for d in client.get("/v1/documents").json()["documents"]] == ["lup.md"]
        assert not (hashing_store.settings.data_dir / "uploads" / "vedtak.md").exists()
        assert client.delete("/v1/documents/uploads/vedtak.md").status_code == 404


def test_reindex_embeds_the_document_again(folder_client: TestClient, hashing_store: KnowledgeStore):
    with folder_client as client:
        upload(client, ("vedtak.md", MEMO.encode()))
        calls = hashing_store.embedder.calls_made
        for document in ("uploads/vedtak.md", "lup.md"):
            response = client.post(f"/v1/documents/{document}/reindex")
            assert response.status_code == 200, response.text
            assert response.json()["files"][0]["outcome"] == "updated"
        assert hashing_store.embedder.calls_made > calls
        assert client.post("/v1/documents/uploads/borte.md/reindex").status_code == 404


def test_documents_need_an_admin_key(hashing_store: KnowledgeStore):
    settings = ServiceSettings(api_key="admin-nokkel-som-er-lang-nok")
    with open_client(hashing_store, settings=settings) as client:
        assert client.get("/v1/documents").status_code == 401
        headers = {"Authorization": "Bearer admin-nokkel-som-er-lang-nok"}
        assert client.get("/v1/documents", headers=headers).status_code == 200
