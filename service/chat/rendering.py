"""The parts of an Answer every chat rendering shows, in the same words and order; only the markup differs.

A source line is `[n] title · section · s. page`, the title linked when the source has an http(s) url,
then the quoted passage; laws from Lovdata carry its attribution under the sources.
"""

from __future__ import annotations

from service.answer.contract import Answer, Citation
from service.chat.texts import NOTICE, PAGE


def truncate(text: str, limit: int) -> str:
    """At most `limit` characters, ending in an ellipsis when shortened."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def source_link(citation: Citation) -> str | None:
    """The url a source's title links to: only http(s), so a document cannot plant `javascript:` links."""
    url = citation.url or ""
    return url if url.startswith(("https://", "http://")) else None


def source_title(citation: Citation) -> str:
    return citation.title or citation.source


def source_details(citation: Citation) -> list[str]:
    """What follows the title on a source line: the section path and the page, when the source has them."""
    details = [citation.section] if citation.section else []
    if citation.page is not None:
        details.append(f"{PAGE} {citation.page}")
    return details


def warning_text(warning: str) -> str:
    """A validity warning without its own leading «Merk:», which every rendering shows as the notice's label."""
    return warning.removeprefix(NOTICE).strip()


def cites_lovdata(answer: Answer) -> bool:
    """Whether the answer quotes Lovdata's text, which must then carry Lovdata's attribution (NLOD 2.0)."""
    return any("lovdata.no" in (citation.url or "") for citation in answer.citations)
