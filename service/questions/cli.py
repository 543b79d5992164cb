"""`kildesvar questions delete --all` (the question log) and `kildesvar report gaps` (the knowledge-gap report)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from service.questions.log import QuestionLog
from service.questions.settings import QuestionLogSettings
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
