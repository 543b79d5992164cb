"""`kildesvar feedback export`: the votes and comments on answers as CSV, for the content owners."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from service.feedback.store import FeedbackStore
from vectorstore.settings import StoreSettings

app = typer.Typer(add_completion=False, no_args_is_help=True)


@app.callback()
def feedback() -> None:
    """Votes and comments on answers, stored in <KILDESVAR_DATA_DIR>/feedback.sqlite3."""


@app.command()
def export(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="CSV file to write (UTF-8 with BOM, for Excel). Default: stdout.")
    ] = None,
) -> None:
    """Write every feedback entry as CSV: id, created_at, channel, vote, question, answer, comment, citations."""
    store = FeedbackStore.in_data_dir(StoreSettings().data_dir)
    if out is None:
        count = store.export_csv(sys.stdout)
    else:
        with out.open("w", encoding="utf-8-sig", newline="") as handle:
            count = store.export_csv(handle)
    Console(stderr=True).print(f"Eksporterte {count} tilbakemeldinger fra {store.path}.")
