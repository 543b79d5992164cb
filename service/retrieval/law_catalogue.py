"""The laws in the store: the names users call them by, and which chunks hold each § and chapter.

Built from the store's registry (each source's title, short title and refid, each chunk's § and chapter) plus
the table of the abbreviations officers type (`service.question.abbreviations`); when the store changes, only
the changed sources' entries are read again.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from service.question.abbreviations import law_abbreviations
from vectorstore.analyzer import fold
from vectorstore.models import Chunk
from vectorstore.store import KnowledgeStore

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


class LawFields(Protocol):
    """What a law's source says about the law: its registry `Document`, or any of its chunks."""

    @property
    def refid(self) -> str | None: ...
    @property
    def title(self) -> str: ...
    @property
    def short_title(self) -> str | None: ...
    @property
    def in_force_from(self) -> str | None: ...


class ChunkPlace(Protocol):
    """Where a chunk sits: its registry `ChunkOutline`, or the chunk itself."""

    @property
    def id(self) -> str: ...
    @property
    def paragraph(self) -> str | None: ...
    @property
    def chapter(self) -> str | None: ...


@dataclass(frozen=True)
class LawEntry:
    """One source's law: the names users call it by and which of its chunks hold each § and chapter."""

    refid: str
    display: str  # "anskaffelsesforskriften"
    names: frozenset[str]  # normalised full names and their variants
    abbreviations: frozenset[str]  # "foa", from the korttittel; only trusted next to a § or chapter
    in_force: bool
    chunk_ids: tuple[str, ...]  # in document order
    paragraphs: dict[str, tuple[str, ...]]  # "5-3" -> chunk ids
    chapters: dict[str, tuple[str, ...]]  # "8" -> chunk ids

    @classmethod
    def of(cls, law: LawFields, chunks: Iterable[ChunkPlace]) -> LawEntry | None:
        """The entry of a source with these fields and chunks (in document order); None when it is no law."""
        if not law.refid:
            return None
        paragraphs: dict[str, list[str]] = defaultdict(list)
        chapters: dict[str, list[str]] = defaultdict(list)
        chunk_ids = []
        for chunk in chunks:
            chunk_ids.append(chunk.id)
            if chunk.paragraph:
                paragraphs[chunk.paragraph.lower()].append(chunk.id)
            if chunk.chapter:
                chapters[chunk.chapter.lower()].append(chunk.id)
        display, names, abbreviations = _law_names(law)
        return cls(
            refid=law.refid,
            display=display,
            names=frozenset(names),
            abbreviations=frozenset(abbreviations),
            in_force=bool(law.in_force_from and _ISO_DATE.match(law.in_force_from)),
            chunk_ids=tuple(chunk_ids),
            paragraphs={key: tuple(ids) for key, ids in paragraphs.items()},
            chapters={key: tuple(ids) for key, ids in chapters.items()},
        )


@dataclass(frozen=True)
class LawCatalogue:
    """The laws of one generation of the store: name tables, and § / chapter lookups per law.

    Made of one `LawEntry` per source, so a change to some sources rebuilds only their entries
    (`with_entries`); the name tables, which are over the laws rather than their chunks, are derived anew.
    """

    entries: dict[str, LawEntry]  # source -> its law
    names: dict[str, tuple[str, ...]] = field(init=False)  # normalised full name or variant -> refids
    abbreviations: dict[str, tuple[str, ...]] = field(init=False)  # "foa", "pbl" -> refids
    display_names: dict[str, str] = field(init=False)  # refid -> "anskaffelsesforskriften"
    phrase_pattern: re.Pattern[str] | None = field(init=False)  # finds names of several words
    words_by_initial: dict[str, tuple[str, ...]] = field(init=False)  # one-word names, for typos
    known_abbreviations: frozenset[str] = field(
        init=False
    )  # the ones officers type (`ABBREVIATIONS`): trusted anywhere
    _by_refid: dict[str, tuple[LawEntry, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_refid: dict[str, list[LawEntry]] = defaultdict(list)
        names: dict[str, set[str]] = defaultdict(set)
        abbreviations: dict[str, set[str]] = defaultdict(set)
        for source in sorted(self.entries):
            entry = self.entries[source]
            by_refid[entry.refid].append(entry)
            for name in entry.names:
                names[name].add(entry.refid)
            for abbreviation in entry.abbreviations:
                abbreviations[abbreviation].add(entry.refid)
        known = {abbreviation: refid for abbreviation, refid in law_abbreviations().items() if refid in by_refid}
        for abbreviation, refid in known.items():
            abbreviations[abbreviation].add(refid)
        in_force = {refid: any(entry.in_force for entry in entries) for refid, entries in by_refid.items()}

        def ordered(refids: set[str]) -> tuple[str, ...]:
            """Laws in force first: "forvaltningsloven" names both the 1967 act and the one not yet in force."""
            return tuple(sorted(refids, key=lambda refid: (not in_force[refid], refid)))

        derived = {
            "names": {name: ordered(refids) for name, refids in names.items()},
            "abbreviations": {name: ordered(refids) for name, refids in abbreviations.items()},
            "display_names": {refid: entries[0].display for refid, entries in by_refid.items()},
            "phrase_pattern": _phrase_pattern(names),
            "words_by_initial": _words_by_initial(names),
            "known_abbreviations": frozenset(known),
            "_by_refid": {refid: tuple(entries) for refid, entries in by_refid.items()},
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    @classmethod
    def build(cls, chunks: Iterable[Chunk]) -> LawCatalogue:
        """The catalogue of these chunks (each source's in document order)."""
        by_source: dict[str, list[Chunk]] = defaultdict(list)
        for chunk in chunks:
            by_source[chunk.source].append(chunk)
        return cls(_entries({source: (group[0], group) for source, group in by_source.items()}))

    def with_entries(self, changed: dict[str, LawEntry | None]) -> LawCatalogue:
        """This catalogue with the entries of some sources replaced (None: the source is no law, or gone)."""
        entries = {source: entry for source, entry in self.entries.items() if source not in changed}
        entries.update({source: entry for source, entry in changed.items() if entry is not None})
        return LawCatalogue(entries)

    def law_chunks(self, refid: str) -> tuple[str, ...]:
        """The chunk ids of a law, in document order."""
        return tuple(chunk_id for entry in self._by_refid.get(refid, ()) for chunk_id in entry.chunk_ids)

    def paragraph_chunks(self, refid: str, paragraph: str) -> tuple[str, ...]:
        """The chunk ids of § `paragraph` ("5-3", "8-12a") of a law."""
        return tuple(
            chunk_id for entry in self._by_refid.get(refid, ()) for chunk_id in entry.paragraphs.get(paragraph, ())
        )

    def chapter_chunks(self, refid: str, chapter: str) -> tuple[str, ...]:
        return tuple(
            chunk_id for entry in self._by_refid.get(refid, ()) for chunk_id in entry.chapters.get(chapter, ())
        )

    def laws_with_paragraph(self, paragraph: str) -> tuple[str, ...]:
        """The refids of every law that has § `paragraph`."""
        return self._laws_by_paragraph.get(paragraph, ())

    @cached_property
    def _laws_by_paragraph(self) -> dict[str, tuple[str, ...]]:
        """§ -> the laws that have it; worked out on first use, since few questions need it."""
        laws: dict[str, dict[str, None]] = defaultdict(dict)
        for refid, entries in self._by_refid.items():
            for entry in entries:
                for paragraph in entry.paragraphs:
                    laws[paragraph][refid] = None
        return {paragraph: tuple(refids) for paragraph, refids in laws.items()}


def _entries(sources: dict[str, tuple[LawFields, Sequence[ChunkPlace]]]) -> dict[str, LawEntry]:
    built = {source: LawEntry.of(law, chunks) for source, (law, chunks) in sources.items()}
    return {source: entry for source, entry in built.items() if entry is not None}


def _law_names(law: LawFields) -> tuple[str, set[str], set[str]]:
    """(the name to show, the names and variants users call the law by, its abbreviations)."""
    candidates = []
    parenthesis = _PARENTHESIS.search(law.title)
    if parenthesis:
        candidates.append(parenthesis.group(1))
    candidates.extend(re.split(r"\s+[–-]\s+", law.short_title or ""))
    display = ""
    names: set[str] = set()
    abbreviations: set[str] = set()
    for candidate in candidates:
        name = normalise_name(candidate)
        if name.endswith(_LAW_SUFFIXES) and len(name.split()) <= 5 and _names_its_own_kind(name, law.refid or ""):
            display = display or name
            names.update(name_variants(name))
        elif _ABBREVIATION.fullmatch(name):
            abbreviations.add(name)
    return display or normalise_name(law.short_title or law.title), names, abbreviations


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
    """The catalogue of a store, kept up to date per changed source from the store's registry.

    Each `get` asks the store for its generation (one read of a counter); when another process changed
    sources since, only their entries are read and rebuilt. Thread-safe.
    """

    def __init__(self, store: KnowledgeStore) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._generation = -1
        self._catalogue: LawCatalogue | None = None

    def get(self) -> LawCatalogue:
        generation = self._store.generation()
        catalogue = self._catalogue
        if catalogue is not None and generation == self._generation:
            return catalogue
        with self._lock:
            if self._catalogue is None or generation != self._generation:
                changed = None if self._catalogue is None else self._store.changed_since(self._generation)
                self._catalogue = self._read(changed)
                self._generation = generation
            return self._catalogue

    def _read(self, changed: set[str] | None) -> LawCatalogue:
        """The whole catalogue (changed is None), or this one with the changed sources read again."""
        documents = self._store.documents() if changed is None else [self._store.document(s) for s in changed]
        places: dict[str, list[ChunkPlace]] = defaultdict(list)
        for place in self._store.outline(None if changed is None else changed):
            places[place.source].append(place)
        entries = _entries({document.source: (document, places[document.source]) for document in documents if document})
        if changed is None or self._catalogue is None:
            return LawCatalogue(entries)
        return self._catalogue.with_entries({source: entries.get(source) for source in changed})
