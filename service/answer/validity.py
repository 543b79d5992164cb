"""Warnings for cited provisions that an announced amendment changes or repeals, and the amending text itself.

A chunk's amendment notes of kind "endres" / "oppheves" are compared with today's date (from an injectable
clock): a passed date says the provision *is* changed, a future one that it *will be*. When the amending act is
in the store, its text for that § ("§ 1-1 skal lyde: ...") is added to the answer as its own source: right after
the statement it amends, or, when it is in force and gives the new wording of the quoted ledd (or the whole §),
before it, as the rule that applies, with the quoted wording shown as the earlier text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from service.answer.amendments import MONTHS, AmendingText, amending_texts, ledd_of
from service.answer.draft import Quote, Statement
from service.retrieval.law_catalogue import CatalogueCache
from vectorstore.models import AmendmentNote, Chunk
from vectorstore.store import KnowledgeStore

_FUTURE_KINDS = ("endres", "oppheves")
_ACT = re.compile(r"^\S+(?:\s+\S+)?\s+(?:ved|med)\s+(.*?)\s*(?:\(|\.?$)")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\.? ([a-zæøå]+\.?) (\d{4})\b")
EARLIER_TEXT = "Tidligere tekst:"


class ValidityChecker:
    """Adds validity warnings and the amending acts' texts to a list of statements."""

    def __init__(self, store: KnowledgeStore, catalogue: CatalogueCache, clock: Callable[[], date]) -> None:
        self.store = store
        self.catalogue = catalogue
        self.clock = clock

    def review(self, statements: Sequence[Statement]) -> tuple[tuple[Statement, ...], list[str]]:
        """The statements with each amending text next to the one it amends, and the warnings."""
        today = self.clock()
        reviewed: list[Statement] = []
        warnings: list[str] = []
        for statement in statements:
            in_force: list[Statement] = []
            after: list[Statement] = []
            for position, quote in enumerate(statement.quotes):
                for note in quote.chunk.amendments:
                    if note.kind not in _FUTURE_KINDS:
                        continue
                    warning = self.warning(quote.chunk, note, today)
                    if warning in warnings:
                        continue
                    warnings.append(warning)
                    amending = self._amending_text(quote, note)
                    statement_of_it = _as_statement(amending, quote) if amending else None
                    if statement_of_it is None or statement_of_it in reviewed:
                        continue
                    if amending and position == 0 and _now_reads(amending, quote, note, today):
                        in_force.append(_in_force(amending, quote, note))
                    else:
                        after.append(statement_of_it)
            reviewed.extend([*in_force, _earlier(statement), *after] if in_force else [statement, *after])
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
        amending = self._amending_text(quote, note)
        return _as_statement(amending, quote) if amending else None

    def _amending_text(self, quote: Quote, note: AmendmentNote) -> AmendingText | None:
        """The amending act's change of the quoted §: the one giving the quoted ledd's new wording, else the first."""
        chunk = quote.chunk
        if not (note.amending_ref and chunk.paragraph and chunk.refid):
            return None
        ids = self.catalogue.get().law_chunks(note.amending_ref)
        amending = sorted(self.store.get(list(ids)), key=lambda c: c.position)
        changes = list(amending_texts(amending, chunk.refid, chunk.paragraph))
        ledd = ledd_of(chunk.text, quote.start)
        return next((change for change in changes if change.replaces(ledd)), changes[0] if changes else None)

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


def _as_statement(amending: AmendingText, quote: Quote) -> Statement:
    source = amending.chunk
    start, end = amending.start, amending.end
    if amending.own_section:  # the ledd of the new § that replaces the quoted one
        start, end = amending.wording_of(ledd_of(quote.chunk.text, quote.start))
    return Statement(" ".join(source.text[start:end].split()), (Quote(source, start, end, quote.score),))


def _now_reads(amending: AmendingText, quote: Quote, note: AmendmentNote, today: date) -> bool:
    """Whether the change is in force and gives the new wording of the quoted ledd (or of the whole §)."""
    in_force = note.kind == "endres" and note.effective is not None and date.fromisoformat(note.effective) <= today
    return in_force and not amending.repeal and amending.replaces(ledd_of(quote.chunk.text, quote.start))


def _in_force(amending: AmendingText, quote: Quote, note: AmendmentNote) -> Statement:
    """The new wording as the rule that applies: "Fra 1. juli 2026 (lov 6. mars 2026 nr. 8): Loven gjelder ..."."""
    source = amending.chunk
    start, end = amending.wording_of(ledd_of(quote.chunk.text, quote.start))
    wording = " ".join(source.text[start:end].split())
    since = format_date(date.fromisoformat(note.effective or ""))
    start = start if amending.own_section else amending.start  # the quote says what it amends: "§ 2 første ledd ..."
    return Statement(
        f"Fra {since} ({_amending_act(note)}): {wording}",
        (Quote(source, start, end, quote.score),),
        context=f"Fra {since} ({_amending_act(note)}):",
    )


def _earlier(statement: Statement) -> Statement:
    """The quoted wording that an amendment in force has replaced."""
    return Statement(f"{EARLIER_TEXT} {statement.text}", statement.quotes, statement.support, EARLIER_TEXT)
