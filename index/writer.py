"""Apply a change (documents to add or replace, ids to remove) and publish it as a new version.

Vectors are reused by embedding key (a hash of the model and the exact text it embeds), so
re-ingesting an unchanged corpus embeds nothing and a changed document re-embeds only its own
passages. A document already present under another id (same PMID, DOI or text) is reported, not
added. Each stored document gets its study facts (`index.store_facts`); a rebuild (a refresh)
recomputes them for every document, those whose source is gone from their stored text.
Nothing live is touched until `layout.publish` swaps the finished version in.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from core.errors import IndexCorrupt, IndexOutdated, ModelMismatch, TooLarge
from documents.chunking import ChunkingConfig, PassageLimits, chunk_document, embedding_text
from documents.identity import Seen, identity_of
from documents.provenance import Provenance, now
from documents.records import Chunk, Document
from index import layout, milvus_hooks, store, store_facts, vectors
from index.embed import Embedder
from index.lexical import LexicalIndex
from index.manifest import REBUILD_HINT, Manifest


@dataclass
class ChangeReport:
    """What a change did, for the CLI and the page to report."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # "document: reason" (over a cap)
    embedded: int = 0
    reused: int = 0
    documents: int = 0
    chunks: int = 0
    version: str = ""


def content_hash(doc: Document) -> str:
    """Hash of everything stored about a document, to tell an unchanged one from an edited one."""
    payload = json.dumps(asdict(doc), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def embed_key(model: str, text: str) -> str:
    """Key of a stored vector: the same model on the same text gives the same vector."""
    return hashlib.sha1(f"{model}\x00{text}".encode()).hexdigest()


@dataclass(frozen=True)
class Change:
    """One change to publish: documents to upsert (with where each came from), ids to delete,
    whether to drop everything else, whether to re-chunk unchanged documents too (a rebuild),
    who asked, and the passage caps."""

    add: Sequence[Document] = ()
    remove: Sequence[str] = ()
    reset: bool = False
    provenance: Mapping[str, Provenance] = field(default_factory=dict)
    actor: str = ""
    refresh: bool = False
    limits: PassageLimits = PassageLimits()


def apply_changes(
    index_dir: Path,
    embedder: Embedder,
    add: Sequence[Document] = (),
    remove: Sequence[str] = (),
    reset: bool = False,
    chunking: ChunkingConfig = ChunkingConfig(),
    progress: bool = False,
    provenance: Mapping[str, Provenance] | None = None,
    actor: str = "",
    refresh: bool = False,
    limits: PassageLimits | None = None,
) -> ChangeReport:
    """Publish a new version with `add` upserted and `remove` deleted (everything else dropped
    when `reset`); returns what changed. Holds the writer lock throughout. `TooLarge` when the
    change brings more passages than `limits` allows (nothing is embedded or published)."""
    change = Change(add, remove, reset, provenance or {}, actor, refresh,
                    limits or PassageLimits())
    with layout.writer_lock(index_dir):
        old = _usable_live_version(index_dir, embedder, reset)
        staging = layout.new_staging_dir(index_dir)
        try:
            report = _build_version(old, staging, embedder, change, chunking, progress)
            milvus_hooks.before_publish(staging)
            manifest = _manifest(embedder, report)
            report.version = layout.publish(index_dir, staging, manifest).name
            milvus_hooks.after_publish(index_dir)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return report


def _usable_live_version(index_dir: Path, embedder: Embedder, reset: bool) -> Path | None:
    """The live version to build on, checked against its checksums and model. A damaged one
    stops every change except a reset, which then starts from nothing."""
    try:
        old = layout.live_version(index_dir)
        old_manifest = layout.read_manifest(old) if old else None
    except IndexCorrupt as error:
        if reset:
            return None
        if isinstance(error, IndexOutdated):
            raise  # its message already names the rebuild
        raise IndexCorrupt(f"{error}{REBUILD_HINT}") from error
    if old_manifest and old_manifest.model != embedder.name and not reset:
        raise ModelMismatch(
            f"{index_dir}: built with {old_manifest.model}, not {embedder.name}; "
            "rebuild it into a new folder"
        )
    return old if old_manifest and old_manifest.model == embedder.name else None


def _build_version(
    old: Path | None,
    staging: Path,
    embedder: Embedder,
    change: Change,
    chunking: ChunkingConfig,
    progress: bool,
) -> ChangeReport:
    """Write store, vectors and lexical index of the new version into `staging`."""
    report = ChangeReport()
    conn = store.connect(staging / layout.STORE_FILE, readonly=False)
    try:
        old_vectors = _old_vectors(old, conn, change.reset)
        store_facts.ensure_columns(conn)  # a store copied from before the facts columns
        with store.transaction(conn):
            _apply_removals(conn, change, report)
            stored = _apply_additions(conn, embedder, change, chunking, report)
            store_facts.refill(conn, everything=change.refresh, skip=stored)
            store.renumber_rows(conn)
        rows = store.chunk_rows(conn)
        matrix = _vectors_for(rows, conn, old_vectors, embedder, report, progress)
        old_vectors.clear()
        vectors.write(vectors.build(matrix, embedder.dimension), staging / layout.VECTORS_FILE)
        del matrix  # the BM25 build takes the most memory: let vectors and rows go first
        texts = _embedding_texts(conn, rows)
        del rows
        LexicalIndex.build(texts).save(staging / layout.LEXICAL_DIR)
        report.documents, report.chunks = store.counts(conn)
    finally:
        conn.close()
    return report


def _old_vectors(old: Path | None, conn: sqlite3.Connection, reset: bool) -> dict[str, np.ndarray]:
    """embed_key -> vector of the live version. Its store is copied in unless `reset`; a reset
    keeps only the list of PMIDs curators removed."""
    if old is None:
        return {}
    source = store.connect(old / layout.STORE_FILE, readonly=True)
    try:
        keys = [r["embed_key"] for r in store.chunk_rows(source)]
        if reset:
            store.copy_removed(source, conn)
            conn.commit()
        else:
            source.backup(conn)
    finally:
        source.close()
    matrix = vectors.all_vectors(vectors.read(old / layout.VECTORS_FILE))
    return dict(zip(keys, matrix, strict=True))


def _apply_removals(conn: sqlite3.Connection, change: Change, report: ChangeReport) -> None:
    """Delete the documents asked for; their PMIDs are remembered so `sync` leaves them out."""
    present = set(store.content_hashes(conn))
    for doc_id in dict.fromkeys(change.remove):
        (report.removed if doc_id in present else report.not_found).append(doc_id)
    store.mark_removed(conn, store.pmids_of(conn, report.removed), now(), change.actor)
    store.delete_documents(conn, report.removed)


@dataclass
class _Batch:
    """What the additions of one change have seen so far."""

    stored: dict[str, str]  # doc_id -> content hash
    seen: Seen
    added_at: str
    next_row: int
    taken: set[str] = field(default_factory=set)  # ids this change stored or found unchanged
    passages: int = 0  # passages the added and replaced documents bring


def _apply_additions(
    conn: sqlite3.Connection,
    embedder: Embedder,
    change: Change,
    chunking: ChunkingConfig,
    report: ChangeReport,
) -> set[str]:
    """Insert new documents, replace edited ones, skip unchanged ones. A duplicate (of the index
    or of an earlier document of this change) or a document over the passage cap is reported
    and the rest goes on; an add over its passage cap stops before anything is embedded.
    Returns the ids stored or found unchanged (a refresh stores those again, facts and all)."""
    batch = _Batch(store.content_hashes(conn), Seen.of(store.identities(conn)), now(),
                   store.next_row(conn))
    cap = change.limits.max_passages_per_document
    for doc in change.add:
        digest = content_hash(doc)
        target = _destination(doc, digest, batch, change.refresh, report)
        if target is None:
            continue
        try:
            chunks = chunk_document(doc, embedder.count_tokens, chunking, max_passages=cap)
        except TooLarge as error:
            report.refused.append(f"{_shown(doc)}: {error.reason}")
            continue
        if target is not report.unchanged:
            _count_passages(batch, len(chunks), change.limits)
            target.append(doc.doc_id)
        provenance = change.provenance.get(doc.doc_id, Provenance(added_by=change.actor))
        record = (digest, provenance.added_at or batch.added_at, provenance)
        batch.next_row = _put(conn, embedder, doc, chunks, record, batch.next_row)
        batch.stored[doc.doc_id] = digest
        batch.seen.put(identity_of(doc))
        batch.taken.add(doc.doc_id)
        if doc.pmid:
            store.unmark_removed(conn, [doc.pmid])
    return batch.taken


def _destination(
    doc: Document, digest: str, batch: _Batch, refresh: bool, report: ChangeReport
) -> list[str] | None:
    """The report list `doc` joins once stored (`unchanged` for a refresh of an unchanged one),
    or None when it is not stored: a duplicate (reported here) or unchanged."""
    reason = batch.seen.repeated_in(doc, batch.taken)
    if reason is None and batch.stored.get(doc.doc_id) == digest:
        report.unchanged.append(doc.doc_id)
        batch.taken.add(doc.doc_id)
        return report.unchanged if refresh else None
    reason = reason or batch.seen.duplicate_of(doc)
    if reason is not None:
        report.duplicates.append(f"{_shown(doc)}: {reason}")
        return None
    return report.replaced if doc.doc_id in batch.stored else report.added


def _count_passages(batch: _Batch, passages: int, limits: PassageLimits) -> None:
    """Refuse the whole change, before any embedding, once it brings too many passages."""
    batch.passages += passages
    if batch.passages > limits.max_passages_per_add:
        raise TooLarge("this change", f"brings more than {limits.max_passages_per_add:,} "
                       "passages (the cap per add, KLS_MAX_PASSAGES_PER_ADD); add fewer files")


def _put(
    conn: sqlite3.Connection,
    embedder: Embedder,
    doc: Document,
    chunks: list[Chunk],
    record: tuple[str, str, Provenance],
    next_row: int,
) -> int:
    """Store one document (replacing any older version) and its passages; returns the next row."""
    store.delete_documents(conn, [doc.doc_id])
    store.put_document(conn, doc, *record)
    keys = [embed_key(embedder.name, embedding_text(doc.title, c.heading, c.text)) for c in chunks]
    store.put_chunks(conn, zip(range(next_row, next_row + len(chunks)), chunks, keys, strict=True))
    return next_row + len(chunks)


def _shown(doc: Document) -> str:
    """How a refused document is named: its file and id."""
    return f"{doc.origin} ({doc.doc_id})" if doc.origin else doc.doc_id


def _embedding_texts(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[str]:
    """What each passage is embedded and BM25-indexed as: its text under its title and heading."""
    titles = store.titles(conn)
    return [embedding_text(titles[r["doc_id"]], r["heading"], r["text"]) for r in rows]


def _vectors_for(
    rows: list[sqlite3.Row],
    conn: sqlite3.Connection,
    old_vectors: dict[str, np.ndarray],
    embedder: Embedder,
    report: ChangeReport,
    progress: bool,
) -> np.ndarray:
    """One vector per row: reused where the embedding key is known, embedded otherwise."""
    matrix = np.zeros((len(rows), embedder.dimension), dtype=np.float32)
    missing = [i for i, r in enumerate(rows) if r["embed_key"] not in old_vectors]
    for i, r in enumerate(rows):
        if r["embed_key"] in old_vectors:
            matrix[i] = old_vectors[r["embed_key"]]
    if missing:
        texts = _embedding_texts(conn, [rows[i] for i in missing])
        matrix[missing] = embedder.embed(texts, progress=progress)
    report.embedded, report.reused = len(missing), len(rows) - len(missing)
    return matrix


def _manifest(embedder: Embedder, report: ChangeReport) -> Manifest:
    """`index_type` is what `vectors.build` made for this many passages (flat or IVF)."""
    return Manifest(
        model=embedder.name,
        dimension=embedder.dimension,
        index_type=vectors.kind_for(report.chunks),
        documents=report.documents,
        chunks=report.chunks,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
