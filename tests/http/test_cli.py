"""`kildesvar serve` starts uvicorn on the app factory; --host/--port override the settings."""

from __future__ import annotations

import uvicorn
from typer.testing import CliRunner

from kildesvar.cli import app


def run_serve(monkeypatch, *args: str) -> dict:
    calls: list[tuple[tuple, dict]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append((a, kw)))
    result = CliRunner().invoke(app, ["serve", *args])
    assert result.exit_code == 0, result.output
    ((target,), options) = calls[0]
    return {"target": target, **options}


def test_serve_runs_the_app_factory_with_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("KILDESVAR_PORT", "8123")
    monkeypatch.setenv("KILDESVAR_LOG_LEVEL", "warning")
    call = run_serve(monkeypatch)
    log_config = call.pop("log_config")
    assert call == {
        "target": "service.http.app:create_app",
        "factory": True,
        "host": "127.0.0.1",
        "port": 8123,
        "workers": 1,
        "log_level": "warning",
        "access_log": False,
        "proxy_headers": False,
        "forwarded_allow_ips": None,
    }
    assert log_config["root"]["level"] == "WARNING"
    assert log_config["formatters"]["default"] == {"()": "service.http.json_logs.JsonFormatter"}


def test_serve_believes_forwarded_headers_only_from_the_configured_proxies(monkeypatch):
    monkeypatch.setenv("KILDESVAR_FORWARDED_ALLOW_IPS", "10.0.0.5,10.0.0.6")
    call = run_serve(monkeypatch, "--workers", "4")
    assert (call["proxy_headers"], call["forwarded_allow_ips"], call["workers"]) == (True, "10.0.0.5,10.0.0.6", 4)


def test_serve_options_override_the_settings(monkeypatch):
    monkeypatch.setenv("KILDESVAR_PORT", "8123")
    call = run_serve(monkeypatch, "--host", "0.0.0.0", "--port", "9000")
    assert (call["host"], call["port"]) == ("0.0.0.0", 9000)


def test_serve_help_lists_its_options():
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "--port" in result.output
