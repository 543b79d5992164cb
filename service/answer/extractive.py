"""The default composer: picks 1-4 verbatim sentences from the top chunks that best cover the question.

A sentence scores by the share of the question's key terms (weighted by rarity among the candidates)
that it holds together with its chunk's title and heading, plus half the share it holds alone; scaled by
its chunk's retrieval score and boosted when the sentence gives the kind of answer the question asks for
(an amount, count, date, duration or name). For a § reference the sentences come from that §, in order;
for a question in English, whose words cannot meet Norwegian text, from the top-ranked chunks in order.
The same sentence from two documents becomes one statement with both quotes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from service.answer.draft import Draft, Quote, Statement
from service.answer.excerpts import collapse, excerpt
from service.answer.settings import AnswerSettings
from service.question.analysis import Question
from service.question.terms import QuestionTerms, inverse_document_frequency
from service.retrieval.retriever import Retrieval
from vectorstore.analyzer import analyze
from vectorstore.models import Chunk, Hit
from vectorstore.sentences import Sentence, split_sentences

_HEADING_WEIGHT = 0.5
_SAME_TEXT_OVERLAP = 0.8
_ANSWER_KINDS = ("text", "item")


@dataclass
class _Candidate:
    chunk: Chunk
    rank: int
    sentences: list[Sentence]
    index: int  # of the sentence within its chunk
    own: float  # coverage of the question by the sentence (and its lead-in)
    support: float  # coverage with the chunk's heading added
    score: float
    terms: set[str]
    retrieval_score: float
    also: list[_Candidate] = field(default_factory=list)  # the same sentence in other documents

    @property
    def sentence(self) -> Sentence:
        return self.sentences[self.index]


class ExtractiveComposer:
    """Chooses answer sentences without a language model."""

    def __init__(self, settings: AnswerSettings) -> None:
        self.settings = settings

    def compose(self, question: Question, retrieval: Retrieval) -> Draft:
        referenced = set(retrieval.laws.chunk_ids)
        hits = _answer_hits(retrieval)[: self.settings.answer_chunks]
        idf = inverse_document_frequency(
            [_cached_terms(chunk.text) for chunk in retrieval.pool or [h.chunk for h in hits]]
        )
        # Earlier questions' words help choose sentences only for an elliptical follow-up ("Og for ...?");
        # a full new question is answered on its own words (retrieval still looked with the old ones).
        terms = question.weighted_terms(retrieval.laws.mentions, idf)
        if question.english:
            terms = QuestionTerms({}, wants_number=False)  # English words cannot meet the text: trust the ranking
        candidates = self._candidates(hits, terms)
        chosen = self._select(candidates, require_support=not (referenced or question.english))
        if not chosen:
            return Draft()
        return Draft(statements=_statements(chosen), support=1.0 if referenced else chosen[0].support)

    def _candidates(self, hits: list[Hit], terms: QuestionTerms) -> list[_Candidate]:
        top = max((hit.score for hit in hits), default=1.0) or 1.0
        candidates = []
        for rank, hit in enumerate(hits):
            heading_terms = _terms(f"{hit.chunk.title} {hit.chunk.section}")
            retrieval_factor = 0.5 + 0.5 * max(hit.score, 0.0) / top
            sentences = split_sentences(hit.chunk.text)
            for index, sentence in enumerate(sentences):
                if sentence.kind not in _ANSWER_KINDS:
                    continue
                own_terms = _terms(excerpt(hit.chunk.text, sentences, index).shown)
                own = terms.coverage(own_terms)
                support = terms.coverage(own_terms | heading_terms)
                gives_answer = terms.answered_by(hit.chunk.text[sentence.start : sentence.end])
                boost = self.settings.answer_type_boost if gives_answer else 1.0
                score = (support + _HEADING_WEIGHT * own) * retrieval_factor * boost
                candidates.append(
                    _Candidate(hit.chunk, rank, sentences, index, own, support, score, own_terms, hit.score)
                )
        return candidates

    def _select(self, candidates: list[_Candidate], require_support: bool) -> list[_Candidate]:
        """The best sentences; without a § reference, each must hold some of the question's terms."""
        ranked = sorted(candidates, key=lambda c: (-c.score, c.rank, c.sentence.start))
        if not ranked or (require_support and ranked[0].support == 0):
            return []
        floor = self.settings.sentence_keep_ratio * ranked[0].score
        chosen: list[_Candidate] = []
        for candidate in ranked:
            if candidate.score < floor or len(chosen) == self.settings.max_sentences:
                break
            if require_support and chosen and candidate.own == 0:
                continue  # a second sentence must add words of the question, not only share the heading
            if not any(_same_text(candidate, other) for other in chosen):
                chosen.append(candidate)
        for candidate in ranked:
            _attach_copy(candidate, chosen)
        return chosen


@lru_cache(maxsize=4096)
def _cached_terms(text: str) -> frozenset[str]:
    return frozenset(analyze(text))


def _terms(text: str) -> set[str]:
    return set(_cached_terms(text))


def _answer_hits(retrieval: Retrieval) -> list[Hit]:
    """The chunks a § reference points to; else the named law's chunks first; else the ranking as it is.

    The law's name is left out of the question's terms: it says which law, not what is asked about it.
    """
    referenced = set(retrieval.laws.chunk_ids)
    if referenced:
        return [hit for hit in retrieval.hits if hit.chunk.id in referenced]
    named = set(retrieval.laws.named)
    return sorted(retrieval.hits, key=lambda hit: hit.chunk.refid not in named)


def _same_text(a: _Candidate, b: _Candidate) -> bool:
    if a.chunk.id == b.chunk.id and a.index == b.index:
        return True
    union = a.terms | b.terms
    return bool(union) and len(a.terms & b.terms) / len(union) >= _SAME_TEXT_OVERLAP


def _attach_copy(candidate: _Candidate, chosen: list[_Candidate]) -> None:
    """A sentence that a chosen one repeats from another document is cited too; from the same one it is dropped."""
    for other in chosen:
        if candidate is other or not _same_text(candidate, other):
            continue
        sources = {other.chunk.source, *(copy.chunk.source for copy in other.also)}
        if candidate.chunk.source not in sources:
            other.also.append(candidate)
        return


def _statements(chosen: list[_Candidate]) -> tuple[Statement, ...]:
    """Statements grouped by chunk (best chunk first), in document order within a chunk; a sentence that an
    earlier excerpt already brought along is not said again, and one whose whole excerpt lies inside another's
    is left to that one."""
    chosen = _without_nested_excerpts(chosen)
    chunk_order = {c.chunk.id: i for i, c in reversed(list(enumerate(chosen)))}
    ordered = sorted(chosen, key=lambda c: (chunk_order[c.chunk.id], c.sentence.start))
    statements = []
    covered: set[tuple[str, int]] = set()
    previous: _Candidate | None = None
    for candidate in ordered:
        if (candidate.chunk.id, candidate.index) in covered:
            continue
        shown = excerpt(candidate.chunk.text, candidate.sentences, candidate.index)
        covered.update((candidate.chunk.id, i) for i in range(shown.first, shown.last + 1))
        text = shown.shown
        if previous is not None and previous.chunk.id == candidate.chunk.id and _same_lead(previous, candidate):
            text = collapse(candidate.chunk.text[candidate.sentence.start : candidate.sentence.end])
        quotes = tuple(_quote(c) for c in (candidate, *candidate.also))
        statements.append(Statement(text=text, quotes=quotes, support=candidate.support))
        previous = candidate
    return tuple(statements)


def _without_nested_excerpts(chosen: list[_Candidate]) -> list[_Candidate]:
    """Drop a candidate whose excerpt another candidate's larger excerpt of the same chunk already holds."""
    spans = [excerpt(c.chunk.text, c.sentences, c.index) for c in chosen]

    def nested(i: int) -> bool:
        inner = spans[i]
        return any(
            chosen[j].chunk.id == chosen[i].chunk.id
            and outer.first <= inner.first
            and inner.last <= outer.last
            and (outer.first, outer.last) != (inner.first, inner.last)
            for j, outer in enumerate(spans)
        )

    return [candidate for i, candidate in enumerate(chosen) if not nested(i)]


def _same_lead(a: _Candidate, b: _Candidate) -> bool:
    return a.sentence.lead is not None and a.sentence.lead == b.sentence.lead


def _quote(candidate: _Candidate) -> Quote:
    shown = excerpt(candidate.chunk.text, candidate.sentences, candidate.index)
    return Quote(candidate.chunk, shown.start, shown.end, candidate.retrieval_score)
