"""The answer engine: one path from a question to a checked, cited answer, shared by every front door.

analyse -> retrieve -> compose -> abstain (service/answer/abstention.py) or review validity -> render with markers
and checked quotes. `ask` is `ask_stream` run to its end, so the streamed and the whole answer can never differ.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import date
from time import perf_counter
from typing import Protocol

from service.answer.abstention import abstention_reason
from service.answer.citations import Rendered, render
from service.answer.contract import Answer, SearchResult, Turn, source_fields
from service.answer.draft import Composer, Draft
from service.answer.extractive import ExtractiveComposer
from service.answer.learned import default_models
from service.answer.settings import AnswerSettings
from service.answer.trace import AnswerObserver, AnswerTrace, Channel, IgnoreAnswers, LlmResult
from service.answer.validity import ValidityChecker
from service.question.analysis import Question, analyse
from service.question.settings import QuestionSettings
from service.retrieval.law_catalogue import CatalogueCache
from service.retrieval.retriever import Retrieval, Retriever
from service.retrieval.settings import RetrievalSettings
from vectorstore.store import KnowledgeStore

ABSTAIN_TEXT = (
    "Jeg fant ikke noe svar på dette i kunnskapsbasen. Prøv å formulere spørsmålet annerledes, "
    "eller spør om noe dokumentene dekker."
)
# An English question is answered with Norwegian quotes; the frame says so, in the question's language.
ENGLISH_FRAME = "From the Norwegian documents:"
ENGLISH_ABSTAIN_TEXT = (
    "I found no answer to this in the knowledge base. Try rephrasing the question, or ask about something the "
    "documents cover."
)
_MIN_RETRIEVAL_DEPTH = 10


class LanguageModel(Protocol):
    """An optional language model (`service.llm`): rewrites follow-ups and words the answer from the sources."""

    def rewrite(self, question: str, history: Sequence[Turn]) -> str | None:
        """The follow-up as a standalone question, or None to carry the earlier questions' terms instead."""

    def write(self, question: Question, retrieval: Retrieval, fallback: Draft) -> Iterator[str | Draft]:
        """The reply in provisional pieces as it streams, then the checked draft (or `fallback`, with a warning)."""


class AnswerEngine:
    """Answers questions from one store. Thread-safe; create once per store."""

    def __init__(
        self,
        store: KnowledgeStore,
        settings: AnswerSettings | None = None,
        clock: Callable[[], date] = date.today,
        composer: Composer | None = None,
        llm: LanguageModel | None = None,
        retrieval: RetrievalSettings | None = None,
        question: QuestionSettings | None = None,
        observer: AnswerObserver | None = None,
    ) -> None:
        self.settings = settings or AnswerSettings()
        self.question_settings = question or QuestionSettings()
        catalogue = CatalogueCache(store)
        self.retriever = Retriever(store, retrieval, catalogue)
        models = default_models() if self.settings.answer_model == "learned" else None
        self.composer = composer or ExtractiveComposer(self.settings, models)
        self.clock = clock
        self.validity = ValidityChecker(store, catalogue, clock)
        self.llm = llm
        self.observer = observer or IgnoreAnswers()

    def ask(
        self, question: str, history: Sequence[Turn] = (), exclude: Collection[str] = (), channel: Channel = "api"
    ) -> Answer:
        """The whole answer: the last item of `ask_stream`."""
        for piece in self.ask_stream(question, history, exclude, channel):
            if isinstance(piece, Answer):
                return piece
        raise RuntimeError("ask_stream ended without an answer")  # pragma: no cover - ask_stream always ends so

    def ask_stream(
        self, question: str, history: Sequence[Turn] = (), exclude: Collection[str] = (), channel: Channel = "api"
    ) -> Iterator[str | Answer]:
        """Pieces of the answer text (a sentence with its markers each), then the final Answer.

        With an LLM the pieces are the model's tokens as they come: provisional, the final Answer counts.
        `exclude` names sources to answer as if the store did not hold them (see `Retriever.retrieve`).
        `channel` is the front door that asked, for the observer (the question log).
        """
        started = perf_counter()
        text, earlier = self._standalone(question, history)
        analysed = analyse(text, earlier, self.clock(), self.question_settings)
        depth = max(self.settings.answer_chunks, _MIN_RETRIEVAL_DEPTH)
        retrieval = self.retriever.retrieve(analysed, depth, exclude)
        retrieved = perf_counter()
        draft = self.composer.compose(analysed, retrieval)
        refusal = abstention_reason(analysed, retrieval, draft, self.settings)
        streamed = False
        llm: LlmResult | None = None
        if self.llm and refusal is None:
            if analysed.english:
                yield f"{ENGLISH_FRAME} "
            for piece in self.llm.write(analysed, retrieval, draft):
                if isinstance(piece, Draft):
                    draft = piece
                else:
                    streamed = True
                    yield piece
            llm = "used" if draft.composer == "llm" else "fallback"
        warnings: list[str] = []
        composed = reviewed = perf_counter()
        if refusal is not None:
            rendered = Rendered((ENGLISH_ABSTAIN_TEXT if analysed.english else ABSTAIN_TEXT,), ())
        else:
            statements, warnings = self.validity.review(draft.statements)
            reviewed = perf_counter()
            warnings = [*draft.warnings, *warnings]
            rendered = _framed(render(statements), analysed)
        timings = {"retrieve": _ms(retrieved - started), "compose": _ms(perf_counter() - retrieved)}
        if not streamed:
            yield from rendered.pieces
        stages = {"retrieve": retrieved - started, "compose": composed - retrieved, "validity": reviewed - composed}
        no_citation = "no_citation" if not rendered.citations else None
        sources = tuple(dict.fromkeys(citation.source for citation in rendered.citations))
        self.observer.answered(AnswerTrace(stages, refusal or no_citation, llm, question, sources, channel))
        yield Answer(
            answer=rendered.text,
            abstained=not rendered.citations,
            citations=list(rendered.citations),
            warnings=warnings,
            timings_ms=timings,
            composer="extractive" if refusal is not None else draft.composer,
        )

    def _standalone(self, question: str, history: Sequence[Turn]) -> tuple[str, list[str]]:
        """The question to answer and the earlier questions whose terms retrieval carries over.

        With an LLM a follow-up is rewritten into a standalone question; without one, or when that fails,
        the earlier questions' key terms are carried into retrieval instead.
        """
        rewritten = self.llm.rewrite(question, history) if self.llm else None
        if rewritten:
            return rewritten, []
        return question, [turn.question for turn in reversed(history)]

    def search(self, query: str, k: int) -> list[SearchResult]:
        """The top k chunks for a query, ranked as the answer path ranks them."""
        return [
            SearchResult(rank=rank, **source_fields(hit.chunk), quote=hit.chunk.text, score=round(hit.score, 4))
            for rank, hit in enumerate(self.retriever.search(query, k), start=1)
        ]


def _framed(rendered: Rendered, question: Question) -> Rendered:
    """Norwegian quotes for an English question, introduced in English."""
    if not question.english:
        return rendered
    return Rendered((f"{ENGLISH_FRAME} ", *rendered.pieces), rendered.citations)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)
