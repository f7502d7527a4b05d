"""`Paper` records for the papers on one page: citation, absolute scores, chosen passages.

The list was decided on candidate figures; what a card shows is measured again over all of the
paper's passages (its best cosine and BM25 may sit in a passage outside the candidate pool), so
`dense_score`, `lexical_score`, `coverage` and `match` are exact for the papers shown.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from index import facts_column, store
from index.hit import Hit, hit_from_record
from index.match import MatchThresholds, strength
from index.papers import Paper
from index.passages import choose


@dataclass(frozen=True)
class Evidence:
    """What one paper's card needs besides its citation: its figures and its best passages as
    (row, fused, dense, lexical), best first (at most two)."""

    score: float
    dense: float
    lexical: float
    coverage: float
    passages: tuple[tuple[int, float, float, float], ...]
    level: str | None = None  # fixed strength (a lookup or an author listing); None: measured
    has_rarest: bool = True  # holds the query's rarest word (`index.match.levels`)


def build_papers(
    conn: sqlite3.Connection,
    doc_ids: Sequence[str],
    evidence: Sequence[Evidence],
    tokens: Collection[str],
    limits: MatchThresholds,
    first_rank: int = 1,
) -> tuple[Paper, ...]:
    """Papers ranked from `first_rank` on, in the given order."""
    records = store.paper_records(conn, list(doc_ids))
    rows = [row for item in evidence for row, *_ in item.passages]
    passages = store.hit_rows(conn, rows)
    papers = []
    for rank, (doc_id, item) in enumerate(zip(doc_ids, evidence, strict=True), start=first_rank):
        hits = [
            hit_from_record(i, passages[row], fused, dense, lexical)
            for i, (row, fused, dense, lexical) in enumerate(item.passages, start=1)
        ]
        shown = _shown(conn, doc_id, hits, tokens)
        papers.append(_paper(rank, records[doc_id], item, shown, limits))
    return tuple(papers)


def _shown(
    conn: sqlite3.Connection, doc_id: str, hits: list[Hit], tokens: Collection[str]
) -> tuple[Hit, ...]:
    if not hits:
        return ()
    text: list[str] = []

    def text_of() -> str:
        if not text:
            text.append(store.document_text(conn, doc_id) or "")
        return text[0]

    return choose(hits[0], hits[1] if len(hits) > 1 else None, text_of, tokens)


def _paper(
    rank: int, record: sqlite3.Row, item: Evidence, shown: tuple[Hit, ...],
    limits: MatchThresholds,
) -> Paper:
    level = item.level or strength(item.dense, item.coverage, limits, item.has_rarest)
    return Paper(
        rank=rank,
        doc_id=record["doc_id"],
        title=record["title"],
        authors=tuple(json.loads(record["authors"])),
        journal=record["journal"],
        year=record["year"],
        source=record["source"],
        pmid=record["pmid"],
        doi=record["doi"],
        origin=record["origin"],
        note=record["note"],
        study_types=tuple(json.loads(record["study_types"])),
        publication_types=tuple(json.loads(record["publication_types"])),
        score=round(item.score, 6),
        dense_score=round(item.dense, 6),
        lexical_score=round(item.lexical, 6),
        coverage=round(item.coverage, 4),
        match=level,
        passages=shown,
        facts=facts_column.from_column(record["facts"]),
    )

