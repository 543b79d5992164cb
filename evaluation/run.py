"""One evaluation run: load each suite, open (or build) its cached indexes, run every method side by side."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from evaluation.answer_benchmark import ask_all, summary
from evaluation.answers import answer_metrics
from evaluation.comparison import against_best_single
from evaluation.index_cache import open_cached_store
from evaluation.llamaindex_peer import LlamaIndexPeer
from evaluation.methods import DenseMethod, HybridMethod, KeywordMethod, Method
from evaluation.models import EvalModel, load_models
from evaluation.norquad import Split
from evaluation.report import EvalReport, ModelBuild, SuiteReport
from evaluation.runner import MethodResult, run_method
from evaluation.suite import EvalQuery, Suite
from evaluation.suites import Skipped, load_suite
from evaluation.validity import validity_metrics
from service.answer.engine import AnswerEngine
from service.answer.settings import AnswerSettings
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

Progress = Callable[[str], None]


@dataclass(frozen=True)
class EvalOptions:
    suites: Sequence[str]
    split: Split
    limit: int | None
    cache_dir: Path
    shared_dir: Path
    corpus_dir: Path
    command: str = "kildesvar eval"
    only_default_model: bool = False


def run_eval(options: EvalOptions, progress: Progress = lambda message: None) -> EvalReport:
    """Every requested suite; the embedding models load once, and only when some suite has data."""
    started = time.perf_counter()
    report = EvalReport(command=options.command, split=options.split, limit=options.limit)
    models: list[EvalModel] | None = None
    for name in options.suites:
        suite = load_suite(name, options.shared_dir, options.corpus_dir, options.split)
        if isinstance(suite, Skipped):
            report.suites.append(SuiteReport(name=suite.name, status="skipped", reason=suite.reason))
            continue
        models = models or load_models(StoreSettings(), options.only_default_model)
        report.suites.append(run_suite(_limited(suite, options.limit), models, options.cache_dir, progress))
    report.seconds = time.perf_counter() - started
    return report


def run_suite(suite: Suite, models: Sequence[EvalModel], cache_dir: Path, progress: Progress) -> SuiteReport:
    started = time.perf_counter()
    stores: dict[str, KnowledgeStore] = {}
    builds: list[ModelBuild] = []
    for model in models:
        progress(f"{suite.name}: opening the {model.label} index ({len(suite.chunks)} chunks)")
        opened = time.perf_counter()
        store, info, cached = open_cached_store(
            cache_dir, suite.index_name, model.backend, model.embedder, suite.chunks, model.count_tokens
        )
        stores[model.label] = store
        builds.append(ModelBuild(model.label, info, cached, time.perf_counter() - opened))
    default = stores[models[0].label]
    results: dict[str, MethodResult] = {}
    methods = [] if suite.answers_only else suite_methods(suite, models, stores)
    for method in methods:
        progress(f"{suite.name}: {method.name}")
        results[method.name] = run_method(method, suite)
    hybrid = next((results[method.name] for method in methods if isinstance(method, HybridMethod)), None)
    singles = [results[method.name] for method in methods if not isinstance(method, HybridMethod)]
    answers: dict[str, float | int] = {}
    outcomes = []
    engine = AnswerEngine(default, AnswerSettings())
    if any(query.answer_phrase or not query.answerable for query in suite.queries) and not suite.answers_only:
        progress(f"{suite.name}: answers")
        answers.update(answer_metrics(engine, suite.queries, default))
    if suite.asks:
        progress(f"{suite.name}: every question, and each with its answer's source left out")
        ranks = {outcome.id: outcome.rank for outcome in hybrid.outcomes} if hybrid else {}
        outcomes = ask_all(engine, suite.queries, suite.key, default, _top5(ranks))
        answers.update(summary(outcomes))
    if suite.validity:
        progress(f"{suite.name}: validity warnings ({len(suite.validity)} questions)")
        answers.update(validity_metrics(engine, suite.validity, default))
    return SuiteReport(
        name=suite.name,
        status="ok",
        description=suite.description,
        headline=suite.headline,
        documents=len(suite.chunks),
        queries=sum(1 for query in suite.queries if query.answerable),
        results=list(results.values()),
        comparison=against_best_single(hybrid, singles, suite.headline) if hybrid else None,
        builds=builds,
        answers=answers,
        answer_outcomes=outcomes,
        seconds=time.perf_counter() - started,
    )


def suite_methods(suite: Suite, models: Sequence[EvalModel], stores: dict[str, KnowledgeStore]) -> list[Method]:
    """The table's rows: both BM25s, dense per model, the LlamaIndex peer and the hybrid on the default model."""
    default_label = models[0].label
    default = stores[default_label]
    return [
        KeywordMethod.plain("bm25 plain", suite.chunks),
        KeywordMethod("bm25 norwegian", default.keyword_index, suite.chunks),
        *(DenseMethod(f"dense {model.label}", stores[model.label]) for model in models),
        LlamaIndexPeer(f"llamaindex {default_label}", default),
        HybridMethod(f"kildesvar hybrid ({default_label})", default),
    ]


def _top5(ranks: dict[str, int | None]) -> Callable[[EvalQuery], bool | None]:
    """Whether the hybrid ranked the question's gold document in its top 5 (None when it was not run)."""

    def top5(query: EvalQuery) -> bool | None:
        if query.id not in ranks:
            return None
        rank = ranks[query.id]
        return rank is not None and rank <= 5

    return top5


def _limited(suite: Suite, limit: int | None) -> Suite:
    return suite if limit is None else replace(suite, queries=suite.queries[:limit], validity=suite.validity[:limit])
