"""The laws in the store: the names users call them by, and which chunks hold each § and chapter.

Built from the store's own chunks (title, short title, refid, paragraph, chapter) plus a small table of the
abbreviations users type (DOMAIN.md). Rebuilt when the store changes.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from vectorstore.analyzer import fold
from vectorstore.models import Chunk
from vectorstore.store import KnowledgeStore

# Abbreviations users write that the front matter does not give (DOMAIN.md), mapped to refids.
COMMON_ABBREVIATIONS = {
    "koml": "lov/2018-06-22-83",
    "pbl": "lov/2008-06-27-71",
    "offl": "lov/2006-05-19-16",
    "fvl": "lov/1967-02-10",
    "loa": "lov/2016-06-17-73",
    "foa": "forskrift/2016-08-12-974",
    "fosa": "forskrift/2016-08-12-975",
}
_ACT_SUFFIXES = ("loven", "lova", "lov")
_REGULATION_SUFFIXES = ("forskriften", "forskrifta", "forskrift")
_LAW_SUFFIXES = (*_ACT_SUFFIXES, *_REGULATION_SUFFIXES, "instruksen", "reglementet")
_DEFINITE_ENDINGS = (("loven", "lov"), ("lova", "lov"), ("forskriften", "forskrift"), ("forskrifta", "forskrift"))
_ABBREVIATION = re.compile(r"[a-zæøå]{2,6}")
_PARENTHESIS = re.compile(r"\(([^()]+)\)\s*$")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")


def normalise_name(text: str) -> str:
    """Lowercase, "aa" -> "å", "plan- og bygningsloven" -> "plan og bygningsloven", single spaces."""
    return " ".join(fold(text).replace("- ", " ").replace("‐ ", " ").split()).strip(" .")


@dataclass(frozen=True)
class LawCatalogue:
    """Name tables and § / chapter indexes of the laws in one generation of the store."""

    names: dict[str, tuple[str, ...]]  # normalised full name or variant -> refids
    abbreviations: dict[str, tuple[str, ...]]  # "foa", "pbl" -> refids; only trusted next to a § or chapter
    display_names: dict[str, str]  # refid -> "anskaffelsesforskriften"
    by_paragraph: dict[tuple[str, str], tuple[str, ...]]  # (refid, "5-3") -> chunk ids in document order
    by_chapter: dict[tuple[str, str], tuple[str, ...]]  # (refid, "8") -> chunk ids in document order
    by_refid: dict[str, tuple[str, ...]]  # refid -> chunk ids in document order
    phrase_pattern: re.Pattern[str] | None = None  # finds the names of several words ("plan og bygningsloven")
    words_by_initial: dict[str, tuple[str, ...]] = field(default_factory=dict)  # one-word names, for typos

    @classmethod
    def build(cls, chunks: Iterable[Chunk]) -> LawCatalogue:
        names: dict[str, set[str]] = defaultdict(set)
        abbreviations: dict[str, set[str]] = defaultdict(set)
        display: dict[str, str] = {}
        in_force: dict[str, bool] = {}
        paragraphs: dict[tuple[str, str], list[str]] = defaultdict(list)
        chapters: dict[tuple[str, str], list[str]] = defaultdict(list)
        by_refid: dict[str, list[str]] = defaultdict(list)
        for chunk in chunks:
            if not chunk.refid:
                continue
            if chunk.refid not in by_refid:
                display[chunk.refid] = _add_names(chunk, names, abbreviations)
                in_force[chunk.refid] = bool(chunk.in_force_from and _ISO_DATE.match(chunk.in_force_from))
            by_refid[chunk.refid].append(chunk.id)
            if chunk.paragraph:
                paragraphs[(chunk.refid, chunk.paragraph.lower())].append(chunk.id)
            if chunk.chapter:
                chapters[(chunk.refid, chunk.chapter.lower())].append(chunk.id)
        for abbreviation, refid in COMMON_ABBREVIATIONS.items():
            if refid in by_refid:
                abbreviations[abbreviation].add(refid)

        def ordered(refids: set[str]) -> tuple[str, ...]:
            """Laws in force first: "forvaltningsloven" names both the 1967 act and the one not yet in force."""
            return tuple(sorted(refids, key=lambda refid: (not in_force[refid], refid)))

        return cls(
            phrase_pattern=_phrase_pattern(names),
            words_by_initial=_words_by_initial(names),
            names={name: ordered(refids) for name, refids in names.items()},
            abbreviations={name: ordered(refids) for name, refids in abbreviations.items()},
            display_names=display,
            by_paragraph={key: tuple(ids) for key, ids in paragraphs.items()},
            by_chapter={key: tuple(ids) for key, ids in chapters.items()},
            by_refid={key: tuple(ids) for key, ids in by_refid.items()},
        )


def _add_names(chunk: Chunk, names: dict[str, set[str]], abbreviations: dict[str, set[str]]) -> str:
    """Register the names of the chunk's law; returns the name to show ("anskaffelsesforskriften")."""
    candidates = []
    parenthesis = _PARENTHESIS.search(chunk.title)
    if parenthesis:
        candidates.append(parenthesis.group(1))
    candidates.extend(re.split(r"\s+[–-]\s+", chunk.short_title or ""))
    display = ""
    for candidate in candidates:
        name = normalise_name(candidate)
        if name.endswith(_LAW_SUFFIXES) and len(name.split()) <= 5 and _names_its_own_kind(name, chunk.refid or ""):
            display = display or name
            for variant in name_variants(name):
                names[variant].add(chunk.refid or "")
        elif _ABBREVIATION.fullmatch(name):
            abbreviations[name].add(chunk.refid or "")
    return display or normalise_name(chunk.short_title or chunk.title)


def _names_its_own_kind(name: str, refid: str) -> bool:
    """A law's name names a law, a regulation's a regulation. A regulation's title can end in the name of the
    law it serves ("Forskrift om overgangsregler for lov ... om offentlige anskaffelser (anskaffelsesloven)"),
    which is not the regulation's own name."""
    kind = refid.split("/", 1)[0]
    if name.endswith(_ACT_SUFFIXES):
        return kind == "lov"
    if name.endswith(_REGULATION_SUFFIXES):
        return kind == "forskrift"
    return True


def _phrase_pattern(names: dict[str, set[str]]) -> re.Pattern[str] | None:
    phrases = sorted((name for name in names if " " in name), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, phrases)) + r")\b") if phrases else None


def _words_by_initial(names: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for name in names:
        if " " not in name:
            grouped[name[0]].append(name)
    return {initial: tuple(words) for initial, words in grouped.items()}


def name_variants(name: str) -> set[str]:
    """The name with other endings: "kommuneloven" -> "kommunelov", "kommunelova"; "forskriften" -> "forskrift"."""
    variants = {name}
    for definite, stem in _DEFINITE_ENDINGS:
        if name.endswith(definite):
            base = name[: -len(definite)] + stem
            variants.update({base, base + "en", base + "a"})
    return variants


class CatalogueCache:
    """The catalogue of a store, rebuilt lazily once per store generation (new chunk count or new commit)."""

    def __init__(self, store: KnowledgeStore) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._generation: tuple[int, int] | None = None
        self._catalogue: LawCatalogue | None = None

    def get(self) -> LawCatalogue:
        generation = (self._store.count(), id(self._store.keyword_index))
        with self._lock:
            if self._catalogue is None or generation != self._generation:
                self._catalogue = LawCatalogue.build(self._store.all_chunks())
                self._generation = generation
            return self._catalogue
