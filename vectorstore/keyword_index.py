"""BM25 keyword index (bm25s) over analyzed chunk text, persisted with an atomic switch.

Each save writes a fresh version folder and then atomically replaces the `CURRENT` pointer file, so a
reader never sees a half-written index and a crash mid-save leaves the previous index in place.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import uuid
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

import bm25s
import numpy as np

Analyzer = Callable[[str], list[str]]
_POINTER = "CURRENT"
_IDS_FILE = "chunk_ids.json"


class KeywordIndex:
    """Ranks chunk ids by BM25 over the terms an analyzer produces."""

    def __init__(
        self,
        analyzer: Analyzer,
        chunk_ids: Sequence[str] = (),
        bm25: bm25s.BM25 | None = None,
        version: str | None = None,
    ):
        self.analyzer = analyzer
        self.chunk_ids = list(chunk_ids)
        self._positions = {chunk_id: position for position, chunk_id in enumerate(self.chunk_ids)}
        self._bm25 = bm25
        self.version = version  # the saved version folder this index was loaded from or saved to

    @classmethod
    def build(cls, analyzer: Analyzer, chunk_ids: Sequence[str], texts: Sequence[str]) -> KeywordIndex:
        if not chunk_ids:
            return cls(analyzer)
        bm25 = bm25s.BM25()
        bm25.index([analyzer(text) for text in texts], show_progress=False)
        return cls(analyzer, chunk_ids, bm25)

    def search(
        self, query: str, k: int, among: Collection[str] | None = None, exclude: Collection[str] = ()
    ) -> list[tuple[str, float]]:
        """The top k (chunk id, BM25 score) pairs with a positive score, best first; with `among`, only those ids;
        never the `exclude` ids.

        Scores keep the whole index's term statistics, so a search among a few chunks ranks them as a search
        over all of them would.
        """
        if self._bm25 is None or k <= 0:
            return []
        vocabulary = self._bm25.vocab_dict
        term_ids = [vocabulary[term] for term in self.analyzer(query) if term in vocabulary]
        if not term_ids:
            return []
        scores = self._bm25.get_scores(term_ids)
        if among is not None:
            kept = np.zeros(len(scores), dtype=bool)
            kept[[self._positions[chunk_id] for chunk_id in among if chunk_id in self._positions]] = True
            scores = np.where(kept, scores, 0.0)
        if exclude:
            scores = scores.copy()
            scores[[self._positions[chunk_id] for chunk_id in exclude if chunk_id in self._positions]] = 0.0
        top = np.argsort(-scores)[: min(k, len(scores))]
        return [(self.chunk_ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def idf(self, terms: Sequence[str]) -> dict[str, float]:
        """log(1 + (N - df + 0.5) / (df + 0.5)) of each analyzed term the index knows; unknown terms are left out."""
        if self._bm25 is None:
            return {}
        vocabulary = self._bm25.vocab_dict
        pointers = self._bm25.scores["indptr"]
        documents = len(self.chunk_ids)
        result = {}
        for term in terms:
            if term in vocabulary:
                frequency = int(pointers[vocabulary[term] + 1] - pointers[vocabulary[term]])
                result[term] = math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))
        return result

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        version = folder / f"v-{uuid.uuid4().hex}"
        version.mkdir()
        if self._bm25 is not None:
            self._bm25.save(str(version / "bm25"), show_progress=False)
        (version / _IDS_FILE).write_text(json.dumps(self.chunk_ids), encoding="utf-8")
        pointer_tmp = folder / f"{_POINTER}.{uuid.uuid4().hex}.tmp"
        pointer_tmp.write_text(version.name, encoding="utf-8")
        os.replace(pointer_tmp, folder / _POINTER)
        self.version = version.name
        _remove_other_versions(folder, keep=version.name)

    @classmethod
    def load(cls, folder: Path, analyzer: Analyzer) -> KeywordIndex:
        """The last saved index, or an empty one when nothing was saved yet."""
        name = saved_version(folder)
        if name is None:
            return cls(analyzer)
        version = folder / name
        chunk_ids = json.loads((version / _IDS_FILE).read_text(encoding="utf-8"))
        bm25_dir = version / "bm25"
        bm25 = bm25s.BM25.load(str(bm25_dir), show_progress=False) if bm25_dir.exists() else None
        return cls(analyzer, chunk_ids, bm25, version=name)


def saved_version(folder: Path) -> str | None:
    """The name of the version folder the pointer designates, or None when nothing was saved."""
    try:
        return (folder / _POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


def _remove_other_versions(folder: Path, keep: str) -> None:
    for entry in folder.iterdir():
        if entry.is_dir() and entry.name.startswith("v-") and entry.name != keep:
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.endswith(".tmp"):
            entry.unlink(missing_ok=True)
