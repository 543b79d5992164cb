"""The benchmark's JSON: each tier's runs as measured, and the medians and same-run ratios drawn from them.

One file holds every tier; running a tier again replaces that tier's entry and keeps the others, and each
entry records its own command, machine, commit and load, since tiers may be measured at different times.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.ingest_rate import IngestResult
from bench.serving import CellResult
from bench.update_rate import UpdateResult

PEER = "llamaindex"


@dataclass(frozen=True)
class RunResult:
    run: int
    load_before: list[float]
    load_after: list[float]
    ingest: IngestResult | None
    update: UpdateResult
    cells: list[CellResult]
    chroma_server_rss_mb: float | None


def tier_entry(header: dict[str, Any], runs: Sequence[RunResult]) -> dict[str, Any]:
    """The tier's JSON entry: what was run and on what (`header`), every run, and the summary."""
    run_dicts = [
        asdict(run)
        | {"ingest_rates": _rounded(run.ingest.rates) if run.ingest else None}
        | {"update_fixed_seconds": round(run.update.fixed_seconds, 2)}
        for run in runs
    ]
    return {**header, "runs": run_dicts, "summary": summarise(run_dicts)}


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over the runs, per system and configuration, and the median of each run's ratio to the peer."""
    loads = [load for run in runs for load in (run["load_before"][0], run["load_after"][0])]
    ingest = [run["ingest_rates"] for run in runs if run["ingest_rates"]]
    return {
        "runs": len(runs),
        "load_average_1min": {"min": min(loads), "median": statistics.median(loads), "max": max(loads)},
        "ingest": {name: _median(rates[name] for rates in ingest) for name in ingest[0]} if ingest else None,
        "update": {
            "source": runs[0]["update"]["source"],
            "chunks": runs[0]["update"]["chunks"],
            "seconds": _median(run["update"]["seconds"] for run in runs),
            "embed_seconds": _median(run["update"]["embed_seconds"] for run in runs),
            "fixed_seconds": _median(run["update_fixed_seconds"] for run in runs),
        },
        "cells": _cell_medians(runs),
        "ratios": _ratios(runs),
    }


def _cell_medians(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    grouped: dict[tuple, list[dict[str, Any]]] = {}
    for run in runs:
        for cell in run["cells"]:
            grouped.setdefault((cell["system"], cell["chroma"], cell["workers"]), []).append(cell)
    summary = []
    for (system, chroma, workers), cells in grouped.items():
        phases: dict[tuple, list[dict[str, Any]]] = {}
        for cell in cells:
            for phase in cell["phases"]:
                phases.setdefault((phase["route"], phase["clients"]), []).append(phase)
        summary.append(
            {
                "system": system,
                "chroma": chroma,
                "workers": workers,
                "cold_start_s": _median(cell["cold_start_s"] for cell in cells),
                "rss_peak_mb": _median(cell["rss_peak_mb"] for cell in cells),
                "rss_total_mb": _median(cell["rss_total_mb"] for cell in cells),
                "phases": [
                    {"route": route, "clients": clients, "errors": sum(p["errors"] for p in group)}
                    | {name: _median(p[name] for p in group) for name in ("p50_ms", "p95_ms", "p99_ms", "per_second")}
                    for (route, clients), group in phases.items()
                ],
            }
        )
    return summary


def _ratios(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Kildesvar over the peer, per configuration, route and client count: the median of the per-run ratios."""
    per_run: dict[tuple, list[tuple[float, float]]] = {}
    for run in runs:
        phases = {
            (cell["system"], cell["chroma"], cell["workers"], phase["route"], phase["clients"]): phase
            for cell in run["cells"]
            for phase in cell["phases"]
        }
        for (system, *config), ours in phases.items():
            peer = phases.get((PEER, *config))
            if system != PEER and peer and peer["per_second"] and peer["p50_ms"]:
                ratio = (ours["per_second"] / peer["per_second"], ours["p50_ms"] / peer["p50_ms"])
                per_run.setdefault(tuple(config), []).append(ratio)
    return [
        {"chroma": chroma, "workers": workers, "route": route, "clients": clients}
        | {"per_second": _median(r[0] for r in ratios), "p50": _median(r[1] for r in ratios)}
        for (chroma, workers, route, clients), ratios in per_run.items()
    ]


def write_results(path: Path, tier: str, entry: dict[str, Any]) -> dict[str, Any]:
    """Replace the tier's entry in the JSON at `path` (created when missing); returns the whole document."""
    document = read_results(path)
    document["tiers"][tier] = entry
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return document


def read_results(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"tiers": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def _median(values: Iterable[float]) -> float:
    return round(statistics.median(list(values)), 3)


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {name: round(value, 3) for name, value in values.items()}
