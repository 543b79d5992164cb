"""`kildesvar ingest PATH` and `python -m ingest PATH`: ingest a folder, show progress, then a summary table.

Exit codes: 0 when every file was ingested, 1 when some file failed, 2 when PATH is not a folder or cannot
be read, 3 when the run refused to delete documents (or take over another folder's) without --prune,
4 when another writer held the data dir's lock for longer than KILDESVAR_INGEST_LOCK_TIMEOUT_SECONDS.
The store, the embedding model and the loaders are imported only when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from ingest.runs import IngestRuns

if TYPE_CHECKING:
    from ingest.pipeline import IngestReport, PruneRefused

app = typer.Typer(add_completion=False)


@app.command()
def ingest(
    path: Annotated[Path, typer.Argument(help="Folder to ingest, recursively (.md, .txt, .html, .pdf, .docx).")],
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Folder for the index and manifest; overrides KILDESVAR_DATA_DIR.")
    ] = None,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune", help="Delete vanished documents even when they are more than KILDESVAR_INGEST_MAX_DELETE_SHARE."
        ),
    ] = False,
    adopt: Annotated[
        bool,
        typer.Option("--adopt", help="Take over the documents of another folder that this one replaces (a move)."),
    ] = False,
) -> None:
    """Bring the index in line with a folder: new and changed files are embedded, vanished ones removed."""
    console, errors = Console(), Console(stderr=True)
    if not path.is_dir():
        errors.print(f"[red]PATH must be a folder; {path} is not one.[/red]")
        raise typer.Exit(2)
    from ingest.lock import DataDirBusy, data_dir_lock
    from ingest.pipeline import IngestProgress, PruneRefused, ingest_folder
    from ingest.scanning import FolderUnreadable
    from ingest.settings import IngestSettings
    from vectorstore.settings import StoreSettings
    from vectorstore.store import KnowledgeStore

    store_settings = StoreSettings(data_dir=data_dir) if data_dir else StoreSettings()
    settings = IngestSettings()
    try:
        with data_dir_lock(store_settings.data_dir, settings.lock_timeout_seconds, on_wait=errors.print):
            with console.status("Opening the index and the embedding model ..."):
                store = KnowledgeStore.open(store_settings)
            with _progress(console) as progress:
                task = progress.add_task("Ingesting", total=None, files="", chunks=0)

                def advance(state: IngestProgress) -> None:
                    files = f"{state.files_done}/{state.files_total} files"
                    progress.update(
                        task,
                        completed=state.bytes_done,
                        total=state.bytes_total,
                        description=state.source,
                        files=files,
                        chunks=state.chunks_embedded,
                    )

                report = ingest_folder(path, store, settings, on_progress=advance, prune=prune, adopt=adopt)
    except DataDirBusy as busy:
        errors.print(f"[red]{busy}[/red]")
        _record_refused_run(store_settings.data_dir, path, str(busy))
        raise typer.Exit(4) from None
    except FolderUnreadable as unreadable:
        errors.print(f"[red]{unreadable}[/red]")
        _record_refused_run(store_settings.data_dir, path, str(unreadable))
        raise typer.Exit(2) from None
    except PruneRefused as refused:
        errors.print(refusal_text(refused))
        _record_refused_run(store_settings.data_dir, path, str(refused))
        raise typer.Exit(3) from None
    files = len(report.added) + len(report.updated) + len(report.unchanged) + len(report.failed)
    IngestRuns.in_data_dir(store_settings.data_dir).record("folder", files, report.failed)
    console.print(report_table(report, path))
    raise typer.Exit(0 if report.ok else 1)


def _record_refused_run(data_dir: Path, folder: Path, reason: str) -> None:
    """A run that changed nothing counts as a failed run, with the folder as the failed item."""
    IngestRuns.in_data_dir(data_dir).record("folder", 0, [(str(folder), reason)])


def refusal_text(refused: PruneRefused, shown: int = 20) -> str:
    """What the run would have deleted, and how to allow it."""
    names = [f"  {source}" for source in refused.would_delete[:shown]]
    if len(refused.would_delete) > shown:
        names.append(f"  ... and {len(refused.would_delete) - shown} more")
    return "\n".join(
        [
            f"[red]{refused}.[/red] It would delete:",
            *names,
            "Is the folder mounted and the path right? If these documents are meant to go, run again with "
            "--prune (or set KILDESVAR_INGEST_PRUNE=true).",
        ]
    )


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
    """The file being read, a bar by bytes, files done, chunks embedded per second and the time left (from the
    rate so far; unchanged files go by fast, so the estimate settles once the changed ones are reached)."""
    return Progress(
        TextColumn("{task.description}", style="cyan"),
        BarColumn(),
        TextColumn("{task.fields[files]}"),
        ChunkRateColumn(),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


class ChunkRateColumn(ProgressColumn):
    """Chunks embedded per second since the run started."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        chunks = task.fields.get("chunks", 0)
        rate = chunks / elapsed if elapsed > 0 else 0.0
        return Text(f"{chunks} chunks, {rate:.1f} chunks/s", style="green")
