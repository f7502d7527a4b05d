"""Curator page: add and remove documents, rebuild the index, and check its health.

Looking (the health panel, the table of documents) needs no key. Adding, removing and rebuilding
need the curator key (`KLS_CURATOR_KEY`, or `KLS_CURATOR_KEY` in Streamlit secrets); without one
the page is read-only. The key is compared in constant time and never shown, logged or put in a
URL. Uploads are saved under safe names in the uploads folder and only ever read as documents.
The model loads only when something is embedded.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from core.errors import IngestError, SearchIndexError
from core.settings import from_env
from documents.provenance import CURATOR_PAGE
from index.embed import Embedder, SentenceTransformerEmbedder
from ingest.config import CuratorConfig, IngestConfig, PdfLimits, PubmedConfig
from ingest.curation import health, list_documents, remove_documents
from ingest.pipeline import BatchResult, LoadOptions, load_files, publish
from ingest.pubmed import client as pubmed_client
from ingest.pubmed.cache import PubmedCache
from ingest.pubmed.fetch import parse_pmids
from ingest.pubmed.sync import PubmedSource, add_pubmed, search_and_add
from ingest.rebuild import rebuild
from ingest.report import summary
from ingest.uploads import discard_upload, save_upload

FAILURES = (IngestError, SearchIndexError, pubmed_client.PubmedError)
TABLE_COLUMNS = {
    "title": "Title", "source": "Source", "year": "Year", "pmid": "PMID", "chunks": "Passages",
    "added_at": "Added at", "added_by": "Added by", "source_file": "From",
    "source_sha256": "SHA-256", "fetched_at": "Fetched", "doc_id": "ID",
}
MAX_QUERY_RESULTS = 500


@dataclass(frozen=True)
class Settings:
    ingest: IngestConfig
    limits: PdfLimits
    pubmed: PubmedConfig
    key: str = field(repr=False)


@dataclass
class Outcome:
    """What the last action did, shown once after the page reruns."""

    kind: str
    headline: str
    lines: list[str] = field(default_factory=list)


@st.cache_resource(show_spinner="Loading the language model (a few seconds, once)…")
def load_embedder() -> Embedder:
    """The real model, shared by every session of this process."""
    return SentenceTransformerEmbedder()


def read_settings() -> Settings:
    environ = os.environ
    key = from_env(CuratorConfig, environ).curator_key or _secret_key()
    return Settings(from_env(IngestConfig, environ), from_env(PdfLimits, environ),
                    from_env(PubmedConfig, environ), key)


def _secret_key() -> str:
    try:
        return str(st.secrets.get("KLS_CURATOR_KEY", "") or "")
    except FileNotFoundError:  # no secrets file: no key
        return ""


def is_curator(key: str) -> bool:
    """Whether the person entered the curator key; the page is read-only otherwise."""
    bar = st.sidebar
    if not key:
        bar.info("Read-only: no curator key is set (KLS_CURATOR_KEY).")
        return False
    entered = bar.text_input("Curator key", type="password", key="curator_key")
    if not entered:
        bar.caption("Enter the curator key to add, remove or rebuild.")
        return False
    if hmac.compare_digest(entered.encode(), key.encode()):
        bar.success("Curator: editing allowed")
        return True
    bar.error("That is not the curator key.")
    return False


def remember(kind: str, headline: str, lines: list[str] | None = None) -> None:
    st.session_state["outcome"] = Outcome(kind, headline, lines or [])


def show_outcome() -> None:
    outcome = st.session_state.pop("outcome", None)
    if outcome is None:
        return
    getattr(st, outcome.kind)(outcome.headline)
    if outcome.lines:
        st.text("\n".join(outcome.lines))


def remember_batch(result: BatchResult, what: str, context: list[str] | None = None) -> None:
    """Turn a batch result into the outcome shown after the rerun; `context` lines lead."""
    report = result.report
    lines = (context or []) + result.errors + [f"skipped: {s}" for s in result.skipped]
    lines += result.present
    lines += [f"present: {d}" for d in report.duplicates] if report else []
    if report is None:
        kind = "info" if result.present and not result.errors else "error"
        remember(kind, f"{what}: nothing added", lines)
        return
    remember("warning" if result.errors or result.skipped else "success",
             f"{what}: {summary(report)}", lines)


def show_health(settings: Settings) -> None:
    """Documents, passages, model, build time, and whether every checksum holds."""
    st.subheader("Index health")
    try:
        manifest = health(settings.ingest.index_dir)
    except FAILURES as error:
        st.error(f"Index problem: {error}")
        return
    built = str(manifest.get("built_at", "?"))[:16].replace("T", " ")
    cols = st.columns(2)
    cols[0].metric("Documents", manifest["documents"])
    cols[1].metric("Passages", manifest["chunks"])
    st.caption(f"Model {manifest['model']} · built {built} UTC · version {manifest['version']}: "
               f"checksums verified for all {manifest['verified_files']} files.")


def upload_section(settings: Settings) -> None:
    st.subheader("Add files")
    files = st.file_uploader(
        "PDF, text, Markdown, PubMed XML, MEDLINE or JSON Lines files", key="uploads",
        accept_multiple_files=True,
    )
    if st.button("Add uploaded files", key="add_files", disabled=not files):
        add_uploads([(f.name, f.getvalue()) for f in files or []], settings)
    for path, name in dict(st.session_state.get("locked", {})).items():
        safe = Path(path).name  # the person's own name could carry Markdown
        password = st.text_input(f"Password for {safe}", type="password", key=f"pw:{path}")
        if st.button(f"Open {safe}", key=f"open:{path}", disabled=not password):
            add_saved({path: name}, settings, {path: password})


def add_uploads(files: list[tuple[str, bytes]], settings: Settings) -> None:
    """Save each upload under a safe name, then read and add them all with a progress bar."""
    saved: dict[str, str] = {}
    refused: list[str] = []
    for name, data in files:
        try:
            saved[str(save_upload(name, data, settings.ingest.uploads_dir))] = name
        except IngestError as error:
            refused.append(str(error))
    add_saved(saved, settings, {}, refused)


def add_saved(saved: dict[str, str], settings: Settings, passwords: dict[str, str],
              refused: list[str] | None = None) -> None:
    bar = st.progress(0.0, text="Reading files…")
    paths = [Path(p) for p in saved]
    options = LoadOptions(
        limits=settings.limits, added_by=CURATOR_PAGE,
        passwords={Path(p): pw for p, pw in passwords.items()},
        shown_names={Path(p): name for p, name in saved.items()}, on_file=_progress(bar),
    )
    result = _guarded(lambda: _publish(load_files(paths, options), settings), "Adding files")
    if result is None:
        return
    result.errors = (refused or []) + result.errors
    _keep_or_discard(saved, result, settings)
    remember_batch(result, "Adding files")
    st.rerun()


def _progress(bar: Any) -> Callable[[int, int, str], None]:
    def update(done: int, total: int, name: str) -> None:
        text = f"Reading {name} ({done + 1} of {total})" if name else "Indexing…"
        bar.progress(done / max(total, 1), text=text)

    return update


def _publish(result: BatchResult, settings: Settings) -> BatchResult:
    return publish(result, settings.ingest.index_dir, load_embedder(), False, CURATOR_PAGE) \
        if result.documents else result


def _keep_or_discard(saved: dict[str, str], result: BatchResult, settings: Settings) -> None:
    """Files waiting for a password stay; files nothing came from are deleted."""
    locked = dict(st.session_state.get("locked", {}))
    used = {p.source_path for p in result.provenance.values()}
    for path, name in saved.items():
        locked.pop(path, None)
        if Path(path) in result.needs_password:
            locked[path] = name
        elif str(Path(path).resolve()) not in used:
            discard_upload(Path(path), settings.ingest.uploads_dir)
    st.session_state["locked"] = locked


def _guarded(action: Callable[[], BatchResult], what: str) -> BatchResult | None:
    try:
        return action()
    except FAILURES as error:
        remember("error", f"{what} failed: {error}")
        st.rerun()
    return None


def pubmed_section(settings: Settings) -> None:
    st.subheader("Add from PubMed")
    text = st.text_area("PMIDs (separated by spaces, commas or lines)", key="pmids")
    if st.button("Add these PMIDs", key="add_pmids", disabled=not text.strip()):
        pmids, refused = parse_pmids(text)
        result = _guarded(lambda: add_pubmed(pmids, settings.ingest.index_dir, load_embedder,
                                             pubmed_source(settings), CURATOR_PAGE), "PubMed")
        if result is not None:
            result.errors = [f"{t!r} is not a PMID" for t in refused] + result.errors
            remember_batch(result, "PubMed")
            st.rerun()
    query = st.text_input("or a PubMed query", key="pubmed_query",
                          placeholder="ketamine AND depression")
    count = st.number_input("at most this many records", 1, MAX_QUERY_RESULTS, 20, key="pubmed_max")
    if st.button("Search PubMed and add", key="search_pubmed", disabled=not query.strip()):
        with st.spinner("Asking PubMed…"):
            result = _guarded(lambda: search_and_add(
                query.strip(), int(count), settings.ingest.index_dir, load_embedder,
                pubmed_source(settings), CURATOR_PAGE), "PubMed")
        if result is not None:
            remember_batch(result, "PubMed query", [f"query: {query.strip()}"])
            st.rerun()


def pubmed_source(settings: Settings) -> PubmedSource:
    return PubmedSource(pubmed_client.EntrezClient(settings.pubmed),
                        PubmedCache(settings.pubmed.pubmed_cache_dir))


def rebuild_section(settings: Settings) -> None:
    st.subheader("Rebuild")
    st.caption("Reads the corpus folder and every document's source again into a new version; "
               "unchanged passages keep their vectors. Documents in the corpus folder that were "
               "removed come back.")
    if st.button("Rebuild the index", key="rebuild"):
        with st.spinner("Rebuilding…"):
            result = _guarded(lambda: rebuild(
                settings.ingest.corpus_dir, settings.ingest.index_dir, load_embedder(),
                pubmed_source(settings), LoadOptions(settings.limits, added_by=CURATOR_PAGE),
            ), "Rebuild")
        if result is not None:
            remember_batch(result, "Rebuild")
            st.rerun()


def remove_selected(settings: Settings) -> None:
    """Button callback: remove the chosen documents, then clear the choice."""
    chosen = list(st.session_state.get("to_remove", []))
    try:
        report = remove_documents(chosen, settings.ingest.index_dir,
                                  settings.ingest.uploads_dir, CURATOR_PAGE)
    except FAILURES as error:
        remember("error", f"Removing failed: {error}")
        return
    st.session_state["to_remove"] = []
    remember("success", f"Removed {len(report.removed)} documents; the index now holds "
             f"{report.documents} documents, {report.chunks} passages.",
             [f"{d}: no such document" for d in report.not_found])


def documents_table(rows: list[dict[str, Any]]) -> None:
    """The documents with their provenance, narrowed by a text filter."""
    st.subheader(f"Documents ({len(rows)})")
    needle = st.text_input("Filter", key="filter", placeholder="title, PMID, file, source…")
    shown = [r for r in rows if needle.casefold() in _haystack(r)]
    table = [{label: _cell(row, column) for column, label in TABLE_COLUMNS.items()}
             for row in shown]
    st.dataframe(table, hide_index=True, width="stretch")


def _haystack(row: dict[str, Any]) -> str:
    return " ".join(str(row.get(c) or "") for c in TABLE_COLUMNS).casefold()


def _cell(row: dict[str, Any], column: str) -> Any:
    value = row.get(column)
    return str(value)[:12] if column == "source_sha256" and value else value


def remove_section(rows: list[dict[str, Any]], settings: Settings) -> None:
    titles = {r["doc_id"]: f"{r['title']} ({r['doc_id']})" for r in rows}
    st.multiselect("Documents to remove", list(titles), format_func=titles.get, key="to_remove")
    st.button("Remove selected", key="remove", on_click=remove_selected, args=(settings,),
              disabled=not st.session_state.get("to_remove"))


def main() -> None:
    st.set_page_config(page_title="Curate · Ketamine Literature Search", page_icon="🗂️",
                       layout="wide")
    st.title("Curate the collection")
    try:
        settings = read_settings()
    except ValueError as error:
        st.error(str(error))
        return
    curator = is_curator(settings.key)
    show_outcome()
    show_health(settings)
    if curator:
        upload_section(settings)
        pubmed_section(settings)
    try:
        rows = list_documents(settings.ingest.index_dir)
    except FAILURES as error:
        st.error(f"Cannot list documents: {error}")
        rows = []
    documents_table(rows)
    if curator:
        remove_section(rows, settings)
        rebuild_section(settings)


if __name__ == "__main__":  # Streamlit runs the page as __main__; tests import it
    main()
