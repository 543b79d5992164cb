"""`kildesvar ingest PATH` / `python -m ingest PATH`: exit codes, the summary table and --data-dir."""

import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from ingest.cli import app as ingest_app
from kildesvar.cli import app as kildesvar_app
from tests.conftest import REPO_ROOT
from vectorstore.embeddings import HashingEmbedder

runner = CliRunner()


@pytest.fixture(autouse=True)
def offline_embedder(monkeypatch):
    monkeypatch.setattr("vectorstore.store.create_embedder", lambda settings: HashingEmbedder())


@pytest.fixture
def folder(corpus_dir):
    (corpus_dir / "lup.md").write_text("# LUP\n\n## Om\n\nLUP står for leverandørutvikling.\n", encoding="utf-8")
    (corpus_dir / "notat.txt").write_text("Kommunestyret vedtar budsjettet.", encoding="utf-8")
    return corpus_dir


def run(app, *args, **env):
    return runner.invoke(app, [str(arg) for arg in args], env={"COLUMNS": "200", **env})


def test_ingest_command_shows_a_summary_and_exits_0(folder, tmp_path):
    result = run(kildesvar_app, "ingest", folder, "--data-dir", tmp_path / "data")
    assert result.exit_code == 0, result.output
    assert re.search(r"added\s*│\s*2\b", result.output)
    again = run(kildesvar_app, "ingest", folder, "--data-dir", tmp_path / "data")
    assert again.exit_code == 0 and re.search(r"unchanged\s*│\s*2\b", again.output)


def test_ingest_command_lists_each_failed_file_with_its_reason_and_exits_1(folder, tmp_path):
    (folder / "tabell.xyz").write_text("a;b", encoding="utf-8")
    (folder / "tom.md").write_bytes(b"")
    result = run(ingest_app, folder, "--data-dir", tmp_path / "data")
    assert result.exit_code == 1
    assert "tabell.xyz" in result.output and "unsupported file type .xyz" in result.output
    assert "tom.md" in result.output and "the file is empty" in result.output


@pytest.mark.parametrize("target", ["mangler", "lup.md"])
def test_a_path_that_is_not_a_folder_exits_2_with_a_message(folder, tmp_path, target):
    result = run(ingest_app, folder / target, "--data-dir", tmp_path / "data")
    assert result.exit_code == 2
    assert "PATH must be a folder" in result.output


def test_data_dir_option_overrides_the_environment(folder, tmp_path):
    result = run(ingest_app, folder, "--data-dir", tmp_path / "valgt", KILDESVAR_DATA_DIR=str(tmp_path / "miljø"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "valgt" / "ingest-manifest.json").is_file()
    assert not (tmp_path / "miljø").exists()


def test_python_dash_m_ingest_runs_the_same_command(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "ingest", str(tmp_path / "mangler")], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 2 and "PATH must be a folder" in result.stderr
