"""Streamlit search page: ask a question, read the passages that answer it, with their sources.

The page only calls the search facade (`index.search`) and the helpers in `webui/` (results
are drawn by `webui.results_view`, the address is kept by `webui.address`); it never imports
faiss, pypdf or torch. The model is loaded once per process and the index once
per published version. The search (query and filters) lives in the page address, so a copied
link reproduces it and the browser's Back button returns to the previous search.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import streamlit as st

from core.errors import SearchIndexError
from core.settings import from_env
from documents.study_types import STUDY_TYPES
from index import layout
from index.config import IndexConfig
from index.embed import Embedder, SentenceTransformerEmbedder
from index.manifest import Manifest
from index.search import MODES, Filters, RankingConfig, SearchIndex
from webui import cards
from webui.address import (
    MAX_K,
    YEAR_FLOOR,
    follow_address,
    publish_address,
    state_from_widgets,
)
from webui.cards import plural
from webui.facets import FacetCounts, facet_counts
from webui.grouping import DocumentGroup, group_by_document
from webui.index_status import being_written
from webui.results_view import Results, show_results
from webui.sentence_scores import TieBreaker
from webui.url_state import SearchState

EXAMPLES = {
    "Clinicians": [
        "How fast does ketamine work?", "Is ketamine addictive?", "antipsychotic weight gain",
    ],
    "Students": ["BDNF and mTOR", "NMDA receptor antagonism and glutamate", "synaptogenesis"],
}
MODE_LABELS = {
    "hybrid": "Hybrid: meaning + keywords",
    "dense": "Meaning only",
    "lexical": "Keywords only (BM25)",
}
POOL = 100  # passages the filter counts are taken over
PASSAGES_PER_CARD = 3  # when results are grouped by paper
MISSING_INDEX = "No index yet: run `make run` or `python -m ingest build`"
BUILDING_INDEX = "The index is being built right now; this page opens it as soon as it is ready."
RESULTS = "_results"  # session key: (search, results) of the last search, reused on reruns


@st.cache_resource(show_spinner="Loading the language model (a few seconds, once)…")
def load_embedder() -> Embedder:
    """The real model, shared by every session of this process."""
    return SentenceTransformerEmbedder(threads=from_env(IndexConfig, os.environ).query_threads)


@st.cache_resource(show_spinner=False)
def tie_breaker() -> TieBreaker:
    """Sentence vectors are query-independent, so every session shares one cache of them."""
    return TieBreaker(load_embedder())


@st.cache_resource(max_entries=1, show_spinner="Opening the index…")
def open_version(version_dir: str) -> SearchIndex:
    """One index version; keyed by its folder, so a newly published version is a cache miss.

    Checksums are verified before the model loads, so a damaged index is reported at once.
    """
    folder = Path(version_dir)
    layout.read_manifest(folder, verify=True)
    return SearchIndex(folder, load_embedder(), verify=False)


def load_index(index_dir: Path) -> SearchIndex | None:
    """The live index, or None after showing why there is none (missing, building, broken)."""
    try:
        version_dir = layout.live_version(index_dir)
        if version_dir is None and being_written(index_dir):
            st.info(BUILDING_INDEX)
            wait_for_index(str(index_dir))
            return None
        if version_dir is None:
            st.warning(f"{MISSING_INDEX} (looking in {md_literal(str(index_dir))}).")
            return None
        return open_version(str(version_dir))
    except SearchIndexError as error:
        st.error(md_literal(str(error)))
        return None


@st.fragment(run_every=3)
def wait_for_index(index_dir: str) -> None:
    """Checks every few seconds while a build runs, and reloads the page when it is done."""
    if not being_written(Path(index_dir)):
        st.rerun()


def md_literal(text: str) -> str:
    """Backslash-escape Markdown punctuation so messages with paths show as written."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~$:<>])", r"\\\1", text)


def health_line(manifest: Manifest) -> str:
    """Documents, passages, model and build time of the loaded index."""
    built = manifest.built_at[:16].replace("T", " ")
    return (
        f"Index: {plural(manifest.documents, 'document')} · "
        f"{plural(manifest.chunks, 'passage')} · "
        f"model {manifest.model} · built {built} UTC"
    )


def run_search(search_index: SearchIndex, state: SearchState, ranking: RankingConfig) -> Results:
    """The cards for `state`, and the unfiltered pool for the filter counts.

    Without filters the results are the pool's head (same ranking), so one search serves both.
    """
    started = time.perf_counter()
    ranking = replace(ranking, mode=state.mode)
    pool = search_index.search(state.query, POOL, Filters(), ranking)
    filters = state.filters()
    wanted = POOL if state.grouped else state.k
    matches = (
        search_index.search(state.query, wanted, filters, ranking) if filters.active() else pool
    )
    if state.grouped:
        groups = [DocumentGroup(g.hits[:PASSAGES_PER_CARD]) for g in group_by_document(matches)]
    else:
        groups = [DocumentGroup((hit,)) for hit in matches]
    took_ms = (time.perf_counter() - started) * 1000
    return Results(groups[: state.k], pool, took_ms)


def cached_search(
    search_index: SearchIndex, state: SearchState, ranking: RankingConfig
) -> Results:
    """Reruns that only open a context or an explanation reuse the last search."""
    key = (search_index.version, state, ranking)
    last = st.session_state.get(RESULTS)
    if last is None or last[0] != key:
        last = (key, run_search(search_index, state, ranking))
        st.session_state[RESULTS] = last
    return last[1]


def use_example(question: str) -> None:
    """Button callback: put the example in the query box before the page reruns."""
    st.session_state["query"] = question


def example_buttons() -> None:
    """Example questions for clinicians and for students; a click runs that search."""
    for audience, questions in EXAMPLES.items():
        with st.container(horizontal=True, vertical_alignment="center"):
            st.caption(audience, width=80)
            for question in questions:
                st.button(
                    question, key=f"example:{question}", on_click=use_example, args=(question,)
                )


def counted(label: str, found: int | None) -> str:
    """A filter value's label with the number of matching papers it would keep, when known."""
    return label if found is None else f"{label} ({found})"


def filter_panel(counts: FacetCounts | None) -> None:
    """Source, study type and years (with matching-paper counts once there is a query),
    grouping, and the ranking options."""
    with st.container(border=True):
        left, right = st.columns(2)
        left.multiselect(
            "Source", list(cards.SOURCE_LABELS), key="sources", placeholder="All sources",
            format_func=lambda s: counted(
                cards.SOURCE_LABELS[s], counts.sources[s] if counts else None
            ),
        )
        right.multiselect(
            "Study type", list(STUDY_TYPES), key="types", placeholder="All study types",
            format_func=lambda t: counted(t, counts.study_types[t] if counts else None),
            help="From PubMed's publication types and MeSH tags; 'unknown' where PubMed says "
            "nothing (the article, PDFs). Never guessed from the text.",
        )
        years, group = st.columns([3, 2], vertical_alignment="center")
        years.slider(
            "Publication years", YEAR_FLOOR, date.today().year,
            (YEAR_FLOOR, date.today().year), key="years",
            help="Narrowing the range leaves out documents without a known year, such as the "
            "article.",
        )
        if counts:
            years.caption(year_caption(counts))
        group.toggle("One card per paper", key="group", help="Group passages by document.")
        with st.expander("Ranking and number of results"):
            st.radio("Ranking", MODES, format_func=MODE_LABELS.get, key="mode", horizontal=True)
            st.slider("Number of results", 1, MAX_K, key="k")


def year_caption(counts: FacetCounts) -> str:
    span = f"{counts.years[0]}–{counts.years[1]}" if counts.years else "no dated papers"
    return f"Matching papers: {span}; {plural(counts.undated, 'paper')} without a year."


def query_box(has_query: bool) -> None:
    """The query box (Enter submits) and the example questions."""
    st.text_input(
        "Your question", key="query", max_chars=500,
        placeholder="e.g. How fast does ketamine work?  (press Enter to search)",
    )
    if has_query:
        with st.expander("Example questions"):
            example_buttons()
    else:
        example_buttons()


def main() -> None:
    st.set_page_config(page_title="Ketamine Literature Search", page_icon="🔎")
    st.title("Ketamine Literature Search")
    st.caption("Semantic search over an article on ketamine for treatment-resistant depression, "
               "PubMed abstracts and PDFs.")
    try:
        config = from_env(IndexConfig, os.environ)
        ranking = from_env(RankingConfig, os.environ)
    except ValueError as error:
        st.error(md_literal(str(error)))
        return
    search_index = load_index(config.index_dir)
    if search_index is None:
        return
    st.sidebar.caption(health_line(search_index.manifest))
    defaults = SearchState(mode=ranking.mode, k=min(config.top_k, MAX_K))
    follow_address(defaults)
    state = state_from_widgets(defaults)
    publish_address(state, defaults)
    query_box(bool(state.query))
    if not state.query:
        st.info("Type a question or a few terms and press Enter, or pick an example above.")
    try:
        results = cached_search(search_index, state, ranking) if state.query else None
    except SearchIndexError as error:
        st.error(md_literal(str(error)))
        return
    filter_panel(facet_counts(results.pool, state.filters()) if results else None)
    if results is not None:
        show_results(search_index, tie_breaker(), state, results)


if __name__ == "__main__":  # Streamlit runs the page as __main__; tests import it
    main()
