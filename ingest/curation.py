"""What a curator does besides adding: list the documents, remove some, read the index health.

Removing embeds nothing, so it does not load the model: a stand-in carries the live version's
model name and dimension. A removed upload's saved file is deleted with it, unless another
document still comes from that file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import IndexCorrupt
from index import layout, store
from index.writer import ChangeReport, apply_changes
from ingest.uploads import discard_upload

Row = dict[str, Any]


@contextmanager
def live_store(index_dir: Path) -> Iterator[sqlite3.Connection | None]:
    """The live version's store, read-only, or None when no index exists yet."""
    version = layout.live_version(index_dir)
    if version is None:
        yield None
        return
    conn = store.connect(version / layout.STORE_FILE, readonly=True)
    try:
        yield conn
    finally:
        conn.close()


def list_documents(index_dir: Path) -> list[Row]:
    """Every document with its passages and provenance, newest first."""
    try:
        with live_store(index_dir) as conn:
            return store.document_rows(conn) if conn is not None else []
    except sqlite3.DatabaseError as error:
        raise IndexCorrupt(f"{index_dir}: cannot read the documents ({error})") from None


def health(index_dir: Path) -> dict[str, Any]:
    """The live manifest after every file was checked against its checksum."""
    manifest = layout.read_manifest(layout.require_live_version(index_dir), verify=True)
    return {**manifest, "verified_files": len(manifest.get("files", {}))}


class StoredModel:
    """Stands in for the model on changes that embed nothing (removals)."""

    def __init__(self, name: str, dimension: int) -> None:
        self.name, self.dimension = name, dimension

    def embed(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        raise RuntimeError("removing documents must not embed anything")

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        raise RuntimeError("removing documents must not chunk anything")


def remove_documents(
    doc_ids: Sequence[str], index_dir: Path, uploads_dir: Path, actor: str
) -> ChangeReport:
    """Publish a version without `doc_ids`; ids not in the index are listed as not found."""
    manifest = layout.read_manifest(layout.require_live_version(index_dir), verify=False)
    sources = {r["doc_id"]: r["source_path"] for r in list_documents(index_dir)}
    model = StoredModel(manifest["model"], int(manifest["dimension"]))
    report = apply_changes(index_dir, model, remove=doc_ids, actor=actor)
    still_used = {path for doc_id, path in sources.items() if doc_id not in report.removed}
    for doc_id in report.removed:
        if sources[doc_id] and sources[doc_id] not in still_used:
            discard_upload(Path(sources[doc_id]), uploads_dir)
    return report
