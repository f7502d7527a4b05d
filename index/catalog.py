"""Read-only questions curation asks of the live version: which documents it holds (with their
provenance), which PMIDs are present, which a curator removed.

Each call opens the live store and closes it again, and turns any storage error into a one-line
`IndexCorrupt`, so the curation services above never see SQLite.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from core.errors import IndexCorrupt
from index import layout, store
from index.stored import StoredDocument

T = TypeVar("T")


def _read(index_dir: Path, question: Callable[[sqlite3.Connection], T], empty: T) -> T:
    """`question` asked of the live store; `empty` when no index exists yet."""
    version = layout.live_version(index_dir)
    if version is None:
        return empty
    try:
        conn = store.connect(version / layout.STORE_FILE, readonly=True)
        try:
            return question(conn)
        finally:
            conn.close()
    except sqlite3.Error as error:
        raise IndexCorrupt(f"{version}: cannot read the documents ({error})") from None


def documents(index_dir: Path) -> list[StoredDocument]:
    """Every document with its passages and provenance, newest first."""
    return _read(index_dir, store.stored_documents, [])


def known_pmids(index_dir: Path) -> tuple[set[str], set[str]]:
    """(PMIDs in the index, PMIDs curators removed)."""
    empty: tuple[set[str], set[str]] = (set(), set())
    return _read(index_dir, lambda conn: (store.pmids(conn), store.removed_pmids(conn)), empty)
