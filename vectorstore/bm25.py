"""BM25 segments: immutable posting lists over analyzed chunks, scored with live statistics at query time.

A segment holds, term by term (bm25s's CSC layout), which of its chunks contain the term and how often, plus
each chunk's length; chunks replaced or deleted later are only marked dead. Scores are computed at query time
with bm25s's Lucene variant and defaults (k1 = 1.5, b = 0.75) from the statistics of the live chunks of all
segments together (count, average length, document frequency), so several segments rank exactly as one index
built over the same chunks would.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

K1 = 1.5
B = 0.75


@dataclass(frozen=True, eq=False)
class Segment:
    """Postings of some chunks. `live[d]` is False once chunk d was replaced or deleted."""

    chunk_ids: tuple[str, ...]
    lengths: np.ndarray  # float32 [chunks]: analyzed terms per chunk
    terms: tuple[str, ...]  # local term id -> term
    indptr: np.ndarray  # int64 [terms + 1]: postings of term t are [indptr[t], indptr[t + 1])
    docs: np.ndarray  # int32 [postings]: chunk, increasing within a term
    tfs: np.ndarray  # float32 [postings]: occurrences of the term in the chunk
    live: np.ndarray  # bool [chunks]
    vocabulary: dict[str, int] = field(init=False, repr=False)
    ranges: dict[str, tuple[int, int]] = field(init=False, repr=False)  # source -> its chunks [start, end)

    def __post_init__(self) -> None:
        object.__setattr__(self, "vocabulary", {term: index for index, term in enumerate(self.terms)})
        object.__setattr__(self, "ranges", _source_ranges(self.chunk_ids))

    @classmethod
    def build(cls, chunk_ids: Sequence[str], token_lists: Sequence[Sequence[str]]) -> Segment:
        """A segment over chunks given as their analyzed terms; a source's chunks must be consecutive."""
        vocabulary: dict[str, int] = {}
        flat = [vocabulary.setdefault(term, len(vocabulary)) for tokens in token_lists for term in tokens]
        lengths = np.fromiter((len(tokens) for tokens in token_lists), dtype=np.int64, count=len(token_lists))
        documents = np.repeat(np.arange(len(token_lists), dtype=np.int64), lengths)
        return cls._from_postings(
            tuple(chunk_ids), lengths.astype(np.float32), tuple(vocabulary), np.asarray(flat, np.int64), documents
        )

    @classmethod
    def _from_postings(
        cls, chunk_ids: tuple[str, ...], lengths: np.ndarray, terms: tuple[str, ...], term_of: np.ndarray,
        doc_of: np.ndarray, counts: np.ndarray | None = None,
    ) -> Segment:  # fmt: skip
        """From (term, chunk[, count]) pairs in any order; terms that end up without postings are dropped."""
        chunks = max(len(chunk_ids), 1)
        if counts is None:
            keys, tfs = np.unique(term_of * chunks + doc_of, return_counts=True)
        else:  # each (term, chunk) pair occurs once
            keys, first = np.unique(term_of * chunks + doc_of, return_index=True)
            tfs = counts[first]
        used, local = np.unique(keys // chunks, return_inverse=True)
        indptr = np.zeros(len(used) + 1, dtype=np.int64)
        np.cumsum(np.bincount(local, minlength=len(used)), out=indptr[1:])
        return cls(
            chunk_ids=chunk_ids,
            lengths=lengths,
            terms=tuple(terms[index] for index in used),
            indptr=indptr,
            docs=(keys % chunks).astype(np.int32),
            tfs=tfs.astype(np.float32),
            live=np.ones(len(chunk_ids), dtype=bool),
        )

    @property
    def size(self) -> int:
        """Live chunks."""
        return int(self.live.sum())

    @property
    def live_length(self) -> float:
        return float(self.lengths[self.live].sum())

    def with_dead(self, positions: Iterable[int]) -> Segment:
        live = self.live.copy()
        live[np.fromiter(positions, dtype=np.int64)] = False
        return replace(self, live=live)

    def dead_positions(self) -> np.ndarray:
        return np.flatnonzero(~self.live).astype(np.int32)

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(chunks, term frequencies) of the live chunks that contain the term."""
        index = self.vocabulary.get(term)
        if index is None:
            return _NO_DOCS, _NO_TFS
        start, end = self.indptr[index], self.indptr[index + 1]
        docs, tfs = self.docs[start:end], self.tfs[start:end]
        if not self.live.all():
            keep = self.live[docs]
            docs, tfs = docs[keep], tfs[keep]
        return docs, tfs

    def positions_of(self, sources: Iterable[str]) -> list[int]:
        """The live chunks of these sources."""
        found: list[int] = []
        for source in sources:
            start, end = self.ranges.get(source, (0, 0))
            found.extend(position for position in range(start, end) if self.live[position])
        return found


_NO_DOCS = np.zeros(0, dtype=np.int32)
_NO_TFS = np.zeros(0, dtype=np.float32)


def merge(segments: Sequence[Segment]) -> Segment:
    """One segment with the live chunks of these, in order; dead chunks and unused terms are dropped."""
    vocabulary: dict[str, int] = {}
    chunk_ids: list[str] = []
    lengths, term_parts, doc_parts, tf_parts = [], [], [], []
    for segment in segments:
        remap = np.fromiter(
            (vocabulary.setdefault(term, len(vocabulary)) for term in segment.terms), np.int64, len(segment.terms)
        )
        renumber = np.cumsum(segment.live) - 1 + len(chunk_ids)
        term_of = np.repeat(np.arange(len(segment.terms), dtype=np.int64), np.diff(segment.indptr))
        keep = segment.live[segment.docs]
        term_parts.append(remap[term_of[keep]])
        doc_parts.append(renumber[segment.docs[keep]])
        tf_parts.append(segment.tfs[keep])
        chunk_ids.extend(chunk_id for chunk_id, alive in zip(segment.chunk_ids, segment.live, strict=True) if alive)
        lengths.append(segment.lengths[segment.live])
    return Segment._from_postings(
        tuple(chunk_ids),
        np.concatenate(lengths) if lengths else np.zeros(0, np.float32),
        tuple(vocabulary),
        np.concatenate(term_parts) if term_parts else np.zeros(0, np.int64),
        np.concatenate(doc_parts) if doc_parts else np.zeros(0, np.int64),
        np.concatenate(tf_parts) if tf_parts else np.zeros(0, np.float32),
    )


def idf(document_frequency: int, documents: int) -> float:
    """bm25s's Lucene idf: log(1 + (N - df + 0.5) / (df + 0.5))."""
    return math.log(1 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))


def term_scores(tfs: np.ndarray, lengths: np.ndarray, average_length: float, weight: float) -> np.ndarray:
    """`weight` (idf times the term's count in the query) times bm25s's Lucene term-frequency component."""
    return weight * tfs / (tfs + K1 * ((1 - B) + B * lengths / average_length))


def _source_ranges(chunk_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
    ranges: dict[str, tuple[int, int]] = {}
    for position, chunk_id in enumerate(chunk_ids):
        source = chunk_id.rsplit("#", 1)[0]
        ranges[source] = (ranges.get(source, (position, 0))[0], position + 1)
    return ranges
