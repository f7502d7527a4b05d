"""The store's study-facts columns: `documents.facts` (the extractor's JSON) and
`documents.design` (one of `DESIGNS`, NULL for empty facts), their SQL and their upkeep.

A store written before the columns existed gains them the next time a writer copies it
(`ensure_columns`), and its documents' facts are then computed from their stored title and text
(`refill`): so a rebuild fills facts in even for documents whose source cannot be read again.
Readers of such an old store see empty facts instead of an error (`has_facts`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection

from documents.facts import StudyFacts
from index import facts_column

_COLUMNS = (("facts", "TEXT"), ("design", "TEXT"))
_FILL_BATCH = 500


def has_facts(conn: sqlite3.Connection) -> bool:
    """Whether this store has the facts columns (a store written before them has not)."""
    names = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
    return "facts" in names and "design" in names


def ensure_columns(conn: sqlite3.Connection) -> None:
    """Add the facts columns to a store written without them (their values NULL: unfilled)."""
    names = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
    for name, kind in _COLUMNS:
        if name not in names:
            conn.execute(f"ALTER TABLE documents ADD COLUMN {name} {kind}")


def refill(conn: sqlite3.Connection, everything: bool, skip: Collection[str] = ()) -> int:
    """Compute and store the facts of documents from their stored text: those never filled
    (facts NULL), or, when `everything` (a rebuild), every document not in `skip` (the ones
    this change just stored). Returns how many documents were filled."""
    where = "1" if everything else "facts IS NULL"
    skipped = set(skip)
    ids = [row[0] for row in conn.execute(f"SELECT doc_id FROM documents WHERE {where}")
           if row[0] not in skipped]
    for start in range(0, len(ids), _FILL_BATCH):
        batch = ids[start : start + _FILL_BATCH]
        rows = conn.execute(
            "SELECT doc_id, source, title, text, publication_types, mesh_terms FROM documents "
            f"WHERE doc_id IN ({','.join('?' * len(batch))})", batch).fetchall()
        conn.executemany("UPDATE documents SET facts = ?, design = ? WHERE doc_id = ?",
                         [(*facts_column.to_columns(_computed(row)), row[0]) for row in rows])
    return len(ids)


def _computed(row: sqlite3.Row) -> StudyFacts | None:
    return facts_column.compute(row[2], row[3], row[1], json.loads(row[4]), json.loads(row[5]))


def design_clause(
    conn: sqlite3.Connection, designs: tuple[str, ...], human_only: bool
) -> tuple[list[str], list[str]]:
    """SQL conditions (on documents as `d`) and their parameters for the design filters: any
    of `designs`, and a design of human participants when `human_only`."""
    if not designs and not human_only:
        return [], []
    if not has_facts(conn):
        return ["0"], []
    clauses: list[str] = []
    params: list[str] = []
    if designs:
        clauses.append(f"d.design IN ({','.join('?' * len(designs))})")
        params.extend(designs)
    if human_only:
        human = facts_column.HUMAN_DESIGNS
        clauses.append(f"d.design IN ({','.join('?' * len(human))})")
        params.extend(human)
    return clauses, params


def facts_select(conn: sqlite3.Connection, prefix: str) -> str:
    """The facts column for a SELECT list (`prefix` is the table alias with its dot), or empty
    facts for a store written before the column existed."""
    return f"{prefix}facts" if has_facts(conn) else f"'{facts_column.EMPTY}' AS facts"
