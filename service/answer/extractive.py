"""The default composer: picks 1-4 verbatim sentences from the top chunks that best cover the question.

A sentence scores by the share of the question's key terms (weighted by rarity among the candidates)
that it holds together with its chunk's title and heading, plus half the share it holds alone; scaled by
its chunk's retrieval score and boosted when the sentence gives the kind of answer the question asks for
(an amount, count, date, duration or name). For a § reference the sentences come from that §, in order;
for a question in English, whose words cannot meet Norwegian text, from the top-ranked chunks in order.
The same sentence from two documents becomes one statement with both quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from service.answer.abstention import abstention_reason
from service.answer.candidates import Candidate, answer_hits, cached_terms, terms_of
from service.answer.draft import Draft, Quote, Statement
from service.answer.excerpts import Excerpt, collapse, excerpt, said_from, starting_at, traits
from service.answer.learned import AnswerModels, judge
from service.answer.settings import AnswerSettings
from service.question.analysis import Question
from service.question.terms import QuestionTerms, inverse_document_frequency
from service.retrieval.retriever import Retrieval
from vectorstore.analyzer import analyze
from vectorstore.models import Hit
from vectorstore.sentence_terms import chunk_terms
from vectorstore.sentences import Sentence, split_sentences

_HEADING_WEIGHT = 0.5
_ENGLISH_BASE = 1.0
_SAME_TEXT_OVERLAP = 0.8
_SCORE_DIGITS = 9  # scores equal to this precision are ties, kept in document order
_REPEAT_MIN_TERMS = 5  # shorter sentences share most of their few words by chance ("Kurset er gratis.")
_REPEAT_MAX_GROWTH = 1.5
_ANSWER_KINDS = ("text", "item")
# A sentence that stops on a preposition or conjunction: a list's lead-in whose list the chunk does not hold
# ("Anskaffelsesloven og forskriften gjelder ikke for kontrakter om").
_UNFINISHED = re.compile(r"\b(?:om|for|til|av|med|og|eller|at|som|i|på|fra|ved|etter|under|over|mot)$")
_DEFINITE_OPENING = re.compile(r"[A-ZÆØÅ][a-zæøå]{2,}(?:et|en|ene|a)\b")


@dataclass(frozen=True)
class Weighed:
    """The candidate sentences of a question with their hand-set scores, the hand rules' choice and its draft."""

    terms: QuestionTerms
    found: list[Candidate]
    chosen: list[Candidate]
    draft: Draft
    learnable: bool  # neither a § reference (read in its own order) nor English (its words cannot meet the text)


class ExtractiveComposer:
    """Chooses answer sentences without a language model."""

    def __init__(self, settings: AnswerSettings, models: AnswerModels | None = None) -> None:
        self.settings = settings
        self.models = models  # the learned chooser and refusal (`answer_model = "learned"`); None: the hand rules

    def compose(self, question: Question, retrieval: Retrieval) -> Draft:
        weighed = self.weigh(question, retrieval)
        if weighed is None:
            return Draft()
        if self.models is None or not weighed.learnable:
            return weighed.draft
        return self._learned(question, retrieval, weighed, self.models)

    def weigh(self, question: Question, retrieval: Retrieval) -> Weighed | None:
        """The hand-set composer's work: every sayable sentence scored, the best chosen (None: nothing to say)."""
        referenced = set(retrieval.laws.chunk_ids)
        hits = _on_topic(answer_hits(retrieval)[: self.settings.answer_chunks], question)
        idf = inverse_document_frequency(_candidate_terms(retrieval, hits))
        # Earlier questions' words help choose sentences only for an elliptical follow-up ("Og for ...?");
        # a full new question is answered on its own words (retrieval still looked with the old ones).
        terms = question.weighted_terms(retrieval.laws.mentions, idf)
        candidates = self._candidates(hits, terms, english=question.english)
        learnable = not (referenced or question.english)
        chosen = self._select(candidates, require_support=learnable)
        if not chosen:
            return None
        draft = Draft(statements=_statements(chosen), support=1.0 if referenced else chosen[0].support)
        return Weighed(terms, candidates, chosen, draft, learnable)

    def _learned(self, question: Question, retrieval: Retrieval, weighed: Weighed, models: AnswerModels) -> Draft:
        """The hand rules' sentences with the one the sentence model rates best said first (it joins them when
        they left it out), judged by the hand rules on the answer they composed or by the refusal model."""
        rule = abstention_reason(question, retrieval, weighed.draft, self.settings)
        ranked, confidence = judge(models, question, retrieval, weighed.terms, weighed.found, weighed.chosen, rule)
        chosen = weighed.chosen
        # The lead holds words of the question, as every sentence after the first must under the hand rules, and
        # gives the kind of answer asked for (an amount, a date, ...) when a chosen sentence does.
        kind_given = any(c.gives_answer for c in chosen)
        lead = next(
            c
            for c in ranked
            if (c.own > 0 or any(c is other for other in chosen)) and (c.gives_answer or not kind_given)
        )
        if not any(lead is other for other in chosen):
            for candidate in ranked:
                _attach_copy(candidate, [lead])
        others = [c for c in chosen if c is not lead and not _repeats(c, lead)]
        kept = [lead, *others][: self.settings.max_sentences]
        if self.settings.refusal_model == "rules":
            refusal = rule
        else:
            threshold = (
                models.refusal.threshold if self.settings.min_confidence is None else self.settings.min_confidence
            )
            refusal = "unlikely_answer" if confidence < threshold else None
        return Draft(_statements(kept, lead), weighed.draft.support, judged=True, refusal=refusal)

    def _candidates(self, hits: list[Hit], terms: QuestionTerms, english: bool = False) -> list[Candidate]:
        """Every sayable sentence of the hits, scored. An English question's words meet the Norwegian text only in
        names and shared words: its sentences start from the ranking (`_ENGLISH_BASE`), and those words and the
        kind of answer it asks for ("How much ...") choose among them."""
        base = _ENGLISH_BASE if english else 0.0
        top = max((hit.score for hit in hits), default=1.0) or 1.0
        candidates = []
        for rank, hit in enumerate(hits):
            heading_terms = terms_of(f"{hit.chunk.title} {hit.chunk.section}")
            retrieval_factor = 0.5 + 0.5 * max(hit.score, 0.0) / top
            sentences = split_sentences(hit.chunk.text)
            for index, sentence in enumerate(sentences):
                shown = _sayable(hit.chunk.text, sentences, index)
                if shown is None:
                    continue
                own_terms = terms_of(shown.shown)
                own = terms.coverage(own_terms)
                context = heading_terms | _continued(hit.chunk.text, sentences, shown.first)
                support = terms.coverage(own_terms | context)
                gives_answer = terms.answered_by(hit.chunk.text[sentence.start : sentence.end])
                boost = self.settings.answer_type_boost if gives_answer else 1.0
                score = (base + support + _HEADING_WEIGHT * own) * retrieval_factor * boost
                candidates.append(
                    Candidate(
                        hit.chunk,
                        rank,
                        sentences,
                        index,
                        shown,
                        own,
                        support,
                        score,
                        own_terms,
                        hit.score,
                        gives_answer,
                        rule_score=score,
                    )
                )
        return candidates

    def _select(self, candidates: list[Candidate], require_support: bool) -> list[Candidate]:
        """The best sentences; without a § reference, each must hold some of the question's terms."""
        ranked = sorted(candidates, key=lambda c: (-round(c.score, _SCORE_DIGITS), c.rank, c.sentence.start))
        if not ranked or (require_support and ranked[0].support == 0):
            return []
        floor = self.settings.sentence_keep_ratio * ranked[0].score
        chosen: list[Candidate] = []
        for candidate in ranked:
            if candidate.score < floor or len(chosen) == self.settings.max_sentences:
                break
            if require_support and chosen and candidate.own == 0:
                continue  # a second sentence must add words of the question, not only share the heading
            if not any(_repeats(candidate, other) for other in chosen):
                chosen.append(candidate)
        for candidate in ranked:
            _attach_copy(candidate, chosen)
        return chosen


def _sayable(text: str, sentences: list[Sentence], index: int) -> Excerpt | None:
    """The excerpt sentence `index` stands for, or None when it cannot be a statement: a heading, lead-in or
    note, a question, a fragment shown without what it belongs to, or a sentence leaning on text not shown."""
    sentence = sentences[index]
    if sentence.kind not in _ANSWER_KINDS or traits(text, sentence).question:
        return None
    shown = excerpt(text, sentences, index)
    alone = shown.first == shown.last and shown.shown == collapse(text[sentence.start : sentence.end])
    if shown.dangling or (alone and traits(text, sentence).fragment) or _UNFINISHED.search(shown.shown):
        return None
    return shown


def _continued(text: str, sentences: list[Sentence], index: int) -> frozenset[str]:
    """The words of the paragraph before a sentence that goes on about what it named, opening with that noun in
    the definite form ("... fastsettelsen av gebyrets størrelse ... . Gebyret kan ikke settes høyere enn 15
    prosent ..."): they say what the sentence is about, as its heading does. Empty for any other sentence."""
    opening = _DEFINITE_OPENING.match(text, sentences[index].start)
    if opening is None or sentences[index].kind != "text":
        return frozenset()
    first = index
    while (
        first > 0
        and sentences[first - 1].kind == "text"
        and "\n\n" not in text[sentences[first - 1].end : sentences[first].start]
    ):
        first -= 1
    before = cached_terms(text[sentences[first].start : sentences[index].start]) if first < index else frozenset()
    return before if set(analyze(opening.group())) <= before else frozenset()


def _candidate_terms(retrieval: Retrieval, hits: list[Hit]) -> list[frozenset[str]]:
    """The terms of every candidate either search found, as the store analysed their sentences, for the rarity
    of the question's terms among them; a retrieval without a pool (built by hand) gives the answer hits'."""
    if not retrieval.pool:
        return [cached_terms(hit.chunk.text) for hit in hits]
    return [chunk_terms(retrieval.sentence_terms[chunk.id]) for chunk in retrieval.pool]


def _on_topic(hits: list[Hit], question: Question) -> list[Hit]:
    """For a follow-up that names its topic only by reference ("Hva er formålet med den?" after "Hva er Læring
    for næring?"), the chunks that mention the earlier question's topic, when any does."""
    if not (question.follows and question.context_stems):
        return hits
    topic = set(question.context_stems)
    about = [hit for hit in hits if topic & terms_of(f"{hit.chunk.title} {hit.chunk.section} {hit.chunk.text}")]
    return about or hits


def _same_text(a: Candidate, b: Candidate) -> bool:
    """Whether the two say the same in nearly the same words, in the same order, and figures (one statement, both
    cited): "En kåring som KS står bak sammen med NHO." does not quote "... står KS og NHO bak sammen."."""
    if a.chunk.id == b.chunk.id and a.index == b.index:
        return True
    if not _same_figures(a, b):
        return False
    matcher = SequenceMatcher(None, _word_sequence(a.shown.shown), _word_sequence(b.shown.shown))
    # quick_ratio bounds ratio from above and is much cheaper: most pairs share too few words to need ratio.
    return matcher.quick_ratio() >= _SAME_TEXT_OVERLAP and matcher.ratio() >= _SAME_TEXT_OVERLAP


@lru_cache(maxsize=4096)
def _word_sequence(text: str) -> tuple[str, ...]:
    return tuple(analyze(text))


def _same_figures(a: Candidate, b: Candidate) -> bool:
    """ "... 500 000 kroner" and "... 100 000 kroner" in the same words are two rules, not one."""
    return {term for term in a.terms if term[0].isdigit()} == {term for term in b.terms if term[0].isdigit()}


def _repeats(a: Candidate, b: Candidate) -> bool:
    """Whether one says nearly all the other says: the same text, or a sentence of some length whose words the
    other, not much longer, holds ("Kommunene i Østfold, Akershus og Buskerud kan bruke LUP som sparringspartner."
    inside "I tillegg kan kommunene i Østfold, Akershus og Buskerud bruke LUP, ..., som sparringspartner."; a
    long list of names that mentions a programme does not repeat the sentence that says what it is)."""
    if _same_text(a, b):
        return True
    if a.chunk.id == b.chunk.id and a.shown.first <= b.shown.last and b.shown.first <= a.shown.last:
        return False  # overlapping excerpts of one chunk: the larger is kept, the overlap said once
    smaller, larger = sorted((len(a.terms), len(b.terms)))
    similar_size = smaller >= _REPEAT_MIN_TERMS and larger <= _REPEAT_MAX_GROWTH * smaller
    return similar_size and len(a.terms & b.terms) / smaller >= _SAME_TEXT_OVERLAP and _same_figures(a, b)


def _attach_copy(candidate: Candidate, chosen: list[Candidate]) -> None:
    """A sentence that a chosen one repeats from another document is cited too; from the same one it is dropped."""
    for other in chosen:
        if candidate is other or not _same_text(candidate, other):
            continue
        sources = {other.chunk.source, *(copy.chunk.source for copy in other.also)}
        if candidate.chunk.source not in sources:
            other.also.append(candidate)
        return


def _statements(chosen: list[Candidate], lead: Candidate | None = None) -> tuple[Statement, ...]:
    """The `lead` first, else the best sentence that gives the asked-for kind of answer (else the best), then the
    others grouped by chunk (best chunk first) in document order; a sentence an earlier excerpt already brought
    along is not said again, and one whose whole excerpt lies inside another's is left to that one."""
    kept = _without_nested_excerpts(chosen)
    answering = lead or next((candidate for candidate in chosen if candidate.gives_answer), chosen[0])
    best = next(outer for outer in kept if _holds(outer, answering))
    chunk_order = {c.chunk.id: i for i, c in reversed(list(enumerate(kept)))}
    rest = sorted((c for c in kept if c is not best), key=lambda c: (chunk_order[c.chunk.id], c.sentence.start))
    statements: list[Statement] = []
    covered: set[tuple[str, int] | str] = set()  # (chunk id, sentence) and the text of every sentence said
    previous: tuple[Candidate, Excerpt] | None = None
    for candidate in [best, *rest]:
        shown = _unsaid(candidate, chosen, covered)
        if shown is None:
            continue
        covered.update((candidate.chunk.id, i) for i in range(shown.first, shown.last + 1))
        covered.update(_sentence_text(candidate, i) for i in range(shown.first, shown.last + 1))
        quotes = (_quote(candidate, shown), *(_quote(copy, copy.shown) for copy in candidate.also))
        if previous and previous[0].chunk.id == candidate.chunk.id and _same_lead(previous[0], candidate):
            statements[-1] = _with_item(statements[-1], candidate, quotes, follows=shown.first == previous[1].last + 1)
        else:
            statements.append(Statement(shown.shown, quotes, candidate.support, shown.context))
        previous = (candidate, shown)
    return tuple(statements)


def _with_item(statement: Statement, item: Candidate, quotes: tuple[Quote, ...], follows: bool) -> Statement:
    """Another item of the list the statement quotes, said after it: "... er … 1,63 millioner; 2,5 millioner"."""
    text = f"{statement.text.rstrip(',;')}{'; ' if follows else ' … '}{_sentence_text(item, item.index)}"
    return Statement(text, statement.quotes + quotes, max(statement.support, item.support), statement.context)


def _unsaid(candidate: Candidate, chosen: list[Candidate], covered: set[tuple[str, int] | str]) -> Excerpt | None:
    """The candidate's excerpt without the sentences earlier statements showed, from this chunk or in the same
    words from another (None if nothing is left); a chosen sentence that it holds is said, not context."""
    shown = candidate.shown
    text, sentences = candidate.chunk.text, candidate.sentences

    def said(index: int) -> bool:
        return (candidate.chunk.id, index) in covered or _sentence_text(candidate, index) in covered

    if said(candidate.index):
        return None
    first = shown.first
    while said(first):
        first += 1
    if first != shown.first:
        return starting_at(text, sentences, shown, first)
    held = [other.shown.said_from for other in chosen if _holds(candidate, other)]
    return said_from(text, sentences, shown, min(held))


def _sentence_text(candidate: Candidate, index: int) -> str:
    sentence = candidate.sentences[index]
    return collapse(candidate.chunk.text[sentence.start : sentence.end])


def _holds(outer: Candidate, inner: Candidate) -> bool:
    """Whether the outer candidate's excerpt shows the inner one's sentence."""
    return outer.chunk.id == inner.chunk.id and outer.shown.first <= inner.index <= outer.shown.last


def _without_nested_excerpts(chosen: list[Candidate]) -> list[Candidate]:
    """Drop a candidate whose excerpt another candidate's larger excerpt of the same chunk already holds."""

    def nested(inner: Candidate) -> bool:
        return any(
            outer.chunk.id == inner.chunk.id
            and outer.shown.first <= inner.shown.first
            and inner.shown.last <= outer.shown.last
            and (outer.shown.first, outer.shown.last) != (inner.shown.first, inner.shown.last)
            for outer in chosen
        )

    return [candidate for candidate in chosen if not nested(candidate)]


def _same_lead(a: Candidate, b: Candidate) -> bool:
    return a.sentence.lead is not None and a.sentence.lead == b.sentence.lead


def _quote(candidate: Candidate, shown: Excerpt) -> Quote:
    return Quote(candidate.chunk, shown.start, shown.end, candidate.retrieval_score)
