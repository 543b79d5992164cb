"""Questions that name a law, and a § or chapter of it: "kommuneloven § 11-2", "FOA §5-3", "pbl kapittel 19".

Law names come from the catalogue (full names with other endings, small typos in long names, and
abbreviations next to a § or chapter). Each § or chapter is paired with the nearest law named in the
question, else with the law the previous question named, else with the only law that has that §.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from service.retrieval.law_catalogue import LawCatalogue, normalise_name

_SECTION = re.compile(r"(?:§§?|\bparagraf(?:en)?)\s*(\d+[a-z]?(?:\s?-\s?\d+[a-z]?)?)(?:\s([a-z])\b)?")
_CHAPTER = re.compile(r"\b(?:kapittel|kapitlet|kapitel|kap\.?)\s*(\d+[a-z]?|[ivx]+)\b")
_WORD = re.compile(r"[a-zæøå]+")
# "FOSA", "KOFA", "offl.", "aml." as the question writes them (before the text is lowercased)
_ABBREVIATION_AS_TYPED = re.compile(r"\b[A-ZÆØÅ]{2,6}\b|\b[a-zæøå]{2,6}(?=\.)")
_ABBREVIATION_REACH = 12  # characters between an abbreviation and its § or chapter
_TYPO_MIN_CHARS = 8


@dataclass(frozen=True)
class ResolvedLaws:
    """Laws a question names (best first) and the chunks its § and chapter references point to."""

    named: tuple[str, ...] = ()
    chunk_ids: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()  # the words that named them ("anskaffelsesforskriften", "koml")


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    refids: tuple[str, ...]


@dataclass(frozen=True)
class _Reference:
    start: int
    end: int
    paragraph: str | None
    letter: str | None
    chapter: str | None


def resolve_laws(question: str, catalogue: LawCatalogue, earlier: Sequence[str] = ()) -> ResolvedLaws:
    """The laws named in `question` and the chunks of the § / chapter it refers to.

    `earlier` holds previous questions, latest first; a reference without a law borrows their law.
    """
    text = normalise_name(question)
    references = _references(text)
    written_as_abbreviations = {word.lower() for word in _ABBREVIATION_AS_TYPED.findall(question)}
    mentions = _mentions(text, catalogue, references, written_as_abbreviations)
    chunk_ids: list[str] = []
    for reference in references:
        refids = _law_for(reference, mentions, catalogue, earlier)
        chunk_ids.extend(_chunks_for(reference, refids, catalogue))
    named = _unique(refid for mention in mentions for refid in mention.refids)
    words = _unique(text[mention.start : mention.end] for mention in mentions)
    return ResolvedLaws(named=named, chunk_ids=_unique(chunk_ids), mentions=words)


def _references(text: str) -> list[_Reference]:
    found = [
        _Reference(m.start(), m.end(), re.sub(r"\s", "", m.group(1)), m.group(2), None) for m in _SECTION.finditer(text)
    ]
    found += [_Reference(m.start(), m.end(), None, None, m.group(1)) for m in _CHAPTER.finditer(text)]
    return sorted(found, key=lambda reference: reference.start)


def _mentions(
    text: str, catalogue: LawCatalogue, references: Sequence[_Reference], written_as_abbreviations: set[str]
) -> list[_Mention]:
    """Law names, and abbreviations where they cannot be a word: an abbreviation officers type ("pbl", "LOA"),
    one written in capitals or with a period ("FOSA", "offl."), or one next to a § or chapter."""
    pattern = catalogue.phrase_pattern
    mentions = (
        [_Mention(m.start(), m.end(), catalogue.names[m.group()]) for m in pattern.finditer(text)] if pattern else []
    )
    for word in _WORD.finditer(text):
        refids = _word_refids(word.group(), catalogue)
        trusted = word.group() in catalogue.known_abbreviations or word.group() in written_as_abbreviations
        if not refids and (trusted or _near_reference(word, references)):
            refids = catalogue.abbreviations.get(word.group(), ())
        if refids:
            mentions.append(_Mention(word.start(), word.end(), refids))
    return sorted(mentions, key=lambda mention: mention.start)


def _word_refids(word: str, catalogue: LawCatalogue) -> tuple[str, ...]:
    if word in catalogue.names:
        return catalogue.names[word]
    if len(word) < _TYPO_MIN_CHARS:
        return ()
    allowed = 1 if len(word) < 12 else 2
    for name in catalogue.words_by_initial.get(word[0], ()):
        if abs(len(name) - len(word)) <= allowed and _within_distance(word, name, allowed):
            return catalogue.names[name]
    return ()


def _near_reference(word: re.Match[str], references: Sequence[_Reference]) -> bool:
    return any(
        -_ABBREVIATION_REACH <= reference.start - word.end() <= _ABBREVIATION_REACH
        or 0 <= word.start() - reference.end <= _ABBREVIATION_REACH
        for reference in references
    )


def _within_distance(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of a and b is at most `limit` (row by row, stopping once every cell exceeds it)."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def _law_for(
    reference: _Reference, mentions: Sequence[_Mention], catalogue: LawCatalogue, earlier: Sequence[str]
) -> tuple[str, ...]:
    if mentions:
        nearest = min(mentions, key=lambda mention: _gap(mention, reference))
        return nearest.refids
    for previous in earlier:
        named = resolve_laws(previous, catalogue).named
        if named:
            return named
    if reference.paragraph:
        having = catalogue.laws_with_paragraph(reference.paragraph)
        return having if len(having) == 1 else ()
    return ()


def _gap(mention: _Mention, reference: _Reference) -> int:
    """Characters between the two; a law named after its § ("§ 4 i LOA") counts a little further away."""
    if mention.end <= reference.start:
        return reference.start - mention.end
    return max(mention.start - reference.end, 0) + 1


def _chunks_for(reference: _Reference, refids: Sequence[str], catalogue: LawCatalogue) -> list[str]:
    ids: list[str] = []
    for refid in refids:
        if reference.chapter:
            ids.extend(catalogue.chapter_chunks(refid, reference.chapter))
            continue
        paragraph = reference.paragraph or ""
        lettered = paragraph + (reference.letter or "")
        ids.extend(catalogue.paragraph_chunks(refid, lettered) or catalogue.paragraph_chunks(refid, paragraph))
    return ids


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
