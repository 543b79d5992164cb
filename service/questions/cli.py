"""`kildesvar questions delete --all` (the question log) and `kildesvar report gaps` (the knowledge-gap report)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from service.feedback.store import FeedbackStore
from service.questions.gaps import BadPeriod, gap_report, parse_since, render
from service.questions.log import QuestionLog
from service.questions.settings import QuestionLogSettings
from vectorstore.embeddings import create_embedder
from vectorstore.settings import StoreSettings

questions_app = typer.Typer(add_completion=False, no_args_is_help=True)


@questions_app.callback()
def questions() -> None:
    """The question log in <KILDESVAR_DATA_DIR>/questions.sqlite3 (kept KILDESVAR_QUESTION_LOG_DAYS days)."""


@questions_app.command()
def delete(
    everything: Annotated[bool, typer.Option("--all", help="Delete every logged question (required).")] = False,
) -> None:
    """Delete the logged questions now, whatever their age."""
    if not everything:
        raise typer.BadParameter("say --all to delete every logged question", param_hint="--all")
    log = QuestionLog.in_data_dir(StoreSettings().data_dir, QuestionLogSettings().question_log_days)
    deleted = log.delete_all()
    Console(stderr=True).print(f"Slettet {deleted} spørsmål fra {log.path}.")


report_app = typer.Typer(add_completion=False, no_args_is_help=True)


class Format(StrEnum):
    csv = "csv"
    markdown = "markdown"


@report_app.callback()
def report() -> None:
    """Reports for the content owners."""


@report_app.command()
def gaps(
    since: Annotated[str, typer.Option(help="The period: a number of days (30d) or a date (2026-11-01).")] = "30d",
    report_format: Annotated[Format, typer.Option("--format", help="csv or markdown.")] = Format.csv,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File to write. Default: stdout.")] = None,
) -> None:
    """Refused and thumbs-down questions, grouped by similar wording, with counts and the dates asked."""
    try:
        start = parse_since(since)
    except BadPeriod as error:
        raise typer.BadParameter(str(error), param_hint="--since") from None
    store_settings = StoreSettings()
    log = QuestionLog.in_data_dir(store_settings.data_dir, QuestionLogSettings().question_log_days)
    feedback = FeedbackStore.in_data_dir(store_settings.data_dir)
    groups = gap_report(log, feedback, create_embedder(store_settings), start)
    text = render(groups, "markdown" if report_format is Format.markdown else "csv")
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8-sig" if report_format is Format.csv else "utf-8")
    Console(stderr=True).print(f"{len(groups)} grupper av spørsmål siden {start.date().isoformat()}.")
