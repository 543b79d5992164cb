"""`GET /v1/reports/feedback`: the votes and comments for the admin page, newest first, filtered by vote, channel,
period and text, and exported as CSV with the same filters (formulas neutralised); admin only."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from service.feedback.store import FeedbackEntry, FeedbackStore
from service.http.settings import ServiceSettings
from vectorstore.store import KnowledgeStore

NOW = datetime.now(UTC).replace(microsecond=0)


def vote(store: FeedbackStore, question: str, value: int, channel: str, days_ago: int, comment: str = "") -> None:
    citations: list[dict[str, object]] = [{"source": "lup.md", "marker": 1}]
    created = NOW - timedelta(days=days_ago)
    store.record(FeedbackEntry(question, "Svar.", value, channel, citations, comment, created))  # type: ignore[arg-type]


def test_feedback_is_listed_newest_first_and_filtered(client: TestClient, ingested_store: KnowledgeStore):
    store = FeedbackStore.in_data_dir(ingested_store.settings.data_dir)
    vote(store, "Hvem eier LUP?", 1, "widget", 20)
    vote(store, "Hva er terskelverdien?", -1, "slack", 10, comment="Feil beløp")
    vote(store, "Hvor parkerer jeg?", -1, "widget", 2, comment="=1+1")
    everything = client.get("/v1/reports/feedback").json()
    assert [entry["question"] for entry in everything["entries"]] == [
        "Hvor parkerer jeg?",
        "Hva er terskelverdien?",
        "Hvem eier LUP?",
    ]
    assert everything["total"] == 3 and everything["entries"][0]["sources"] == ["lup.md"]

    def questions(**params: str) -> list[str]:
        return [entry["question"] for entry in client.get("/v1/reports/feedback", params=params).json()["entries"]]

    assert questions(vote="down") == ["Hvor parkerer jeg?", "Hva er terskelverdien?"]
    assert questions(vote="down", channel="widget") == ["Hvor parkerer jeg?"]
    assert questions(since="15d") == ["Hvor parkerer jeg?", "Hva er terskelverdien?"]
    assert questions(q="feil beløp") == ["Hva er terskelverdien?"]
    export = client.get("/v1/reports/feedback", params={"vote": "down", "format": "csv"})
    assert export.headers["content-disposition"] == 'attachment; filename="tilbakemeldinger.csv"'
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert [(row["question"], row["comment"]) for row in rows] == [
        ("Hvor parkerer jeg?", "'=1+1"),
        ("Hva er terskelverdien?", "Feil beløp"),
    ]
    bad = client.get("/v1/reports/feedback", params={"vote": "kanskje"})
    assert bad.status_code == 422


def test_feedback_needs_an_admin_key(make_client, ingested_store: KnowledgeStore):
    with make_client(ingested_store, settings=ServiceSettings(api_key="miljo-admin-nokkel-0123456789")) as client:
        assert client.get("/v1/reports/feedback").status_code == 401
        allowed = client.get("/v1/reports/feedback", headers={"Authorization": "Bearer miljo-admin-nokkel-0123456789"})
        assert allowed.status_code == 200
