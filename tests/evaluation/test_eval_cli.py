"""`kildesvar eval` without ../shared: the suites that need it are skipped with a clear message."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kildesvar.cli import app


@pytest.mark.parametrize("suite", ["norquad", "law"])
def test_eval_skips_a_suite_whose_shared_data_is_absent(tmp_path, monkeypatch, suite):
    monkeypatch.setenv("KILDESVAR_SHARED_DIR", str(tmp_path / "no-shared"))
    report = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["eval", "--suite", suite, "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert f"{suite}: skipped" in result.output
    assert "KILDESVAR_SHARED_DIR" in result.output
    written = json.loads(report.read_text(encoding="utf-8"))
    assert [(s["name"], s["status"]) for s in written["suites"]] == [(suite, "skipped")]
    assert written["command"].startswith("kildesvar eval")


def test_eval_refuses_an_unknown_suite(tmp_path):
    result = CliRunner().invoke(app, ["eval", "--suite", "everything", "--report", str(tmp_path / "r.json")])
    assert result.exit_code != 0
