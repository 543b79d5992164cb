"""`kildesvar teams package`: the Teams app package to upload in Teams (or its admin center)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from service.teams.package import AppListing, build_package
from service.teams.settings import TeamsSettings

app = typer.Typer(add_completion=False, no_args_is_help=True)


@app.callback()
def teams() -> None:
    """The Microsoft Teams bot."""


@app.command()
def package(
    host: Annotated[str, typer.Option(help="Public host name the service answers on, e.g. kildesvar.kommune.no.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Zip file to write.")] = Path("kildesvar-teams.zip"),
    app_id: Annotated[
        str | None, typer.Option(help="Microsoft App ID of the bot. Default: KILDESVAR_TEAMS_APP_ID.")
    ] = None,
    version: Annotated[str, typer.Option(help="Version of the app package; raise it for every new upload.")] = "1.0.0",
    developer: Annotated[str, typer.Option(help="Publisher shown in Teams, e.g. the municipality.")] = "Kildesvar",
    privacy_url: Annotated[str | None, typer.Option(help="Privacy statement. Default: https://<host>/.")] = None,
    terms_url: Annotated[str | None, typer.Option(help="Terms of use. Default: https://<host>/.")] = None,
) -> None:
    """Build the Teams app package: manifest.json (schema 1.17), color.png and outline.png in one zip."""
    bot_id = app_id or TeamsSettings().app_id
    if not bot_id:
        raise typer.BadParameter("give --app-id or set KILDESVAR_TEAMS_APP_ID", param_hint="--app-id")
    try:
        listing = AppListing(bot_id, host, version, developer, privacy_url=privacy_url, terms_url=terms_url)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
    written = build_package(listing, out)
    Console(stderr=True).print(f"Skrev Teams-pakken {written} for bot-ID {bot_id}. Last den opp i Teams.")
