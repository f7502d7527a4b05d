"""Curator page: add and remove documents, rebuild the index, and check its health.

Looking (the health panel, the table of documents) needs no key. Adding, removing and rebuilding
need the curator key (`KLS_CURATOR_KEY`, or `KLS_CURATOR_KEY` in Streamlit secrets); without one
the page is read-only. The key is compared in constant time and never shown, logged or put in a
URL. What each action does, and who may do it, lives in `webui.curator`; this file draws.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import streamlit as st

from core.errors import KlsError
from index.embed import Embedder, SentenceTransformerEmbedder
from ingest.curation import health, list_documents
from ingest.outcome import Outcome
from ingest.pubmed.cache import PubmedCache
from ingest.pubmed.client import EntrezClient
from ingest.pubmed.sync import PubmedSource
from webui import curator
from webui.curator import CURATOR, LOCKED, READ_ONLY, CuratorSettings

MAX_QUERY_RESULTS = 500
ACCESS_NOTES = {
    READ_ONLY: "Read-only: no curator key is set (KLS_CURATOR_KEY).",
    LOCKED: "Enter the curator key to add, remove or rebuild.",
    curator.WRONG_KEY: "That is not the curator key.",
    CURATOR: "Curator: editing allowed",
}


@st.cache_resource(show_spinner="Loading the language model (a few seconds, once)…")
def load_embedder() -> Embedder:
    """The real model, shared by every session of this process."""
    return SentenceTransformerEmbedder()


def current_settings() -> CuratorSettings:
    """Read now, so a key changed on the server applies to the next click."""
    return curator.read_settings(os.environ, _secret_key())


def _secret_key() -> str:
    try:
        return str(st.secrets.get("KLS_CURATOR_KEY", "") or "")
    except FileNotFoundError:  # no secrets file: no key
        return ""


def entered_key() -> str:
    return str(st.session_state.get("curator_key") or "")


def guarded(action: Callable[[CuratorSettings], Outcome]) -> None:
    """Run a write only if the key entered matches the key configured at this moment."""
    try:
        settings = current_settings()
    except KlsError as error:
        remember(curator.failure("Settings", error))
        return
    if curator.access(settings, entered_key()) != CURATOR:
        remember(curator.NOT_ALLOWED)
        return
    remember(action(settings))


def remember(outcome: Outcome) -> None:
    st.session_state["outcome"] = outcome


def show_outcome() -> None:
    outcome: Outcome | None = st.session_state.pop("outcome", None)
    if outcome is None:
        return
    getattr(st, outcome.level)(outcome.headline)
    if outcome.lines:
        st.text("\n".join(str(line) for line in outcome.lines))


def sidebar_access(settings: CuratorSettings) -> bool:
    """The key box and what it allows; True when editing is allowed."""
    bar = st.sidebar
    if settings.key:
        bar.text_input("Curator key", type="password", key="curator_key")
    state = curator.access(settings, entered_key())
    if state == CURATOR:
        bar.success(ACCESS_NOTES[state])
    elif state == curator.WRONG_KEY:
        bar.error(ACCESS_NOTES[state])
    elif state == READ_ONLY:
        bar.info(ACCESS_NOTES[state])
    else:
        bar.caption(ACCESS_NOTES[state])
    return state == CURATOR


def show_health(settings: CuratorSettings) -> None:
    """Documents, passages, model, build time, and whether every checksum holds."""
    st.subheader("Index health")
    try:
        manifest = health(settings.ingest.index_dir)
    except KlsError as error:
        st.error(f"Index problem: {error}")
        return
    built = manifest.built_at[:16].replace("T", " ")
    cols = st.columns(2)
    cols[0].metric("Documents", manifest.documents)
    cols[1].metric("Passages", manifest.chunks)
    st.caption(f"Model {manifest.model} · built {built} UTC · version {manifest.version}: "
               f"checksums verified for all {len(manifest.files)} files.")


def progress_bar() -> Callable[[int, int, str], None]:
    bar = st.progress(0.0, text="Reading files…")

    def update(done: int, total: int, name: str) -> None:
        text = f"Reading {name} ({done + 1} of {total})" if name else "Indexing…"
        bar.progress(done / max(total, 1), text=text)

    return update


def upload_section() -> None:
    st.subheader("Add files")
    files = st.file_uploader(
        "PDF, text, Markdown, PubMed XML, MEDLINE or JSON Lines files", key="uploads",
        accept_multiple_files=True,
    )
    if st.button("Add uploaded files", key="add_files", disabled=not files):
        data = [(f.name, f.getvalue()) for f in files or []]
        guarded(lambda s: keep_locked(curator.add_uploads(data, s, load_embedder,
                                                          progress_bar())))
        st.rerun()
    for path, name in dict(st.session_state.get("locked", {})).items():
        safe = os.path.basename(path)  # the person's own name could carry Markdown
        password = st.text_input(f"Password for {safe}", type="password", key=f"pw:{path}")
        if st.button(f"Open {safe}", key=f"open:{path}", disabled=not password):
            open_locked(path, name, password)
            st.rerun()


def open_locked(path: str, name: str, password: str) -> None:
    """Read an encrypted upload again with the password the person typed."""
    guarded(lambda s: keep_locked(
        curator.add_saved({path: name}, s, {path: password}, load_embedder, progress_bar())))


def keep_locked(result: curator.UploadOutcome) -> Outcome:
    """Remember the files waiting for a password; they stay saved until opened."""
    waiting = st.session_state.get("locked", {})
    locked = {p: n for p, n in waiting.items() if p not in result.handled}
    st.session_state["locked"] = {**locked, **result.locked}
    return result.outcome


def pubmed_source(settings: CuratorSettings) -> PubmedSource:
    return PubmedSource(EntrezClient(settings.pubmed),
                        PubmedCache(settings.pubmed.pubmed_cache_dir))


def pubmed_section() -> None:
    st.subheader("Add from PubMed")
    text = st.text_area("PMIDs (separated by spaces, commas or lines)", key="pmids")
    if st.button("Add these PMIDs", key="add_pmids", disabled=not text.strip()):
        guarded(lambda s: curator.add_pmids(text, s, load_embedder, pubmed_source(s)))
        st.rerun()
    query = st.text_input("or a PubMed query", key="pubmed_query",
                          placeholder="ketamine AND depression")
    count = st.number_input("at most this many records", 1, MAX_QUERY_RESULTS, 20, key="pubmed_max")
    if st.button("Search PubMed and add", key="search_pubmed", disabled=not query.strip()):
        with st.spinner("Asking PubMed…"):
            guarded(lambda s: curator.add_query(query.strip(), int(count), s, load_embedder,
                                                pubmed_source(s)))
        st.rerun()


def rebuild_section() -> None:
    st.subheader("Rebuild")
    st.caption("Reads the corpus folder and every document's source again into a new version; "
               "unchanged passages keep their vectors. Documents in the corpus folder that were "
               "removed come back.")
    if st.button("Rebuild the index", key="rebuild"):
        with st.spinner("Rebuilding…"):
            guarded(lambda s: curator.rebuild_all(s, load_embedder, pubmed_source(s)))
        st.rerun()


def remove_selected() -> None:
    """Button callback: checks the key itself, since it runs before the page does."""
    chosen = list(st.session_state.get("to_remove", []))
    guarded(lambda s: curator.remove(chosen, s))
    st.session_state["to_remove"] = []


def documents_section(rows: list[Any], editing: bool) -> None:
    """The documents with their provenance, narrowed by a text filter; removal when allowed."""
    st.subheader(f"Documents ({len(rows)})")
    needle = st.text_input("Filter", key="filter", placeholder="title, PMID, file, source…")
    st.dataframe(curator.document_table(rows, needle), hide_index=True, width="stretch")
    if not editing:
        return
    titles = {d.doc_id: f"{d.title} ({d.doc_id})" for d in rows}
    st.multiselect("Documents to remove", list(titles), format_func=lambda d: titles[d],
                   key="to_remove")
    st.button("Remove selected", key="remove", on_click=remove_selected,
              disabled=not st.session_state.get("to_remove"))


def main() -> None:
    st.set_page_config(page_title="Curator · Ketamine Literature Search", page_icon="🗂️",
                       layout="wide")
    st.title("Curate the collection")
    try:
        settings = current_settings()
    except KlsError as error:
        st.error(str(error))
        return
    editing = sidebar_access(settings)
    show_outcome()
    show_health(settings)
    if editing:
        upload_section()
        pubmed_section()
    try:
        rows = list_documents(settings.ingest.index_dir)
    except KlsError as error:
        st.error(f"Cannot list documents: {error}")
        rows = []
    documents_section(rows, editing)
    if editing:
        rebuild_section()


if __name__ == "__main__":  # Streamlit runs the page as __main__; tests import it
    main()
