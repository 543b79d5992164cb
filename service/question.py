"""What a question asks for: its weighted key terms, and whether it wants an amount, a date or a number."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from vectorstore.analyzer import analyze, is_stop_word, tokenize

# Question words and verbs that say nothing about the topic ("Hva sier ...", "Hvilke ...", "Kva ...").
_FILLER = frozenset(
    analyze(
        "hvilke hvilken hvilket sier står står mye mange hvert betyr innebærer finnes fortell forklar kva korleis "
        "kor kven kvifor kvar kva mykje what which who how does tell"
    )
)
# "Når startet ..." asks for a date; "Når kan vi ..." / "Når er en folkevalgt inhabil?" ask for conditions.
_HAPPENED = "startet|begynte|kom|var|ble|åpnet|skjedde|starter|begynner|trådte|avsluttes|slutter|holdes|holdt"
# "Hva er den nasjonale terskelverdien?" asks for an amount; "... under EØS-terskelverdiene?" only names one.
_ASKED_LIMIT = r"hva (?:er|var|blir) (?:\w+ ){0,3}(?:terskelverdi|beløpsgrense|verdigrense)"
AnswerType = Literal["percent", "amount", "count", "date", "duration", "deadline", "person"]
_ANSWER_TYPES: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    ("person", re.compile(r"^(?:hvem|kven|who)\b(?!.*\bfor\W*$)")),
    ("percent", re.compile(r"\bprosent|\bpercent|%")),
    (
        "amount",
        re.compile(
            rf"\b(?:hvor mye|kor mykje|how much|beløp|kost(?:er|ar|nad)|pris(?:en|ar|er)?\b|premie|{_ASKED_LIMIT})"
        ),
    ),
    ("count", re.compile(r"\b(?:hvor mange|kor mange|how many|antall)\b")),
    ("duration", re.compile(r"\b(?:hvor lenge|hvor lang tid|kor lenge|kor lang tid|how long)\b")),
    ("deadline", re.compile(r"frist")),
    ("date", re.compile(rf"^(?:når|kva tid|when) (?:{_HAPPENED})\b|\bhvilke[nt] (?:år|dato)\b")),
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NUMBER_WORDS = re.compile(
    r"\b(?:ett|én|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|femten|tjue|tretti|hundre|tusen)\b"
)
# Public bodies and roles that answer "Hvem ...?" in laws: "Kommunestyret vedtar årsbudsjettet".
_ROLE = re.compile(
    r"\b(?:kommunestyret|fylkestinget|formannskapet|fylkesutvalget|kommunedirektøren|rådmannen|ordføreren|"
    r"kontrollutvalget|departementet|statsforvalteren|klagenemnda|tingretten|domstolen|styret|revisor|"
    r"oppdragsgiveren|leverandøren|forvaltningsorganet|kommunerådet|valgstyret)\b"
)
_MONTHS_AND_SEASONS = re.compile(
    r"\b(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember|våren|sommeren|"
    r"høsten|vinteren)\b"
)
_DURATION = re.compile(r"\b(?:flere|noen|mange) (?:år|måneder|uker|dager)\b|\bfra og med\b")
_TIME_SPAN = re.compile(
    r"\b(?:\d+|ett|én|en|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|tolv|femten|tjue|tretti) (?:\w+ )?"
    r"(?:dager|dagar|døgn|uker|veker|måneder|månader|år|timer|virkedager|arbeidsdager)\b"
)
_CURRENCY = re.compile(r"\b(?:kroner|kr|nok|euro|millioner|milliarder|mill|mrd|prosent)\b|%|€")
# "Kurset er gratis" answers what something costs, not what a threshold is.
_PRICE_ASKED = re.compile(r"\b(?:kost(?:er|ar|nad)|pris|betale?|avgift|how much does)")
# A name: two capitalised words in a row, an acronym, or a capitalised word before an organisation noun.
_NAME = re.compile(
    r"\b[A-ZÆØÅ][a-zæøå]+ [A-ZÆØÅ][a-zæøå]+|\b[A-ZÆØÅ]{2,5}\b|"
    r"\b[A-ZÆØÅ][a-zæøå]+ (?:fylkeskommune|kommune|departement|direktorat|universitet|høgskole)"
)
_NUMBER_QUESTION = re.compile(
    r"\b(?:hvor (?:mye|mange|stor|store|høy|høye|lang|lenge|ofte)|kor (?:mykje|mange|stor|lenge)|beløp\w*|"
    r"terskelverdi\w*|når|kva tid|hvilket år|dato\w*|frist\w*|prosent|kroner|antall|grense\w*|"
    r"how (?:much|many|long)|when)\b"
)
# Words that only say what kind of answer is wanted ("Hvor lenge har ...") and are not looked for in the text.
_QUESTION_PHRASE = re.compile(
    r"\b(?:hvor|kor|how) (?:lenge|lang tid|mye|mykje|mange|stor|store|høy|much|many|long)\b|"
    r"\bhvilke[nt] (?:år|dato|beløp)\b|\bbeløp(?:et)?\b",
    re.IGNORECASE,
)
# English function words that are not Norwegian words too ("for", "i", "at" are left out). A question is
# English when it holds more of these than Norwegian stop words: "Hva er The Rutles?" is Norwegian.
_ENGLISH_WORD = re.compile(
    r"\b(?:"
    r"the|a|an|of|to|is|are|was|were|what|who|whom|whose|where|when|which|how|why|does|do|did|we|you|my|"
    r"our|your|have|has|had|can|could|should|must|may|might|will|would|if|it|its|this|that|these|those|"
    r"with|from|on|into|be|been|not|after|before|about|any|there|their|they|own|owns|take"
    r")\b",
    re.IGNORECASE,
)
_ELLIPSIS = re.compile(r"(?:og|men|enn|også|samme|hva med|kva med|what about)\b")
_QUESTION_START = re.compile(
    r"(?:hva|hvem|hvor|hvordan|hvilk\w*|når|hvorfor|kva|kven|kor|korleis|kvifor|kan|må|skal|bør|er|har|finnes|"
    r"gjelder|what|who|where|when|which|how|why|is|are|can|does|do)\b"
)
_ELLIPSIS_MAX_WORDS = 4
_SECTION_NUMBER = re.compile(r"§+\s*\d[\w-]*|\(\d+[a-z]?\)")
_DIGIT = re.compile(r"\d")
_PARTIAL_MIN_CHARS = 4
PARTIAL_CREDIT = 0.5


@dataclass(frozen=True)
class QuestionTerms:
    """Stemmed key terms with weights (the new question's 1, carried-over terms less) and the number intent."""

    weights: dict[str, float]
    wants_number: bool
    expected: AnswerType | None = None
    question: str = ""

    def answered_by(self, text: str) -> bool:
        """Whether a sentence gives the kind of answer asked for (any number, when only a number is wanted)."""
        if self.expected:
            return provides_answer(self.expected, text, self.question)
        return self.wants_number and has_number(text)

    @property
    def total(self) -> float:
        return sum(self.weights.values())

    def coverage(self, terms: set[str]) -> float:
        """Share (0-1) of the question's weight found in `terms`; part of a compound counts half."""
        if not self.weights:
            return 0.0
        found = sum(weight * term_match(term, terms) for term, weight in self.weights.items())
        return found / self.total


def question_terms(
    question: str,
    carried: Sequence[str] = (),
    carried_weight: float = 0.5,
    ignore: Iterable[str] = (),
    idf: Callable[[str], float] | None = None,
    carried_question: str = "",
) -> QuestionTerms:
    """Key terms of the question, plus `carried` words from earlier questions at `carried_weight`.

    `ignore` holds words that should not count, such as the name of a law the question refers to; `idf`
    scales each term by how rare it is, so "prosjektleder" outweighs "kommune". An elliptical follow-up
    ("Og for ...?") asks for the same kind of answer as `carried_question`, the question it follows.
    """
    skip = _FILLER | set(analyze(" ".join(ignore)))
    expected = expected_answer(question) or (expected_answer(carried_question) if carried_question else None)
    weights: dict[str, float] = {}
    for term in analyze(_QUESTION_PHRASE.sub(" ", _SECTION_NUMBER.sub(" ", question))):
        if term not in skip:
            weights[term] = 1.0
    for term in analyze(" ".join(carried)):
        if term not in skip:
            weights.setdefault(term, carried_weight)
    if idf is not None:
        weights = {term: weight * idf(term) for term, weight in weights.items()}
    wants_number = bool(_NUMBER_QUESTION.search(f"{question} {carried_question}".lower()))
    return QuestionTerms(weights, wants_number, expected, question)


def inverse_document_frequency(term_sets: Sequence[frozenset[str]]) -> Callable[[str], float]:
    """BM25's idf over a set of documents (here: the candidates retrieved for one question)."""
    frequencies = Counter(term for terms in term_sets for term in terms)
    count = len(term_sets)
    return lambda term: math.log(1 + (count - frequencies[term] + 0.5) / (frequencies[term] + 0.5))


def term_match(term: str, terms: set[str]) -> float:
    """1 for the term itself, PARTIAL_CREDIT when one is a prefix or suffix of the other (compounds), else 0."""
    if term in terms:
        return 1.0
    if len(term) < _PARTIAL_MIN_CHARS:
        return 0.0
    for other in terms:
        if len(other) >= _PARTIAL_MIN_CHARS and (
            other.startswith(term) or term.startswith(other) or other.endswith(term) or term.endswith(other)
        ):
            return PARTIAL_CREDIT
    return 0.0


def is_english(question: str) -> bool:
    """Whether the question is in English, whose words cannot meet the Norwegian text."""
    english = len(_ENGLISH_WORD.findall(question))
    return english > sum(is_stop_word(word) for word in tokenize(question))


def is_elliptical(question: str) -> bool:
    """A follow-up that only makes sense with the previous question: "Og for bygge- og anleggskontrakter?"."""
    text = " ".join(question.lower().split())
    return bool(_ELLIPSIS.match(text)) or (len(text.split()) <= _ELLIPSIS_MAX_WORDS and not _QUESTION_START.match(text))


def expected_answer(question: str) -> AnswerType | None:
    """What kind of answer the question asks for, when it asks for one kind: "Hvor mange ..." -> "count"."""
    text = " ".join(question.lower().split())
    return next((kind for kind, pattern in _ANSWER_TYPES if pattern.search(text)), None)


def provides_answer(kind: AnswerType, text: str, question: str) -> bool:
    """Whether a statement gives that kind of answer: a count needs a number that is not a year, a date a
    year, month or season, a person a name the question does not already hold."""
    plain = _SECTION_NUMBER.sub(" ", text)
    lower = plain.lower()
    numbers_besides_years = bool(_DIGIT.search(_YEAR.sub(" ", plain)))
    match kind:
        case "percent":
            return "prosent" in lower or "%" in plain
        case "amount":
            free = "gratis" in lower and bool(_PRICE_ASKED.search(question.lower()))
            return numbers_besides_years and bool(_CURRENCY.search(lower)) or free
        case "count":
            return numbers_besides_years or bool(_NUMBER_WORDS.search(lower))
        case "date":
            return bool(_YEAR.search(plain) or _MONTHS_AND_SEASONS.search(lower))
        case "duration":
            return bool(_TIME_SPAN.search(lower) or _YEAR.search(plain) or _DURATION.search(lower))
        case "deadline":
            return bool(_TIME_SPAN.search(lower) or _YEAR.search(plain) or _MONTHS_AND_SEASONS.search(lower))
        case "person":
            known = question.lower()
            names = [name for name in _NAME.findall(plain) if name.lower() not in known]
            return bool(names or _ROLE.search(lower))


def has_number(text: str) -> bool:
    """Whether the text states an amount, date or count (section numbers and "(1)" markers do not count)."""
    return bool(_DIGIT.search(_SECTION_NUMBER.sub(" ", text)))
