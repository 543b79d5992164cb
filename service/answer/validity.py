"""Warnings for cited provisions that an announced amendment changes or repeals, and the amending text itself.

A chunk's amendment notes of kind "endres" / "oppheves" are compared with today's date (from an injectable
clock): a passed date says the provision *is* changed, a future one that it *will be*. When the amending
act is in the store, its text for that § ("§ 1-1 skal lyde: ...") is added to the answer as its own source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from service.answer.draft import Quote, Statement
from service.retrieval.law_catalogue import CatalogueCache
from vectorstore.models import AmendmentNote, Chunk
from vectorstore.store import KnowledgeStore

MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
          "desember")  # fmt: skip
_FUTURE_KINDS = ("endres", "oppheves")
_ACT = re.compile(r"^\S+(?:\s+\S+)?\s+(?:ved|med)\s+(.*?)\s*(?:\(|\.?$)")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\.? ([a-zæøå]+\.?) (\d{4})\b")
_TARGET = re.compile(r"\bI\s+(lov|forskrift)\s+(\d{1,2})\.\s+([a-zæøå]+)\s+(\d{4})(?:\s+nr\.\s*(\d+))?")
_INLINE_QUOTE_CHARS = 700


class ValidityChecker:
    """Adds validity warnings and the amending acts' texts to a list of statements."""

    def __init__(self, store: KnowledgeStore, catalogue: CatalogueCache, clock: Callable[[], date]) -> None:
        self.store = store
        self.catalogue = catalogue
        self.clock = clock

    def review(self, statements: Sequence[Statement]) -> tuple[tuple[Statement, ...], list[str]]:
        """The statements with each amending text right after the one it amends, and the warnings."""
        today = self.clock()
        reviewed: list[Statement] = []
        warnings: list[str] = []
        for statement in statements:
            reviewed.append(statement)
            for quote in statement.quotes:
                for note in quote.chunk.amendments:
                    if note.kind not in _FUTURE_KINDS:
                        continue
                    warning = self.warning(quote.chunk, note, today)
                    if warning in warnings:
                        continue
                    warnings.append(warning)
                    amending = self.amending_statement(quote, note)
                    if amending and amending not in reviewed:
                        reviewed.append(amending)
        return tuple(reviewed), warnings

    def warning(self, chunk: Chunk, note: AmendmentNote, today: date) -> str:
        label = self._label(chunk)
        act = _amending_act(note)
        repeal = note.kind == "oppheves"
        future = "oppheves" if repeal else "endres"
        if note.effective is None:
            return f"Merk: {label} {future} ved {act}; tidspunktet for ikrafttredelse er ikke fastsatt ennå."
        effective = date.fromisoformat(note.effective)
        when = format_date(effective)
        if effective > today:
            return f"Merk: {label} {future} ved {act} fra {when}."
        past = "er opphevet" if repeal else "er endret"
        consequence = "gjelder ikke lenger" if repeal else "kan være utdatert"
        return f"Merk: {label} {past} ved {act} med virkning fra {when}. Teksten som siteres, {consequence}."

    def amending_statement(self, quote: Quote, note: AmendmentNote) -> Statement | None:
        """The amending act's text for the quoted §, when the act is in the store and names that §."""
        chunk = quote.chunk
        if not (note.amending_ref and chunk.paragraph and chunk.refid):
            return None
        ids = self.catalogue.get().law_chunks(note.amending_ref)
        amending = sorted(self.store.get(list(ids)), key=lambda c: c.position)
        found = find_amending_text(amending, chunk.refid, chunk.paragraph)
        if found is None:
            return None
        source, start, end = found
        return Statement(" ".join(source.text[start:end].split()), (Quote(source, start, end, quote.score),))

    def _label(self, chunk: Chunk) -> str:
        name = self.catalogue.get().display_names.get(chunk.refid or "") or chunk.title
        return f"§ {chunk.paragraph} i {name}" if chunk.paragraph else f"«{chunk.section or chunk.title}»"


def format_date(day: date) -> str:
    """date(2026, 7, 1) -> "1. juli 2026"."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def _amending_act(note: AmendmentNote) -> str:
    """ "Endres ved forskrift 14 april 2026 nr. 617 (i kraft ...)." -> "forskrift 14. april 2026 nr. 617"."""
    match = _ACT.match(note.text)
    act = match.group(1) if match else note.text
    return _DAY_MONTH.sub(lambda m: f"{m.group(1)}. {m.group(2)} {m.group(3)}", act)


def find_amending_text(chunks: Sequence[Chunk], refid: str, paragraph: str) -> tuple[Chunk, int, int] | None:
    """(chunk, start, end) of "§ 1-1 skal lyde: <new text>" or "§ 7-2 oppheves." for the § of law `refid`.

    An amending act may change several laws ("I forskrift 12. august 2016 nr. 974 ... gjøres følgende
    endringer:"); only a § that follows the heading of the right law counts.
    """
    change = _change_pattern(paragraph)
    current: str | None = None
    for chunk in chunks:
        targets = [(m.start(), _target_refid(m)) for m in _TARGET.finditer(chunk.text)]
        for match in change.finditer(chunk.text):
            before = [target for start, target in targets if start < match.start()]
            current_here = before[-1] if before else current
            if current_here in (None, refid):
                return chunk, match.start(), _quote_end(chunk.text, match, change)
        current = targets[-1][1] if targets else current
    return None


def _change_pattern(paragraph: str) -> re.Pattern[str]:
    number, letter = re.fullmatch(r"(.*?\d)([a-z]?)", paragraph).groups()  # type: ignore[union-attr]
    suffix = rf"\s?{letter}\b" if letter else r"(?![\d-]|\s?[a-z]\b)"
    return re.compile(rf"(?:Ny\s+)?§\s*{re.escape(number)}{suffix}[^:.\n§]{{0,60}}?(?:skal lyde:|oppheves\.?)")


def _target_refid(match: re.Match[str]) -> str | None:
    kind, day, month, year, number = match.groups()
    if month not in MONTHS:
        return None
    suffix = f"-{number}" if number else ""
    return f"{kind}/{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}{suffix}"


def _quote_end(text: str, match: re.Match[str], change: re.Pattern[str]) -> int:
    """Where the quoted change ends: after "oppheves.", else after the new text that follows "skal lyde:"."""
    if not match.group().endswith("skal lyde:"):
        return match.end()
    rest = text[match.end() :]
    body_start = match.end() + len(rest) - len(rest.lstrip())
    if "\n\n" in text[match.end() : body_start]:
        block_end = text.find("\n\n", body_start)
        return block_end if block_end != -1 else len(text.rstrip())
    next_change = re.search(r"(?:Ny\s+)?§\s*\d[\w-]*[^:.\n§]{0,60}?(?:skal lyde:|oppheves)", text[body_start:])
    line_end = text.find("\n", body_start)
    limits = [len(text.rstrip()), body_start + _INLINE_QUOTE_CHARS]
    limits += [body_start + next_change.start()] if next_change else []
    limits += [line_end] if line_end != -1 else []
    end = min(limits)
    sentence_end = text.rfind(". ", body_start, end)
    return end if end == len(text.rstrip()) or sentence_end == -1 else sentence_end + 1
