"""The knowledge-gap report: refused and thumbs-down questions of a period, grouped by similar wording with the
real embedding model, with counts and dates; as `kildesvar report gaps` (CSV, Markdown) and as the admin route
`GET /v1/reports/gaps`, which a non-admin caller cannot read."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from service.feedback.store import FeedbackEntry, FeedbackStore
from service.http.settings import ServiceSettings
from service.keys.store import KeyStore
from service.questions.cli import report_app
from service.questions.gaps import BadPeriod, collect_gaps, gap_report, parse_since, render
from service.questions.log import LoggedQuestion, QuestionLog
from tests.http.conftest import open_client
from vectorstore.embeddings import Embedder, create_embedder
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    """The service's own embedding model (multilingual-e5-small), as the report uses it."""
    return create_embedder(StoreSettings())


def refused(log: QuestionLog, question: str, days_ago: float) -> None:
    log.record(LoggedQuestion(NOW - timedelta(days=days_ago), "widget", question, True, "low_score", (), 20.0))


def answered(log: QuestionLog, question: str, days_ago: float) -> None:
    log.record(LoggedQuestion(NOW - timedelta(days=days_ago), "api", question, False, None, ("lup.md",), 20.0))


def thumbs_down(feedback: FeedbackStore, question: str, days_ago: float, vote: int = -1) -> None:
    created = NOW - timedelta(days=days_ago)
    feedback.record(FeedbackEntry(question, "Et svar.", vote, "widget", created_at=created))  # type: ignore[arg-type]


def fill(data_dir) -> tuple[QuestionLog, FeedbackStore]:
    log = QuestionLog.in_data_dir(data_dir, 30)
    feedback = FeedbackStore.in_data_dir(data_dir)
    refused(log, "Hvor kan jeg parkere ved rådhuset?", 9)
    refused(log, "Hvor kan jeg parkere ved rådhuset?", 3)
    refused(log, "parkering rådhuset", 2)
    thumbs_down(feedback, "Hvor mange feriedager har kommunalt ansatte?", 1)
    refused(log, "Hvor mange feriedager har kommunalt ansatte?", 5)
    refused(log, "Hvordan blir været i morgen?", 40)  # before the period (and past retention)
    thumbs_down(feedback, "Hvem eier LUP?", 1, vote=1)  # a thumbs-up is no gap
    answered(log, "Hvem eier LUP?", 1)  # answered: no gap
    return log, feedback


def test_gaps_are_grouped_by_wording_with_counts_and_dates(tmp_path, embedder: Embedder):
    log, feedback = fill(tmp_path)
    groups = gap_report(log, feedback, embedder, NOW - timedelta(days=30))
    assert [(group.question, group.count, group.refused, group.thumbs_down) for group in groups] == [
        ("Hvor kan jeg parkere ved rådhuset?", 3, 3, 0),
        ("Hvor mange feriedager har kommunalt ansatte?", 2, 1, 1),
    ]
    parking = groups[0]
    assert set(parking.wordings) == {"Hvor kan jeg parkere ved rådhuset?", "parkering rådhuset"}
    assert (parking.first_asked, parking.last_asked) == (NOW - timedelta(days=9), NOW - timedelta(days=2))


def test_a_shorter_period_leaves_older_gaps_out(tmp_path):
    log, feedback = fill(tmp_path)
    questions = [gap.question for gap in collect_gaps(log, feedback, NOW - timedelta(days=4))]
    assert sorted(questions) == [
        "Hvor kan jeg parkere ved rådhuset?",
        "Hvor mange feriedager har kommunalt ansatte?",
        "parkering rådhuset",
    ]


def test_the_period_is_days_or_a_date():
    assert parse_since("30d", NOW) == NOW - timedelta(days=30)
    assert parse_since("2026-11-01") == datetime(2026, 11, 1, tzinfo=UTC)
    with pytest.raises(BadPeriod):
        parse_since("forrige uke")


def test_the_command_writes_csv_and_markdown(tmp_path, monkeypatch, embedder: Embedder):
    fill(tmp_path)
    monkeypatch.setenv("KILDESVAR_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("service.questions.cli.create_embedder", lambda settings: embedder)
    runner = CliRunner()
    result = runner.invoke(report_app, ["gaps", "--since", "30d", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["question"], row["count"], row["refused"], row["thumbs_down"]) for row in rows] == [
        ("Hvor kan jeg parkere ved rådhuset?", "3", "3", "0"),
        ("Hvor mange feriedager har kommunalt ansatte?", "2", "1", "1"),
    ]
    assert rows[0]["other_wordings"] == "parkering rådhuset"
    assert rows[0]["first_asked"] == (NOW - timedelta(days=9)).date().isoformat()
    out = tmp_path / "hull.md"
    result = runner.invoke(report_app, ["gaps", "--since", "7d", "--format", "markdown", "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("| antall | avslått | tommel ned |")
    parking = next(line for line in lines if "parkere" in line)
    assert parking.startswith("| 2 | 2 | 0 |") and parking.endswith("| parkering rådhuset |")  # 9 days ago: out
    bad = runner.invoke(report_app, ["gaps", "--since", "forrige uke"])
    assert bad.exit_code == 2


def test_csv_cells_cannot_run_as_spreadsheet_formulas(tmp_path, embedder: Embedder):
    log = QuestionLog.in_data_dir(tmp_path, 30)
    refused(log, '=HYPERLINK("http://angriper.example")', 1)
    groups = gap_report(log, FeedbackStore.in_data_dir(tmp_path), embedder, NOW - timedelta(days=30))
    assert "'=HYPERLINK" in render(groups, "csv")


def test_the_admin_route_serves_the_report_and_refuses_an_ask_key(ingested_store: KnowledgeStore):
    fill(ingested_store.settings.data_dir)
    admin_key = "miljo-admin-nokkel-0123456789"
    with open_client(ingested_store, settings=ServiceSettings(api_key=admin_key)) as client:
        admin = {"Authorization": f"Bearer {admin_key}"}
        report = client.get("/v1/reports/gaps", params={"since": "30d"}, headers=admin)
        assert report.status_code == 200, report.text
        body = report.json()
        assert {group["question"]: group["count"] for group in body["groups"]}["parkering rådhuset"] >= 1
        assert sum(group["count"] for group in body["groups"]) == 5
        assert datetime.fromisoformat(body["since"]) < datetime.fromisoformat(body["until"])
        download = client.get("/v1/reports/gaps", params={"format": "markdown", "since": "30d"}, headers=admin)
        assert download.headers["content-disposition"] == 'attachment; filename="kunnskapshull.md"'
        assert download.text.startswith("| antall |")
        bad = client.get("/v1/reports/gaps", params={"since": "forrige uke"}, headers=admin)
        assert (bad.status_code, bad.json()["error"]) == (422, "invalid_request")
        _, ask_key = KeyStore.in_data_dir(ingested_store.settings.data_dir).create("nettside", "ask")
        refused_call = client.get("/v1/reports/gaps", headers={"Authorization": f"Bearer {ask_key}"})
        assert (refused_call.status_code, refused_call.json()["error"]) == (403, "insufficient_scope")
        assert client.get("/v1/reports/gaps").status_code == 401
