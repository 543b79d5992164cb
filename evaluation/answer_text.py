"""How an answer reads: statements that are a heading, and statements that lean on a sentence not shown.

Counted on the answer as a user gets it, with the chunks its citations point to:
- heading statement: a statement holding a heading of its cited chunk (a heading line, or the section title the
  chunk carries: "Tilbudene i korte trekk … Læring for næring."), or one that is only a fragment
  ("Kunnskapsgrunnlaget.").
- dangling statement: one whose first sentence leans on the one before it ("I vår region er dette ...") while
  the answer does not show that sentence right before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from service.answer.contract import Answer
from service.answer.engine import ENGLISH_FRAME
from vectorstore.models import Chunk
from vectorstore.sentence_traits import sentence_traits
from vectorstore.sentences import split_sentences
from vectorstore.store import KnowledgeStore

_STATEMENT = re.compile(r"(.*?)((?:\s*\[\d+\])+)", re.DOTALL)
_MARKER = re.compile(r"\[(\d+)\]")
_TRAILING = " .:;,…"


@dataclass(frozen=True)
class TextDefects:
    heading_statements: int = 0
    dangling_statements: int = 0


def text_defects(answers: Sequence[Answer], store: KnowledgeStore) -> TextDefects:
    """Heading and dangling statements over all the answers."""
    ids = sorted({citation.chunk_id for answer in answers for citation in answer.citations})
    chunks = {chunk.id: chunk for chunk in store.get(ids)}
    headings = dangling = 0
    for answer in answers:
        if answer.abstained:
            continue
        by_number = {citation.n: chunks.get(citation.chunk_id) for citation in answer.citations}
        previous = ""
        for text, markers in _STATEMENT.findall(answer.answer.removeprefix(ENGLISH_FRAME)):
            statement = " ".join(text.split())
            cited = [chunk for n in _MARKER.findall(markers) if (chunk := by_number.get(int(n))) is not None]
            headings += holds_a_heading(statement, cited)
            dangling += leans_on_what_is_not_shown(statement, previous, cited)
            previous = statement
    return TextDefects(headings, dangling)


def holds_a_heading(statement: str, cited: Sequence[Chunk]) -> bool:
    """Whether the statement says a heading of a chunk it cites, or is one fragment."""
    sentences = _sentences(statement)
    if len(sentences) == 1 and sentence_traits(sentences[0]).fragment:
        return True
    titles = {_bare(title) for chunk in cited for title in _headings(chunk)}
    return any(_bare(sentence) in titles for sentence in sentences)


def leans_on_what_is_not_shown(statement: str, previous: str, cited: Sequence[Chunk]) -> bool:
    """Whether the statement opens with a reference to a sentence the answer does not show right before it."""
    sentences = _sentences(statement)
    if not sentences or not sentence_traits(sentences[0]).leans_back:
        return False
    before = [_sentence_before(chunk, sentences[0]) for chunk in cited]
    return not any(sentence and previous.endswith(sentence) for sentence in before)


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def _headings(chunk: Chunk) -> list[str]:
    lines = [chunk.text[s.start : s.end] for s in split_sentences(chunk.text) if s.kind == "heading"]
    return [*lines, chunk.section.split(">")[-1]] if chunk.section else lines


def _sentence_before(chunk: Chunk, sentence: str) -> str:
    """The sentence before `sentence` in the chunk ("" when it opens the chunk or is not in it)."""
    sentences = [" ".join(chunk.text[s.start : s.end].split()) for s in split_sentences(chunk.text)]
    index = next((i for i, text in enumerate(sentences) if text == sentence), 0)
    return sentences[index - 1] if index > 0 else ""


def _bare(text: str) -> str:
    return " ".join(text.split()).strip(_TRAILING).casefold()
