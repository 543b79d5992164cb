"""The PNG beside the tables: latency and answers per second against corpus size, Kildesvar and the peer.

Kildesvar is drawn solid with circles, the LlamaIndex peer dashed with squares; one colour per Chroma mode
and worker count. Filled markers are tiers with real passage vectors, hollow ones random vectors (latency
only).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.load import ROUTES

_STYLE = {"kildesvar": "-", "llamaindex": "--"}
_MARKER = {"kildesvar": "o", "llamaindex": "s"}
_LABEL = {"kildesvar": "Kildesvar", "llamaindex": "LlamaIndex peer"}


def draw_plot(document: dict[str, Any], path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise RuntimeError("The plot needs matplotlib: pip install 'kildesvar[bench]' (make bench does)") from error
    entries = sorted(document["tiers"].values(), key=lambda entry: entry["index"]["chunks"])
    clients = sorted({p["clients"] for e in entries for c in e["summary"]["cells"] for p in c["phases"]})
    figure, axes = plt.subplots(len(ROUTES), 2, figsize=(12, 4.2 * len(ROUTES)), squeeze=False)
    for row, route in enumerate(ROUTES):
        for column, (measure, count, label) in enumerate(
            [("p50_ms", clients[0], "p50 latency, ms"), ("per_second", clients[-1], "answers per second")]
        ):
            axis = axes[row][column]
            _draw_lines(axis, entries, route, count, measure)
            axis.set_title(f"/v1/{route}, {count} client{'s' if count != 1 else ''}: {label}")
            axis.set_xscale("log")
            axis.set_xlabel("chunks in the store (hollow markers: random passage vectors, latency only)")
            axis.set_ylabel(label)
            axis.grid(True, which="both", alpha=0.3)
    axes[0][0].legend(fontsize=8)
    figure.suptitle(
        "Kildesvar (solid, circles) and LlamaIndex's default query engine (dashed, squares): "
        "same store, model and questions"
    )
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _draw_lines(axis, entries: list[dict[str, Any]], route: str, clients: int, measure: str) -> None:
    configurations = sorted({(c["system"], c["chroma"], c["workers"]) for e in entries for c in e["summary"]["cells"]})
    colours = {pair: f"C{n}" for n, pair in enumerate(sorted({config[1:] for config in configurations}))}
    for system, chroma, workers in configurations:
        points = [
            (entry["index"]["chunks"], phase[measure], entry["index"]["vectors"] == "real")
            for entry in entries
            for cell in entry["summary"]["cells"]
            if (cell["system"], cell["chroma"], cell["workers"]) == (system, chroma, workers)
            for phase in cell["phases"]
            if phase["route"] == route and phase["clients"] == clients
        ]
        if not points:
            continue
        colour = colours[(chroma, workers)]
        axis.plot(
            [p[0] for p in points],
            [p[1] for p in points],
            _STYLE[system],
            color=colour,
            label=f"{_LABEL[system]}, {chroma} Chroma, {workers} worker{'s' if workers != 1 else ''}",
        )
        for x, y, real in points:
            axis.plot(x, y, _MARKER[system], color=colour, markerfacecolor=colour if real else "white")
