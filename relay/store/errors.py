"""The store's refusal: an HTTP status and the detail to answer."""

from __future__ import annotations


class StoreError(Exception):
    """A refused operation with the HTTP status and detail to answer."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail

