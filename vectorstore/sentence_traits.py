"""What a sentence is besides its kind: a fragment, a question, one that leans on the sentence before it, or
one that announces the sentences after it.

The answer composer reads these to show whole thoughts (a heading or a fragment is never a statement on its
own; a sentence that leans back brings its lead-in, or is left out when that is not in its chunk; a sentence
that announces parts brings them along), and sentence choice uses them as features. Surface rules, no parser:

- leans back: "Dette ...", "Det er utgangspunktet ...", "Den tar for seg ...", "I vår region er dette ...",
  "Flere av dem ...", "Derfor ...", "Da får ...", "Det samme gjelder ...". Not: a document naming itself
  ("denne loven", "dette notatet"), "den/det/de" as an article ("Den nasjonale terskelverdien ..."), and the
  expletive "det" ("Det er viktig å ...", "Det finnes ...", "Det skal føres protokoll").
- announces: a short sentence that says how many parts follow: "Formålet er todelt.", "Det er tre grunner.".
- fragment: a short sentence without a verb, such as a list item's label ("Læring for næring.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_OPENING_WORDS = 6  # where a back reference counts as the sentence leaning on what came before
_FRAGMENT_MAX_WORDS = 4
_END_PUNCTUATION = '.!?…:;»")'
_ANNOUNCING_MAX_WORDS = 8
_DEMONSTRATIVES = frozenset({"dette", "denne", "disse", "slike", "slikt", "sådan", "sådanne", "dem", "deres"})
_PERSONAL = frozenset({"den", "det", "de", "han", "hun", "ham", "henne", "dens", "dets"})
_CONNECTIVES = frozenset({"derfor", "dermed", "samtidig", "likevel", "dessuten", "omvendt", "følgelig", "her", "slik"})
_CONNECTIVE_PAIRS = frozenset({("i", "tillegg"), ("i", "så"), ("like", "viktig"), ("like", "mye"), ("like", "godt")})
_THEREFORE = frozenset({"derfor", "dermed"})  # "Dette notatet gir derfor ...", "Rapporten egner seg derfor ..."
_THEREFORE_REACH = 4
_THEN = "da"  # "Da får leverandørene rom ..." leans back; "Da kull 1 startet, ..." does not
# A document or part of one that a demonstrative names: "denne loven" is the cited law, not something unshown.
_SELF_REFERENCE = re.compile(
    r"^(?:lov|forskrift|kapit(?:t)?el|paragraf|bestemmelse|ledd|del|punkt|bokstav|artikkel|notat|dokument|"
    r"rapport|veileder|sammendrag|avtale|vedtekt|reglement|instruks|nettside|side)"
)
_ARTICLE_ADJECTIVES = frozenset({"nye", "andre", "første", "siste", "fleste", "hele", "enkelte", "ulike", "gamle"})
# "Det er (ikke) viktig å ...", "Det finnes ...", "Det kan (ikke) gis ...", "Det skal også utarbeides ...".
_EXPLETIVE_IT = re.compile(
    r"^det (?:(?:er|var|blir|ble)(?: ikke| også)? \w+ (?:å|at|om|hvis|dersom|når)\b|"
    r"(?:(?:skal|kan|må|bør|vil|kunne|skulle)(?: \w+){0,4} )?\w{2,}(?:es|ast|s)\b)"
)
_ANNOUNCED = re.compile(
    r"\b(?:(?P<split>todelt|tredelt|firedelt)|(?P<count>to|tre|fire|fem|følgende|flere) (?:\w+ )?"
    r"(?:grunner|formål|mål|deler|ting|forhold|punkter|hensyn|elementer|krav|vilkår|oppgaver|faser|trinn|spor))\b"
)
_COUNTS = {"to": 2, "todelt": 2, "tre": 3, "tredelt": 3, "fire": 4, "firedelt": 4, "fem": 5}
_DEFAULT_ANNOUNCED = 2
# Common finite verbs: a sentence of a few words with none of them is a label or a heading.
_VERB_LIST = """
er var har hadde blir ble kan skal vil må bør kunne skulle ville måtte burde får fikk gir ga gjelder finnes fins
går gikk kommer kom ligger lå står sto stod tar tok gjør gjorde betyr menes heter het eier eies trenger vet viser
handler gis kreves svarer starter startet begynner begynte slutter sluttet holdes holdt ser bygger bygget lages
laget brukes brukte bruker omfatter inneholder
"""
_VERBS = frozenset(_VERB_LIST.split())


@dataclass(frozen=True)
class SentenceTraits:
    fragment: bool = False  # a few words without a verb: "Læring for næring.", "Kunnskapsgrunnlaget."
    question: bool = False  # the text asks rather than states: "Har du spørsmål om tilbudene?"
    leans_back: bool = False  # reads only after the sentence before it: "Det er utgangspunktet for ..."
    announces: int = 0  # how many following sentences it announces: "Formålet er todelt." -> 2


def sentence_traits(sentence: str) -> SentenceTraits:
    """The traits of one sentence's text."""
    words = words_of(sentence)
    return SentenceTraits(
        fragment=is_fragment(words, terminated=sentence.rstrip()[-1:] in _END_PUNCTUATION),
        question=sentence.rstrip().endswith("?"),
        leans_back=leans_back(words),
        announces=announced_parts(words),
    )


def words_of(text: str) -> list[str]:
    """The lowercased words of a text, as the traits read them."""
    return [word.lower() for word in _WORD.findall(text)]


def is_fragment(words: list[str], terminated: bool = True) -> bool:
    """A few words without a verb, or words without a verb or end punctuation (a title over two PDF lines)."""
    verbless = not any(word in _VERBS for word in words)
    return verbless and (len(words) <= _FRAGMENT_MAX_WORDS or not terminated)


def leans_back(words: list[str]) -> bool:
    """Whether the sentence opens with a reference to something said before it."""
    if not words:
        return False
    first, following = words[0], words[1] if len(words) > 1 else ""
    if first in _CONNECTIVES or (first, following) in _CONNECTIVE_PAIRS:
        return True
    if first == _THEN:
        return following in _VERBS
    if first in _PERSONAL and _is_pronoun(words):
        return True
    opening = words[:_OPENING_WORDS]
    if any(word in _THEREFORE for word in opening[:_THEREFORE_REACH]):
        return True
    return any(
        word in _DEMONSTRATIVES and not _SELF_REFERENCE.match(next_word) and next_word != "som"
        for word, next_word in zip(opening, [*opening[1:], ""], strict=True)
    )


def _is_pronoun(words: list[str]) -> bool:
    """ "Den tar ..." and "Det samme ..." refer back; "Den nasjonale ..." is an article, "Det er viktig å ..."
    and "Det finnes ..." point forward."""
    following = words[1] if len(words) > 1 else ""
    if following == "som":  # "den som lurer på ...", "det som ellers er kjent ..." point forward
        return False
    if following == "samme":
        return True
    if following in _ARTICLE_ADJECTIVES or (len(following) > 3 and following.endswith("e")):
        return False
    return not (words[0] == "det" and _EXPLETIVE_IT.match(" ".join(words[:6])))


def announced_parts(words: list[str]) -> int:
    """How many sentences a short announcing sentence promises ("Formålet er todelt." -> 2), else 0."""
    if len(words) > _ANNOUNCING_MAX_WORDS:
        return 0
    match = _ANNOUNCED.search(" ".join(words))
    if not match:
        return 0
    word = match.group("split") or match.group("count")
    return _COUNTS.get(word, _DEFAULT_ANNOUNCED)
