"""What the curator page does, as functions of plain values: who may write, and each action
(upload, PubMed, remove, rebuild) turned into an `Outcome` the page shows.

The page (`pages/curator.py`) only draws widgets and calls these. Every write checks the key
when it runs, against the key configured at that moment, so a click that rides along with a
wrong key, or arrives after the key was changed on the server, changes nothing.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import ConfigError, IngestError, KlsError
from core.settings import from_env
from documents.provenance import CURATOR_PAGE
from index.stored import StoredDocument
from ingest.config import CuratorConfig, IngestConfig, IngestLimits, PdfLimits, PubmedConfig
from ingest.curation import remove_documents
from ingest.outcome import ERROR, Line, Outcome, of_batch, of_removal
from ingest.pipeline import BatchResult, EmbedderFactory, LoadOptions, Progress, load_files
from ingest.pipeline import publish as publish_batch
from ingest.pubmed.fetch import parse_pmids
from ingest.pubmed.sync import PubmedSource, add_pubmed, search_and_add
from ingest.rebuild import rebuild
from ingest.uploads import discard_upload, save_upload

READ_ONLY, LOCKED, WRONG_KEY, CURATOR = "read-only", "locked", "wrong key", "curator"
NOT_ALLOWED = Outcome(ERROR, "Not done: the curator key is missing or wrong.")
TABLE_COLUMNS = {
    "title": "Title", "source": "Source", "year": "Year", "pmid": "PMID", "chunks": "Passages",
    "added_at": "Added at", "added_by": "Added by", "source_file": "From",
    "source_sha256": "SHA-256", "fetched_at": "Fetched", "doc_id": "ID",
}


@dataclass(frozen=True)
class CuratorSettings:
    ingest: IngestConfig
    limits: PdfLimits
    pubmed: PubmedConfig
    key: str = field(repr=False)
    caps: IngestLimits = IngestLimits()


def read_settings(environ: Mapping[str, str], secret_key: str = "") -> CuratorSettings:
    """Settings as they are now; a key of only whitespace is a configuration error, never an
    open door."""
    key = from_env(CuratorConfig, environ).curator_key or secret_key
    if key and not key.strip():
        raise ConfigError("KLS_CURATOR_KEY is blank: set a real key, or unset it for read-only")
    return CuratorSettings(from_env(IngestConfig, environ), from_env(PdfLimits, environ),
                           from_env(PubmedConfig, environ), key, from_env(IngestLimits, environ))


def access(settings: CuratorSettings, entered: str) -> str:
    """READ_ONLY (no key configured), LOCKED (none entered), WRONG_KEY or CURATOR."""
    if not settings.key:
        return READ_ONLY
    if not entered:
        return LOCKED
    same = hmac.compare_digest(entered.encode(), settings.key.encode())
    return CURATOR if same else WRONG_KEY


@dataclass(frozen=True)
class UploadOutcome:
    """An upload batch's outcome, the saved files it read (paths), and those of them that wait
    for a password (path -> the name the person gave)."""

    outcome: Outcome
    handled: tuple[str, ...] = ()
    locked: dict[str, str] = field(default_factory=dict)


def add_uploads(files: list[tuple[str, bytes]], settings: CuratorSettings,
                embedder: EmbedderFactory, on_file: Progress | None = None) -> UploadOutcome:
    """Save each upload under a safe name, then read and add them all."""
    saved: dict[str, str] = {}
    refused: list[str] = []
    for name, data in files:
        try:
            saved[str(save_upload(name, data, settings.ingest.uploads_dir))] = name
        except IngestError as error:
            refused.append(f"{name}: {error.reason}")
    return add_saved(saved, settings, {}, embedder, on_file, refused)


def add_saved(saved: dict[str, str], settings: CuratorSettings, passwords: dict[str, str],
              embedder: EmbedderFactory, on_file: Progress | None = None,
              refused: list[str] | None = None) -> UploadOutcome:
    """Read saved uploads (`path -> name the person gave`) and publish what loads. Files
    nothing came from are deleted, except those waiting for a password."""
    options = LoadOptions(
        limits=settings.limits, added_by=CURATOR_PAGE,
        passwords={Path(p): pw for p, pw in passwords.items()},
        shown_names={Path(p): name for p, name in saved.items()}, on_file=on_file,
        caps=settings.caps,
    )
    paths = [Path(p) for p in saved]
    try:
        result = publish_batch(load_files(paths, options), settings.ingest.index_dir, embedder,
                               False, CURATOR_PAGE, caps=settings.caps)
    except KlsError as error:
        _discard_unused(saved, set(), settings)
        return UploadOutcome(failure("Adding files", error), tuple(saved))
    result.errors[:0] = refused or []
    locked = {p: n for p, n in saved.items() if Path(p) in result.needs_password}
    used = {prov.source_path for prov in result.provenance.values()} if result.report else set()
    _discard_unused({p: n for p, n in saved.items() if p not in locked}, used, settings)
    return UploadOutcome(titled("Adding files", of_batch(result)), tuple(saved), locked)


def _discard_unused(saved: dict[str, str], used: set[str], settings: CuratorSettings) -> None:
    for path in saved:
        if str(Path(path).resolve()) not in used:
            discard_upload(Path(path), settings.ingest.uploads_dir)


def add_pmids(text: str, settings: CuratorSettings, embedder: EmbedderFactory,
              source: PubmedSource) -> Outcome:
    """Add the PMIDs typed (spaces, commas or lines between them); other tokens are refused."""
    pmids, refused = parse_pmids(text)
    return _batch("PubMed", lambda: add_pubmed(pmids, settings.ingest.index_dir, embedder,
                                               source, CURATOR_PAGE),
                  [f"{token!r} is not a PMID" for token in refused])


def add_query(query: str, count: int, settings: CuratorSettings, embedder: EmbedderFactory,
              source: PubmedSource) -> Outcome:
    """Add the first `count` records a PubMed query finds."""
    outcome = _batch("PubMed query", lambda: search_and_add(
        query, count, settings.ingest.index_dir, embedder, source, CURATOR_PAGE))
    return Outcome(outcome.level, outcome.headline,
                   (Line("note", f"query: {query}"), *outcome.lines), outcome.exit_code)


def rebuild_all(settings: CuratorSettings, embedder: EmbedderFactory,
                source: PubmedSource) -> Outcome:
    options = LoadOptions(settings.limits, added_by=CURATOR_PAGE, caps=settings.caps)
    return _batch("Rebuild", lambda: rebuild(settings.ingest.corpus_dir,
                                             settings.ingest.index_dir, embedder, source,
                                             options))


def remove(doc_ids: list[str], settings: CuratorSettings) -> Outcome:
    try:
        report = remove_documents(doc_ids, settings.ingest.index_dir,
                                  settings.ingest.uploads_dir, CURATOR_PAGE)
    except KlsError as error:
        return failure("Removing", error)
    return titled("Removing", of_removal(report))


def _batch(what: str, action: Callable[[], BatchResult], refused: list[str] | None = None
           ) -> Outcome:
    try:
        result = action()
    except KlsError as error:
        return failure(what, error)
    result.errors[:0] = refused or []
    return titled(what, of_batch(result))


def titled(what: str, outcome: Outcome) -> Outcome:
    return Outcome(outcome.level, f"{what}: {outcome.headline}", outcome.lines,
                   outcome.exit_code)


def failure(what: str, error: KlsError) -> Outcome:
    return Outcome(ERROR, f"{what} failed: {error}")


def document_table(documents: list[StoredDocument], needle: str = "") -> list[dict[str, object]]:
    """Rows of the documents table, narrowed to those whose cells contain `needle`."""
    rows = [_row(doc) for doc in documents]
    wanted = needle.casefold().strip()
    return [r for r in rows if wanted in " ".join(str(v or "") for v in r.values()).casefold()]


def _row(doc: StoredDocument) -> dict[str, object]:
    record = doc.to_json()
    sha = record.get("source_sha256") or ""
    record["source_sha256"] = str(sha)[:12]
    return {label: record.get(column) for column, label in TABLE_COLUMNS.items()}
