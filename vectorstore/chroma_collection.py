"""Opening the Chroma collection: embedded under the data dir, or on a `chroma run` server."""

from __future__ import annotations

from urllib.parse import urlparse

import chromadb
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from vectorstore.settings import StoreSettings


def open_client(settings: StoreSettings) -> chromadb.api.ClientAPI:
    """`HttpClient` when `chroma_url` is set, else a `PersistentClient` under the data dir. Telemetry off."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


def open_collection(client: chromadb.api.ClientAPI, name: str) -> Collection:
    """The named collection with cosine distance, created on first use."""
    return client.get_or_create_collection(name=name, configuration={"hnsw": {"space": "cosine"}})
