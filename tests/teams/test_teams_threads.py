"""The thread store that gives Teams follow-ups their history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from service.chat.history import MAX_TURNS
from service.teams.threads import ThreadStore


def test_turns_come_back_oldest_first_and_capped(tmp_path: Path):
    store = ThreadStore(tmp_path / "threads.sqlite3", keep_days=30)
    for n in range(MAX_TURNS + 2):
        store.record("a:chat", f"answer-{n}", "a:chat#1", f"spørsmål {n}", f"svar {n}")
    store.record("a:chat", "other", "a:chat#2", "annet", "annet svar")
    turns = store.turns("a:chat#1")
    assert len(turns) == MAX_TURNS
    assert (turns[0].question, turns[-1].answer) == ("spørsmål 2", f"svar {MAX_TURNS + 1}")


def test_a_reply_finds_the_thread_of_the_answer_it_quotes(tmp_path: Path):
    store = ThreadStore(tmp_path / "threads.sqlite3", keep_days=30)
    store.record("a:chat", "111", "a:chat#1", "q1", "a1")
    store.record("a:chat", "222", "a:chat#2", "q2", "a2")
    assert store.thread_of("a:chat", ["999", "222"]) == "a:chat#2"
    assert store.thread_of("a:other-chat", ["222"]) is None
    assert store.thread_of("a:chat", []) is None


def test_old_answers_are_forgotten_and_zero_days_keeps_nothing(tmp_path: Path):
    store = ThreadStore(tmp_path / "threads.sqlite3", keep_days=1)
    store.record("a:chat", "111", "t", "gammelt", "svar")
    old = (datetime.now(UTC) - timedelta(days=2)).isoformat(timespec="seconds")
    with store._connection() as connection:
        connection.execute("UPDATE answers SET created_at = ?", (old,))
    store.record("a:chat", "222", "t", "nytt", "svar")
    assert [turn.question for turn in store.turns("t")] == ["nytt"]
    nothing = ThreadStore(tmp_path / "nothing.sqlite3", keep_days=0)
    nothing.record("a:chat", "111", "t", "q", "a")
    assert not nothing.path.exists() and nothing.turns("t") == []
