"""What kind of answer a question asks for ("Hvor mange ..." -> a count), and whether a statement gives one."""

from __future__ import annotations

import re
from typing import Literal

# "Når startet ..." asks for a date; "Når kan vi ..." / "Når er en folkevalgt inhabil?" ask for conditions.
_HAPPENED = "startet|begynte|kom|var|ble|åpnet|skjedde|starter|begynner|trådte|avsluttes|slutter|holdes|holdt"
# "Hva er den nasjonale terskelverdien?" and "Hva er prisen på kurset?" ask for an amount; "... under
# EØS-terskelverdiene?" and "Kan vi velge leverandør bare på laveste pris?" only name one.
_AMOUNT_NOUNS = "terskelverdi|beløpsgrense|verdigrense|budsjett|pris|gebyr|avgift|tilskudd|lønn"
_ASKED_AMOUNT = (
    rf"(?:hva|kva|hvilke[nt]?) (?:er|var|blir|ble) (?:\w+ ){{0,3}}(?:{_AMOUNT_NOUNS})|\bpris(?:en)? (?:på|for)\b"
)
# "Kan vi ...?", "Er det ...?": a yes/no question asks for no amount or number, whatever words it uses.
_YES_NO = re.compile(r"^(?:kan|må|skal|bør|får|er|har|gjelder|finnes|fins|blir|kreves|trenger|is|are|can|do|does)\b")
_HOW = re.compile(r"\b(?:hvor|kor|how)\b")
AnswerType = Literal["percent", "amount", "number", "count", "date", "duration", "deadline", "person", "contact"]
_NUMERIC: tuple[AnswerType, ...] = ("amount", "number", "count", "percent")
_ANSWER_TYPES: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    ("person", re.compile(r"^(?:hvem|kven|who)\b(?!.*\bfor\W*$)")),
    ("contact", re.compile(r"\b(?:telefon\w*|tlf|e-post\w*|epost\w*|adressen|phone|e-mail|email)\b")),
    ("percent", re.compile(r"\bprosent|\bpercent|%")),
    ("amount", re.compile(rf"\b(?:hvor mye|kor mykje|how much|beløp|kost(?:er|ar|nad)|premie|{_ASKED_AMOUNT})")),
    ("count", re.compile(r"\b(?:hvor mange|kor mange|how many|antall)\b")),
    (
        "duration",
        re.compile(
            r"\b(?:hvor lenge|hvor lang tid|kor lenge|kor lang tid|how long|(?:hvor|kor) lange? (?:er|var|blir))\b"
        ),
    ),
    ("number", re.compile(r"\b(?:hvor|kor) (?:høy|høyt|høye|stor|stort|store)\b|\bhow (?:high|big|large)\b")),
    ("deadline", re.compile(r"frist")),
    ("date", re.compile(rf"^(?:når|kva tid|when) (?:{_HAPPENED})\b|\bhvilke[nt] (?:år|dato)\b")),
)
_CONTACT = re.compile(r"@|\+47|\b\d{2} ?\d{2} ?\d{2} ?\d{2}\b|\b\d{4} [A-ZÆØÅ][a-zæøå]+")
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
SECTION_NUMBER = re.compile(r"§+\s*\d[\w-]*|\(\d+[a-z]?\)")
_DIGIT = re.compile(r"\d")


def expected_answer(question: str) -> AnswerType | None:
    """What kind of answer the question asks for, when it asks for one kind: "Hvor mange ..." -> "count"."""
    text = " ".join(question.lower().split())
    kind = next((kind for kind, pattern in _ANSWER_TYPES if pattern.search(text)), None)
    if kind in _NUMERIC and _YES_NO.match(text) and not _HOW.search(text):
        return None
    return kind


def wants_number(question: str) -> bool:
    """Whether the question asks for an amount, a count, a date or a limit in any form."""
    return bool(_NUMBER_QUESTION.search(question.lower()))


def provides_answer(kind: AnswerType, text: str, question: str) -> bool:
    """Whether a statement gives that kind of answer: a count needs a number that is not a year, a date a
    year, month or season, a person a name the question does not already hold."""
    plain = SECTION_NUMBER.sub(" ", text)
    lower = plain.lower()
    numbers_besides_years = bool(_DIGIT.search(_YEAR.sub(" ", plain)))
    match kind:
        case "percent":
            return "prosent" in lower or "%" in plain
        case "amount":
            free = "gratis" in lower and bool(_PRICE_ASKED.search(question.lower()))
            return numbers_besides_years and bool(_CURRENCY.search(lower)) or free
        case "count" | "number":
            return numbers_besides_years or bool(_NUMBER_WORDS.search(lower))
        case "date":
            return bool(_YEAR.search(plain) or _MONTHS_AND_SEASONS.search(lower))
        case "duration":
            return bool(_TIME_SPAN.search(lower) or _YEAR.search(plain) or _DURATION.search(lower))
        case "deadline":
            return bool(_TIME_SPAN.search(lower) or _YEAR.search(plain) or _MONTHS_AND_SEASONS.search(lower))
        case "contact":
            return bool(_CONTACT.search(plain))
        case "person":
            known = question.lower()
            names = [name for name in _NAME.findall(plain) if name.lower() not in known]
            return bool(names or _ROLE.search(lower))


def has_number(text: str) -> bool:
    """Whether the text states an amount, date or count (section numbers and "(1)" markers do not count)."""
    return bool(_DIGIT.search(SECTION_NUMBER.sub(" ", text)))
