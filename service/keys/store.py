"""Named API keys with a scope, kept in SQLite under the data dir. Only a hash of each key is stored.

A key reads `ks_<id>_<secret>`: the id finds the one record to check (no scan over every hash), the secret
is checked against its scrypt hash (hashlib's, memory-hard). A key that verified once is remembered by its
SHA-256 in the process, so scrypt runs once per key and process; whether the key is revoked is read from
the file on every request, so a revocation holds at once in every worker.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, get_args

from vectorstore.sqlite_file import transaction

KEYS_FILENAME = "api-keys.sqlite3"
KEY_PREFIX = "ks"

Scope = Literal["ask", "admin"]
SCOPES: tuple[Scope, ...] = get_args(Scope)

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_MAX_REMEMBERED = 10_000

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('ask', 'admin')),
        rate_limit TEXT,
        salt BLOB NOT NULL,
        hash BLOB NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    )""",
    "CREATE UNIQUE INDEX IF NOT EXISTS active_key_names ON api_keys (name) WHERE revoked_at IS NULL",
)
_COLUMNS = "id, name, scope, rate_limit, created_at, revoked_at"


class KeyNameTaken(ValueError):
    """An active key already has this name."""


@dataclass(frozen=True)
class ApiKey:
    """What is known about a key, never the key itself. `rate_limit` None means the service's default."""

    id: str
    name: str
    scope: Scope
    created_at: datetime
    rate_limit: str | None = None
    revoked_at: datetime | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def allows(self, scope: Scope) -> bool:
        """An admin key may do everything an ask key may."""
        return self.scope == "admin" or self.scope == scope


class KeyStore:
    """The key file; safe to share between threads and processes (one connection per call)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._verified: dict[bytes, str] = {}

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> KeyStore:
        return cls(data_dir / KEYS_FILENAME)

    def create(self, name: str, scope: Scope, rate_limit: str | None = None) -> tuple[ApiKey, str]:
        """A new key: its record and the key itself, which is shown once and never stored."""
        key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
        salt = secrets.token_bytes(16)
        record = ApiKey(key_id, name, scope, datetime.now(UTC).replace(microsecond=0), rate_limit)
        row = (key_id, name, scope, rate_limit, salt, _hash(secret, salt), record.created_at.isoformat())
        try:
            with self._connection() as db:
                db.execute(
                    "INSERT INTO api_keys (id, name, scope, rate_limit, salt, hash, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    row,
                )
        except sqlite3.IntegrityError as error:
            raise KeyNameTaken(f"an active key is already named {name!r}") from error
        return record, f"{KEY_PREFIX}_{key_id}_{secret}"

    def records(self) -> list[ApiKey]:
        """Every key, revoked ones too, oldest first."""
        if not self.path.exists():
            return []
        with self._connection() as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM api_keys ORDER BY created_at, rowid").fetchall()
        return [_record(row) for row in rows]

    def revoke(self, name_or_id: str) -> ApiKey | None:
        """Revoke the active key with this name (or id); None when there is none."""
        if not self.path.exists():
            return None
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        with self._connection() as db:
            row = db.execute(
                f"UPDATE api_keys SET revoked_at = ? WHERE revoked_at IS NULL AND (name = ? OR id = ?) "
                f"RETURNING {_COLUMNS}",
                (now, name_or_id, name_or_id),
            ).fetchone()
        return _record(row) if row else None

    def any_created(self) -> bool:
        """Whether a key was ever created here (revoked keys count: revoking the last key opens nothing)."""
        if not self.path.exists():
            return False
        with self._connection() as db:
            return db.execute("SELECT 1 FROM api_keys LIMIT 1").fetchone() is not None

    def verify(self, raw: str) -> ApiKey | None:
        """The record of this key (revoked or not) when it is genuine; None for anything else."""
        parts = raw.split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_PREFIX or not self.path.exists():
            return None
        key_id, secret = parts[1], parts[2]
        with self._connection() as db:
            row = db.execute(f"SELECT {_COLUMNS}, salt, hash FROM api_keys WHERE id = ?", (key_id,)).fetchone()
        if row is None:
            return None
        fingerprint = hashlib.sha256(raw.encode()).digest()
        if self._verified.get(fingerprint) != key_id:
            if not hmac.compare_digest(_hash(secret, row[-2]), row[-1]):
                return None
            if len(self._verified) >= _MAX_REMEMBERED:
                self._verified.clear()
            self._verified[fingerprint] = key_id
        return _record(row[:-2])

    def _connection(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self.path, _SCHEMA)


def _hash(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode(), salt=salt, dklen=32, **_SCRYPT)


def _record(row: tuple) -> ApiKey:
    key_id, name, scope, rate_limit, created_at, revoked_at = row
    return ApiKey(
        id=key_id,
        name=name,
        scope=scope,
        created_at=datetime.fromisoformat(created_at),
        rate_limit=rate_limit,
        revoked_at=datetime.fromisoformat(revoked_at) if revoked_at else None,
    )
