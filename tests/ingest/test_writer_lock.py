"""Issue 12, finding 2: two ingest runs on one data dir at once left Chroma and the manifest disagreeing for good."""

from __future__ import annotations

import re

from tests.ingest.processes import index_state, logged, run_ingest, start_ingest, wait_for, wait_for_lines, write_notes


def test_a_second_run_while_one_holds_the_lock_exits_4_and_the_index_stays_true(tmp_path):
    data_dir, log, hold = tmp_path / "data", tmp_path / "writes.log", tmp_path / "hold"
    version_g = write_notes(tmp_path / "dokumenter", 8, version="G")
    hold.touch()
    first = start_ingest(
        version_g,
        data_dir,
        tmp_path / "first.err",
        KILDESVAR_TEST_WRITE_LOG=str(log),
        KILDESVAR_TEST_HOLD_FILE=str(hold),
    )
    wait_for_lines(log, 1)  # the first run has stored one file and waits, holding the lock
    version_h = write_notes(tmp_path / "dokumenter", 8, version="H")  # the share changes meanwhile
    second = run_ingest(version_h, data_dir, KILDESVAR_INGEST_LOCK_TIMEOUT_SECONDS="0")
    hold.unlink()
    assert second.returncode == 4, second.stdout + second.stderr
    assert f"is locked by pid {first.pid}" in second.stderr
    assert first.wait(timeout=120) == 0
    rerun = run_ingest(version_h, data_dir)
    assert rerun.returncode == 0, rerun.stdout
    assert run_ingest(version_h, tmp_path / "clean").returncode == 0
    assert index_state(data_dir) == index_state(tmp_path / "clean")
    assert all(text.endswith(" H.") for _, text, _, _ in index_state(data_dir).chunks)
    again = run_ingest(version_h, data_dir)
    assert re.search(r"unchanged\s*│\s*8\b", again.stdout), again.stdout


def test_a_second_run_waits_for_the_lock_says_so_and_then_runs(tmp_path):
    data_dir, log, hold = tmp_path / "data", tmp_path / "writes.log", tmp_path / "hold"
    hold.touch()
    logging = {"KILDESVAR_TEST_WRITE_LOG": str(log)}
    archive = write_notes(tmp_path / "arkiv", 3, prefix="arkiv")
    first = start_ingest(archive, data_dir, tmp_path / "first.err", KILDESVAR_TEST_HOLD_FILE=str(hold), **logging)
    wait_for_lines(log, 1)
    waiting = tmp_path / "second.err"
    second = start_ingest(
        write_notes(tmp_path / "nytt", 2, prefix="nytt"), data_dir, waiting,
        KILDESVAR_INGEST_LOCK_TIMEOUT_SECONDS="120", **logging,
    )  # fmt: skip
    wait_for(waiting, lambda text: "Waiting up to 120 s" in text)
    assert f"pid {first.pid}" in waiting.read_text(encoding="utf-8")
    hold.unlink()
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    writes = [line for line in logged(log) if line != "commit"]
    assert writes == ["arkiv-00.md", "arkiv-01.md", "arkiv-02.md", "nytt-00.md", "nytt-01.md"]  # one after the other
    assert len(index_state(data_dir).digests) == 5
