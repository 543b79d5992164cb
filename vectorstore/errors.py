"""The store's errors: one exception a caller can catch when the store cannot do its job right now."""

from __future__ import annotations


class StoreUnavailable(Exception):
    """The Chroma server could not be reached or did not answer in time; the call may succeed later."""
