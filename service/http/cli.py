"""`kildesvar serve`: run the HTTP API with uvicorn, building the app through `create_app`.

Nothing heavy is imported until the server starts; the `kildesvar` script imports this module on demand.
"""

from __future__ import annotations

from typing import Annotated

import typer

from service.http.settings import ServiceSettings

app = typer.Typer(add_completion=False)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind; overrides KILDESVAR_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port; overrides KILDESVAR_PORT.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes; limits hold across them.")] = 1,
) -> None:
    """Start the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    settings = ServiceSettings()
    uvicorn.run(
        "service.http.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_level=settings.log_level,
        # X-Forwarded-For only from the configured proxies; uvicorn's own default trusts 127.0.0.1.
        proxy_headers=bool(settings.forwarded_allow_ips.strip()),
        forwarded_allow_ips=settings.forwarded_allow_ips.strip() or None,
    )
