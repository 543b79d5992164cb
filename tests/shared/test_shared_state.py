"""The state every worker shares: sliding-window rate limits and seen keys in one SQLite file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from service.shared.limits import RateLimit, SlidingWindowLimiter
from service.shared.seen import SeenKeys
from service.shared.state import SharedState


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_limiter_allows_the_limit_per_window_per_bucket(tmp_path: Path):
    clock = FakeClock()
    limiter = SlidingWindowLimiter(SharedState(tmp_path / "state.sqlite3", clock=clock))
    limit = RateLimit(2, 60)
    assert limiter.acquire("a", limit) == 0 and limiter.acquire("a", limit) == 0
    clock.now += 10
    assert limiter.acquire("a", limit) == pytest.approx(50)
    assert limiter.acquire("b", limit) == 0
    clock.now += 50
    assert limiter.acquire("a", limit) == 0


def test_two_states_on_one_file_share_the_window(tmp_path: Path):
    clock = FakeClock()
    first, second = (SlidingWindowLimiter(SharedState(tmp_path / "s.sqlite3", clock=clock)) for _ in range(2))
    limit = RateLimit(3, 60)
    allowed = [limiter.acquire("ip:10.0.0.1", limit) == 0 for limiter in (first, second, first, second)]
    assert allowed == [True, True, True, False]


TAKE_SLOTS = """
import sys
from pathlib import Path
from service.shared.limits import RateLimit, SlidingWindowLimiter
from service.shared.state import SharedState
limiter = SlidingWindowLimiter(SharedState(Path(sys.argv[1])))
print(sum(limiter.acquire("key:k1", RateLimit(50, 3600)) == 0 for _ in range(30)))
"""


def test_processes_racing_for_the_last_slots_never_exceed_the_limit(tmp_path: Path):
    command = [sys.executable, "-c", TAKE_SLOTS, str(tmp_path / "s.sqlite3")]
    workers = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(4)]
    allowed = [int(worker.communicate(timeout=60)[0]) for worker in workers]
    assert sum(allowed) == 50


def test_rate_limits_parse_and_print():
    assert RateLimit.parse(" 5 / hour ") == RateLimit(5, 3600)
    assert str(RateLimit(30, 60)) == "30/minute"
    with pytest.raises(ValueError, match="30/minute"):
        RateLimit.parse("30 per minute")
    with pytest.raises(ValueError):
        RateLimit.parse("0/minute")


def test_seen_keys_answer_each_key_once_within_the_ttl_in_every_instance(tmp_path: Path):
    clock = FakeClock()
    path = tmp_path / "s.sqlite3"
    seen, other_worker = (SeenKeys(SharedState(path, clock=clock), "slack", ttl=60) for _ in range(2))
    assert seen.first_time("Ev1") and not seen.first_time("Ev1") and not other_worker.first_time("Ev1")
    clock.now += 59
    assert not other_worker.first_time("Ev1")
    clock.now += 2
    assert other_worker.first_time("Ev1")


def test_namespaces_keep_front_doors_apart(tmp_path: Path):
    state = SharedState(tmp_path / "s.sqlite3")
    assert SeenKeys(state, "slack").first_time("A1")
    assert SeenKeys(state, "teams").first_time("A1")
    assert not SeenKeys(state, "teams").first_time("A1")
