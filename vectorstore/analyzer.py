"""The Norwegian keyword analyzer shared by indexing and querying.

Lowercase, fold the old "aa" spelling to "å", drop Norwegian (bokmål and nynorsk) stop words and stem with
Snowball's Norwegian stemmer. Section numbers such as "5-3" or "8-12a" stay one token, so that "§ 5-3" in a
question meets "§ 5-3" in the law. Index terms spell æ, ø and å (and ä, ö) as "ae", "oe" and "aa", so a
question typed on a keyboard without them ("naeringsutvikling", "Baerekraftsloftet") finds the text.

Measured and left out (see docs/quality.md): splitting compounds at a linking "s" ("anskaffelses|forskriften")
lowered law hit@5 from 0.34 to 0.30, because parts like "loven" match nearly every law.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_NORWEGIAN

_TOKEN = re.compile(r"\d+(?:-\d+)*[a-zæøå]?\b|[^\W\d_]+", re.UNICODE)
# Snowball's list has "hvilke" and "hvilken" but not their neuter "hvilket", a question word in one of
# fifteen NorQuAD questions; it was indexed as a content term.
_STOP_WORDS = frozenset(STOPWORDS_NORWEGIAN) | {"hvilket"}
_ASCII_SPELLING = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe"})


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("norwegian")


def fold(word: str) -> str:
    """Map spelling variants to one form: lowercase and "aa" -> "å" (Aasen, Kvaale)."""
    return word.lower().replace("aa", "å")


def tokenize(text: str) -> list[str]:
    """Words and section numbers, lowercased and folded, stop words kept."""
    return [fold(token) for token in _TOKEN.findall(text.lower())]


def is_stop_word(word: str) -> bool:
    """Whether a word is one of the Norwegian (bokmål or nynorsk) stop words the analyzer drops."""
    return fold(word) in _STOP_WORDS


def analyze(text: str) -> list[str]:
    """Keyword-index terms of a text: tokens without stop words, stemmed, æ/ø/å spelled in ASCII."""
    words = [token for token in tokenize(text) if token not in _STOP_WORDS]
    return [stem.translate(_ASCII_SPELLING) for stem in _stemmer().stemWords(words)]
