"""Documents and passages in SQLite: the text and citations behind every vector row.

A version's store is written once, while the version is built, and then only read. Chunk `row`
is the passage's row in the FAISS and BM25 indexes. Each document carries its provenance (file
name and sha256, fetch time, who added it) and a hash of its text for duplicate checks;
`removed_pmids` remembers what a curator removed so that `sync` does not bring it back. Each
document's study facts are computed as it is written (`index.facts_column`, `index.store_facts`).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from documents.identity import Identity, text_hash
from documents.provenance import Provenance
from documents.records import Chunk, Document
from documents.study_types import study_types
from index import facts_column
from index.filters import Filters
from index.row_table import RowTable
from index.store_facts import design_clause, facts_select, has_facts
from index.stored import StoredDocument, stored_document

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
    pmid TEXT, doi TEXT, year INTEGER, journal TEXT, authors TEXT NOT NULL,
    publication_types TEXT NOT NULL, mesh_terms TEXT NOT NULL, origin TEXT NOT NULL,
    note TEXT NOT NULL, content_hash TEXT NOT NULL, added_at TEXT NOT NULL,
    study_types TEXT NOT NULL, text_hash TEXT NOT NULL, source_file TEXT NOT NULL,
    source_path TEXT NOT NULL, source_sha256 TEXT NOT NULL, fetched_at TEXT NOT NULL,
    added_by TEXT NOT NULL, facts TEXT, design TEXT
);
CREATE TABLE IF NOT EXISTS removed_pmids (
    pmid TEXT PRIMARY KEY, removed_at TEXT NOT NULL, removed_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    row INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    page INTEGER, heading TEXT NOT NULL, embed_key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks(doc_id, ordinal);
CREATE INDEX IF NOT EXISTS documents_by_pmid ON documents(pmid);
CREATE INDEX IF NOT EXISTS documents_by_doi ON documents(doi);
"""

_DOCUMENT_COLUMNS = (
    "doc_id", "source", "title", "text", "pmid", "doi", "year", "journal", "authors",
    "publication_types", "mesh_terms", "origin", "note", "content_hash", "added_at",
    "study_types", "text_hash", "source_file", "source_path", "source_sha256", "fetched_at",
    "added_by", "facts", "design",
)
CHUNK_COLUMNS = "row, chunk_id, doc_id, ordinal, text, start, end, page, heading, embed_key"
HIT_COLUMNS = (
    "c.row, c.chunk_id, c.doc_id, c.ordinal, c.text, c.start, c.end, c.page, c.heading, "
    "d.title, d.source, d.pmid, d.doi, d.year, d.journal, d.publication_types, d.study_types, "
    "d.origin, d.authors"
)


class ReadOnlyStore(sqlite3.Connection):
    """A connection to a published (immutable) store, which keeps what was read once of every
    row (`row_table`): the store never changes under it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_table: RowTable | None = None
        self.row_table_lock = threading.Lock()


def connect(path: Path, readonly: bool) -> sqlite3.Connection:
    """Open a store; read-only connections may be shared across the page's threads."""
    conn: sqlite3.Connection
    if readonly:
        uri = f"file:{path}?mode=ro&immutable=1"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, factory=ReadOnlyStore)
    else:
        conn = sqlite3.connect(path)
        conn.executescript(_SCHEMA)
    conn.row_factory = sqlite3.Row
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Commit on success, roll back on any error."""
    try:
        yield conn
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


def put_document(
    conn: sqlite3.Connection,
    doc: Document,
    content_hash: str,
    added_at: str,
    provenance: Provenance = Provenance(),
) -> None:
    """Insert or replace one document's metadata, text, provenance and study facts."""
    facts = facts_column.compute(doc.title, doc.text, doc.source, doc.publication_types,
                                 doc.mesh_terms)
    values = (
        doc.doc_id, doc.source, doc.title, doc.text, doc.pmid, doc.doi, doc.year,
        doc.journal, json.dumps(list(doc.authors)), json.dumps(list(doc.publication_types)),
        json.dumps(list(doc.mesh_terms)), doc.origin, doc.note, content_hash, added_at,
        json.dumps(list(study_types(doc.publication_types, doc.mesh_terms))),
        text_hash(doc.text), provenance.source_file, provenance.source_path,
        provenance.source_sha256, provenance.fetched_at, provenance.added_by,
        *facts_column.to_columns(facts),
    )
    marks = ",".join("?" * len(_DOCUMENT_COLUMNS))
    conn.execute(
        f"INSERT OR REPLACE INTO documents ({','.join(_DOCUMENT_COLUMNS)}) VALUES ({marks})",
        values,
    )


def put_chunks(conn: sqlite3.Connection, rows: Iterable[tuple[int, Chunk, str]]) -> None:
    """Insert passages as (row, chunk, embed_key)."""
    conn.executemany(
        f"INSERT INTO chunks ({CHUNK_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            (row, c.chunk_id, c.doc_id, c.ordinal, c.text, c.start, c.end, c.page, c.heading, key)
            for row, c, key in rows
        ),
    )


def content_hashes(conn: sqlite3.Connection) -> dict[str, str]:
    """doc_id -> content hash of every stored document."""
    return dict(conn.execute("SELECT doc_id, content_hash FROM documents").fetchall())


def delete_documents(conn: sqlite3.Connection, doc_ids: Iterable[str]) -> None:
    """Remove documents with their passages."""
    ids = [(d,) for d in doc_ids]
    conn.executemany("DELETE FROM chunks WHERE doc_id = ?", ids)
    conn.executemany("DELETE FROM documents WHERE doc_id = ?", ids)


def identities(conn: sqlite3.Connection) -> list[Identity]:
    """PMID, DOI, text hash and origin of every stored document, for duplicate checks."""
    query = "SELECT doc_id, pmid, doi, text_hash, origin FROM documents"
    return [Identity(*row) for row in conn.execute(query)]


def stored_documents(conn: sqlite3.Connection) -> list[StoredDocument]:
    """Every document without its text, with its passage count, newest first."""
    query = (
        "SELECT d.*, (SELECT COUNT(*) FROM chunks c WHERE c.doc_id = d.doc_id) AS chunks "
        "FROM documents d ORDER BY d.added_at DESC, d.doc_id"
    )
    return [stored_document(row) for row in conn.execute(query)]


def pmids_of(conn: sqlite3.Connection, doc_ids: list[str]) -> list[str]:
    """PMIDs of the given documents (those that have one)."""
    marks = ",".join("?" * len(doc_ids))
    query = f"SELECT pmid FROM documents WHERE pmid IS NOT NULL AND doc_id IN ({marks})"
    return [r[0] for r in conn.execute(query, doc_ids)]


def titles(conn: sqlite3.Connection) -> dict[str, str]:
    """doc_id -> title of every document."""
    return dict(conn.execute("SELECT doc_id, title FROM documents").fetchall())


def next_row(conn: sqlite3.Connection) -> int:
    """A passage row number above every stored one (rows are renumbered before publishing)."""
    return int(conn.execute("SELECT MAX(row) FROM chunks").fetchone()[0] or 0) + 1


def renumber_rows(conn: sqlite3.Connection) -> None:
    """Make passage rows 0..n-1 in order, so they line up with vector rows."""
    conn.execute("DROP TABLE IF EXISTS temp.renumber")
    conn.execute(
        "CREATE TEMP TABLE renumber AS SELECT row AS old, "
        "ROW_NUMBER() OVER (ORDER BY row) - 1 AS new FROM chunks"
    )
    conn.execute("CREATE UNIQUE INDEX temp.renumber_old ON renumber(old)")
    conn.execute("UPDATE chunks SET row = -1 - (SELECT new FROM renumber WHERE old = chunks.row)")
    conn.execute("UPDATE chunks SET row = -1 - row")


def pmids(conn: sqlite3.Connection) -> set[str]:
    """PMIDs of every stored document."""
    return {r[0] for r in conn.execute("SELECT pmid FROM documents WHERE pmid IS NOT NULL")}


def removed_pmids(conn: sqlite3.Connection) -> set[str]:
    """PMIDs a curator removed."""
    return {r[0] for r in conn.execute("SELECT pmid FROM removed_pmids")}


def mark_removed(conn: sqlite3.Connection, pmid_list: Iterable[str], at: str, by: str) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO removed_pmids VALUES (?,?,?)", ((p, at, by) for p in pmid_list)
    )


def unmark_removed(conn: sqlite3.Connection, pmid_list: Iterable[str]) -> None:
    conn.executemany("DELETE FROM removed_pmids WHERE pmid = ?", ((p,) for p in pmid_list))


def copy_removed(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Carry the removed PMIDs into a store that is rebuilt from scratch."""
    rows = source.execute("SELECT pmid, removed_at, removed_by FROM removed_pmids").fetchall()
    target.executemany("INSERT OR REPLACE INTO removed_pmids VALUES (?,?,?)", rows)


def chunk_rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every passage in row order."""
    return conn.execute(f"SELECT {CHUNK_COLUMNS} FROM chunks ORDER BY row").fetchall()


def hit_rows(conn: sqlite3.Connection, rows: list[int]) -> dict[int, sqlite3.Row]:
    """Passage and document fields for the given vector rows."""
    if not rows:
        return {}
    marks = ",".join("?" * len(rows))
    query = (
        f"SELECT {HIT_COLUMNS}, {facts_select(conn, 'd.')} FROM chunks c JOIN documents d "
        f"USING (doc_id) WHERE c.row IN ({marks})"
    )
    return {r["row"]: r for r in conn.execute(query, rows)}


def rows_matching(
    conn: sqlite3.Connection,
    sources: tuple[str, ...],
    year_min: int | None,
    year_max: int | None,
    kinds: tuple[str, ...] = (),
    designs: tuple[str, ...] = (),
    human_only: bool = False,
) -> Sequence[int]:
    """Rows of passages whose document passes the source, year, study-type and design filters
    (`designs`: any of these; `human_only`: a design of human participants). A published store
    answers from its row table (`index.row_table`: NumPy masks over per-document codes, the
    same rows in increasing order, as int64 that `np.asarray` takes without a copy); a store
    being written, or one without the filter columns, by SQL over every passage."""
    if isinstance(conn, ReadOnlyStore):
        filters = Filters(sources, year_min, year_max, kinds, "", designs, human_only)
        found = row_table(conn).rows_matching(filters)
        if found is not None:
            return array("q", found.astype("<i8", copy=False).tobytes())
    clauses, facts_params = design_clause(conn, designs, human_only)
    clauses.insert(0, "1")
    params: list[str | int] = [*facts_params]
    if sources:
        clauses.append(f"d.source IN ({','.join('?' * len(sources))})")
        params.extend(sources)
    if kinds:
        marks = ",".join("?" * len(kinds))
        clauses.append(f"EXISTS (SELECT 1 FROM json_each(d.study_types) WHERE value IN ({marks}))")
        params.extend(kinds)
    if year_min is not None:
        clauses.append("d.year >= ?")
        params.append(year_min)
    if year_max is not None:
        clauses.append("d.year <= ?")
        params.append(year_max)
    query = (
        "SELECT c.row FROM chunks c JOIN documents d USING (doc_id) WHERE "
        + " AND ".join(clauses)
    )
    return [r[0] for r in conn.execute(query, params)]


def neighbour_rows(conn: sqlite3.Connection, doc_id: str, ordinal: int, radius: int) -> list[int]:
    """Rows of the passages around `ordinal` in one document, in reading order."""
    query = "SELECT row FROM chunks WHERE doc_id = ? AND ordinal BETWEEN ? AND ? ORDER BY ordinal"
    return [r[0] for r in conn.execute(query, (doc_id, ordinal - radius, ordinal + radius))]


def counts(conn: sqlite3.Connection) -> tuple[int, int]:
    """(documents, passages)."""
    docs = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    chunks = conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    return int(docs), int(chunks)


PAPER_COLUMNS = (
    "doc_id, source, title, pmid, doi, year, journal, authors, publication_types, study_types, "
    "origin, note"
)


def row_documents(conn: sqlite3.Connection) -> tuple[list[tuple[int, str]], list[sqlite3.Row]]:
    """(row, doc_id) of every passage, and doc_id, year, authors (JSON), source, study types
    (JSON) and design (when the store has the facts columns) of every document, by doc_id:
    the map from passage rows to papers that grouping, coverage, date order and the filters
    work on."""
    cursor = conn.execute("SELECT row, doc_id FROM chunks ORDER BY row")
    cursor.row_factory = None  # plain tuples: a million sqlite3.Row objects cost seconds
    rows: list[tuple[int, str]] = cursor.fetchall()
    design = ", design" if has_facts(conn) else ""
    query = f"SELECT doc_id, year, authors, source, study_types{design} FROM documents"
    docs = conn.execute(query + " ORDER BY doc_id").fetchall()
    return rows, docs


def row_table(conn: sqlite3.Connection) -> RowTable:
    """The row table of a store (`index.row_table`): read once per published store's
    connection and kept with it; read afresh from a store being written."""
    if not isinstance(conn, ReadOnlyStore):
        return _read_row_table(conn)
    with conn.row_table_lock:
        if conn.row_table is None:
            conn.row_table = _read_row_table(conn)
        return conn.row_table


def _read_row_table(conn: sqlite3.Connection) -> RowTable:
    """`row_documents` read as it streams: a million passages' (row, doc_id) pairs never sit in
    memory at once, which would add ~150 MB to the serving process's peak."""
    names = ["doc_id", "year", "authors", "source", "study_types"]
    names += ["design"] if has_facts(conn) else []
    documents = conn.execute(f"SELECT {', '.join(names)} FROM documents ORDER BY doc_id")
    documents.row_factory = None
    columns: dict[str, list[Any]] = {name: [] for name in names}
    appends = [columns[name].append for name in names]
    for values in documents:
        for append, value in zip(appends, values, strict=True):
            append(value)
    rows = conn.execute("SELECT row, doc_id FROM chunks ORDER BY row")
    rows.row_factory = None
    return RowTable.of(rows, columns)


def paper_records(conn: sqlite3.Connection, doc_ids: list[str]) -> dict[str, sqlite3.Row]:
    """Citation fields (no text) of the given documents."""
    if not doc_ids:
        return {}
    marks = ",".join("?" * len(doc_ids))
    query = (f"SELECT {PAPER_COLUMNS}, {facts_select(conn, '')} FROM documents "
             f"WHERE doc_id IN ({marks})")
    return {r["doc_id"]: r for r in conn.execute(query, doc_ids)}


def document_text(conn: sqlite3.Connection, doc_id: str) -> str | None:
    """The whole text of one document, or None when it is not stored."""
    found = conn.execute("SELECT text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    return None if found is None else str(found[0])


def passage_spans(conn: sqlite3.Connection, doc_id: str) -> list[tuple[str, int, int]]:
    """(heading, start, end) of one document's passages in reading order."""
    query = "SELECT heading, start, end FROM chunks WHERE doc_id = ? ORDER BY ordinal"
    return [(r[0], int(r[1]), int(r[2])) for r in conn.execute(query, (doc_id,))]


def document_with(conn: sqlite3.Connection, kind: str, value: str) -> str | None:
    """The doc_id of the document with this PMID, or this DOI in any letter case (the usual
    spellings through the index first, then a scan)."""
    if kind == "pmid":
        query = "SELECT doc_id FROM documents WHERE pmid = ? ORDER BY doc_id LIMIT 1"
        found = conn.execute(query, (value,)).fetchone()
    else:
        query = "SELECT doc_id FROM documents WHERE doi IN (?, ?, ?) ORDER BY doc_id LIMIT 1"
        found = conn.execute(query, (value, value.lower(), value.upper())).fetchone()
        if found is None:
            query = "SELECT doc_id FROM documents WHERE lower(doi) = ? ORDER BY doc_id LIMIT 1"
            found = conn.execute(query, (value.lower(),)).fetchone()
    return None if found is None else str(found[0])
