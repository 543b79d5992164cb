"""The summary drawn from a tier's runs, the merged results file and the Markdown between its markers."""

from __future__ import annotations

from pathlib import Path

from bench.report import BEGIN, END, write_markdown
from bench.results import read_results, summarise, write_results


def _phase(route: str, clients: int, per_second: float, p50: float) -> dict:
    return {"route": route, "clients": clients, "requests": 10, "errors": 0, "seconds": 1.0, "first_error": None} | {
        "per_second": per_second,
        "p50_ms": p50,
        "p95_ms": p50 * 2,
        "p99_ms": p50 * 3,
    }


def _cell(system: str, per_second: float, p50: float) -> dict:
    return {"system": system, "chroma": "embedded", "workers": 1, "cold_start_s": 2.0, "rss_peak_mb": 300.0} | {
        "rss_total_mb": 300.0,
        "load_before": [1.0, 1.0, 1.0],
        "load_after": [2.0, 1.0, 1.0],
        "phases": [_phase("ask", 16, per_second, p50)],
    }


def _run(ours: tuple[float, float], peer: tuple[float, float], load: float) -> dict:
    return {
        "run": 1,
        "load_before": [load, 0.0, 0.0],
        "load_after": [load, 0.0, 0.0],
        "ingest": None,
        "ingest_rates": None,
        "update": {"source": "lover/a.md", "chunks": 12, "seconds": 3.0, "embed_seconds": 1.0},
        "update_fixed_seconds": 2.0,
        "cells": [_cell("kildesvar", *ours), _cell("llamaindex", *peer)],
    }


def test_the_ratio_to_the_peer_is_the_median_of_each_runs_own_ratio():
    # A loaded run halves both systems: its ratio stays 1.0, while the ratio of the medians would not be.
    runs = [_run((10, 100), (10, 100), 1.0), _run((5, 200), (5, 200), 8.0), _run((12, 90), (6, 180), 2.0)]
    summary = summarise(runs)
    (ratio,) = summary["ratios"]
    assert (ratio["route"], ratio["clients"], ratio["per_second"], ratio["p50"]) == ("ask", 16, 1.0, 1.0)
    ours = next(cell for cell in summary["cells"] if cell["system"] == "kildesvar")
    assert ours["phases"][0]["per_second"] == 10 and ours["phases"][0]["p50_ms"] == 100
    assert summary["load_average_1min"] == {"min": 1.0, "median": 2.0, "max": 8.0}


def test_writing_a_tier_keeps_the_other_tiers(tmp_path: Path):
    path = tmp_path / "bench.json"
    write_results(path, "2k", {"index": {"chunks": 2000}})
    write_results(path, "20k", {"index": {"chunks": 20000}})
    write_results(path, "2k", {"index": {"chunks": 2001}})
    assert read_results(path)["tiers"] == {"2k": {"index": {"chunks": 2001}}, "20k": {"index": {"chunks": 20000}}}


def test_the_tables_replace_only_the_text_between_the_markers(tmp_path: Path):
    document = {"tiers": {"2k": _entry()}}
    path = tmp_path / "performance.md"
    path.write_text(f"# Performance\n\nintro\n\n{BEGIN}\nold table\n{END}\n\n## Store and query path\n\nprofiles\n")
    write_markdown(path, document, tmp_path / "performance.png")
    text = path.read_text()
    assert text.startswith("# Performance\n\nintro\n\n") and text.endswith("## Store and query path\n\nprofiles\n")
    assert "old table" not in text and "| 2k | real | embedded | 1 | /v1/ask | 10.0 | 5.0 | **2.00** |" in text
    assert "![Latency and throughput against corpus size](performance.png)" in text


def test_a_file_without_markers_gets_the_tables_appended(tmp_path: Path):
    path = tmp_path / "performance.md"
    path.write_text("# Performance\n\nhand-written\n")
    write_markdown(path, {"tiers": {"2k": _entry()}}, tmp_path / "performance.png")
    text = path.read_text()
    assert text.startswith("# Performance\n\nhand-written\n\n" + BEGIN) and text.rstrip().endswith(END)


def _entry() -> dict:
    runs = [_run((10, 100), (5, 200), 1.0)]
    index = {"tier": "2k", "files": 15, "chunks": 2047, "tokens": 400000, "vectors": "real"}
    index |= {"build_seconds": 300.0, "embed_seconds": 290.0, "embedded_passages": 2047}
    index |= {"commit": "abc", "written_by_current_code": True}
    machine = {"commit": "abc", "cpu_model": "Xeon", "cpu_flags": ["avx2"], "logical_cores": 2, "memory_gib": 24}
    settings = {"questions": {"distinct": 10, "law_gold": 2, "norquad": 8, "seed": 13}}
    return {"command": "kildesvar bench", "started_at": "now", "machine": machine, "settings": settings} | {
        "index": index,
        "runs": runs,
        "summary": summarise(runs),
    }
