"""Sign-in sessions of the admin page, kept server-side in the state every worker shares.

Signing in with an admin key (`POST /admin/session`) creates a session: a random token in an `HttpOnly`,
`SameSite=Strict` cookie (`Secure` outside development) and, stored beside it, only the token's sha256, the
key's id and name, a CSRF token and the expiry. Each request looks the session up and checks the key again,
so revoking the key (or removing `KILDESVAR_API_KEY`) ends its sessions at once, in every worker. Signing out
deletes the row. On several hosts the table maps onto Redis like the rest of the shared state
(`SET session:<hash> ... EX <lifetime>`).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from service.keys.store import ApiKey
from service.shared.state import SharedState

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS admin_sessions (
        token_hash TEXT PRIMARY KEY,
        key_id TEXT NOT NULL,
        key_name TEXT NOT NULL,
        key_fingerprint TEXT NOT NULL,
        csrf_token TEXT NOT NULL,
        expires REAL NOT NULL
    )""",
)


@dataclass(frozen=True)
class AdminSession:
    key_id: str
    key_name: str
    key_fingerprint: str  # a hash of the key itself, so that a changed KILDESVAR_API_KEY ends its sessions
    csrf_token: str
    expires: float


class AdminSessions:
    def __init__(self, state: SharedState, lifetime_seconds: float) -> None:
        self.state = state
        self.lifetime = lifetime_seconds
        with state.transaction() as connection:
            for statement in _SCHEMA:
                connection.execute(statement)

    def start(self, key: ApiKey, raw_key: str) -> tuple[str, AdminSession]:
        """A new session for `key`: the cookie's token (shown once) and the session."""
        token = secrets.token_urlsafe(32)
        now = self.state.clock()
        session = AdminSession(
            key.id, key.name, key_fingerprint(raw_key), secrets.token_urlsafe(32), now + self.lifetime
        )
        with self.state.transaction() as connection:
            connection.execute("DELETE FROM admin_sessions WHERE expires <= ?", (now,))
            connection.execute(
                "INSERT INTO admin_sessions VALUES (?, ?, ?, ?, ?, ?)",
                (
                    _hash(token),
                    session.key_id,
                    session.key_name,
                    session.key_fingerprint,
                    session.csrf_token,
                    session.expires,
                ),
            )
        return token, session

    def find(self, token: str) -> AdminSession | None:
        """The live session of this cookie token; None when unknown or expired."""
        with self.state.transaction() as connection:
            row = connection.execute(
                "SELECT key_id, key_name, key_fingerprint, csrf_token, expires FROM admin_sessions "
                "WHERE token_hash = ? AND expires > ?",
                (_hash(token), self.state.clock()),
            ).fetchone()
        return AdminSession(*row) if row else None

    def end(self, token: str) -> None:
        with self.state.transaction() as connection:
            connection.execute("DELETE FROM admin_sessions WHERE token_hash = ?", (_hash(token),))


def key_fingerprint(raw_key: str) -> str:
    return hashlib.sha256(b"kildesvar-admin-key\0" + raw_key.encode()).hexdigest()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
