"""The BM25 keyword index: segments in the store database, updated per changed source, verified when loaded.

A commit adds one segment for the sources it changed and marks their older chunks dead in the segments that
hold them; a small segment is merged into the one before it when it has grown to a quarter of its size (so a
chunk is rewritten O(log n) times, and a commit costs what it changes, not what the store holds), and a
segment more than half dead is compacted. The whole commit is one database transaction.

Loading verifies every segment (a checksum over its arrays, and that their sizes agree) and every dead-chunk
list, and that the index was built by this analyzer; anything else is `KeywordIndexDamaged`, and the store
rebuilds the index from its registry. A loaded index is an immutable snapshot: searches from many threads
share it while a newer one is loaded.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import Stemmer

import vectorstore.analyzer
from vectorstore.bm25 import Segment, idf, merge, term_scores
from vectorstore.database import get_meta, set_meta

Analyzer = Callable[[str], list[str]]
ANALYZER_VERSION = hashlib.sha256(
    (inspect.getsource(vectorstore.analyzer) + Stemmer.version()).encode("utf-8")
).hexdigest()[:16]
_MERGE_RATIO = 4  # merge a segment into the one before it once it holds a quarter of that one's chunks
_MAX_SEGMENTS = 16
_SEGMENT_ROWS = (("keyword_arrays", "segment"), ("keyword_deletions", "segment"), ("keyword_segments", "id"))
_ARRAYS = {"lengths": np.float32, "indptr": np.int64, "docs": np.int32, "tfs": np.float32}


class KeywordIndexDamaged(Exception):
    """The saved keyword index is incomplete, inconsistent or from another analyzer."""


@dataclass(frozen=True)
class StoredSegment:
    id: int  # row id in keyword_segments; 0 while not saved
    checksum: str
    segment: Segment


class KeywordIndex:
    """Ranks chunk ids by BM25 over the terms an analyzer produces. Immutable once built."""

    def __init__(self, analyzer: Analyzer, segments: Sequence[StoredSegment] = (), generation: int = 0):
        self.analyzer = analyzer
        self.segments = tuple(segments)
        self.generation = generation  # the database's keyword generation this snapshot was loaded at
        self.documents = sum(stored.segment.size for stored in self.segments)
        total_length = sum(stored.segment.live_length for stored in self.segments)
        self.average_length = total_length / self.documents if self.documents else 0.0

    @classmethod
    def build(cls, analyzer: Analyzer, chunk_ids: Sequence[str], texts: Sequence[str]) -> KeywordIndex:
        """An unsaved index over these chunks (a source's chunks consecutive)."""
        if not chunk_ids:
            return cls(analyzer)
        segment = Segment.build(chunk_ids, [analyzer(text) for text in texts])
        return cls(analyzer, [StoredSegment(0, _checksum(segment), segment)])

    def search(
        self, query: str, k: int, sources: Collection[str] | None = None, exclude: Collection[str] = ()
    ) -> list[tuple[str, float]]:
        """The top k (chunk id, BM25 score) pairs with a positive score, best first; with `sources`, only their
        chunks; never chunks of the `exclude` sources.

        Scores keep the whole index's term statistics, so a search within a few sources ranks their chunks as a
        search over all of them would. Only the postings of the query's terms are read; the filter costs what
        the named sources hold. A term repeated in the query counts as often as it occurs (as in bm25s).
        """
        weights = self._query_weights(self.analyzer(query))
        if k <= 0 or not weights:
            return []
        best: list[tuple[float, str]] = []
        for stored in self.segments:
            segment = stored.segment
            allowed = None if sources is None else _allowed(segment, sources)
            if allowed is not None and not allowed.any():
                continue
            parts = [
                (docs, term_scores(tfs, segment.lengths[docs], self.average_length, weight))
                for docs, tfs, weight in ((*segment.postings(term), weight) for term, weight in weights.items())
            ]
            scores = np.bincount(
                np.concatenate([docs for docs, _ in parts]),
                np.concatenate([values for _, values in parts]),
                minlength=len(segment.chunk_ids),
            )
            if allowed is not None:
                scores[~allowed] = 0.0
            for source in exclude:
                start, end = segment.ranges.get(source, (0, 0))
                scores[start:end] = 0.0
            best.extend((float(scores[i]), segment.chunk_ids[i]) for i in _top(scores, k))
        best.sort(key=lambda pair: (-pair[0], pair[1]))  # equal scores by id: the same order however segmented
        return [(chunk_id, score) for score, chunk_id in best[:k]]

    def _query_weights(self, terms: Sequence[str]) -> dict[str, float]:
        """idf times the number of times each known term occurs in the query."""
        frequencies = self.document_frequencies(set(terms))
        return {
            term: count * idf(frequencies[term], self.documents)
            for term, count in Counter(terms).items()
            if frequencies.get(term)
        }

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """How many live chunks contain each term (terms no chunk has are left out)."""
        frequencies: dict[str, int] = {}
        for term in terms:
            frequency = sum(len(stored.segment.postings(term)[0]) for stored in self.segments)
            if frequency:
                frequencies[term] = frequency
        return frequencies

    def idf(self, terms: Sequence[str]) -> dict[str, float]:
        """log(1 + (N - df + 0.5) / (df + 0.5)) of each analyzed term the index knows; unknown terms are left out."""
        return {term: idf(df, self.documents) for term, df in self.document_frequencies(terms).items()}


def load(connection: sqlite3.Connection, analyzer: Analyzer, previous: KeywordIndex | None = None) -> KeywordIndex:
    """The saved index, verified; segments `previous` already holds are reused. Call inside a transaction."""
    if get_meta(connection, "keyword_analyzer") not in (None, ANALYZER_VERSION):
        raise KeywordIndexDamaged("it was built by another version of the analyzer")
    generation = int(get_meta(connection, "keyword_generation") or 0)
    known = {stored.id: stored for stored in previous.segments} if previous else {}
    dead = dict(connection.execute("SELECT segment, positions FROM keyword_deletions").fetchall())
    segments = []
    for segment_id, documents, checksum in connection.execute(
        "SELECT id, documents, checksum FROM keyword_segments ORDER BY id"
    ).fetchall():
        reused = known.get(segment_id)
        if reused is None or reused.checksum != checksum:
            reused = StoredSegment(segment_id, checksum, _read_segment(connection, segment_id, documents, checksum))
        segments.append(_with_deletions(reused, dead.pop(segment_id, None)))
    if dead:
        raise KeywordIndexDamaged(f"dead-chunk lists for missing segments {sorted(dead)}")
    return KeywordIndex(analyzer, segments, generation)


def save_changes(
    connection: sqlite3.Connection, index: KeywordIndex, changed: Collection[str], chunk_ids: Sequence[str],
    texts: Sequence[str],
) -> KeywordIndex:  # fmt: skip
    """Replace the chunks of the `changed` sources by these (a source's chunks consecutive), in the database."""
    segments: list[StoredSegment] = []
    for stored in index.segments:
        dead = stored.segment.positions_of(changed)
        segments.append(StoredSegment(stored.id, stored.checksum, stored.segment.with_dead(dead)) if dead else stored)
    if chunk_ids:
        segment = Segment.build(chunk_ids, [index.analyzer(text) for text in texts])
        segments.append(StoredSegment(0, _checksum(segment), segment))
    return _save(connection, index, _merged(segments))


def save_rebuilt(connection: sqlite3.Connection, index: KeywordIndex) -> KeywordIndex:
    """Replace everything saved by `index` (built with `KeywordIndex.build`)."""
    connection.execute("DELETE FROM keyword_deletions")
    connection.execute("DELETE FROM keyword_arrays")
    connection.execute("DELETE FROM keyword_segments")
    return _save(connection, KeywordIndex(index.analyzer), list(index.segments))


def _merged(segments: list[StoredSegment]) -> list[StoredSegment]:
    """Compact segments more than half dead; merge the newest into the one before while it is large enough."""
    kept = [_compacted(stored) if _mostly_dead(stored.segment) else stored for stored in segments]
    kept = [stored for stored in kept if stored.segment.size]
    while len(kept) >= 2 and (
        kept[-1].segment.size * _MERGE_RATIO >= kept[-2].segment.size or len(kept) > _MAX_SEGMENTS
    ):
        merged = merge([kept[-2].segment, kept[-1].segment])
        kept[-2:] = [StoredSegment(0, _checksum(merged), merged)]
    return kept


def _mostly_dead(segment: Segment) -> bool:
    return segment.size * 2 < len(segment.chunk_ids)


def _compacted(stored: StoredSegment) -> StoredSegment:
    segment = merge([stored.segment])
    return StoredSegment(0, _checksum(segment), segment)


def _save(connection: sqlite3.Connection, old: KeywordIndex, segments: list[StoredSegment]) -> KeywordIndex:
    """Write the segments that are new, drop the ones no longer used, store every dead-chunk list."""
    used = {stored.id for stored in segments if stored.id}
    for stored in old.segments:
        if stored.id not in used:
            for table, column in (
                ("keyword_arrays", "segment"),
                ("keyword_deletions", "segment"),
                ("keyword_segments", "id"),
            ):
                connection.execute(f"DELETE FROM {table} WHERE {column} = ?", (stored.id,))
    saved = [_write_segment(connection, stored) if not stored.id else stored for stored in segments]
    for stored in saved:
        dead = stored.segment.dead_positions()
        if len(dead):
            blob = dead.tobytes()
            connection.execute(
                "INSERT OR REPLACE INTO keyword_deletions (segment, positions) VALUES (?, ?)",
                (stored.id, _digest([blob]).encode() + b":" + blob),
            )
        else:
            connection.execute("DELETE FROM keyword_deletions WHERE segment = ?", (stored.id,))
    generation = int(get_meta(connection, "keyword_generation") or 0) + 1
    set_meta(connection, "keyword_generation", str(generation))
    set_meta(connection, "keyword_analyzer", ANALYZER_VERSION)
    return KeywordIndex(old.analyzer, saved, generation)


def _write_segment(connection: sqlite3.Connection, stored: StoredSegment) -> StoredSegment:
    segment = stored.segment
    cursor = connection.execute(
        "INSERT INTO keyword_segments (documents, checksum) VALUES (?, ?)", (len(segment.chunk_ids), stored.checksum)
    )
    segment_id = int(cursor.lastrowid or 0)
    connection.executemany(
        "INSERT INTO keyword_arrays (segment, name, data) VALUES (?, ?, ?)",
        [(segment_id, name, blob) for name, blob in _blobs(segment).items()],
    )
    return StoredSegment(segment_id, stored.checksum, segment)


def _blobs(segment: Segment) -> dict[str, bytes]:
    blobs = {
        "chunk_ids": json.dumps(segment.chunk_ids, ensure_ascii=False).encode("utf-8"),
        "terms": json.dumps(segment.terms, ensure_ascii=False).encode("utf-8"),
    }
    blobs.update(
        {name: np.ascontiguousarray(getattr(segment, name), dtype).tobytes() for name, dtype in _ARRAYS.items()}
    )
    return blobs


def _checksum(segment: Segment) -> str:
    return _digest(_blobs(segment).values())


def _digest(blobs: Iterable[bytes]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for blob in blobs:
        digest.update(len(blob).to_bytes(8, "little"))
        digest.update(blob)
    return digest.hexdigest()


def _read_segment(connection: sqlite3.Connection, segment_id: int, documents: int, checksum: str) -> Segment:
    blobs = dict(connection.execute("SELECT name, data FROM keyword_arrays WHERE segment = ?", (segment_id,)))
    names = ["chunk_ids", "terms", *_ARRAYS]
    if sorted(blobs) != sorted(names):
        raise KeywordIndexDamaged(f"segment {segment_id} has arrays {sorted(blobs)}, not {sorted(names)}")
    if _digest(blobs[name] for name in names) != checksum:
        raise KeywordIndexDamaged(f"segment {segment_id} does not match its checksum")
    arrays = {name: np.frombuffer(blobs[name], dtype) for name, dtype in _ARRAYS.items()}
    chunk_ids, terms = json.loads(blobs["chunk_ids"]), json.loads(blobs["terms"])
    indptr, docs = arrays["indptr"], arrays["docs"]
    consistent = (
        len(chunk_ids) == documents == len(arrays["lengths"])
        and len(indptr) == len(terms) + 1
        and indptr[0] == 0
        and indptr[-1] == len(docs) == len(arrays["tfs"])
        and bool(np.all(np.diff(indptr) >= 0))
        and (not len(docs) or (docs.min() >= 0 and docs.max() < documents))
    )
    if not consistent:
        raise KeywordIndexDamaged(f"segment {segment_id}: its arrays do not agree in size")
    return Segment(chunk_ids=tuple(chunk_ids), terms=tuple(terms), live=np.ones(documents, dtype=bool), **arrays)


def _with_deletions(stored: StoredSegment, record: bytes | None) -> StoredSegment:
    if record is None:
        return stored
    digest, _, blob = record.partition(b":")
    dead = np.frombuffer(blob, np.int32) if len(blob) % 4 == 0 else None
    if (
        dead is None
        or digest != _digest([blob]).encode()
        or (len(dead) and dead.min() < 0)
        or (len(dead) and dead.max() >= len(stored.segment.chunk_ids))
    ):
        raise KeywordIndexDamaged(f"segment {stored.id}: its dead-chunk list is damaged")
    return StoredSegment(stored.id, stored.checksum, stored.segment.with_dead(dead.tolist()))


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """The positions of the k best positive scores, and of every score equal to the k-th (so that ties are
    broken by chunk id, not by where a chunk sits in its segment)."""
    positive = np.flatnonzero(scores > 0)
    if len(positive) <= k:
        return positive
    kth = np.partition(scores[positive], -k)[-k]
    return positive[scores[positive] >= kth]


def _allowed(segment: Segment, sources: Collection[str]) -> np.ndarray:
    """Which chunks of the segment belong to these sources (and are live)."""
    allowed = np.zeros(len(segment.chunk_ids), dtype=bool)
    for source in sources:
        start, end = segment.ranges.get(source, (0, 0))
        allowed[start:end] = True
    return allowed & segment.live
