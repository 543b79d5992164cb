"""Turns a stream of headings and text lines into sections with heading paths.

Every format with headings (Markdown, HTML, DOCX) feeds this builder, so all of them agree on what a
section path is and on which heading is the document's own title.
"""

from __future__ import annotations

from ingest.documents import Section


class SectionBuilder:
    """Collects `heading(level, text)` and `line(text)` calls in reading order."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, str]] = []
        self._lines: list[str] = []
        self._pending: list[tuple[tuple[tuple[int, str], ...], str]] = []
        self._headings: list[tuple[int, str]] = []

    def heading(self, level: int, text: str) -> None:
        """A heading of `level` (0 = explicit title, 1 = top level) closes the section above it."""
        self._close_section()
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        self._stack.append((level, text))
        self._headings.append((level, text))

    def line(self, text: str) -> None:
        self._lines.append(text)

    def build(self) -> tuple[str | None, tuple[Section, ...]]:
        """The first heading and the sections with non-empty text, the title left out of every path."""
        self._close_section()
        title = self._title_heading()
        sections = tuple(
            Section(headings=tuple(text for level, text in path if (level, text) != title), body=body)
            for path, body in self._pending
        )
        first = self._headings[0][1] if self._headings else None
        return first, sections

    def _close_section(self) -> None:
        body = "\n".join(self._lines).strip("\n")
        self._lines = []
        if body.strip():
            self._pending.append((tuple(self._stack), body))

    def _title_heading(self) -> tuple[int, str] | None:
        """The first heading is the document's title when no other heading is at its level or above."""
        if not self._headings:
            return None
        first = self._headings[0]
        if any(level <= first[0] for level, _ in self._headings[1:]):
            return None
        return first
