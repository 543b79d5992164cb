"""The evaluation report: what each suite measured, as JSON for machines and as rich tables for people."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from evaluation.answer_benchmark import AnswerOutcome
from evaluation.comparison import Comparison
from evaluation.index_cache import BuildInfo
from evaluation.runner import MethodResult

# The columns each suite's table shows, besides the method name.
_COLUMNS = {
    "norquad": ("ndcg@10", "recall@1", "recall@5", "recall@10", "mrr@10", "p50_ms", "p95_ms"),
    "law": ("hit@1", "hit@5", "hit@10", "ndcg@10", "mrr@10", "p50_ms", "p95_ms"),
    "corpus": ("hit@1", "hit@5", "hit@10", "ndcg@10", "mrr@10", "p50_ms", "p95_ms"),
}


@dataclass
class ModelBuild:
    """One embedding model's index of a suite: size and ingest throughput measured while building it."""

    label: str
    info: BuildInfo
    cached: bool
    open_seconds: float

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            **asdict(self.info),
            "passages_per_second": round(self.info.passages_per_second, 2),
            "tokens_per_second": round(self.info.tokens_per_second, 1),
            "cached": self.cached,
            "open_seconds": round(self.open_seconds, 2),
        }


@dataclass
class SuiteReport:
    name: str
    status: str  # "ok" or "skipped"
    reason: str = ""
    description: str = ""
    headline: str = ""
    documents: int = 0
    queries: int = 0
    results: list[MethodResult] = field(default_factory=list)
    comparison: Comparison | None = None  # the hybrid against the best single method on the headline metric
    builds: list[ModelBuild] = field(default_factory=list)
    answers: dict[str, float | int] = field(default_factory=dict)  # rates, and counts as int
    answer_outcomes: list[AnswerOutcome] = field(default_factory=list)  # one per question asked
    baseline: list[dict] = field(default_factory=list)  # answer figures against a baseline report
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "status": self.status,
            "reason": self.reason,
            "description": self.description,
            "headline": self.headline,
            "documents": self.documents,
            "queries": self.queries,
            "methods": [{"method": r.method, **r.metrics} for r in self.results],
            "comparison": self.comparison.as_dict() if self.comparison else None,
            "models": [build.as_dict() for build in self.builds],
            "answers": self.answers,
            "answer_outcomes": [outcome.as_dict() for outcome in self.answer_outcomes],
            "against_baseline": self.baseline,
            "seconds": round(self.seconds, 1),
            "per_query": {r.method: [asdict(outcome) for outcome in r.outcomes] for r in self.results},
        }


@dataclass
class EvalReport:
    command: str
    split: str
    limit: int | None
    suites: list[SuiteReport] = field(default_factory=list)
    seconds: float = 0.0
    generated_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def as_dict(self) -> dict:
        return {
            "generated_at": self.generated_at,
            "command": self.command,
            "machine": machine(),
            "split": self.split,
            "limit": self.limit,
            "seconds": round(self.seconds, 1),
            "suites": [suite.as_dict() for suite in self.suites],
        }

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.as_dict(), indent=1, ensure_ascii=False), encoding="utf-8")


def machine() -> dict[str, str | int | None]:
    return {"platform": platform.platform(), "processor": platform.machine(), "cpus": os.cpu_count()}


def render(console: Console, report: EvalReport) -> None:
    for suite in report.suites:
        if suite.status != "ok":
            console.print(f"[yellow]{suite.name}: skipped[/yellow] - {suite.reason}")
            continue
        if suite.results:
            console.print(_method_table(suite))
        if suite.comparison:
            console.print(suite.comparison.sentence() + ".")
        console.print(_model_table(suite))
        if suite.answers:
            console.print(_answer_table(suite))
        if suite.baseline:
            console.print(_baseline_table(suite))
    console.print(f"Done in {report.seconds:.0f} s.")


def _method_table(suite: SuiteReport) -> Table:
    columns = _COLUMNS.get(suite.name, _COLUMNS["corpus"])
    title = f"{suite.name}: {suite.description} ({suite.queries} questions, {suite.documents} chunks)"
    table = Table(title=title, title_justify="left")
    table.add_column("method")
    for column in columns:
        table.add_column(column, justify="right")
    best = max((r.metrics[suite.headline] for r in suite.results), default=None)
    for result in suite.results:
        style = "bold green" if result.metrics[suite.headline] == best else None
        table.add_row(result.method, *(_cell(column, result.metrics[column]) for column in columns), style=style)
    return table


def _model_table(suite: SuiteReport) -> Table:
    table = Table(title=f"{suite.name}: embedding models (ingest throughput measured at build)", title_justify="left")
    for column in ("model", "passages", "tokens", "embed s", "passages/s", "tokens/s", "index"):
        table.add_column(column, justify="left" if column == "model" else "right")
    for build in suite.builds:
        table.add_row(*_build_cells(build), "cached" if build.cached else "built")
    return table


def _answer_table(suite: SuiteReport) -> Table:
    table = Table(title=f"{suite.name}: answers (Kildesvar's answer engine)", title_justify="left")
    for name in suite.answers:
        table.add_column(name, justify="right")
    table.add_row(*(_cell(name, value) for name, value in suite.answers.items()))
    return table


def _baseline_table(suite: SuiteReport) -> Table:
    table = Table(title=f"{suite.name}: answers against the baseline report", title_justify="left")
    for column in _BASELINE_COLUMNS:
        table.add_column(column, justify="left" if column == "figure" else "right")
    for row in _baseline_rows(suite):
        table.add_row(*row)
    return table


_BASELINE_COLUMNS = ("figure", "ours", "baseline", "difference", "95% interval")


def _baseline_rows(suite: SuiteReport) -> list[tuple[str, ...]]:
    return [
        (
            row["figure"],
            f"{row['ours']:.3f}",
            f"{row['baseline']:.3f}",
            f"{row['difference']:+.3f}",
            f"[{row['interval_95'][0]:+.3f}, {row['interval_95'][1]:+.3f}]",
        )
        for row in suite.baseline
    ]


def _cell(column: str, value: float | int) -> str:
    if isinstance(value, int):
        return str(value)
    return f"{value:.1f}" if column.endswith("_ms") else f"{value:.3f}"


def to_markdown(report: EvalReport) -> str:
    """The report's tables as Markdown, for docs/quality.md."""
    lines = [f"Command: `{report.command}`, {report.generated_at}, {report.seconds:.0f} s.", ""]
    for suite in report.suites:
        if suite.status != "ok":
            lines += [f"**{suite.name}**: skipped ({suite.reason}).", ""]
            continue
        columns = _COLUMNS.get(suite.name, _COLUMNS["corpus"])
        lines += [f"**{suite.name}**: {suite.description} ({suite.queries} questions, {suite.documents} chunks)", ""]
        if suite.results:
            lines += [_row(("method", *columns)), _row(("---",) * (len(columns) + 1))]
            lines += [_row((r.method, *(_cell(c, r.metrics[c]) for c in columns))) for r in suite.results]
        if suite.comparison:
            lines += ["", suite.comparison.sentence() + "."]
        lines += ["", _row(("model", "passages", "tokens", "embed s", "passages/s", "tokens/s")), _row(("---",) * 6)]
        lines += [_row(_build_cells(build)) for build in suite.builds]
        if suite.answers:
            lines += ["", _row(tuple(suite.answers)), _row(("---",) * len(suite.answers))]
            lines.append(_row(tuple(_cell(name, value) for name, value in suite.answers.items())))
        if suite.baseline:
            lines += ["", _row(_BASELINE_COLUMNS), _row(("---",) * len(_BASELINE_COLUMNS))]
            lines += [_row(row) for row in _baseline_rows(suite)]
        lines.append("")
    return "\n".join(lines)


def _build_cells(build: ModelBuild) -> tuple[str, ...]:
    info = build.info
    return (
        f"{build.label} (`{info.embedder}`)",
        str(info.passages),
        str(info.tokens),
        f"{info.embed_seconds:.1f}",
        f"{info.passages_per_second:.1f}",
        f"{info.tokens_per_second:.0f}",
    )


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"
