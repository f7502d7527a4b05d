"""What a curator does besides adding: list the documents, remove some, read the index health.

Removing embeds nothing, so it does not load the model: a stand-in carries the live version's
model name and dimension. A removed upload's saved file is deleted with it, unless another
document still comes from that file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index import catalog, layout
from index.manifest import Manifest
from index.stored import StoredDocument
from index.writer import ChangeReport, apply_changes
from ingest.uploads import discard_upload


def list_documents(index_dir: Path) -> list[StoredDocument]:
    """Every document with its passages and provenance, newest first."""
    return catalog.documents(index_dir)


def health(index_dir: Path) -> Manifest:
    """The live manifest, after every file was checked against its checksum."""
    return layout.read_manifest(layout.require_live_version(index_dir), verify=True)


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
    sources = {d.doc_id: d.provenance.source_path for d in list_documents(index_dir)}
    model = StoredModel(manifest.model, manifest.dimension)
    report = apply_changes(index_dir, model, remove=doc_ids, actor=actor)
    still_used = {path for doc_id, path in sources.items() if doc_id not in report.removed}
    for doc_id in report.removed:
        if sources[doc_id] and sources[doc_id] not in still_used:
            discard_upload(Path(sources[doc_id]), uploads_dir)
    return report
