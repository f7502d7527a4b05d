"""A document as the index holds it: its citation, where it came from, and its passage count.

This is what curation reads (the documents table, rebuild, removal) — everything but the text,
which stays in the store and is fetched with the passages that show it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from documents.provenance import PUBMED_FETCH, Provenance


@dataclass(frozen=True)
class StoredDocument:
    """One stored document without its text. `chunks` is its number of passages; `design` the
    study design its facts give (None: no facts)."""

    doc_id: str
    source: str
    title: str
    pmid: str | None
    doi: str | None
    year: int | None
    journal: str | None
    authors: tuple[str, ...]
    publication_types: tuple[str, ...]
    study_types: tuple[str, ...]
    origin: str
    note: str
    added_at: str
    provenance: Provenance
    chunks: int
    design: str | None = None

    @property
    def from_pubmed_fetch(self) -> bool:
        """Whether it came from E-utilities (and can be fetched again), not from a file."""
        return self.provenance.source_file == PUBMED_FETCH

    def to_json(self) -> dict[str, Any]:
        """Flat and JSON-ready: provenance fields sit beside the citation, as `list` shows them."""
        record = asdict(self)
        record.update(record.pop("provenance"))
        return record


def stored_document(row: sqlite3.Row) -> StoredDocument:
    """The typed form of one `documents` row (JSON columns decoded)."""
    return StoredDocument(
        doc_id=row["doc_id"], source=row["source"], title=row["title"], pmid=row["pmid"],
        doi=row["doi"], year=row["year"], journal=row["journal"],
        authors=tuple(json.loads(row["authors"])),
        publication_types=tuple(json.loads(row["publication_types"])),
        study_types=tuple(json.loads(row["study_types"])),
        origin=row["origin"], note=row["note"], added_at=row["added_at"],
        provenance=Provenance(
            source_file=row["source_file"], source_path=row["source_path"],
            source_sha256=row["source_sha256"], fetched_at=row["fetched_at"],
            added_by=row["added_by"], added_at=row["added_at"],
        ),
        chunks=int(row["chunks"]),
        design=_design(row),
    )


def _design(row: sqlite3.Row) -> str | None:
    """A store written before the facts columns has no design."""
    try:
        return row["design"]
    except IndexError:
        return None
