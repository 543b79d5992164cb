"""Issue 12, finding 8: a killed ingest kept none of its work. A real `kildesvar ingest` process is killed at
several points; the rerun must embed only the files the killed run had not finished, and both indexes
must end equal to a clean ingest."""

from __future__ import annotations

import signal

import pytest

from ingest.manifest import MANIFEST_NAME, Manifest
from tests.ingest.processes import index_state, logged, run_ingest, start_ingest, wait_for_lines, write_notes

FILES = [f"notat-{n:02d}.md" for n in range(6)]


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The state a clean, uninterrupted ingest of the folder leaves."""
    root = tmp_path_factory.mktemp("clean")
    folder = write_notes(root / "dokumenter", len(FILES))
    assert run_ingest(folder, root / "data").returncode == 0
    return folder, index_state(root / "data")


@pytest.mark.parametrize(
    ("kill_at", "unfinished"),
    [
        ("embed:3", FILES[2:]),  # inside the third file's embedding
        ("stored:3", FILES[2:]),  # the third file is in Chroma, the manifest does not say so yet
        ("commit", []),  # every file stored and recorded, the keyword index not committed
        ("committed", []),  # the keyword index committed, the manifest not yet told
    ],
)
def test_a_run_killed_at_a_given_point_is_finished_by_the_rerun(tmp_path, clean, kill_at, unfinished):
    folder, clean_state = clean
    data_dir, log = tmp_path / "data", tmp_path / "writes.log"
    killed = run_ingest(folder, data_dir, KILDESVAR_TEST_KILL_AT=kill_at)
    assert killed.returncode == -signal.SIGKILL
    if kill_at == "commit":  # the keyword index is behind Chroma now (the next open of the store catches up)
        assert Manifest.load(data_dir / MANIFEST_NAME).commit_pending
    rerun = run_ingest(folder, data_dir, KILDESVAR_TEST_WRITE_LOG=str(log))
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert [line for line in logged(log) if line != "commit"] == unfinished
    assert "commit" in logged(log)  # also when nothing was left to embed: the pending commit is made
    assert index_state(data_dir) == clean_state


def test_a_run_killed_from_outside_mid_run_is_finished_by_the_rerun(tmp_path, clean):
    folder, clean_state = clean
    data_dir, first_log, rerun_log = tmp_path / "data", tmp_path / "first.log", tmp_path / "rerun.log"
    delay = {"KILDESVAR_TEST_EMBED_DELAY": "1"}
    run = start_ingest(folder, data_dir, tmp_path / "first.err", KILDESVAR_TEST_WRITE_LOG=str(first_log), **delay)
    wait_for_lines(first_log, 2)
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=60)
    manifest = Manifest.load(data_dir / MANIFEST_NAME)
    finished = {source for source, entry in manifest.sources.items() if entry.digest}
    assert 2 <= len(finished) < len(FILES)
    rerun = run_ingest(folder, data_dir, KILDESVAR_TEST_WRITE_LOG=str(rerun_log))
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert [line for line in logged(rerun_log) if line != "commit"] == [s for s in FILES if s not in finished]
    assert index_state(data_dir) == clean_state
