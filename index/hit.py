"""The record type that leaves the search facade: one ranked passage with its citation."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from documents.facts import StudyFacts
from index import facts_column


@dataclass(frozen=True)
class Hit:
    """One ranked passage. Field names are the search CLI's JSON contract: keep them stable.

    `study_types` come from PubMed publication types and MeSH ("unknown" when PubMed says
    nothing). `origin` is the file a document came from (a PDF's file name). `score` is the
    fused score that ranked the hit; `dense_score` is the cosine similarity of the passage to
    the query and `lexical_score` its BM25 score (None where a channel did not find it).
    `facts` are the study facts of its document (None: empty), as JSON `{}` when empty.
    """

    rank: int
    score: float
    text: str
    doc_id: str
    chunk_id: str
    title: str
    source: str
    pmid: str | None
    doi: str | None
    year: int | None
    page: int | None
    journal: str | None
    heading: str
    ordinal: int
    start: int
    end: int
    publication_types: tuple[str, ...]
    study_types: tuple[str, ...]
    dense_score: float | None
    lexical_score: float | None
    origin: str = ""
    authors: tuple[str, ...] = ()
    facts: StudyFacts | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists)."""
        record = asdict(self)
        record["publication_types"] = list(self.publication_types)
        record["study_types"] = list(self.study_types)
        record["authors"] = list(self.authors)
        record["facts"] = facts_column.as_json(self.facts)
        return record


def hit_from_record(
    rank: int, record: sqlite3.Row, fused: float, dense: float, lexical: float
) -> Hit:
    """A hit from one joined passage-and-document row of the store."""
    return Hit(
        rank=rank,
        score=round(fused, 6),
        text=record["text"],
        doc_id=record["doc_id"],
        chunk_id=record["chunk_id"],
        title=record["title"],
        source=record["source"],
        pmid=record["pmid"],
        doi=record["doi"],
        year=record["year"],
        page=record["page"],
        journal=record["journal"],
        heading=record["heading"],
        ordinal=record["ordinal"],
        start=record["start"],
        end=record["end"],
        publication_types=tuple(json.loads(record["publication_types"])),
        study_types=tuple(json.loads(record["study_types"])),
        origin=record["origin"],
        authors=tuple(json.loads(record["authors"])),
        facts=facts_column.from_column(record["facts"]),
        dense_score=round(dense, 6),
        lexical_score=round(lexical, 6),
    )
