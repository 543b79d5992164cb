"""The bot's own token for its calls to the Bot Framework connector (replies, typing, card updates).

OAuth 2.0 client credentials from the municipality's Entra ID tenant, through MSAL, which keeps each token
until shortly before it expires. The SDK's own client-secret path cannot present a certificate, nor reach a
login endpoint other than Microsoft's (MSAL's instance discovery asks login.microsoftonline.com about any
other host), so the SDK is given this provider instead (`App(token=...)`): the same MSAL call, with either
credential, against `KILDESVAR_TEAMS_LOGIN_URL`.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import msal
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from service.teams.settings import TeamsSettings


class TokenUnavailable(RuntimeError):
    """Entra ID refused or could not be reached; the message carries its error code, never the secret."""


class AppTokens:
    """`await tokens(scope, tenant_id)` -> an access token for the app, as the SDK's token provider."""

    def __init__(self, settings: TeamsSettings) -> None:
        assert settings.app_id and settings.tenant_id, "AppTokens needs the app id and the tenant id"
        self.client_id = settings.app_id
        self.tenant_id = settings.tenant_id
        self.login_url = settings.login_url
        if settings.certificate_path is not None:
            self.credential: Any = certificate_credential(settings.certificate_path)
        else:
            assert settings.app_password is not None, "AppTokens needs a client secret or a certificate"
            self.credential = settings.app_password.get_secret_value()
        self._clients: dict[str, msal.ConfidentialClientApplication] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: str | list[str], tenant_id: str | None = None) -> str:
        scopes = [scope] if isinstance(scope, str) else scope
        return await asyncio.to_thread(self._acquire, scopes, tenant_id or self.tenant_id)

    def _acquire(self, scopes: list[str], tenant_id: str) -> str:
        """The cached token, or a new one; one request at a time, so concurrent answers share a token."""
        with self._lock:
            result = self._client(tenant_id).acquire_token_for_client(scopes)
        token = result.get("access_token") if isinstance(result, dict) else None
        if not token:
            error = result.get("error", "unknown_error") if isinstance(result, dict) else "unknown_error"
            raise TokenUnavailable(f"Entra ID gave no token for {' '.join(scopes)} ({error})")
        return str(token)

    def _client(self, tenant_id: str) -> msal.ConfidentialClientApplication:
        """One MSAL application per tenant; creating it reads the tenant's OpenID configuration once."""
        if tenant_id not in self._clients:
            self._clients[tenant_id] = msal.ConfidentialClientApplication(
                self.client_id,
                client_credential=self.credential,
                authority=f"{self.login_url}/{tenant_id}",
                instance_discovery=False,
            )
        return self._clients[tenant_id]


def certificate_credential(path: Path) -> dict[str, str]:
    """MSAL's certificate credential from one PEM file with the private key and the certificate.

    MSAL derives the thumbprint from the certificate and signs its client assertion with the key.
    """
    pem = path.read_bytes()
    key = serialization.load_pem_private_key(pem, password=None)
    certificate = x509.load_pem_x509_certificate(pem)
    return {
        "private_key": key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode("ascii"),
        "public_certificate": certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    }
