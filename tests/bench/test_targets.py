"""Issue 13's targets read from the results JSON: the figure each compares, and unmeasured ones left open."""

from __future__ import annotations

from typing import Any

from bench.targets import LOVDATA_E5_TOKENS, check_targets


def _cell(system: str, ask_p50: float, cold_start: float = 2.0, rss: float = 800.0) -> dict[str, Any]:
    phases = [{"route": "ask", "clients": 1, "p50_ms": ask_p50, "per_second": 1000 / ask_p50}]
    return {"system": system, "chroma": "server", "workers": 1, "cold_start_s": cold_start, "rss_peak_mb": rss} | {
        "phases": phases
    }


def _tier(ask_p50: float, ratio_per_second: float, **ours: float) -> dict[str, Any]:
    ratio = {"chroma": "server", "workers": 1, "route": "ask", "clients": 16, "per_second": ratio_per_second}
    update = {"source": "lover/a.md", "chunks": 12, "seconds": 4.0, "embed_seconds": 1.5, "fixed_seconds": 2.5}
    summary = {"cells": [_cell("kildesvar", ask_p50, **ours), _cell("llamaindex", 20.0)], "ratios": [ratio]}
    return {"summary": summary | {"update": update, "ingest": {"ingest_tokens_per_s": 3000.0}}}


def test_the_p50_growth_compares_the_100k_tier_with_the_2k_tier_in_each_configuration():
    within = {check.target: check for check in check_targets({"tiers": {"2k": _tier(50, 1.2), "100k": _tier(60, 1.1)}})}
    beyond = {check.target: check for check in check_targets({"tiers": {"2k": _tier(50, 1.2), "100k": _tier(70, 1.1)}})}
    (growth,) = [target for target in within if "p50 at 100k" in target]
    assert within[growth].met is True and "server/1w 1.20x" in within[growth].measured
    assert beyond[growth].met is False and "server/1w 1.40x" in beyond[growth].measured


def test_answers_per_second_must_reach_the_peer_at_every_tier():
    checks = check_targets({"tiers": {"2k": _tier(50, 1.2), "20k": _tier(55, 0.8), "100k": _tier(60, 1.1)}})
    (throughput,) = [check for check in checks if check.target.startswith("16 clients")]
    assert throughput.met is False and throughput.measured.startswith("0.80x at worst (20k, server/1w)")


def test_cold_start_and_memory_are_judged_at_their_own_tiers():
    checks = {check.target: check for check in check_targets({"tiers": {"100k": _tier(60, 1.1, cold_start=6.0)}})}
    cold = next(check for target, check in checks.items() if target.startswith("cold start"))
    memory = next(check for target, check in checks.items() if target.startswith("peak RSS"))
    assert cold.met is False and "6.0 s" in cold.measured
    # 800 MB at 100k says nothing certain about 150k: left open, with the figure shown.
    assert memory.met is None and "800.0 MB at 100k" in memory.measured


def test_targets_whose_tiers_were_not_run_are_not_measured_rather_than_guessed():
    checks = check_targets({"tiers": {"20k": _tier(55, 1.3)}})
    open_targets = [check.target for check in checks if check.met is None]
    assert len(open_targets) == 5 and [check.met for check in checks if check.met is not None] == [True]


def test_the_lovdata_estimate_scales_the_measured_ingest_rate_to_all_of_lovdata():
    (estimate,) = [check for check in check_targets({"tiers": {"2k": _tier(50, 1.0)}}) if "ingests" in check.target]
    hours = LOVDATA_E5_TOKENS / 3000 / 3600
    assert estimate.met is (hours < 4) and f"about {hours:.1f} h" in estimate.measured
