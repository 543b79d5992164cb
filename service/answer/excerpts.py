"""How much of a chunk a chosen sentence brings along, and how that excerpt reads in the answer.

- A list item is shown after its lead-in: "EØS-terskelverdiene er … 62,9 millioner kroner ...".
- A sentence that leans on the one before ("Det er utgangspunktet for ...", "Dette notatet gir derfor ...")
  brings that sentence along.
- A sentence followed by a list's lead-in ("Samlingene tok opp flere temaer. Blant dem var:") brings the
  list along, as far as it fits.
The quoted span is always one contiguous stretch of the chunk's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vectorstore.sentences import Sentence

_LEANS_BACK = re.compile(r"(?:Det|Dette|Den|Denne|Disse|Slik|Derfor|Da|Her)\b")
_MAX_LIST_CHARS = 600


@dataclass(frozen=True)
class Excerpt:
    """Sentences first..last of a chunk: text[start:end] is the quote, `shown` what the answer says."""

    first: int
    last: int
    start: int
    end: int
    shown: str


def excerpt(text: str, sentences: list[Sentence], index: int) -> Excerpt:
    """The excerpt that sentence `index` stands for in an answer."""
    first = index - 1 if _leans_back(text, sentences, index) else index
    last = _list_end(text, sentences, index)
    parts = [
        _shown(text, sentences, i, in_list=i > first and sentences[i].kind == "item") for i in range(first, last + 1)
    ]
    if sentences[index].kind == "item" and sentences[index].lead is not None and first == index:
        parts[0] = _with_lead(text, sentences, index)
    return Excerpt(first, last, sentences[first].start, sentences[last].end, _join(parts))


def collapse(text: str) -> str:
    return " ".join(text.split())


def _leans_back(text: str, sentences: list[Sentence], index: int) -> bool:
    sentence = sentences[index]
    if index == 0 or sentence.kind != "text" or not _LEANS_BACK.match(text, sentence.start):
        return False
    previous = sentences[index - 1]
    return previous.kind == "text" and "\n\n" not in text[previous.end : sentence.start]


def _list_end(text: str, sentences: list[Sentence], index: int) -> int:
    """The last item of the list that the sentence introduces (through a lead-in right after it), else index."""
    following = index + 1
    if sentences[index].kind != "text" or following >= len(sentences) or sentences[following].kind != "lead":
        return index
    last = following
    for i in range(following + 1, len(sentences)):
        item = sentences[i]
        if item.kind != "item" or item.lead != following or item.end - sentences[index].start > _MAX_LIST_CHARS:
            break
        last = i
    return last if last > following else index


def _shown(text: str, sentences: list[Sentence], index: int, in_list: bool) -> str:
    body = collapse(text[sentences[index].start : sentences[index].end])
    after_item = sentences[index].kind == "item" and sentences[index - 1].kind == "item"
    return f"; {body}" if in_list and after_item else body


def _with_lead(text: str, sentences: list[Sentence], index: int) -> str:
    sentence = sentences[index]
    lead = sentences[sentence.lead or 0]
    body = collapse(text[sentence.start : sentence.end])
    intro = collapse(text[lead.start : lead.end])
    return f"{intro} {body}" if index == (sentence.lead or 0) + 1 else f"{intro} … {body}"


def _join(parts: list[str]) -> str:
    joined = ""
    for part in parts:
        joined = f"{joined}{part}" if part.startswith(";") or not joined else f"{joined} {part}"
    return joined
