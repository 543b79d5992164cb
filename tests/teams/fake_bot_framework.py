"""A stand-in for the Microsoft services the Teams bot talks to, on loopback (aiohttp, in its own thread):

- the Bot Framework's OpenID metadata and the JWKS of a test signing key (`/v1/.well-known/...`), which the
  app is configured to trust; `channel_token()` signs the tokens the Bot Framework puts on activities;
- the Bot Framework connector at `service_url`: `POST /v3/conversations/{id}/activities` records what the
  bot sends and answers with a new activity id, but only for a bearer token the login endpoint issued;
- an Entra ID login endpoint over https (MSAL insists on https): the tenant's OpenID configuration and a
  client-credentials token endpoint that checks the client secret or the certificate's client assertion.

It runs in a thread with its own event loop because the SDK fetches the JWKS with a blocking call on the
app's loop, as it would from Microsoft.
"""

from __future__ import annotations

import asyncio
import datetime
import functools
import ipaddress
import itertools
import ssl
import threading
import time
import uuid
from base64 import urlsafe_b64encode
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tests.chat.app import poll

APP_ID = "3f2b9c1e-5a7d-4e8f-9b0c-1d2e3f4a5b6c"
TENANT_ID = "6d8e0f2a-4b6c-4d8e-8f0a-2b4c6d8e0f1a"
OTHER_TENANT_ID = "11111111-2222-4333-8444-555555555555"
APP_PASSWORD = "Kx8Q~test-client-secret-for-the-stand-in"
BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default"


@dataclass
class Posted:
    """One activity the bot sent to the connector."""

    conversation_id: str
    activity: dict[str, Any]
    authorization: str

    @property
    def type(self) -> str:
        return self.activity.get("type", "")

    @property
    def card(self) -> dict[str, Any]:
        [attachment] = self.activity["attachments"]
        assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
        return attachment["content"]


@dataclass
class TokenRequest:
    form: dict[str, str]
    granted: bool


@functools.cache
def rsa_key(name: str) -> rsa.RSAPrivateKey:
    """One 2048-bit key per name and test session (making one takes a noticeable part of a second)."""
    return rsa.generate_private_key(65537, 2048)


@dataclass
class SigningKey:
    """A key published (or not) under `kid`; `key_name` picks another private key for the same kid."""

    kid: str
    key_name: str | None = None

    @property
    def private(self) -> rsa.RSAPrivateKey:
        return rsa_key(self.key_name or self.kid)

    def jwk(self) -> dict[str, Any]:
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        return {**public, "kid": self.kid, "use": "sig", "endorsements": ["msteams"]}


class FakeBotFramework:
    """Start with `FakeBotFramework(tmp_path).start()`, stop with `.stop()`; everything it saw is recorded."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.channel_key = SigningKey("test-channel-key")
        self.entra_key = SigningKey("test-entra-key")
        self.certificate_key = rsa_key("app-certificate")
        self.app_certificate = _self_signed(self.certificate_key, "kildesvar-bot")
        self.posted: list[Posted] = []
        self.answer_ids: list[str] = []
        self.token_requests: list[TokenRequest] = []
        self.issued: set[str] = set()
        self._ids = itertools.count(int(time.time() * 1000))
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-bot-framework", daemon=True)
        self._runners: list[web.AppRunner] = []
        self.port = self.login_port = 0
        self.ca_file = folder / "loopback-ca.pem"
        self.certificate_file = folder / "app-certificate.pem"

    # -- life cycle

    def start(self) -> FakeBotFramework:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        for runner in self._runners:
            asyncio.run_coroutine_threadsafe(runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    async def _serve(self) -> None:
        connector = web.Application()
        connector.router.add_get("/v1/.well-known/openidconfiguration", self._openid_metadata)
        connector.router.add_get("/v1/.well-known/keys", self._keys)
        connector.router.add_post("/v3/conversations/{conversation_id}/activities", self._post_activity)
        connector.router.add_post("/v3/conversations/{conversation_id}/activities/{reply_to}", self._post_activity)
        self.port = await self._listen(connector, None)
        login = web.Application()
        login.router.add_get("/{tenant}/v2.0/.well-known/openid-configuration", self._tenant_configuration)
        login.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        self.login_port = await self._listen(login, self._tls_context())

    async def _listen(self, app: web.Application, tls: ssl.SSLContext | None) -> int:
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=tls)
        await site.start()
        self._runners.append(runner)
        return site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    # -- addresses

    @property
    def service_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def openid_metadata_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1/.well-known/openidconfiguration"

    @property
    def login_url(self) -> str:
        return f"https://127.0.0.1:{self.login_port}"

    # -- what tests use

    def channel_token(
        self,
        audience: str = APP_ID,
        issuer: str = BOT_FRAMEWORK_ISSUER,
        expires_in: int = 3600,
        service_url: str | None = None,
        key: SigningKey | None = None,
    ) -> str:
        """A token as the Bot Framework signs it for an activity it delivers to the bot."""
        now = int(time.time())
        claims = {
            "iss": issuer,
            "aud": audience,
            "iat": now - 60,
            "nbf": now - 60,
            "exp": now + expires_in,
            "serviceurl": service_url or self.service_url,
        }
        signer = key or self.channel_key
        return jwt.encode(claims, signer.private, algorithm="RS256", headers={"kid": signer.kid})

    def sent(self, kind: str = "message") -> list[Posted]:
        return [posted for posted in self.posted if posted.type == kind]

    async def wait_for(self, condition: Callable[[], Any], timeout: float = 15.0) -> Any:
        """Poll until `condition()` is truthy; fail the test after `timeout` seconds."""
        return await poll(condition, timeout, lambda: [posted.type for posted in self.posted])

    def write_app_certificate(self) -> Path:
        """The PEM (private key + self-signed certificate) an admin would upload to the app registration."""
        certificate = self.app_certificate.public_bytes(serialization.Encoding.PEM)
        self.certificate_file.write_bytes(_key_pem(self.certificate_key) + certificate)
        return self.certificate_file

    # -- Bot Framework

    async def _openid_metadata(self, request: web.Request) -> web.Response:
        base = f"http://127.0.0.1:{self.port}"
        return web.json_response(
            {
                "issuer": BOT_FRAMEWORK_ISSUER,
                "authorization_endpoint": f"{base}/v1/.well-known/authorize",
                "jwks_uri": f"{base}/v1/.well-known/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _keys(self, request: web.Request) -> web.Response:
        return web.json_response({"keys": [self.channel_key.jwk()]})

    async def _post_activity(self, request: web.Request) -> web.Response:
        authorization = request.headers.get("Authorization", "")
        if authorization.removeprefix("Bearer ") not in self.issued:
            return web.json_response({"error": {"code": "Unauthorized"}}, status=401)
        activity = await request.json()
        self.posted.append(Posted(request.match_info["conversation_id"], activity, authorization))
        if activity.get("type") == "typing":
            return web.json_response({}, status=201)
        activity_id = str(next(self._ids))
        self.answer_ids.append(activity_id)
        return web.json_response({"id": activity_id}, status=201)

    # -- Entra ID

    async def _tenant_configuration(self, request: web.Request) -> web.Response:
        tenant = request.match_info["tenant"]
        base = f"{self.login_url}/{tenant}"
        return web.json_response(
            {
                "issuer": f"{base}/v2.0",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "token_endpoint": f"{base}/oauth2/v2.0/token",
            }
        )

    async def _token(self, request: web.Request) -> web.Response:
        form = {key: str(value) for key, value in (await request.post()).items()}
        tenant = request.match_info["tenant"]
        granted = (
            tenant == TENANT_ID
            and form.get("grant_type") == "client_credentials"
            and form.get("client_id") == APP_ID
            and form.get("scope") == BOT_FRAMEWORK_SCOPE
            and self._client_authenticated(form, str(request.url))
        )
        self.token_requests.append(TokenRequest(form, granted))
        if not granted:
            return web.json_response({"error": "invalid_client", "error_description": "AADSTS7000215"}, status=401)
        now = int(time.time())
        token = jwt.encode(
            {"aud": BOT_FRAMEWORK_ISSUER, "iss": f"https://sts.windows.net/{tenant}/", "appid": APP_ID,
             "tid": tenant, "iat": now, "nbf": now, "exp": now + 3600, "jti": str(uuid.uuid4())},
            self.entra_key.private, algorithm="RS256", headers={"kid": self.entra_key.kid},
        )  # fmt: skip
        self.issued.add(token)
        return web.json_response({"token_type": "Bearer", "expires_in": 3599, "access_token": token})

    def _client_authenticated(self, form: dict[str, str], token_url: str) -> bool:
        if "client_secret" in form:
            return form["client_secret"] == APP_PASSWORD
        assertion = form.get("client_assertion", "")
        if form.get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer":
            return False
        header = jwt.get_unverified_header(assertion)
        thumbprint = urlsafe_b64encode(self.app_certificate.fingerprint(hashes.SHA256())).rstrip(b"=").decode()
        if str(header.get("x5t#S256", "")).rstrip("=") != thumbprint:
            return False
        try:
            claims = jwt.decode(
                assertion, self.certificate_key.public_key(), algorithms=["PS256", "RS256"], audience=token_url
            )
        except jwt.InvalidTokenError:
            return False
        return claims.get("iss") == APP_ID and claims.get("sub") == APP_ID

    def _tls_context(self) -> ssl.SSLContext:
        """A certificate for 127.0.0.1, self-signed, written to `ca_file` for the client to trust."""
        key = rsa_key("loopback-tls")
        certificate = _self_signed(key, "127.0.0.1", address="127.0.0.1")
        self.ca_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        key_file = self.folder / "loopback-key.pem"
        key_file.write_bytes(_key_pem(key))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.ca_file, key_file)
        return context


def _self_signed(key: rsa.RSAPrivateKey, name: str, address: str | None = None) -> x509.Certificate:
    """A self-signed certificate for `key`; with `address`, valid for that IP address and usable as its CA."""
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=address is not None, path_length=None), critical=True)
    )
    if address:
        san = x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(address))])
        builder = builder.add_extension(san, critical=False)
    return builder.sign(key, hashes.SHA256())


def _key_pem(key: rsa.RSAPrivateKey) -> bytes:
    pkcs8 = serialization.PrivateFormat.PKCS8
    return key.private_bytes(serialization.Encoding.PEM, pkcs8, serialization.NoEncryption())
