"""The signals the learned answer models read (`service/answer/learned.py`), computed by the composer and by
the training command (`kildesvar train`) with this same code.

- `FEATURES`, one row per candidate sentence: the question, the sentence, its chunk and the retrieval that
  found it, and the hand-set composer's own verdict on it (its score as a share of the best, its place in the
  hand ranking, whether the hand rules chose it). Scores are taken relative to the question's other
  candidates (shares, gaps, ranks), so that they mean the same over a small corpus as over a large one.
- `ANSWER_FEATURES`, one row per answer: the best sentence by the sentence model, its margin to the
  runner-up, what retrieval and the question say, and which hand-set refusal rule fires on the hand-composed
  answer, so the refusal model learns when those rules are right.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from service.answer.candidates import Candidate, terms_of
from service.question.analysis import Question
from service.question.kinds import has_number
from service.question.terms import QuestionTerms, term_match
from service.question.years import covered_years
from service.retrieval.retriever import Retrieval
from vectorstore.analyzer import analyze

_ANSWER_KINDS = ("text", "item")
_EXPECTED = ("percent", "amount", "number", "count", "date", "duration", "deadline", "person", "contact")
_LEANS_BACK = re.compile(r"(?:Det|Dette|Den|Denne|Disse|Slik|Slike|Derfor|Da|Her|Han|Hun|De)\b")
_SENTENCE_END = '.!?…»")'
_QUESTION_WORDS = ("hva", "hvem", "hvor", "når", "hvorfor", "hvordan", "hvilk")
_CAPITALISED = re.compile(r"\b[A-ZÆØÅ][\wæøå-]+")
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_MONTH = re.compile(
    r"\b(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)\b", re.IGNORECASE
)
_DIGITS = re.compile(r"\d")
_PLACE = re.compile(r"\b(?:i|på|fra|til) [A-ZÆØÅ]")
_WORDS = re.compile(r"\w+")
_MISSING_RANK = 50
RULE_REASONS = ("unknown_name", "unknown_year", "low_support", "wrong_answer_type")

FEATURES: tuple[str, ...] = (
    # the question
    "key_terms",
    "wants_number",
    *(f"asks_{kind}" for kind in _EXPECTED),
    "names_asked",
    *(f"asks_{word}" for word in _QUESTION_WORDS),
    # the chunk and the retrieval that found it
    "chunk_rank",
    "fused_share",
    "fused_gap",
    "dense_gap",
    "dense_rank",
    "dense_missing",
    "keyword_share",
    "keyword_rank",
    "keyword_missing",
    "named_law",
    "chunk_sentences",
    # the sentence
    "own",
    "support",
    "heading_gain",
    "alone",
    "terms_found",
    "own_gap",
    "support_gap",
    "own_order",
    "gives_answer",
    "has_number",
    "names_found",
    "pairs_found",
    "exact_words",
    "previous_own",
    "next_own",
    "window_own",
    "new_names",
    "has_year",
    "has_date",
    "number_besides_years",
    "in_place",
    "position",
    "first",
    "relative_position",
    "chars",
    "excerpt_chars",
    "is_item",
    "brings_lead",
    "leans_back",
    "fragment",
    # the hand-set composer's verdict
    "rule_share",
    "rule_order",
    "rule_first",
    "rule_chosen",
    "candidates",
)

_BEST = (
    "own",
    "support",
    "alone",
    "window_own",
    "pairs_found",
    "exact_words",
    "gives_answer",
    "names_found",
    "chunk_rank",
    "dense_gap",
    "dense_rank",
    "keyword_share",
    "keyword_rank",
    "rule_share",
    "rule_order",
    "rule_chosen",
)
ANSWER_FEATURES: tuple[str, ...] = (
    "best",
    "second",
    "margin",
    "likely",
    *(f"best_{name}" for name in _BEST),
    "dense_standout",
    "keyword_standout",
    "searches_agree",
    "best_source_share",
    "sources_in_top",
    "chunk_coverage",
    "rarest_in_best",
    "rarest_in_chunks",
    "unfound_weight",
    "key_terms",
    "names_asked",
    "names_in_chunks",
    "year_uncovered",
    "wants_number",
    "asked_kind",
    "kind_given",
    "rule_support",
    *(f"rule_{reason}" for reason in RULE_REASONS),
)


@dataclass(frozen=True)
class _RetrievalContext:
    dense: dict[str, float]
    keyword: dict[str, float]
    top_fused: float
    lowest_fused: float
    dense_rank: dict[str, int]
    keyword_rank: dict[str, int]
    top_dense: float
    top_keyword: float
    lowest_dense: float
    named: frozenset[str]

    @classmethod
    def of(cls, retrieval: Retrieval) -> _RetrievalContext:
        dense = sorted(retrieval.dense.items(), key=lambda pair: -pair[1])
        keyword = sorted(retrieval.keyword.items(), key=lambda pair: -pair[1])
        scores = [hit.score for hit in retrieval.hits] or [0.0]
        return cls(
            dense=retrieval.dense,
            keyword=retrieval.keyword,
            top_fused=max(scores),
            lowest_fused=min(scores),
            dense_rank={chunk_id: rank for rank, (chunk_id, _score) in enumerate(dense)},
            keyword_rank={chunk_id: rank for rank, (chunk_id, _score) in enumerate(keyword)},
            top_dense=dense[0][1] if dense else 0.0,
            top_keyword=keyword[0][1] if keyword else 0.0,
            lowest_dense=dense[-1][1] if dense else 0.0,
            named=frozenset(retrieval.laws.named),
        )


def set_sentence_features(
    found: Sequence[Candidate],
    chosen: Sequence[Candidate],
    question: Question,
    terms: QuestionTerms,
    retrieval: Retrieval,
) -> None:
    """Every candidate's `features`; `found` carry their hand-set scores, `chosen` are the hand rules' choice."""
    context = _RetrievalContext.of(retrieval)
    best_rule = max((c.rule_score for c in found), default=0.0) or 1.0
    picked = {id(c) for c in chosen}
    for candidate in found:
        order = sum(other.rule_score > candidate.rule_score for other in found)
        verdict = [
            candidate.rule_score / best_rule,
            order / max(len(found) - 1, 1),
            float(order == 0),
            float(id(candidate) in picked),
            float(len(found)),
        ]
        candidate.features = [*_sentence_row(candidate, found, question, terms, context), *verdict]


def _sentence_row(
    candidate: Candidate,
    every: Sequence[Candidate],
    question: Question,
    terms: QuestionTerms,
    context: _RetrievalContext,
) -> list[float]:
    chunk, sentence = candidate.chunk, candidate.sentence
    text = candidate.text
    shown = candidate.shown
    best_own = max(other.own for other in every)
    best_support = max(other.support for other in every)
    own_order = sum(other.own > candidate.own for other in every)
    alone = terms.coverage(terms_of(text))
    weights = terms.weights
    found_terms = sum(1 for term in weights if term in candidate.terms) / len(weights) if weights else 0.0
    lowered = text.lower()
    names = question.names
    names_found = sum(name in lowered for name in names) / len(names) if names else 0.0
    # A chunk only the keyword search found gets the lowest cosine the dense search returned.
    dense = context.dense.get(chunk.id, context.lowest_dense)
    keyword_rank = context.keyword_rank.get(chunk.id)
    dense_rank = context.dense_rank.get(chunk.id)
    keyword_score = context.keyword.get(chunk.id, 0.0)
    spread = (context.top_fused - context.lowest_fused) or 1.0
    answer_sentences = sum(1 for s in candidate.sentences if s.kind in _ANSWER_KINDS)
    position = sum(1 for s in candidate.sentences[: candidate.index] if s.kind in _ANSWER_KINDS)
    expected = question.expected_in_context
    opening = question.text.strip().lower()
    return [
        float(len(weights)),
        float(terms.wants_number),
        *(float(expected == kind) for kind in _EXPECTED),
        float(len(names)),
        *(float(opening.startswith(word)) for word in _QUESTION_WORDS),
        float(candidate.rank),
        candidate.retrieval_score / context.top_fused if context.top_fused > 0 else 0.0,
        (context.top_fused - candidate.retrieval_score) / spread,
        context.top_dense - dense,
        float(_MISSING_RANK if dense_rank is None else dense_rank),
        float(dense_rank is None),
        keyword_score / context.top_keyword if context.top_keyword > 0 else 0.0,
        float(_MISSING_RANK if keyword_rank is None else keyword_rank),
        float(keyword_rank is None),
        float(chunk.refid in context.named if chunk.refid else False),
        float(answer_sentences),
        candidate.own,
        candidate.support,
        candidate.support - candidate.own,
        alone,
        found_terms,
        best_own - candidate.own,
        best_support - candidate.support,
        float(own_order),
        float(candidate.gives_answer),
        float(has_number(text)),
        names_found,
        _pairs_found(question.key_terms, text),
        _exact_words(question, lowered),
        *_neighbours(candidate, terms),
        float(sum(word.lower() not in question.text.lower() for word in _CAPITALISED.findall(text[1:]))),
        float(bool(_YEAR.search(text))),
        float(bool(_YEAR.search(text) or _MONTH.search(text))),
        float(bool(_DIGITS.search(_YEAR.sub(" ", text)))),
        float(bool(_PLACE.search(text))),
        float(position),
        float(position == 0),
        position / max(answer_sentences - 1, 1),
        float(len(text)),
        float(len(shown.shown)),
        float(sentence.kind == "item"),
        float(shown.first < candidate.index or (sentence.kind == "item" and sentence.lead is not None)),
        float(bool(_LEANS_BACK.match(text))),
        float(text.rstrip()[-1:] not in _SENTENCE_END),
    ]


def answer_features(
    question: Question,
    retrieval: Retrieval,
    ranked: Sequence[Candidate],
    terms: QuestionTerms,
    rule: str | None,
    rule_support: float,
) -> list[float]:
    """The refusal model's row: `ranked` best first by the sentence model (`score` set, `features` set), `rule`
    the hand-set refusal rule that fires on the hand-composed answer (None: none), `rule_support` its support."""
    best = ranked[0]
    second = ranked[1].score if len(ranked) > 1 else 0.0
    column = {name: FEATURES.index(name) for name in FEATURES}
    chunks = list({candidate.chunk.id: candidate.chunk for candidate in ranked}.values())
    chunk_text = " ".join(f"{chunk.title} {chunk.text}" for chunk in chunks).lower()
    names = question.names
    weights = terms.weights
    rarest = max(weights, key=lambda term: weights[term]) if weights else None
    best_chunk = terms_of(f"{best.chunk.title} {best.chunk.section} {best.chunk.text}")
    in_chunks = set().union(*(terms_of(chunk.text) for chunk in chunks))
    dense = sorted(retrieval.dense.values(), reverse=True)
    keyword = sorted(retrieval.keyword.values(), reverse=True)
    top = retrieval.hits[0].chunk.id if retrieval.hits else None
    return [
        best.score,
        second,
        best.score - second,
        float(sum(candidate.score >= 0.5 for candidate in ranked)),
        *(best.features[column[name]] for name in _BEST),
        dense[0] - dense[1] if len(dense) > 1 else 0.0,
        keyword[1] / keyword[0] if len(keyword) > 1 and keyword[0] > 0 else 0.0,
        float(top is not None) * (float(top == _top(retrieval.dense)) + float(top == _top(retrieval.keyword))),
        sum(candidate.chunk.source == best.chunk.source for candidate in ranked[:5]) / min(len(ranked), 5),
        float(len({hit.chunk.source for hit in retrieval.hits[:5]})),
        terms.coverage(best_chunk),
        float(rarest is not None and term_match(rarest, best.terms) > 0),
        float(rarest is not None and term_match(rarest, in_chunks) > 0),
        1.0 - terms.coverage(in_chunks) if weights else 0.0,
        float(len(weights)),
        float(len(names)),
        sum(name in chunk_text for name in names) / len(names) if names else 1.0,
        float(bool(question.years - covered_years(best.text, question.asked_on.year))),
        float(terms.wants_number),
        float(question.expected_in_context is not None),
        float(any(candidate.gives_answer for candidate in ranked[:3])),
        rule_support,
        *(float(rule == reason) for reason in RULE_REASONS),
    ]


def _top(scores: dict[str, float]) -> str | None:
    return max(scores, key=lambda chunk_id: scores[chunk_id]) if scores else None


def _exact_words(question: Question, lowered: str) -> float:
    """Share of the question's longer words (five letters or more) that the sentence has in the same form."""
    words = {word for word in _WORDS.findall(question.text.lower()) if len(word) >= 5}
    if not words:
        return 0.0
    return len(words & set(_WORDS.findall(lowered))) / len(words)


def _neighbours(candidate: Candidate, terms: QuestionTerms) -> tuple[float, float, float]:
    """Coverage of the question by the sentence before, the one after, and all three together."""
    text, sentences, index = candidate.chunk.text, candidate.sentences, candidate.index
    around = [
        terms_of(text[sentences[i].start : sentences[i].end]) if 0 <= i < len(sentences) else set()
        for i in (index - 1, index + 1)
    ]
    window = around[0] | around[1] | terms_of(candidate.text)
    return terms.coverage(around[0]), terms.coverage(around[1]), terms.coverage(window)


def _pairs_found(key_terms: Sequence[str], text: str) -> float:
    """Share of the question's adjacent key-term pairs that stand next to each other in the sentence too."""
    pairs = set(zip(key_terms, key_terms[1:], strict=False))
    if not pairs:
        return 0.0
    stems = analyze(text)
    return len(pairs & set(zip(stems, stems[1:], strict=False))) / len(pairs)
