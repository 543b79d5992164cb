"""`kildesvar serve`: run the HTTP API with uvicorn, building the app through `create_app`.

Nothing heavy is imported until the server starts; the `kildesvar` script imports this module on demand.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from service.http.settings import ServiceSettings

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"  # read by prometheus-client when it is first imported

app = typer.Typer(add_completion=False)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind; overrides KILDESVAR_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port; overrides KILDESVAR_PORT.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes; limits hold across them.")] = 1,
) -> None:
    """Start the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    from service.http.json_logs import log_config

    settings = ServiceSettings()
    with metrics_folder():
        uvicorn.run(
            "service.http.app:create_app",
            factory=True,
            host=host or settings.host,
            port=port or settings.port,
            workers=workers,
            log_level=settings.log_level,
            log_config=log_config(settings.log_level, settings.log_format),
            access_log=False,  # uvicorn's prints query strings; service.http.telemetry writes the access log
            # X-Forwarded-For only from the configured proxies; uvicorn's own default trusts 127.0.0.1.
            proxy_headers=bool(settings.forwarded_allow_ips.strip()),
            forwarded_allow_ips=settings.forwarded_allow_ips.strip() or None,
        )


@contextmanager
def metrics_folder() -> Iterator[None]:
    """A fresh folder where every worker writes its metrics (prometheus-client's multiprocess mode), removed
    at the end; kept as it is when PROMETHEUS_MULTIPROC_DIR is already set."""
    if os.environ.get(MULTIPROCESS_DIR):
        yield
        return
    folder = tempfile.mkdtemp(prefix="kildesvar-metrics-")
    os.environ[MULTIPROCESS_DIR] = folder
    try:
        yield
    finally:
        del os.environ[MULTIPROCESS_DIR]
        shutil.rmtree(folder, ignore_errors=True)
