"""Law sections (§): their numbers, their chapter, and where a long one may be split (between ledd)."""

from __future__ import annotations

import re
from collections.abc import Sequence

_PARAGRAPH = re.compile(r"^§+\s*(\d+[A-Za-z]?(?:-\d+[A-Za-z]?)*)(?:\s+([a-z]))?(?=[.,:\s]|$)")
_CHAPTER = re.compile(r"^(?:kapittel|kapitel|kap\.)\s*(\d+[A-Za-z]?|[IVXLCDM]+)\b", re.IGNORECASE)
_NUMBERED_LEDD = re.compile(r"^\(\d+[a-z]?\)\s", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def paragraph_number(heading: str | None) -> str | None:
    """ "§ 5-3. EØS-terskelverdier" -> "5-3", "§ 12." -> "12", "§ 7-2 a. (Opphevet)" -> "7-2a"."""
    match = _PARAGRAPH.match(heading or "")
    return match.group(1) + (match.group(2) or "") if match else None


def chapter_number(headings: Sequence[str], paragraph: str | None) -> str | None:
    """The innermost "Kapittel 5. ..." heading gives "5"; without one, the part of "5-3" before the dash."""
    for heading in reversed(headings):
        match = _CHAPTER.match(heading)
        if match:
            return match.group(1)
    if paragraph and "-" in paragraph:
        return paragraph.split("-", 1)[0]
    return None


def ledd_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each ledd: at "(1)", "(2)", ... lines when the law numbers them, else at blank lines.

    Text before the first numbered ledd is a span of its own; trailing whitespace is left out of each span.
    """
    numbered = [match.start() for match in _NUMBERED_LEDD.finditer(body)]
    starts = numbered if numbered else [match.end() for match in _BLANK_LINE.finditer(body)]
    bounds = sorted({0, *starts, len(body)})
    spans = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        end = start + len(body[start:end].rstrip())
        if end > start:
            spans.append((start, end))
    return spans


def pack_spans(spans: Sequence[tuple[int, int]], budget: int) -> list[tuple[int, int]]:
    """Join neighbouring spans greedily while the joined stretch stays within `budget` characters."""
    packed: list[tuple[int, int]] = []
    for start, end in spans:
        if packed and end - packed[-1][0] <= budget:
            packed[-1] = (packed[-1][0], end)
        else:
            packed.append((start, end))
    return packed
