"""Statements -> answer text with [n] markers and numbered citations, checked before anything is returned.

Quotes from one section of one source (several chunks of a long §, overlapping prose chunks) share one
citation; the same sentence in two documents gets both markers. Every quote must be a verbatim span of its
chunk, every marker must have a citation and every citation must be used; a violation is a bug and raises.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from service.answer.contract import Citation, source_fields
from service.answer.draft import Quote, Statement
from vectorstore.models import Chunk

_MARKER = re.compile(r"\[(\d+)\]")
_MAX_MERGED_QUOTE = 700


class CitationError(RuntimeError):
    """A quote that is not in its chunk, or a marker without a citation: never shipped."""


@dataclass(frozen=True)
class Rendered:
    """The answer text in stream pieces ("".join(pieces) is the answer) and its citations."""

    pieces: tuple[str, ...]
    citations: tuple[Citation, ...]

    @property
    def text(self) -> str:
        return "".join(self.pieces)


def render(statements: Sequence[Statement]) -> Rendered:
    """Number the cited sections in order of first use and attach the markers after each statement."""
    numbers: dict[tuple, int] = {}
    grouped: dict[int, list[Quote]] = {}
    pieces: list[str] = []
    for statement in statements:
        markers = []
        for quote in statement.quotes:
            n = numbers.setdefault(_section_key(quote), len(numbers) + 1)
            grouped.setdefault(n, []).append(quote)
            if n not in markers:
                markers.append(n)
        text = f"{statement.text} {' '.join(f'[{n}]' for n in markers)}"
        pieces.append(text if not pieces else f" {text}")
    citations = tuple(_citation(n, quotes) for n, quotes in grouped.items())
    rendered = Rendered(tuple(pieces), citations)
    verify(rendered.text, citations, [quote.chunk for quotes in grouped.values() for quote in quotes])
    return rendered


def verify(answer: str, citations: Sequence[Citation], chunks: Sequence[Chunk]) -> None:
    """Raise CitationError unless every quote is in its chunk and markers and citations match one to one."""
    texts = {chunk.id: chunk.text for chunk in chunks}
    for citation in citations:
        if citation.chunk_id not in texts or not citation.quote or citation.quote not in texts[citation.chunk_id]:
            raise CitationError(f"citation [{citation.n}] quotes text that is not in {citation.chunk_id}")
    used = {int(n) for n in _MARKER.findall(answer)}
    numbered = [citation.n for citation in citations]
    if numbered != list(range(1, len(numbered) + 1)) or used != set(numbered):
        raise CitationError(f"markers {sorted(used)} do not match citations {numbered}")


def _section_key(quote: Quote) -> tuple:
    chunk = quote.chunk
    return (chunk.source, chunk.section, chunk.page) if chunk.section else (chunk.id,)


def _citation(n: int, quotes: Sequence[Quote]) -> Citation:
    first = quotes[0]
    chunk = first.chunk
    same_chunk = [quote for quote in quotes if quote.chunk.id == chunk.id]
    start = min(quote.start for quote in same_chunk)
    end = max(quote.end for quote in same_chunk)
    quote = chunk.text[start:end] if end - start <= _MAX_MERGED_QUOTE else first.text
    return Citation(n=n, **source_fields(chunk), quote=quote, score=round(max(q.score for q in quotes), 4))
