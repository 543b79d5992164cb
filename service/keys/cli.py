"""`kildesvar keys create|list|revoke`: named API keys for the integrations and content owners of one service."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from service.keys.store import KeyNameTaken, KeyStore, Scope
from service.shared.limits import RateLimit
from vectorstore.settings import StoreSettings

app = typer.Typer(add_completion=False, no_args_is_help=True)
console = Console(stderr=True)


def _store() -> KeyStore:
    return KeyStore.in_data_dir(StoreSettings().data_dir)


@app.callback()
def keys() -> None:
    """API keys, stored as hashes in <KILDESVAR_DATA_DIR>/api-keys.sqlite3."""


@app.command()
def create(
    name: Annotated[str, typer.Argument(help="Who the key is for, e.g. 'saksbehandling' or 'intranett'.")],
    scope: Annotated[Scope, typer.Option(help="`ask`: questions, search, feedback. `admin`: everything.")] = "ask",
    rate_limit: Annotated[
        str | None, typer.Option(help="This key's own limit, e.g. 600/minute; default KILDESVAR_KEY_RATE_LIMIT.")
    ] = None,
) -> None:
    """Create a key and print it once (only its hash is kept)."""
    if rate_limit is not None:
        try:
            RateLimit.parse(rate_limit)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--rate-limit") from error
    try:
        record, key = _store().create(name.strip(), scope, rate_limit)
    except KeyNameTaken:
        console.print(f"[red]Det finnes allerede en aktiv nøkkel med navnet «{name}».[/red]")
        raise typer.Exit(1) from None
    console.print(f"Nøkkel «{record.name}» ({record.scope}) er laget. Den vises bare nå; lagre den trygt:")
    print(key)


@app.command(name="list")
def list_keys() -> None:
    """Show every key: id, name, scope, limit, created, revoked."""
    table = Table("id", "name", "scope", "rate limit", "created", "revoked")
    for record in _store().records():
        revoked = record.revoked_at.isoformat() if record.revoked_at else ""
        table.add_row(
            record.id, record.name, record.scope, record.rate_limit or "default", record.created_at.isoformat(), revoked
        )
    Console().print(table)


@app.command()
def revoke(name_or_id: Annotated[str, typer.Argument(help="The key's name or id (see `keys list`).")]) -> None:
    """Revoke a key: requests with it get 403 from then on, in every worker."""
    record = _store().revoke(name_or_id)
    if record is None:
        console.print(f"[red]Fant ingen aktiv nøkkel med navn eller id «{name_or_id}».[/red]")
        raise typer.Exit(1)
    console.print(f"Nøkkel «{record.name}» ({record.id}) er trukket tilbake.")
