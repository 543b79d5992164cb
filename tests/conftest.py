"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vectorstore.embeddings import HashingEmbedder
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

REPO_ROOT = Path(__file__).resolve().parents[1]


def locate_shared_dir() -> Path:
    """`../shared` beside the repo, or KILDESVAR_SHARED_DIR."""
    return Path(os.environ.get("KILDESVAR_SHARED_DIR", REPO_ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    shared = locate_shared_dir()
    if not (shared / "data").is_dir():
        pytest.skip(f"{shared}/data is not present: this test needs the project's shared data (../shared)")
    return shared


@pytest.fixture(scope="session")
def lovdata_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "lovdata"


@pytest.fixture
def store_settings(tmp_path: Path) -> StoreSettings:
    return StoreSettings(data_dir=tmp_path / "data", chroma_url=None)


@pytest.fixture
def hashing_store(store_settings: StoreSettings) -> KnowledgeStore:
    """An empty store under tmp_path with the deterministic offline embedder."""
    return KnowledgeStore.open(store_settings, HashingEmbedder())
