"""The Chroma collection: embedded under the data dir, or on a `chroma run` server, connected on first use.

A server that is down when the store opens is no error: the store connects when it first needs Chroma and
again after a failure, so a service started before its Chroma server, or outliving a restart of it, recovers
by itself. Calls that cannot reach the server raise `StoreUnavailable`, within a time budget.

chromadb's HTTP client sends every request without a time limit (`httpx.Client(timeout=None)`, see
chroma-core/chroma#5805) and has no setting for one, so a server that accepts connections but does not
answer (`kill -STOP`) would hold its callers forever. The store therefore checks that the server answers its
heartbeat in time before it builds a client (the client's constructor already sends requests), gives the
client's httpx session the budget as its timeout, and retries a call whose connection failed (refused, reset:
a restarting server, a stale keep-alive connection) a couple of times. After a failure a circuit breaker
refuses calls for `chroma_retry_after_seconds`, then lets one call at a time probe the server: a dead server
costs a request one fast error, not one time-out per Chroma call.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlparse

import chromadb
import httpx
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from vectorstore.circuit_breaker import CircuitBreaker, CircuitOpen
from vectorstore.errors import StoreUnavailable
from vectorstore.settings import StoreSettings

T = TypeVar("T")
_ATTEMPTS = 3
_FIRST_PAUSE = 0.1
_RETRYABLE = (httpx.NetworkError, httpx.RemoteProtocolError)  # the request never reached a working server


def open_client(settings: StoreSettings) -> chromadb.api.ClientAPI:
    """A client of the Chroma server when `chroma_url` is set, else a `PersistentClient` under the data dir.

    Telemetry off. For a server, raises httpx's error when it does not answer its heartbeat within
    `chroma_timeout_seconds`, and `StoreUnavailable` when it answers but refuses the client.
    """
    telemetry_off = ChromaSettings(anonymized_telemetry=False)
    if not settings.chroma_url:
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=telemetry_off)
    url = urlparse(settings.chroma_url)
    timeout = httpx.Timeout(settings.chroma_timeout_seconds, connect=min(settings.chroma_timeout_seconds, 1.0))
    httpx.get(f"{settings.chroma_url.rstrip('/')}/api/v2/heartbeat", timeout=timeout).raise_for_status()
    try:
        client = chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=telemetry_off,
        )
    except ValueError as error:  # chromadb's wording for any failure to reach the server while connecting
        raise StoreUnavailable(f"could not connect to the Chroma server at {settings.chroma_url}: {error}") from error
    client._server._session.timeout = timeout  # type: ignore[attr-defined]  # no setting for it: see above
    return client


def open_collection(client: chromadb.api.ClientAPI, name: str) -> Collection:
    """The named collection with cosine distance, created on first use."""
    return client.get_or_create_collection(name=name, configuration={"hnsw": {"space": "cosine"}})


class ChromaCollection:
    """The store's collection, opened lazily and again after a failure. Thread-safe."""

    def __init__(self, settings: StoreSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._collection: Collection | None = None
        self._breaker = CircuitBreaker(cooldown=settings.chroma_retry_after_seconds)

    def call(self, operation: Callable[[Collection], T]) -> T:
        """`operation(collection)`, retried when the connection failed; `StoreUnavailable` when Chroma cannot
        be reached, did not answer in time, or failed a moment ago."""
        try:
            probe = self._breaker.before_call()
        except CircuitOpen:
            raise self._refused() from None
        pause = _FIRST_PAUSE
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                result = self._with_collection(operation)
            except httpx.TransportError as error:
                if isinstance(error, _RETRYABLE) and attempt < _ATTEMPTS:
                    time.sleep(pause)
                    pause *= 3
                    continue
                self._breaker.failed(probe)
                limit = self.settings.chroma_timeout_seconds
                raise StoreUnavailable(
                    f"{self._where()} did not answer within {limit:g} s ({type(error).__name__}: {error})"
                ) from error
            except StoreUnavailable:
                self._breaker.failed(probe)
                raise
            except BaseException:
                self._breaker.succeeded(probe)  # Chroma answered, with an error of its own
                raise
            self._breaker.succeeded(probe)
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    def raise_if_refusing(self) -> None:
        """`StoreUnavailable` now if a call would be refused (to skip work that would only feed such a call)."""
        if self._breaker.refusing():
            raise self._refused()

    def get(self) -> Collection:
        """The collection, connecting first if need be (`StoreUnavailable` when Chroma cannot be reached)."""
        return self.call(lambda collection: collection)

    def _with_collection(self, operation: Callable[[Collection], T]) -> T:
        """`operation` on the open collection; once more on a reopened one if the server no longer knows it."""
        collection = self._open()
        try:
            return operation(collection)
        except NotFoundError:
            with self._lock:
                self._collection = None
            return operation(self._open())

    def _open(self) -> Collection:
        with self._lock:
            if self._collection is None:
                self._collection = open_collection(open_client(self.settings), self.settings.collection)
            return self._collection

    def _refused(self) -> StoreUnavailable:
        return StoreUnavailable(f"{self._where()} did not answer a moment ago; trying again shortly")

    def _where(self) -> str:
        return f"the Chroma server at {self.settings.chroma_url}" if self.settings.chroma_url else "Chroma"
