"""The question log: every front door's answers are logged through the engine's observer, old rows are purged
automatically, 0 days turns the log off, and `kildesvar questions delete --all` empties it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from service.answer.trace import AnswerTrace
from service.questions.cli import questions_app
from service.questions.log import PURGE_INTERVAL, LoggedQuestion, QuestionLog, QuestionLogObserver
from service.questions.settings import QuestionLogSettings
from tests.http.conftest import QUESTION, open_client
from vectorstore.store import KnowledgeStore

NOW = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def logged(question: str, asked_at: datetime) -> LoggedQuestion:
    return LoggedQuestion(asked_at, "api", question, False, None, ("lup.md",), 12.5)


def test_http_answers_are_logged_with_outcome_sources_latency_and_channel(ingested_store: KnowledgeStore):
    with open_client(ingested_store) as client:
        assert client.post("/v1/ask", json={"question": QUESTION}).status_code == 200
        client.post("/v1/ask/stream", json={"question": "Hvem eier LUP?", "channel": "widget"})
        client.post("/v1/ask", json={"question": "Hva er hovedstaden i Frankrike?"})
        entries = client.app.state.question_log.entries()
    assert [(entry.question, entry.channel) for entry in entries] == [
        (QUESTION, "api"),
        ("Hvem eier LUP?", "widget"),
        ("Hva er hovedstaden i Frankrike?", "api"),
    ]
    answered, _, refused = entries
    assert not answered.refused and answered.reason is None
    assert answered.sources == ("forskrifter/anskaffelsesforskriften.md",)
    assert answered.latency_ms > 0
    assert refused.refused and refused.reason and refused.sources == ()


def test_the_access_log_never_holds_the_question(ingested_store: KnowledgeStore, caplog):
    with open_client(ingested_store) as client, caplog.at_level("INFO", logger="kildesvar.access"):
        client.post("/v1/ask", json={"question": "Hvem eier leverandørutviklingsprogrammet LUP?"})
    access = [record.getMessage() + str(vars(record)) for record in caplog.records if record.name == "kildesvar.access"]
    assert access, "the request left no access-log line"
    assert not any("leverandørutviklingsprogrammet" in line for line in access)


def test_rows_past_the_retention_period_are_purged_automatically(tmp_path: Path):
    clock = Clock(NOW)
    log = QuestionLog(tmp_path / "questions.sqlite3", days=30, clock=clock)
    log.record(logged("Gammelt spørsmål", NOW - timedelta(days=31)))
    log.record(logged("Nytt spørsmål", NOW - timedelta(days=29)))
    ticks = iter([0.0, 10.0, PURGE_INTERVAL.total_seconds() + 1])
    observer = QuestionLogObserver(log, monotonic=lambda: next(ticks))
    trace = AnswerTrace({"retrieve": 0.01}, None, None, "Hvem eier LUP?", ("lup.md",), "slack")

    observer.answered(trace)  # the first answer purges
    assert [entry.question for entry in log.entries(since=NOW - timedelta(days=400))] == [
        "Nytt spørsmål",
        "Hvem eier LUP?",
    ]
    clock.now = NOW + timedelta(days=2)  # "Nytt spørsmål" is now 31 days old
    observer.answered(trace)  # within the purge interval: no purge yet, but never read past the period
    assert "Nytt spørsmål" not in [entry.question for entry in log.entries()]
    assert _rows(log) == 3
    observer.answered(trace)  # an hour later: purged, only the three answers' rows stay
    assert _rows(log) == 3
    assert [entry.channel for entry in log.entries()] == ["slack", "slack", "slack"]


def test_zero_days_turns_the_log_off_and_empties_an_earlier_one(ingested_store: KnowledgeStore):
    earlier = QuestionLog.in_data_dir(ingested_store.settings.data_dir, 30)
    earlier.record(logged("Fra før", datetime.now(UTC)))
    with open_client(ingested_store, question_log_settings=QuestionLogSettings(question_log_days=0)) as client:
        assert client.post("/v1/ask", json={"question": QUESTION}).status_code == 200
        assert client.app.state.question_log.entries() == []
    assert _rows(earlier) == 0


def test_delete_all_empties_the_log(tmp_path: Path, monkeypatch):
    log = QuestionLog.in_data_dir(tmp_path, 30)
    log.record(logged("Hvem eier LUP?", datetime.now(UTC)))
    log.record(logged("Hva er terskelverdien?", datetime.now(UTC)))
    monkeypatch.setenv("KILDESVAR_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(questions_app, ["delete", "--all"])
    assert result.exit_code == 0, result.output
    assert "2" in result.output
    assert _rows(log) == 0
    assert b"Hvem eier LUP" not in log.path.read_bytes()


def test_delete_needs_all(tmp_path: Path, monkeypatch):
    log = QuestionLog.in_data_dir(tmp_path, 30)
    log.record(logged("Hvem eier LUP?", datetime.now(UTC)))
    monkeypatch.setenv("KILDESVAR_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(questions_app, ["delete"])
    assert result.exit_code != 0
    assert _rows(log) == 1


def _rows(log: QuestionLog) -> int:
    with sqlite3.connect(log.path) as connection:
        return connection.execute("SELECT COUNT(*) FROM questions").fetchone()[0]
