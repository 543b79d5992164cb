"""Where an amending act in the store says how a § of another law reads from now on.

An amending act lists its changes per law ("I lov 17. juni 2016 nr. 73 om offentlige anskaffelser gjøres følgende
endringer: § 1 skal lyde: ... § 2 første ledd skal lyde: ... § 4 oppheves."). `amending_texts` finds every change
of one § of one law, with what it replaces: the whole §, one ledd, or less (a punktum).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from vectorstore.models import Chunk

MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
          "desember")  # fmt: skip
_TARGET = re.compile(r"\bI\s+(lov|forskrift)\s+(\d{1,2})\.\s+([a-zæøå]+)\s+(\d{4})(?:\s+nr\.\s*(\d+))?")
_ORDINALS = ("første", "annet|andre", "tredje", "fjerde", "femte", "sjette", "sjuende|syvende", "åttende")
_LEDD = re.compile(rf"^\s*({'|'.join(_ORDINALS)})\s+ledd\s*$")
_INLINE_QUOTE_CHARS = 700
_NEXT_CHANGE = re.compile(r"(?:Ny\s+)?§\s*\d[\w-]*[^:.\n§]{0,60}?(?:skal lyde:|oppheves)")
_PARAGRAPH_MARKER = re.compile(r"^\((\d+)\)\s", re.MULTILINE)
_NOT_A_LEDD = re.compile(r"^(?:[-*•–]\s|\*|§|#)")


@dataclass(frozen=True)
class AmendingText:
    """chunk.text[start:end] is the change ("§ 2 første ledd skal lyde: ..."); text[body:end] its new wording."""

    chunk: Chunk
    start: int
    end: int
    body: int
    ledd: int | None = None  # the ledd it replaces (1 for "første ledd"); None when it replaces the whole §
    whole: bool = True  # False for a change of less than a ledd ("tredje ledd andre punktum skal lyde:")
    own_section: bool = False  # the new wording is given as a § of its own ("§ 7-9. Klima- og miljøhensyn ...")

    @property
    def repeal(self) -> bool:
        return self.body == self.end

    def replaces(self, ledd: int) -> bool:
        """Whether the change gives the new wording of that ledd of the § (the whole §, or just that ledd)."""
        return self.whole and (self.ledd is None or self.ledd == ledd)

    def wording_of(self, ledd: int) -> tuple[int, int]:
        """(start, end) of the new wording of that ledd: its "(n)" paragraph when a new § is given with markers."""
        text = self.chunk.text
        markers = list(_PARAGRAPH_MARKER.finditer(text, self.body, self.end))
        for index, marker in enumerate(markers):
            following = markers[index + 1] if index + 1 < len(markers) else None
            if int(marker.group(1)) == ledd:
                end = following.start() if following else self.end
                return marker.end(), len(text[:end].rstrip())
        return self.body, self.end


def find_amending_text(chunks: Sequence[Chunk], refid: str, paragraph: str) -> tuple[Chunk, int, int] | None:
    """(chunk, start, end) of the first change of § `paragraph` of law `refid` ("§ 1-1 skal lyde: ...")."""
    found = next(amending_texts(chunks, refid, paragraph), None)
    return (found.chunk, found.start, found.end) if found else None


def amending_texts(chunks: Sequence[Chunk], refid: str, paragraph: str) -> Iterator[AmendingText]:
    """Every change of § `paragraph` of law `refid` in the amending act's chunks, in order.

    An amending act may change several laws ("I forskrift 12. august 2016 nr. 974 ... gjøres følgende
    endringer:"); only a § that follows the heading of the right law counts.
    """
    change = _change_pattern(paragraph)
    heading = _section_heading(paragraph)
    current: str | None = None
    for chunk in chunks:
        targets = [(m.start(), _target_refid(m)) for m in _TARGET.finditer(chunk.text)]
        new_section = heading.match(chunk.text)
        if new_section and current in (None, refid) and not targets:
            body = _body_start(chunk.text, new_section.end())
            yield AmendingText(chunk, 0, len(chunk.text.rstrip()), body, own_section=True)
        for match in change.finditer(chunk.text):
            before = [target for start, target in targets if start < match.start()]
            amending = _amending_text(chunk, match)
            if (before[-1] if before else current) in (None, refid) and amending is not None:
                yield amending
        current = targets[-1][1] if targets else current


def ledd_of(text: str, offset: int) -> int:
    """Which ledd of a law chunk's § the text at `offset` belongs to: the "(2)" marker before it, else the count of
    paragraphs (not list items or notes) from the one after the § heading to the one holding `offset`."""
    markers = [int(m.group(1)) for m in _PARAGRAPH_MARKER.finditer(text, 0, offset + 1)]
    if markers:
        return markers[-1]
    blocks = [block.strip() for block in text[: offset + 1].split("\n\n")[1:]]
    return max(1, sum(1 for block in blocks if block and not _NOT_A_LEDD.match(block)))


def _amending_text(chunk: Chunk, match: re.Match[str]) -> AmendingText | None:
    """The change at `match`; None for "§ 7-9 skal lyde:" whose new wording the act gives as a § of its own."""
    end = _quote_end(chunk.text, match)
    body = end if not match.group().endswith("skal lyde:") else _body_start(chunk.text, match.end())
    if body < end and _NEXT_CHANGE.match(chunk.text, body):
        return None
    scope = match.group("scope") or ""
    ledd = _LEDD.match(scope)
    number = next((i + 1 for i, words in enumerate(_ORDINALS) if ledd and ledd.group(1) in words.split("|")), None)
    return AmendingText(chunk, match.start(), end, body, number, whole=not scope.strip() or ledd is not None)


def _change_pattern(paragraph: str) -> re.Pattern[str]:
    number, letter = re.fullmatch(r"(.*?\d)([a-z]?)", paragraph).groups()  # type: ignore[union-attr]
    suffix = rf"\s?{letter}\b" if letter else r"(?![\d-]|\s?[a-z]\b)"
    scope = r"(?P<scope>[^:.\n§]{0,60}?)"
    return re.compile(rf"(?:Ny\s+)?§\s*{re.escape(number)}{suffix}{scope}(?:skal lyde:|oppheves\.?)")


def _section_heading(paragraph: str) -> re.Pattern[str]:
    """ "§ 7-9. Klima- og miljøhensyn" opening a chunk: the new wording of a § given as a § of its own."""
    return re.compile(rf"§\s*{re.escape(paragraph)}\.\s")


def _target_refid(match: re.Match[str]) -> str | None:
    kind, day, month, year, number = match.groups()
    if month not in MONTHS:
        return None
    suffix = f"-{number}" if number else ""
    return f"{kind}/{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}{suffix}"


def _body_start(text: str, after: int) -> int:
    rest = text[after:]
    return after + len(rest) - len(rest.lstrip())


def _quote_end(text: str, match: re.Match[str]) -> int:
    """Where the quoted change ends: after "oppheves.", else after the new text that follows "skal lyde:"."""
    if not match.group().endswith("skal lyde:"):
        return match.end()
    body_start = _body_start(text, match.end())
    if "\n\n" in text[match.end() : body_start]:
        block_end = text.find("\n\n", body_start)
        return block_end if block_end != -1 else len(text.rstrip())
    next_change = _NEXT_CHANGE.search(text[body_start:])
    line_end = text.find("\n", body_start)
    limits = [len(text.rstrip()), body_start + _INLINE_QUOTE_CHARS]
    limits += [body_start + next_change.start()] if next_change else []
    limits += [line_end] if line_end != -1 else []
    end = min(limits)
    sentence_end = text.rfind(". ", body_start, end)
    return end if end == len(text.rstrip()) or sentence_end == -1 else sentence_end + 1
