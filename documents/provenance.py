"""Where a document came from and who added it, recorded beside it in the index.

A file's name and sha256 say which bytes were read; a PubMed record's PMID and fetch time say
which reply; `added_by` says whether a person on the curator page, a command or `sync` did it.
`source_path` is where the source can be read again when the index is rebuilt; `added_at` is
kept through a rebuild (empty: now).
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.hashing import sha256_file

CURATOR_PAGE = "curator page"
SYNC = "sync"
PUBMED_FETCH = "PubMed (efetch)"  # the source file of a record fetched from E-utilities


@dataclass(frozen=True)
class Provenance:
    """How one document entered the index; empty strings mean "does not apply"."""

    source_file: str = ""
    source_path: str = ""
    source_sha256: str = ""
    fetched_at: str = ""
    added_by: str = ""
    added_at: str = ""


def now() -> str:
    """The current UTC time as shown in the index: '2025-01-31T12:00:00+00:00'."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def of_file(path: Path, added_by: str, shown_name: str = "") -> Provenance:
    """Provenance of a file read from `path`; `shown_name` is the name a person gave it (an
    upload is saved under a safe name of its own)."""
    return Provenance(
        source_file=shown_name or path.name,
        source_path=str(path.resolve()),
        source_sha256=sha256_file(path),
        added_by=added_by,
    )


def command_user() -> str:
    """'cli:<user>' for changes made from a terminal."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"
