"""Errors of ingestion. Each carries the item it concerns and a reason a person can act on.

    IngestError
    ├── UnsupportedFile   the file's kind is not one we read
    ├── UnreadableFile    the file is of a known kind but cannot be read (broken, encrypted, empty)
    └── EmptyRecord       a record or document has no text to index
"""

from __future__ import annotations


class IngestError(Exception):
    """Base of ingestion errors; `str(error)` is the one-line message shown to people."""

    def __init__(self, item: str, reason: str) -> None:
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason


class UnsupportedFile(IngestError):
    """The file's extension or content is not one of the kinds we load."""


class UnreadableFile(IngestError):
    """The file is a known kind but cannot be parsed: broken, truncated, encrypted or empty."""


class EmptyRecord(IngestError):
    """A record or document carries neither title nor text to index."""
