"""docs/operations.md's backup and restore commands, run as written: the restored data dir answers the same."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from ingest.lock import data_dir_lock
from ingest.pipeline import ingest_folder
from service.answer.engine import AnswerEngine
from service.answer.settings import AnswerSettings
from tests.conftest import REPO_ROOT
from vectorstore.embeddings import HashingEmbedder
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

QUESTIONS = ("Hvor mange kommuner er med i Bærekraftsløftet Viken?", "Hva er LUP?")
ORIGINAL, RESTORED, BACKUPS = "/var/lib/kildesvar", "/var/lib/kildesvar-restored", "/backup/"


def documented_commands() -> str:
    """The shell blocks of the backup section, in order."""
    text = (REPO_ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    section = text[text.index("## Backup and restore") :]
    section = section.split("\n## ", 1)[0]  # up to the next section
    return "\n".join(re.findall(r"```sh\n(.*?)```", section, re.DOTALL))


def answers(store: KnowledgeStore) -> list[tuple[str, list[tuple[str, str]]]]:
    engine = AnswerEngine(store, AnswerSettings(), clock=lambda: date(2026, 11, 28))
    result = []
    for question in QUESTIONS:
        answer = engine.ask(question)
        result.append((answer.answer, [(citation.chunk_id, citation.quote) for citation in answer.citations]))
    return result


def run_documented(commands: str, original: Path, restored: Path, backups: Path) -> subprocess.CompletedProcess[str]:
    script = commands.replace(BACKUPS, f"{backups}/").replace(RESTORED, str(restored)).replace(ORIGINAL, str(original))
    return subprocess.run(["bash", "-euc", script], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(shutil.which("flock") is None, reason="needs flock(1) from util-linux")
def test_a_restored_backup_answers_the_same_and_ingest_continues_from_it(tmp_path):
    original, restored, backups = tmp_path / "data", tmp_path / "restored", tmp_path / "backup"
    backups.mkdir()
    store = KnowledgeStore.open(StoreSettings(data_dir=original), HashingEmbedder())
    assert ingest_folder(REPO_ROOT / "corpus", store).ok
    before = answers(store)
    assert all(citations for _, citations in before)  # the questions are answered, not refused
    result = run_documented(documented_commands(), original, restored, backups)
    assert result.returncode == 0, result.stderr
    restored_store = KnowledgeStore.open(StoreSettings(data_dir=restored), HashingEmbedder())
    assert answers(restored_store) == before
    embedded = restored_store.embedder.calls_made  # the questions' vectors
    again = ingest_folder(REPO_ROOT / "corpus", restored_store)
    assert again.ok and not (again.added or again.updated or again.deleted)
    assert restored_store.embedder.calls_made == embedded


@pytest.mark.skipif(shutil.which("flock") is None, reason="needs flock(1) from util-linux")
def test_the_backup_waits_for_a_writer_holding_the_lock(tmp_path):
    original, backups = tmp_path / "data", tmp_path / "backup"
    backups.mkdir()
    backup = documented_commands().split("\n\n")[0].replace("--timeout 600", "--timeout 1")
    with data_dir_lock(original, timeout=0):
        result = run_documented(backup, original, tmp_path / "restored", backups)
    assert result.returncode != 0 and not list(backups.iterdir())
