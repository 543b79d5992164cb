"""`kildesvar ingest PATH` and `python -m ingest PATH`: ingest a folder, show progress, then a summary table.

Exit codes: 0 when every file was ingested, 1 when some file failed, 2 when PATH is not a folder.
The store, the embedding model and the loaders are imported only when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:
    from ingest.pipeline import IngestReport

app = typer.Typer(add_completion=False)


@app.command()
def ingest(
    path: Annotated[Path, typer.Argument(help="Folder to ingest, recursively (.md, .txt, .html, .pdf, .docx).")],
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Folder for the index and manifest; overrides KILDESVAR_DATA_DIR.")
    ] = None,
) -> None:
    """Bring the index in line with a folder: new and changed files are embedded, vanished ones removed."""
    console = Console()
    if not path.is_dir():
        Console(stderr=True).print(f"[red]PATH must be a folder; {path} is not one.[/red]")
        raise typer.Exit(2)
    from ingest.pipeline import ingest_folder
    from ingest.settings import IngestSettings
    from vectorstore.settings import StoreSettings
    from vectorstore.store import KnowledgeStore

    store_settings = StoreSettings(data_dir=data_dir) if data_dir else StoreSettings()
    with console.status("Opening the index and the embedding model ..."):
        store = KnowledgeStore.open(store_settings)
    with _progress(console) as progress:
        task = progress.add_task("Ingesting", total=None)

        def advance(source: str, done: int, total: int) -> None:
            progress.update(task, completed=done, total=total, description=source)

        report = ingest_folder(path, store, IngestSettings(), on_progress=advance)
    console.print(report_table(report, path))
    raise typer.Exit(0 if report.ok else 1)


def report_table(report: IngestReport, path: Path) -> Table:
    """Counts per outcome, then one row per failed file with its reason."""
    table = Table(title=f"Ingest of {path}", show_header=True)
    table.add_column("result")
    table.add_column("files", overflow="fold")
    for label, sources in (
        ("added", report.added),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
        ("deleted", report.deleted),
    ):
        table.add_row(label, str(len(sources)))
    table.add_row("failed", str(len(report.failed)), style="red" if report.failed else None)
    for source, reason in report.failed:
        table.add_row(f"[red]{source}[/red]", reason)
    return table


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}", style="cyan"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
