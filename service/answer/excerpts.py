"""How much of a chunk a chosen sentence brings along, and how that excerpt reads in the answer.

- A list item is shown after its lead-in: "EØS-terskelverdiene er … 62,9 millioner kroner ...".
- A sentence that leans on the one before ("Det er utgangspunktet for ...", "I vår region er dette ...") brings
  that sentence along (two at most, and a short list it follows with the list's lead-in); when its chunk does
  not hold what it leans on, the excerpt is `dangling` and not fit to be said.
- The description after a list item's label ("Læring for næring. Et utviklingsnettverk ...") brings the label.
- A sentence followed by a list's lead-in ("Samlingene tok opp flere temaer. Blant dem var:") brings the
  list along, as far as it fits; one that announces parts ("Formålet er todelt.") brings the parts.
The quoted span is always one contiguous stretch of the chunk's text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from vectorstore.sentence_traits import SentenceTraits, sentence_traits
from vectorstore.sentences import Sentence

_MAX_LIST_CHARS = 600
_MAX_LEAD_STEPS = 2


@dataclass(frozen=True)
class Excerpt:
    """Sentences first..last of a chunk: text[start:end] is the quote, `shown` what the answer says."""

    first: int
    last: int
    start: int
    end: int
    shown: str
    dangling: bool = False  # the sentence leans on text its chunk does not hold
    context: str = ""  # the start of `shown` that is there only so that the rest reads
    said_from: int = 0  # the first sentence that is said for itself, not as context


def excerpt(text: str, sentences: list[Sentence], index: int) -> Excerpt:
    """The excerpt that sentence `index` stands for in an answer."""
    first, dangling = _lead_in(text, sentences, index)
    last = max(_list_end(text, sentences, index), _announced_end(text, sentences, index))
    shown = _excerpt(text, sentences, first, last, index, dangling)
    return said_from(text, sentences, shown, index - 1 if _follows_a_label(text, sentences, index) else index)


def said_from(text: str, sentences: list[Sentence], shown: Excerpt, index: int) -> Excerpt:
    """The excerpt with the sentences before `index` marked as context (when they render as its start)."""
    if index <= shown.first:
        return replace(shown, context="", said_from=shown.first)
    context = _excerpt(text, sentences, shown.first, index - 1, shown.first, False).shown
    if not shown.shown.startswith(context):
        return replace(shown, context="", said_from=shown.first)
    return replace(shown, context=context, said_from=index)


def starting_at(text: str, sentences: list[Sentence], shown: Excerpt, first: int) -> Excerpt:
    """The excerpt from sentence `first` on, when an earlier statement already said the sentences before it."""
    return _excerpt(text, sentences, first, shown.last, first, shown.dangling)


def _excerpt(text: str, sentences: list[Sentence], first: int, last: int, index: int, dangling: bool) -> Excerpt:
    parts = [
        _shown(text, sentences, i, in_list=i > first and sentences[i].kind == "item") for i in range(first, last + 1)
    ]
    if sentences[index].kind == "item" and sentences[index].lead is not None and first == index:
        parts[0] = _with_lead(text, sentences, index)
    return Excerpt(first, last, sentences[first].start, sentences[last].end, _join(parts), dangling, "", first)


def traits(text: str, sentence: Sentence) -> SentenceTraits:
    """The traits of a sentence of `text` (cached: the same chunks come back question after question)."""
    return _traits(collapse(text[sentence.start : sentence.end]))


@lru_cache(maxsize=16384)
def _traits(sentence: str) -> SentenceTraits:
    return sentence_traits(sentence)


def collapse(text: str) -> str:
    return " ".join(text.split())


def _lead_in(text: str, sentences: list[Sentence], index: int) -> tuple[int, bool]:
    """The first sentence the excerpt must start from, and whether the sentence leans on nothing it can show."""
    first = index
    for _step in range(_MAX_LEAD_STEPS):
        if not _needs_the_one_before(text, sentences, first):
            return first, False
        before = _what_it_leans_on(text, sentences, first)
        if before is None or sentences[index].end - sentences[before].start > _MAX_LIST_CHARS:
            return first, first == index
        first = before
    return first, False


def _needs_the_one_before(text: str, sentences: list[Sentence], index: int) -> bool:
    sentence = sentences[index]
    if sentence.kind != "text":
        return False
    return traits(text, sentence).leans_back or _follows_a_label(text, sentences, index)


def _follows_a_label(text: str, sentences: list[Sentence], index: int) -> bool:
    """The description after a list item's label on the same line: "Læring for næring. Et utviklingsnettverk ..."."""
    if index == 0:
        return False
    previous = sentences[index - 1]
    same_line = "\n" not in text[previous.end : sentences[index].start]
    return previous.kind == "item" and same_line and traits(text, previous).fragment


def _what_it_leans_on(text: str, sentences: list[Sentence], index: int) -> int | None:
    """The sentence to start from: the one before, or the lead-in of the list right before; None if neither."""
    if index == 0:
        return None
    previous = sentences[index - 1]
    if previous.kind == "text" or (previous.kind == "item" and _follows_a_label(text, sentences, index)):
        return index - 1
    if previous.kind == "item" and previous.lead is not None:
        return previous.lead
    return None


def _list_end(text: str, sentences: list[Sentence], index: int) -> int:
    """The last item of the list that the sentence introduces (through a lead-in right after it), else index."""
    following = index + 1
    if sentences[index].kind != "text" or following >= len(sentences) or sentences[following].kind != "lead":
        return index
    if "\n\n" in text[sentences[index].end : sentences[following].start]:
        return index  # a lead-in of its own paragraph (ledd) starts something else
    last = following
    for i in range(following + 1, len(sentences)):
        item = sentences[i]
        if item.kind != "item" or item.lead != following or item.end - sentences[index].start > _MAX_LIST_CHARS:
            break
        last = i
    return last if last > following else index


def _announced_end(text: str, sentences: list[Sentence], index: int) -> int:
    """The last of the parts a sentence announces ("Formålet er todelt." and the two sentences after it)."""
    sentence = sentences[index]
    if sentence.kind != "text":
        return index
    last = index
    for i in range(index + 1, min(index + 1 + traits(text, sentence).announces, len(sentences))):
        part = sentences[i]
        if part.kind != "text" or "\n\n" in text[sentences[i - 1].end : part.start]:
            break
        if part.end - sentence.start > _MAX_LIST_CHARS:
            break
        last = i
    return last


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
        joined = f"{joined.rstrip(',;')}{part}" if part.startswith(";") else f"{joined} {part}" if joined else part
    return joined
