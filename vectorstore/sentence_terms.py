"""Each sentence of a chunk as keyword terms: analysed once, when the chunk is stored, not per question.

The sentence-coverage rerank and the answer composer both weigh a candidate chunk by the question's terms in
each of its sentences. Analysing every sentence of about 50 candidates for every question (splitting,
tokenising, stemming) was a fifth of an answer's time; the store database keeps the result with the chunk
(`encode`: a line per sentence of `split_sentences`, each ended by a newline, terms separated by spaces, which
analyzer terms never hold) and hands it back with the hits (`decode`).
"""

from __future__ import annotations

from vectorstore.analyzer import analyze
from vectorstore.sentences import split_sentences

SentenceTerms = tuple[frozenset[str], ...]  # one set per sentence of `split_sentences(text)`, in order


def sentence_terms(text: str) -> SentenceTerms:
    """The analyzer's terms of each sentence of the text."""
    return tuple(frozenset(analyze(text[sentence.start : sentence.end])) for sentence in split_sentences(text))


def encode(text: str) -> str:
    """The text's sentence terms as stored: a line per sentence."""
    return "".join(" ".join(sorted(terms)) + "\n" for terms in sentence_terms(text))


def decode(stored: str) -> SentenceTerms:
    """What `encode` stored, back as sets."""
    return tuple(frozenset(line.split()) for line in stored.split("\n")[:-1])


def chunk_terms(terms: SentenceTerms) -> frozenset[str]:
    """Every term of the chunk's sentences."""
    return frozenset().union(*terms)
