"""Lovdata's italic amendment notes, e.g. `*Endres ved forskrift 14 april 2026 nr. 617 (i kraft 1 juli 2026).*`.

A note may hold several clauses ("Tilføyd ved ... (i kraft 1 jan 2024). Oppheves ved forskrift 14 april 2026
nr. 617 (i kraft 1 juli 2026)."): each clause is a note of its own. Within a clause only the first act of a
list is read ("Endret ved forskrifter 4 april 2018 nr. 533 (i kraft 6 april 2018), 12 feb 2020 nr. 128 ,
..."): it names the kind of change and the date it applies from.
"""

from __future__ import annotations

import re

from vectorstore.models import AmendmentNote

# The verb decides the kind: future changes ("endres", "tilføyes"), future repeal, past change, past repeal.
# Nynorsk forms and one typo found in Lovdata are included.
_KINDS = {
    "endres": "endres",
    "tilføyes": "endres",
    "oppheves": "oppheves",
    "endret": "endret",
    "endra": "endret",
    "tilføyd": "endret",
    "føyd til": "endret",
    "opphevet": "opphevet",
    "oppheva": "opphevet",
    "opphvet": "opphevet",
}
# Nynorsk announces a coming change with "vert": "Vert endra ved ...", "Vert oppheva ved ...".
_COMING = {"endret": "endres", "opphevet": "oppheves"}
_VERBS = "|".join(_KINDS)
_NOTE = re.compile(rf"^\*?\s*(?P<vert>vert\s+)?(?P<verb>{_VERBS})\s+(?:ved|med)\s", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(rf"(?<=\.)\s+(?=[A-ZÆØÅ])(?=(?:vert\s+)?(?:{_VERBS})\s+(?:ved|med)\s)", re.IGNORECASE)
_MONTHS = {
    "jan": 1, "januar": 1, "feb": 2, "februar": 2, "mar": 3, "mars": 3, "apr": 4, "april": 4, "mai": 5,
    "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oktober": 10, "nov": 11, "november": 11, "des": 12, "desember": 12,
}  # fmt: skip
_DATE = r"(?P<day>\d{1,2})\.?\s+(?P<month>[a-zæøå]+)\.?\s+(?P<year>\d{4})"
_ACT = re.compile(rf"(?P<act>lov|forskrift)(?:er)?\s+{_DATE}(?:\s+nr\.?\s*(?P<number>\d+))?", re.IGNORECASE)
_IN_FORCE = re.compile(rf"^(?:i\s+kraft|ikr\.)\s+{_DATE}", re.IGNORECASE)


def parse_amendment_note(line: str) -> AmendmentNote | None:
    """The first note on this line, or None when the line is not an amendment note."""
    notes = parse_amendment_notes(line)
    return notes[0] if notes else None


def parse_amendment_notes(line: str) -> tuple[AmendmentNote, ...]:
    """One note per clause of an italic note line; empty when the line is not an amendment note."""
    stripped = line.strip()
    if not stripped.startswith("*") or not _NOTE.match(stripped):
        return ()
    clauses = _CLAUSE_BREAK.split(stripped.strip("*|").strip())
    notes = (_parse_clause(clause.strip()) for clause in clauses)
    return tuple(note for note in notes if note is not None)


def _parse_clause(clause: str) -> AmendmentNote | None:
    match = _NOTE.match(clause)
    if not match:
        return None
    kind = _KINDS[match.group("verb").lower()]
    return AmendmentNote(
        kind=_COMING.get(kind, kind) if match.group("vert") else kind,
        text=clause,
        effective=_effective_date(clause),
        amending_ref=_amending_ref(clause[match.end() :]),
    )


def find_amendment_notes(text: str) -> tuple[AmendmentNote, ...]:
    """Every amendment note in a section's text, clause by clause, in order."""
    return tuple(note for line in text.splitlines() for note in parse_amendment_notes(line))


def _amending_ref(act: str) -> str | None:
    """ "forskrift 14 april 2026 nr. 617 ..." -> "forskrift/2026-04-14-617"; "lov 10 feb 1967" -> "lov/1967-02-10"."""
    match = _ACT.match(act)
    if not match:
        return None
    date = _iso_date(match)
    if date is None:
        return None
    number = f"-{match.group('number')}" if match.group("number") else ""
    return f"{match.group('act').lower()}/{date}{number}"


def _effective_date(note: str) -> str | None:
    """The date in the note's first parenthesis when it reads "(i kraft 1 juli 2026 ...)"."""
    opening = note.find("(")
    closing = note.find(")", opening + 1) if opening >= 0 else -1
    match = _IN_FORCE.match(note[opening + 1 : closing].strip()) if closing >= 0 else None
    return _iso_date(match) if match else None


def _iso_date(match: re.Match[str]) -> str | None:
    month = _MONTHS.get(match.group("month").lower())
    if month is None:
        return None
    return f"{int(match.group('year')):04d}-{month:02d}-{int(match.group('day')):02d}"
