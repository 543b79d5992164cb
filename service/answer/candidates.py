"""A sayable sentence of a top chunk, as the composer weighs it: where it is, how well it covers the question,
its hand-set score, and (for the learned chooser) its feature row."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from service.answer.excerpts import Excerpt
from service.retrieval.retriever import Retrieval
from vectorstore.analyzer import analyze
from vectorstore.models import Chunk, Hit
from vectorstore.sentences import Sentence


@dataclass
class Candidate:
    chunk: Chunk
    rank: int  # of its chunk among the answer's hits
    sentences: list[Sentence]
    index: int  # of the sentence within its chunk
    shown: Excerpt  # what the sentence brings along
    own: float  # coverage of the question by the sentence (and its lead-in)
    support: float  # coverage with the chunk's heading added
    score: float  # what the composer ranks by: the hand-set score, or the sentence model's probability
    terms: set[str]
    retrieval_score: float
    gives_answer: bool = False  # the sentence gives the kind of answer asked for (an amount, a date, ...)
    rule_score: float = 0.0  # the hand-set score, kept when the sentence model re-scores
    features: list[float] = field(default_factory=list)  # the sentence model's row (service/answer/features.py)
    also: list[Candidate] = field(default_factory=list)  # the same sentence in other documents

    @property
    def sentence(self) -> Sentence:
        return self.sentences[self.index]

    @property
    def text(self) -> str:
        return self.chunk.text[self.sentence.start : self.sentence.end]


def answer_hits(retrieval: Retrieval) -> list[Hit]:
    """The chunks a § reference points to; else the named law's chunks first; else the ranking as it is.

    The law's name is left out of the question's terms: it says which law, not what is asked about it.
    """
    referenced = set(retrieval.laws.chunk_ids)
    if referenced:
        return [hit for hit in retrieval.hits if hit.chunk.id in referenced]
    named = set(retrieval.laws.named)
    return sorted(retrieval.hits, key=lambda hit: hit.chunk.refid not in named)


@lru_cache(maxsize=8192)
def cached_terms(text: str) -> frozenset[str]:
    return frozenset(analyze(text))


def terms_of(text: str) -> set[str]:
    return set(cached_terms(text))
