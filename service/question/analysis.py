"""A question analysed once, into the one value retrieval, composition and refusal all read.

`analyse` does the text work for a question and the conversation before it: its analysed terms, key terms,
language, the words carried over from earlier questions and whether it is an elliptical follow-up of the
last one, the kind of answer it asks for, the years and names it mentions. Which laws and § it names is
looked up by retrieval, against the laws the store holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from service.question.abbreviations import ABBREVIATIONS, expansions_of
from service.question.kinds import SECTION_NUMBER, AnswerType, expected_answer, wants_number
from service.question.language import is_elliptical, is_english, refers_back, without_english_function_words
from service.question.settings import QuestionSettings
from service.question.terms import QuestionTerms
from service.question.years import asked_years
from vectorstore.analyzer import analyze, tokenize

# Question words and verbs that say nothing about the topic ("Hva sier ...", "Hvilke ...", "Kva ...").
_FILLER = frozenset(
    analyze(
        "hvilke hvilken hvilket sier står står mye mange hvert betyr innebærer finnes fortell forklar kva korleis "
        "kor kven kvifor kvar kva mykje what which who how does tell"
    )
)
# Words that only say what kind of answer is wanted ("Hvor lenge har ...") and are not looked for in the text.
_QUESTION_PHRASE = re.compile(
    r"\b(?:hvor|kor|how) (?:lenge|lang tid|lange?|mye|mykje|mange|stor|store|stort|høy|høyt|høye|much|many|long)\b|"
    r"\bhvilke[nt] (?:år|dato|beløp)\b|\bbeløp(?:et)?\b|\bla (?:være|vere)\b|\bslippe\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"\b[A-ZÆØÅ][a-zæøå]{3,}\b")
# A compound of what is asked about and the kind of answer asked for: "klagefristen" is the deadline for a "klage".
_KIND_COMPOUND = re.compile(r"\b([a-zæøå]{4,}?)s?(frist|grense|gebyr)(?:en|et|er|ene|a|n|ne)?\b", re.IGNORECASE)
# One of a numbered series: "kull 3", "fase 2" (a name the documents must hold for an answer to be about it).
_SERIES_MEMBER = re.compile(r"\b(?:kull|fase|trinn|runde|pulje|steg|modul|samling)(?:en)? \d{1,2}\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:]\s*$")
_HISTORY_TURNS = 2  # earlier questions whose words a follow-up carries


@dataclass(frozen=True)
class Question:
    """Everything the answer path needs to know about a question, worked out once."""

    text: str
    earlier: tuple[str, ...] = ()  # previous questions of the conversation, latest first
    stems: tuple[str, ...] = ()  # the analyzer's terms of the whole question
    key_terms: tuple[str, ...] = ()  # stems that say what it is about (question words and § numbers left out)
    context_terms: tuple[str, ...] = ()  # words of the last questions that this one does not use
    context_stems: tuple[str, ...] = ()  # their key-term stems
    context_weight: float = 0.5  # weight of the carried-over terms against the question's own
    elliptical: bool = False  # a follow-up that only makes sense with the previous question ("Og for ...?")
    english: bool = False
    expected: AnswerType | None = None  # the kind of answer the question itself asks for
    years: frozenset[int] = frozenset()  # years it names, "i fjor" as the year it means
    names: tuple[str, ...] = ()  # capitalised words that do not start a sentence ("Trøndelag"), lowercased
    asked_on: date = date.min
    expansions: tuple[str, ...] = ()  # the documents' words for its abbreviations and compounds ("KOFA" -> ...)

    @property
    def search_text(self) -> str:
        """The question with the documents' words for its abbreviations and compounds, as it is searched."""
        return " ".join((self.text, *self.expansions))

    @property
    def follows(self) -> str:
        """The previous question, when this one is an elliptical follow-up of it."""
        return self.earlier[0] if self.elliptical else ""

    @property
    def expected_in_context(self) -> AnswerType | None:
        """The kind of answer asked for; an elliptical follow-up asks for what the question it follows did."""
        return self.expected or (expected_answer(self.follows) if self.follows else None)

    @property
    def topic_terms(self) -> set[str]:
        """Its key terms and the carried-over ones: what an answer must be about."""
        return set(self.key_terms) | set(self.context_stems)

    def weighted_terms(self, ignore: Iterable[str] = (), idf: Callable[[str], float] | None = None) -> QuestionTerms:
        """Key terms at weight 1 (and, for an elliptical follow-up, the carried-over ones at `context_weight`).

        `ignore` holds words that should not count, such as the name of a law the question refers to; `idf`
        scales each term by how rare it is, so "prosjektleder" outweighs "kommune".
        """
        skip = set(analyze(" ".join(ignore)))
        weights = {term: 1.0 for term in self.key_terms if term not in skip}
        for abbreviation, words in self._expanded():
            weights.pop(abbreviation, None)  # the documents' words stand in for it, together worth one term
            for term in words:
                weights.setdefault(term, 1.0 / len(words))
        if self.follows:
            for term in self.context_stems:
                if term not in skip:
                    weights.setdefault(term, self.context_weight)
        if idf is not None:
            weights = {term: weight * idf(term) for term, weight in weights.items()}
        number = wants_number(f"{self.text} {self.follows}")
        return QuestionTerms(weights, number, self.expected_in_context, self.text)

    def _expanded(self) -> list[tuple[str, tuple[str, ...]]]:
        """(abbreviation stem, the stems of the documents' words for it) for each abbreviation it uses."""
        pairs: list[tuple[str, tuple[str, ...]]] = []
        for word in tokenize(self.text):
            entry = ABBREVIATIONS.get(word)
            stems = tuple(term for term in analyze(entry.words) if term not in _FILLER) if entry else ()
            if stems:
                pairs.extend((abbreviation, stems) for abbreviation in analyze(word))
        return pairs


def analyse(
    text: str,
    earlier: Sequence[str] = (),
    today: date | None = None,
    settings: QuestionSettings | None = None,
) -> Question:
    """The question `text`, with `earlier` questions of the conversation (latest first)."""
    today = today or date.today()
    english = is_english(text)
    stems = tuple(analyze(text))
    context = carried_words(earlier[:_HISTORY_TURNS], present=set(stems))
    context_stems = tuple(dict.fromkeys(term for term in analyze(" ".join(context)) if term not in _FILLER))
    return Question(
        text=text,
        earlier=tuple(earlier),
        stems=stems,
        key_terms=_key_terms(text, english),
        context_terms=context,
        context_stems=context_stems,
        context_weight=(settings or QuestionSettings()).history_weight,
        elliptical=bool(context) and (is_elliptical(text) or refers_back(text)),
        english=english,
        expected=expected_answer(text),
        years=frozenset(asked_years(text, today.year)),
        names=_names(text),
        asked_on=today,
        expansions=(*expansions_of(text), *_compound_parts(text)),
    )


def carried_words(questions: Sequence[str], present: set[str]) -> tuple[str, ...]:
    """Content words of earlier questions (stop words left out) whose stems are not in `present` yet."""
    present = set(present)
    words: dict[str, None] = {}
    for question in questions:
        for word in tokenize(question):
            stems = analyze(word)
            if stems and stems[0] not in present:
                words[word] = None
                present.add(stems[0])
    return tuple(words)


def _key_terms(text: str, english: bool = False) -> tuple[str, ...]:
    """The question's stems that say what it is about; of an English question, those of the words that are not
    English function words, for the names and shared words ("LUP", "innovative") that can meet the text."""
    cleaned = _QUESTION_PHRASE.sub(" ", SECTION_NUMBER.sub(" ", text))
    if english:
        cleaned = " ".join(without_english_function_words(tokenize(cleaned)))
    return tuple(dict.fromkeys(term for term in analyze(cleaned) if term not in _FILLER))


def _compound_parts(text: str) -> tuple[str, ...]:
    """ "klagefristen" -> "klage frist": the documents say "Klage må fremsettes senest ...", not "klagefrist"."""
    return tuple(f"{match.group(1)} {match.group(2)}" for match in _KIND_COMPOUND.finditer(text))


def _names(text: str) -> tuple[str, ...]:
    """Capitalised words that do not start a sentence ("Trøndelag" in "Hvilke kommuner i Trøndelag ..."), and
    members of a numbered series ("kull 3")."""
    text = text.strip()
    capitalised = tuple(
        match.group().lower()
        for match in _NAME.finditer(text)
        if match.start() > 0 and not _SENTENCE_END.search(text[: match.start()])
    )
    return capitalised + tuple(match.group().lower() for match in _SERIES_MEMBER.finditer(text))
