"""Passages grouped by the document they come from: one card, or one RIS record, per paper."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from index.hit import Hit


@dataclass(frozen=True)
class DocumentGroup:
    """A document's passages among the results, best first; `first` carries the citation."""

    hits: tuple[Hit, ...]

    @property
    def first(self) -> Hit:
        return self.hits[0]


def group_by_document(hits: Sequence[Hit]) -> list[DocumentGroup]:
    """Groups in the order of each document's best passage; passages keep their order."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.doc_id, []).append(hit)
    return [DocumentGroup(tuple(found)) for found in groups.values()]
