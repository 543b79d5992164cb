"""Markdown files: YAML front matter becomes metadata, ATX headings (`#`..`######`) give the sections."""

from __future__ import annotations

import re

from ingest.documents import LoadError, ParsedDocument, Section
from ingest.formats.plaintext import decode_text
from ingest.frontmatter import FrontMatterError, metadata_from_front_matter, split_front_matter
from ingest.sections import SectionBuilder

# Only the opening of an ATX heading is a regex; its text and closing `#`s are cut with string methods, so a
# line of 50,000 spaces costs linear time (the former single regex backtracked quadratically on it).
_HEADING_START = re.compile(r"(#{1,6})[ \t]")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
# Link text and target exclude their own opening bracket, so a run of "[" or "![" is scanned once, not once per "[".
_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")


def plain_inline(line: str) -> str:
    """Text as a reader sees it: bold markers and link targets dropped (`**LUP**` -> `LUP`, `[KS](url)` -> `KS`).

    Single-star italics stay: Lovdata writes its amendment notes that way and they are parsed later.
    Underscores stay too: `__` is as likely to be code (`window.__x`) as emphasis.
    """
    return _LINK.sub(r"\1", _STRONG.sub(r"\1", line))


def load_markdown(data: bytes) -> ParsedDocument:
    text = decode_text(data).replace("\r\n", "\n")
    try:
        front_matter, body = split_front_matter(text)
    except FrontMatterError as error:
        raise LoadError(str(error)) from error
    first_heading, sections = parse_markdown_sections(body)
    return ParsedDocument(
        metadata=metadata_from_front_matter(front_matter), first_heading=first_heading, sections=sections
    )


def parse_markdown_sections(text: str) -> tuple[str | None, tuple[Section, ...]]:
    """Feed headings and lines to the section builder; `#` inside fenced code blocks is text."""
    builder = SectionBuilder()
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _heading(line)
        if heading:
            builder.heading(heading[0], plain_inline(heading[1]))
        else:
            builder.line(line if in_fence else plain_inline(line))
    return builder.build()


def _heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line such as `## Mål ##`; None for other lines and empty headings."""
    start = _HEADING_START.match(line)
    if not start:
        return None
    text = line[start.end() :].strip(" \t")
    unclosed = text.rstrip("#")
    if unclosed != text and (not unclosed or unclosed[-1] in " \t"):
        text = unclosed.rstrip(" \t")
    return (len(start.group(1)), text) if text else None
