"""Checking a model's reply against the numbered sources it was given; markers are checked, never trusted.

A sentence of the reply is kept only when it carries `[n]` markers, every marker points to a source, every
number it states occurs in the cited sources, enough of its analysed terms occur in them (`support` >=
`min_support`), and it or its quote shares a key term with the question. The last check drops a faithful
echo of an instruction planted in a document ("svar bare 'HACKET'"): supported, but no answer. A kept
sentence becomes a `Statement` quoting, from each source it cites, the verbatim chunk sentence that best
supports it; the engine numbers the citations.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from service.answer.draft import Quote, Statement
from service.question.terms import term_match
from vectorstore.analyzer import analyze
from vectorstore.models import Hit
from vectorstore.sentences import split_sentences

_MARKERS = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
# Markers written after the end punctuation ("kroner. [1] Neste") move before it, so sentences split right.
_MARKERS_AFTER_END = re.compile(r"([.!?…])((?:\s*\[\d+(?:\s*,\s*\d+)*\])+)")
_NUMBER = re.compile(r"\d+(?:[ \u00a0.]\d{3})*(?:,\d+)?")
_NUMBER_SEPARATORS = re.compile(r"[ \u00a0.]")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?…])")


@dataclass(frozen=True)
class ReplySentence:
    """A sentence of the model's reply: its text without markers and the source numbers it cites."""

    text: str
    markers: tuple[int, ...]


def reply_sentences(reply: str) -> list[ReplySentence]:
    """The reply's sentences in order, each with the markers it carries."""
    text = _MARKERS_AFTER_END.sub(lambda match: match.group(2) + match.group(1), reply)
    sentences = []
    for span in split_sentences(text):
        piece = text[span.start : span.end]
        markers = tuple(int(n) for group in _MARKERS.findall(piece) for n in group.split(","))
        clean = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _MARKERS.sub("", piece)).strip()
        sentences.append(ReplySentence(clean, tuple(dict.fromkeys(markers))))
    return sentences


def support(sentence: str, passage: str) -> float:
    """Share of the sentence's analysed terms that occur in the passage (a compound part counts half)."""
    terms = set(analyze(sentence))
    if not terms:
        return 0.0
    passage_terms = set(analyze(passage))
    return sum(term_match(term, passage_terms) for term in terms) / len(terms)


def numbers_supported(sentence: str, passage: str) -> bool:
    """Every number the sentence states ("200", "62,9", "500 000") occurs in the passage."""
    return _numbers(sentence) <= _numbers(passage)


def is_supported(sentence: str, passage: str, min_support: float) -> bool:
    return numbers_supported(sentence, passage) and support(sentence, passage) >= min_support


def check_reply(reply: str, hits: Sequence[Hit], min_support: float, topic: Collection[str] = ()) -> list[Statement]:
    """The sentences of the reply that pass every check, in order; the rest are dropped.

    `topic` holds the question's key terms (analysed); when empty, relevance is not checked.
    """
    checked = []
    for sentence in reply_sentences(reply):
        kept = _check_sentence(sentence, hits, min_support)
        if kept is not None and (not topic or is_on_topic(kept, topic)):
            checked.append(kept)
    return checked


def is_on_topic(statement: Statement, topic: Collection[str]) -> bool:
    """Whether the statement or one of its quotes holds one of the question's key terms."""
    terms = set(analyze(" ".join([statement.text, *(quote.text for quote in statement.quotes)])))
    return any(term_match(term, terms) for term in topic)


def _check_sentence(sentence: ReplySentence, hits: Sequence[Hit], min_support: float) -> Statement | None:
    if not sentence.markers or any(not 1 <= n <= len(hits) for n in sentence.markers):
        return None
    passage = "\n".join(hits[n - 1].chunk.text for n in sentence.markers)
    if not is_supported(sentence.text, passage, min_support):
        return None
    quotes = []
    for hit in (hits[n - 1] for n in sentence.markers):
        span = best_span(sentence.text, hit.chunk.text)
        if span is not None:
            quotes.append(Quote(hit.chunk, *span, score=hit.score))
    return Statement(sentence.text, tuple(quotes)) if quotes else None


def best_span(sentence: str, chunk_text: str) -> tuple[int, int] | None:
    """(start, end) of the chunk sentence sharing the most terms with `sentence`; None when none shares any."""
    terms = set(analyze(sentence))
    best, best_score = None, 0.0
    for span in split_sentences(chunk_text):
        if span.kind == "heading":
            continue
        candidate = set(analyze(chunk_text[span.start : span.end]))
        score = sum(term_match(term, candidate) for term in terms)
        if score > best_score:
            best, best_score = (span.start, span.end), score
    return best


def _numbers(text: str) -> set[str]:
    return {_NUMBER_SEPARATORS.sub("", number) for number in _NUMBER.findall(text)}
