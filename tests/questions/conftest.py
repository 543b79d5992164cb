"""The HTTP API's fixtures (an app over a small ingested store under tmp_path) for the question-log tests."""

from tests.http.conftest import ingested_store

__all__ = ["ingested_store"]
