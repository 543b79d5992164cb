"""`kildesvar bench --tier smoke`: the harness end to end on a few hundred Lovdata chunks, in seconds of load.

What it holds is the harness, not the speed: every measure the benchmark reports is present for both
systems, in both Chroma modes, no request failed, and the table and the plot are written. It runs two uvicorn
workers only (the harness code is the same for any count, and each server start loads the model again:
one worker count halves the test's time in CI).
KILDESVAR_TEST_BENCH_PORT_BASE picks the two ports it uses (free ports otherwise).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.report import BEGIN, END

pytestmark = [pytest.mark.slow, pytest.mark.shared]

BIN = Path(sys.executable).parent
SYSTEMS = {"kildesvar", "llamaindex"}
CONFIGURATIONS = {("embedded", 2), ("server", 2)}
PHASES = {(route, clients) for route in ("ask", "search") for clients in (1, 16)}


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> tuple[dict, Path]:
    """One smoke run: its results JSON and its output folder."""
    out = tmp_path_factory.mktemp("bench")
    command = [str(BIN / "kildesvar"), "bench", "--tier", "smoke", "--runs", "1", "--seconds", "1", "--workers", "2"]
    command += ["--cache-dir", str(out / "cache"), "--output", str(out / "bench.json"), "--markdown"]
    command += [str(out / "performance.md"), "--port-base", os.environ.get("KILDESVAR_TEST_BENCH_PORT_BASE", "0")]
    env = {name: value for name, value in os.environ.items() if not name.startswith("KILDESVAR_")}
    env["KILDESVAR_SHARED_DIR"] = str(shared_dir)
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, f"kildesvar bench failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return json.loads((out / "bench.json").read_text(encoding="utf-8")), out


def test_the_smoke_tier_is_labelled_with_random_vectors(smoke):
    index = smoke[0]["tiers"]["smoke"]["index"]
    assert index["vectors"] == "random" and index["embedder"].startswith("random-unit-vectors")
    assert 250 <= index["chunks"] < 2000 and index["tokens"] > index["chunks"]


def test_ingest_is_measured_end_to_end_and_for_the_bare_embedder(smoke):
    entry = smoke[0]["tiers"]["smoke"]
    ingest = entry["runs"][0]["ingest"]
    assert ingest["chunks"] > 0 and ingest["tokens"] > ingest["chunks"]
    assert ingest["ingest_seconds"] > 0 and ingest["embed_seconds"] > 0
    assert set(entry["summary"]["ingest"]) >= {"ingest_tokens_per_s", "embedder_tokens_per_s", "ingest_chunks_per_s"}


def test_changing_one_file_is_measured_with_its_embedding_apart(smoke):
    entry = smoke[0]["tiers"]["smoke"]
    update = entry["runs"][0]["update"]
    assert update["source"].startswith(("lover/", "forskrifter/"))
    assert update["chunks"] > 0 and update["seconds"] > update["embed_seconds"] >= 0
    assert entry["summary"]["update"]["fixed_seconds"] > 0


def test_every_measure_is_there_for_both_systems_in_every_configuration(smoke):
    cells = smoke[0]["tiers"]["smoke"]["summary"]["cells"]
    assert {(c["system"], c["chroma"], c["workers"]) for c in cells} == {
        (system, *config) for system in SYSTEMS for config in CONFIGURATIONS
    }
    for cell in cells:
        assert cell["cold_start_s"] > 0 and cell["rss_peak_mb"] > 50, cell
        assert {(p["route"], p["clients"]) for p in cell["phases"]} == PHASES
        for phase in cell["phases"]:
            assert phase["errors"] == 0, (cell["system"], cell["chroma"], cell["workers"], phase)
            assert phase["per_second"] > 0 and 0 < phase["p50_ms"] <= phase["p95_ms"] <= phase["p99_ms"], phase


def test_ratios_to_the_peer_cover_every_configuration_route_and_client_count(smoke):
    ratios = smoke[0]["tiers"]["smoke"]["summary"]["ratios"]
    assert {(r["chroma"], r["workers"], r["route"], r["clients"]) for r in ratios} == {
        (*config, *phase) for config in CONFIGURATIONS for phase in PHASES
    }
    assert all(r["per_second"] > 0 and r["p50"] > 0 for r in ratios)


def test_the_run_records_the_machine_and_its_load(smoke):
    entry = smoke[0]["tiers"]["smoke"]
    assert entry["machine"]["cpu_model"] and entry["machine"]["logical_cores"] >= 1
    assert entry["summary"]["load_average_1min"]["max"] >= 0
    assert entry["command"].startswith("kildesvar bench --tier smoke")


def test_the_table_and_the_plot_are_written(smoke):
    _, out = smoke
    table = (out / "performance.md").read_text(encoding="utf-8")
    assert BEGIN in table and END in table and "| smoke |" in table and "random (latency only)" in table
    assert (out / "bench.png").read_bytes().startswith(b"\x89PNG")
