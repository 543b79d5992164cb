"""When to say "the documents do not say": a wrong confident answer costs more trust than an abstention.

Checks, in order (the first that fires gives the reason):
- `no_statement`: the composer found nothing to quote.
- `unknown_name`: the question names a place or name ("Trøndelag") that no cited passage mentions.
- `unknown_year`: the question names a year ("i 2023", "i fjor") that no statement of the answer covers; a
  law or regulation in force answers for this year and later, so there only past years count.
- `low_support`: the best statement covers too little of the question's key terms (English questions,
  whose words cannot meet Norwegian text, are judged by the dense cosine instead: `weak_match`).
- `wrong_answer_type`: the question asks for an amount, count, share, date, duration or person, and no
  statement gives one.
A question that resolves to a § of a named law is never abstained. With `answer_model = "learned"` the
composer has judged a Norwegian question already (`Draft.judged`): the rules above on the answer the hand
rules composed (the learned lead only changes which sentence is said first), or with `refusal_model =
"learned"` the refusal model (`unlikely_answer`: its probability that the documents answer is below its
threshold; the rules' verdict is one of its signals, service/answer/features.py).
"""

from __future__ import annotations

import re

from service.answer.draft import Draft, Statement
from service.answer.settings import AnswerSettings
from service.question.analysis import Question
from service.question.kinds import provides_answer
from service.question.years import covered_years
from service.retrieval.retriever import Retrieval

_TOP_HITS = 2  # a statement from these chunks may give the answer type even with modest term support
_WORD = re.compile(r"\w+")
_COMPOUND_PART_CHARS = 4
_LINKING_LETTERS = "se"  # "leverandørutvikling-s-programmet", "barn-e-hage"


def abstention_reason(question: Question, retrieval: Retrieval, draft: Draft, settings: AnswerSettings) -> str | None:
    """Why the engine should abstain, or None when the draft may be shown."""
    if draft.empty:
        return "no_statement"
    if retrieval.laws.chunk_ids:
        return None
    if draft.judged:
        return draft.refusal
    cited = [quote.chunk for statement in draft.statements for quote in statement.quotes]
    cited_text = " ".join(f"{chunk.title} {chunk.section} {chunk.text}" for chunk in cited).lower()
    cited_words = set(_WORD.findall(cited_text))
    if any(name not in cited_text and not _compound_of(name, cited_words) for name in question.names):
        return "unknown_name"
    if _unknown_year(question, draft):
        return "unknown_year"
    if question.english:
        best_dense = max(retrieval.dense.values(), default=-1.0)
        return "weak_match" if best_dense < settings.min_dense_score else None
    if draft.support < settings.min_support:
        return "low_support"
    expected = question.expected
    top = {hit.chunk.id for hit in retrieval.hits[:_TOP_HITS]}
    answering = [s for s in draft.statements if _may_answer(s, draft, settings, top)]
    if expected and not any(provides_answer(expected, statement.claim, question.text) for statement in answering):
        return "wrong_answer_type"
    return None


def _may_answer(statement: Statement, draft: Draft, settings: AnswerSettings, top: set[str]) -> bool:
    """A statement that may give the asked-for kind of answer: well supported, from a top hit, or as well
    supported as the best statement ("Kurset er gratis." for "Hva koster kurset?")."""
    return statement.support >= min(settings.min_answer_support, draft.support) or statement.quotes[0].chunk.id in top


def _unknown_year(question: Question, draft: Draft) -> bool:
    """Whether the question names a year that none of the answer's statements covers (a year elsewhere in a
    cited passage does not count: "Helt siden 2020 ..." beside a sentence on the award is no answer about
    2023). Rules in force answer for this year and later."""
    this_year = question.asked_on.year
    stated = " ".join(statement.claim for statement in draft.statements)
    uncovered = question.years - covered_years(stated, this_year)
    rules_cited = any(quote.chunk.refid for statement in draft.statements for quote in statement.quotes)
    return any(year < this_year or not rules_cited for year in uncovered)


def _compound_of(word: str, cited_words: set[str]) -> bool:
    """Whether the word joins two cited words: a capitalised compound such as "Leverandørutviklingsprogrammet"
    is a common noun when the passage says "leverandørutvikling" and "programmet", not an unknown name."""
    for cut in range(_COMPOUND_PART_CHARS, len(word) - _COMPOUND_PART_CHARS + 1):
        head, tail = word[:cut], word[cut:]
        if head not in cited_words:
            continue
        tails = [tail, tail[1:]] if tail[0] in _LINKING_LETTERS else [tail]
        if any(
            len(other) >= _COMPOUND_PART_CHARS and (rest.startswith(other) or other.startswith(rest))
            for rest in tails
            for other in cited_words
        ):
            return True
    return False
