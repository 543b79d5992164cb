"""`kildesvar bench`: build the tiers, measure both systems, write the JSON, the Markdown table and the plot."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bench.serving import ChromaMode

app = typer.Typer(add_completion=False)


class TierChoice(StrEnum):
    smoke = "smoke"
    k2 = "2k"
    k20 = "20k"
    k100 = "100k"
    all = "all"


class VectorsChoice(StrEnum):
    auto = "auto"
    real = "real"
    random = "random"


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


@app.command()
def bench(
    tier: Annotated[
        list[TierChoice] | None,
        typer.Option(help="Tiers to measure (repeat the option); default 2k, 20k, 100k and all."),
    ] = None,
    vectors: Annotated[
        VectorsChoice,
        typer.Option(help="Passage vectors: each tier's default (real for 2k), or real / random for every tier."),
    ] = VectorsChoice.auto,
    runs: Annotated[int, typer.Option(min=1, help="Runs per tier; medians are reported.")] = 3,
    seconds: Annotated[float, typer.Option(min=0.5, help="Seconds of load per route and client count.")] = 10.0,
    clients: Annotated[str, typer.Option(help="Concurrent client counts, comma-separated.")] = "1,16",
    workers: Annotated[str, typer.Option(help="uvicorn worker counts, comma-separated.")] = "1,2",
    chroma: Annotated[str, typer.Option(help="Chroma modes, comma-separated: embedded, server.")] = "embedded,server",
    cache_dir: Annotated[Path, typer.Option(help="Tier indexes, logs and scratch data.")] = Path("data/bench-cache"),
    output: Annotated[Path | None, typer.Option(help="Results JSON (default: <cache dir>/bench.json).")] = None,
    plot: Annotated[Path | None, typer.Option(help="PNG plot (default: next to the JSON).")] = None,
    markdown: Annotated[
        Path | None, typer.Option(help="Also write the tables into this Markdown file, between its bench markers.")
    ] = None,
    keep_index: Annotated[
        bool,
        typer.Option(
            help="Use a tier's cached index even when other store code wrote it (quick measurements while the "
            "store changes; the results name the commit that built it)."
        ),
    ] = False,
    port_base: Annotated[
        int, typer.Option(min=0, max=65000, help="Servers listen on this port and the next; 0: free ports.")
    ] = 0,
) -> None:
    """Measure ingest and the query path on Lovdata tiers, Kildesvar beside LlamaIndex's default pipeline."""
    from bench.questions import load_questions
    from bench.report import write_markdown
    from bench.results import write_results
    from bench.run import BenchOptions, bench_tier
    from bench.serving import bench_env
    from bench.tiers import TIERS
    from evaluation.settings import EvalSettings

    console = Console()
    shared_dir = EvalSettings().shared_dir
    if not (shared_dir / "data" / "lovdata").is_dir():
        Console(stderr=True).print(
            f"[red]{shared_dir}/data/lovdata not found: the benchmark needs ../shared (set KILDESVAR_SHARED_DIR).[/red]"
        )
        raise typer.Exit(2)
    options = BenchOptions(
        vectors=None if vectors is VectorsChoice.auto else ("real" if vectors is VectorsChoice.real else "random"),
        runs=runs,
        seconds=seconds,
        clients=_numbers(clients),
        workers=_numbers(workers),
        chroma=[_chroma_mode(mode) for mode in chroma.split(",") if mode.strip()],
        cache_dir=cache_dir,
        shared_dir=shared_dir,
        port_base=port_base,
        keep_index=keep_index,
        command=" ".join(["kildesvar bench", *sys.argv[2:]]),
        env=bench_env(),
    )
    # Building a tier embeds in this process: busy-waiting OpenMP threads would make it many times slower
    # on shared cores. The servers measured still get the environment taken above.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    output = output or cache_dir / "bench.json"
    pool = load_questions(shared_dir)
    for choice in tier or [TierChoice.k2, TierChoice.k20, TierChoice.k100, TierChoice.all]:
        entry = bench_tier(options, TIERS[choice.value], pool, lambda message: console.log(message))
        document = write_results(output, choice.value, entry)
        console.log(f"{choice.value}: results written to {output}")
    _draw(document, plot or output.with_suffix(".png"), console)
    if markdown:
        write_markdown(markdown, document, plot or output.with_suffix(".png"))
        console.log(f"Tables written to {markdown}")


def _chroma_mode(text: str) -> ChromaMode:
    mode = text.strip()
    if mode not in ("embedded", "server"):
        raise typer.BadParameter(f"unknown Chroma mode {mode!r}; use embedded and/or server")
    return "embedded" if mode == "embedded" else "server"


def _draw(document: dict, path: Path, console: Console) -> None:
    from bench.plot import draw_plot

    draw_plot(document, path)
    console.log(f"Plot written to {path}")
