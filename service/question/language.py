"""The question's language and its relation to the previous one: English, or an elliptical follow-up."""

from __future__ import annotations

import re

from vectorstore.analyzer import is_stop_word, tokenize

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
_WORD = re.compile(r"[^\W\d_]+")
_DEMONSTRATIVES = frozenset({"dette", "denne", "disse", "dem", "han", "hun", "ham", "henne", "dens", "dets"})
_PRONOUNS = frozenset({"den", "det", "de"})
_FUNCTION = frozenset({"som", "og", "eller", "i", "på", "for", "til", "av", "med", "om"})


def without_english_function_words(words: list[str]) -> list[str]:
    """The words that may also be Norwegian text's words: names and shared words ("LUP", "innovative")."""
    return [word for word in words if not _ENGLISH_WORD.fullmatch(word)]


def is_english(question: str) -> bool:
    """Whether the question is in English, whose words cannot meet the Norwegian text."""
    english = len(_ENGLISH_WORD.findall(question))
    return english > sum(is_stop_word(word) for word in tokenize(question))


def refers_back(question: str) -> bool:
    """A follow-up that names its topic only by a pronoun: "Hva er formålet med den?", "Hvem eier dette programmet?".

    "den", "de" and "det" count at the end or before a verb, not as an article ("den nasjonale terskelverdien"),
    and "det" not as the expletive of "Finnes det ..." or "Hva koster det å ...".
    """
    words = [word.lower() for word in _WORD.findall(question)]
    for word, following in zip(words, [*words[1:], ""], strict=True):
        if word in _DEMONSTRATIVES or (word in _PRONOUNS and not following):
            return True
        if word in ("den", "de") and following and not following.endswith("e") and following not in _FUNCTION:
            return True
    return False


def is_elliptical(question: str) -> bool:
    """A follow-up that only makes sense with the previous question: "Og for bygge- og anleggskontrakter?"."""
    text = " ".join(question.lower().split())
    return bool(_ELLIPSIS.match(text)) or (len(text.split()) <= _ELLIPSIS_MAX_WORDS and not _QUESTION_START.match(text))
