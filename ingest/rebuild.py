"""Rebuild the index from its sources: the corpus folder, and the files and PubMed records that
the documents in the index came from.

Every source is read again and every document re-chunked (a refresh), so edits to the corpus
and to the loaders show, while unchanged passages keep their stored vectors. Documents keep who
added them and when. A document whose source cannot be read again (a file gone or locked,
PubMed unreachable) is kept as stored and named; one that left the corpus folder is removed.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from documents.provenance import Provenance
from index.stored import StoredDocument
from index.writer import apply_changes
from ingest.curation import list_documents
from ingest.loaders.dispatch import iter_corpus_files
from ingest.pipeline import BatchResult, EmbedderFactory, LoadOptions, load_files
from ingest.pubmed.fetch import fetch_documents
from ingest.pubmed.sync import PubmedSource


def rebuild(
    corpus_dir: Path, index_dir: Path, embedder: EmbedderFactory, source: PubmedSource,
    options: LoadOptions = LoadOptions(), progress: bool = False,
) -> BatchResult:
    """Publish a version re-read from the corpus and from each stored document's source."""
    rows = {d.doc_id: d for d in list_documents(index_dir)}
    corpus = [p.resolve() for p in iter_corpus_files(corpus_dir)] if corpus_dir.is_dir() else []
    result = _reload(rows, corpus, source, options)
    loaded = {doc.doc_id for doc in result.documents}
    gone = [d for d, r in rows.items() if d not in loaded and _left_corpus(r, corpus_dir)]
    result.errors += [f"{d}: kept as stored; its source {_where(rows[d])} could not be read "
                      "again" for d in rows if d not in loaded and d not in gone]
    result.report = apply_changes(
        index_dir, embedder(), add=result.documents, remove=gone, progress=progress,
        provenance=result.provenance, actor=options.added_by, refresh=True,
        limits=options.caps.passages(),
    )
    result.errors += result.report.refused
    return result


def _reload(rows: dict[str, StoredDocument], corpus: list[Path], source: PubmedSource,
            options: LoadOptions) -> BatchResult:
    """Documents read again: every corpus file, the files stored documents came from (only the
    documents still in the index), and the PubMed records (cached or fetched)."""
    files = sorted({Path(r.provenance.source_path) for r in rows.values() if _from_file(r)}
                   - set(corpus))
    result = load_files(corpus + [p for p in files if p.is_file()], options)
    result.documents = [d for d in result.documents
                        if d.doc_id in rows or _provenance_path(result, d.doc_id) in corpus]
    pmids = [r.pmid for r in rows.values() if r.from_pubmed_fetch and r.pmid]
    fetched = fetch_documents(pmids, source.client, source.cache, options.added_by)
    result.documents += fetched.documents
    result.errors += fetched.errors
    merged = {**result.provenance, **fetched.provenance}
    result.provenance = {d.doc_id: _kept(rows.get(d.doc_id), merged[d.doc_id])
                         for d in result.documents}
    return result


def _from_file(row: StoredDocument) -> bool:
    return bool(row.provenance.source_path) and not row.from_pubmed_fetch


def _provenance_path(result: BatchResult, doc_id: str) -> Path | None:
    provenance = result.provenance.get(doc_id)
    return Path(provenance.source_path) if provenance else None


def _left_corpus(row: StoredDocument, corpus_dir: Path) -> bool:
    """Whether the document came from a corpus file that is no longer there."""
    path = Path(row.provenance.source_path) if row.provenance.source_path else None
    return path is not None and path.is_relative_to(corpus_dir.resolve()) and not path.exists()


def _where(row: StoredDocument) -> str:
    return row.provenance.source_path or "(not recorded)"


def _kept(row: StoredDocument | None, new: Provenance) -> Provenance:
    """The fresh provenance, keeping the original name, adder and time of a stored document."""
    if row is None:
        return new
    kept = row.provenance
    return replace(new, source_file=kept.source_file or new.source_file,
                   added_by=kept.added_by or new.added_by,
                   added_at=kept.added_at or new.added_at,
                   fetched_at=new.fetched_at or kept.fetched_at)
