"""Norwegian sentence splitting that keeps exact character spans of the source text.

Text is first cut into blocks (paragraphs, list items, headings, amendment notes, law sections' numbered
paragraphs "(1) ...") and each text block into sentences at ". ", "? " and "! " before a capital letter or
a digit, except after abbreviations ("ekskl.", "bl.a.", "nr.", "jf.") and initials. Lines of extracted PDF
text are joined unless a short line without end punctuation (a heading) precedes a capitalised line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

SentenceKind = Literal["text", "item", "lead", "heading", "note"]

# Abbreviations after which a period never ends a sentence, and those that end one before a capital letter.
_ABBREVIATIONS = """
ang. bl.a. ca. d.d. dvs. e.l. ekskl. el. evt. f.eks. feb. fhv. forts. hhv. iflg. inkl. jan. jf. jfr. kap. kl.
kr. mht. mill. mrd. nr. nov. o.a. ofl. okt. pga. pkt. pr. prop. ref. res. s. sept. sml. st. stk. tlf. vedr.
vs. ift. t.o.m. f.o.m. des. aug. ikr. bokst. nos. ot.prp. innst.
"""
_SENTENCE_ABBREVIATIONS = "mva. osv. m.m. mfl. m.fl. mv. etc. o.l. m.v."
_NEVER_ENDS = frozenset(_ABBREVIATIONS.split())
_MAY_END = frozenset(_SENTENCE_ABBREVIATIONS.split())
_HEADING_LINE = re.compile(r"#{1,6}\s|§+\s*\d+[a-z]?(?:-\d+[a-z]?)?\.\s|(?:Kapittel|Del)\s+[\dIVX]+[a-z]?\.")
_NOTE_LINE = re.compile(r"\*[^*].*\*$")
_BULLET_ONLY = re.compile(r"[-*•–]$")
_ITEM_START = re.compile(r"(?:[-*•–]|[a-z]\)|\d+\))\s+")
_LEDD_START = re.compile(r"\(\d+[a-z]?\)\s+")
_BOUNDARY = re.compile(r"[.!?…][»”\"')\]]*\s+(?=[A-ZÆØÅ0-9§«\"(])")
_SENTENCE_END = ".!?…"
_END_PUNCTUATION = ".!?…:;,"
_SOFT_HEADING_CHARS = 60
# Last words of a lead-in that has no colon: "EØS-terskelverdiene er", "Del II gjelder ikke for kontrakter som".
_LEAD_IN_ENDINGS = """
er var blir ble gjelder omfatter som at for til av med om i på fra ved mot og eller samt blant annet dersom når hvis
skal kan må ikke å den det de en et enten både
"""
_LEADING_ON = frozenset(_LEAD_IN_ENDINGS.split())


@dataclass(frozen=True)
class Sentence:
    """text[start:end] of the split text; `lead` is the index of the lead-in sentence of a list item."""

    start: int
    end: int
    kind: SentenceKind
    lead: int | None = None


@dataclass
class _Block:
    start: int
    end: int
    kind: SentenceKind


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` in order, each a trimmed span without list bullets or "(1)" paragraph markers."""
    sentences: list[Sentence] = []
    lead: int | None = None
    for block in _mark_lead_ins(text, _blocks(text)):
        if block.kind == "item":
            (first, *rest) = _sentence_spans(text, block.start, block.end)
            sentences.append(Sentence(*first, "item", lead))
            sentences.extend(Sentence(start, end, "text") for start, end in rest)
            continue
        lead = None
        if block.kind in ("heading", "note"):
            sentences.append(Sentence(block.start, block.end, block.kind))
            continue
        spans = _sentence_spans(text, block.start, block.end)
        sentences.extend(Sentence(start, end, "text") for start, end in spans[:-1])
        sentences.append(Sentence(*spans[-1], _last_sentence_kind(text, block, len(spans))))
        lead = len(sentences) - 1 if block.kind == "lead" else None
    return sentences


def _last_sentence_kind(text: str, block: _Block, sentence_count: int) -> SentenceKind:
    """A lead-in stays one; a lone short line without end punctuation is a heading ("Roller i kommunen")."""
    if block.kind == "lead":
        return "lead"
    is_short_title = block.end - block.start < _SOFT_HEADING_CHARS and text[block.end - 1] not in _END_PUNCTUATION
    return "heading" if sentence_count == 1 and is_short_title else "text"


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line's content without its surrounding whitespace; blank lines are skipped."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        stripped = match.group().strip()
        if stripped:
            start = match.start() + match.group().index(stripped)
            spans.append((start, start + len(stripped)))
    return spans


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    previous: tuple[int, int] | None = None
    bullet_pending = False
    for start, end in _lines(text):
        line = text[start:end]
        if _BULLET_ONLY.match(line):
            bullet_pending = True
            continue
        kind = _line_kind(line, bullet_pending)
        marker = _marker_length(line, kind, bullet_pending)
        if blocks and kind == "text" and not marker and previous and _continues(text, blocks[-1], previous, start):
            blocks[-1].end = end
        else:
            blocks.append(_Block(start + marker, end, kind))
        bullet_pending = False
        previous = (start, end)
    return blocks


def _line_kind(line: str, bullet_pending: bool) -> SentenceKind:
    if bullet_pending or _ITEM_START.match(line):
        return "item"
    if _HEADING_LINE.match(line):
        return "heading"
    if _NOTE_LINE.match(line):
        return "note"
    return "text"


def _marker_length(line: str, kind: SentenceKind, bullet_pending: bool) -> int:
    """Length of a leading list bullet or "(1)" paragraph marker, which sentences leave out."""
    pattern = _ITEM_START if kind == "item" and not bullet_pending else _LEDD_START if kind == "text" else None
    match = pattern.match(line) if pattern else None
    return match.end() if match else 0


def _continues(text: str, block: _Block, previous: tuple[int, int], start: int) -> bool:
    """Whether a text line continues the previous block (a wrapped line) rather than starting a new one."""
    if block.kind not in ("text", "item") or "\n\n" in text[previous[1] : start]:
        return False
    previous_line = text[previous[0] : previous[1]]
    if not text[start].isupper():
        return True
    ends_sentence = previous_line[-1] in _SENTENCE_END
    looks_like_heading = len(previous_line) < _SOFT_HEADING_CHARS and previous_line[-1] not in _END_PUNCTUATION
    return not (ends_sentence or looks_like_heading)


def _mark_lead_ins(text: str, blocks: list[_Block]) -> list[_Block]:
    """A block right before a list item that does not end a sentence introduces the list: "EØS-terskelverdiene er".

    The first line of a text that reads as a title ("Tilbudene i korte trekk") is its heading, not a lead-in.
    """
    for position, (block, following) in enumerate(zip(blocks, blocks[1:], strict=False)):
        if following.kind == "item" and block.kind == "text" and text[block.end - 1] not in _SENTENCE_END:
            block.kind = "heading" if position == 0 and _reads_as_title(text, block) else "lead"
    return blocks


def _reads_as_title(text: str, block: _Block) -> bool:
    """A short line without a paragraph marker, end punctuation or a last word that leads on ("er", "som", ":")."""
    line = text[block.start : block.end]
    words = line.lower().split()
    return (
        len(line) < _SOFT_HEADING_CHARS
        and "\n" not in line
        and not text[: block.start].rstrip().endswith(")")
        and line[-1] not in _END_PUNCTUATION
        and words[-1] not in _LEADING_ON
        and "følgende" not in words
    )


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        if _is_abbreviation(text, cursor, match.start(), text[match.end()]):
            continue
        spans.append((cursor, match.start() + 1 + _closing_length(text, match)))
        cursor = match.end()
    spans.append((cursor, end))
    return spans


def _closing_length(text: str, match: re.Match[str]) -> int:
    closing = re.match(r"[»”\"')\]]*", text[match.start() + 1 : match.end()])
    return len(closing.group()) if closing else 0


def _is_abbreviation(text: str, block_start: int, period: int, following: str) -> bool:
    if text[period] != ".":
        return False
    word_start = max(text.rfind(" ", block_start, period), text.rfind("\n", block_start, period), block_start - 1) + 1
    word = text[word_start : period + 1]
    word = word.lstrip('(«"').lower()
    if word in _NEVER_ENDS or (len(word) == 2 and word[0].isalpha()):
        return True
    if word in _MAY_END:
        return not following.isupper()
    return False
