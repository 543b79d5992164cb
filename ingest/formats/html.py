"""HTML pages: `<h1>`..`<h6>` give the sections; scripts, styles and navigation are dropped."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, Tag
from bs4.dammit import EncodingDetector
from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction

from ingest.documents import ParsedDocument
from ingest.formats.plaintext import decode_text
from ingest.sections import SectionBuilder

_DROPPED = ["script", "style", "nav", "noscript", "template", "head"]
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "header", "hr", "html", "li", "main", "ol", "p", "pre",
    "section", "summary", "table", "tr", "ul",
}  # fmt: skip
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")

# An event is (heading level, heading text) or (None, a piece of running text).
Event = tuple[int | None, str]


def load_html(data: bytes) -> ParsedDocument:
    soup = BeautifulSoup(_decode(data), "html.parser")
    page_title = soup.title.get_text(" ", strip=True) if soup.title else None
    for tag in soup(_DROPPED):
        tag.decompose()
    builder = SectionBuilder()
    pending: list[str] = []
    for level, text in _events(soup):
        if level is None:
            pending.append(text)
            continue
        _flush(pending, builder)
        builder.heading(level, text)
    _flush(pending, builder)
    first_heading, sections = builder.build()
    return ParsedDocument(first_heading=first_heading or page_title or None, sections=sections)


def _decode(data: bytes) -> str:
    """The charset the page declares (`<meta charset>`), else UTF-8 or Windows-1252 like text files."""
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


def _events(node: Tag) -> Iterator[Event]:
    """Headings and running text in document order."""
    for child in node.children:
        if isinstance(child, Tag):
            yield from _tag_events(child)
        elif isinstance(child, NavigableString) and not isinstance(child, _NOT_TEXT):
            yield None, str(child)


def _tag_events(tag: Tag) -> Iterator[Event]:
    """A heading is one event; block elements start and end on their own line, list items with "- "."""
    if tag.name in _HEADINGS:
        heading = tag.get_text(" ", strip=True)
        yield (_HEADINGS[tag.name], heading) if heading else (None, "\n")
    elif tag.name == "br":
        yield None, "\n"
    elif tag.name in ("td", "th"):
        yield from _events(tag)
        yield None, " "
    else:
        block = tag.name in _BLOCKS
        yield None, "\n- " if tag.name == "li" else "\n" if block else ""
        yield from _events(tag)
        yield None, "\n" if block else ""


def _flush(pending: list[str], builder: SectionBuilder) -> None:
    """Running text to paragraphs: whitespace collapsed, empty lines and bare list markers left out."""
    for raw in "".join(pending).split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if line and line != "-":
            builder.line(line)
            builder.line("")
    pending.clear()
