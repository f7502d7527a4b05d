"""The search page: the question box, the results (papers first, passage by passage, or the
evidence table) and, in the sidebar, the filters and display options.

The page only calls the search facade (`index.search`) and the helpers in `webui/`; it never
imports faiss, pypdf or torch. The whole search lives in the page address (`webui.address`),
so a copied link reproduces it and the browser's Back button returns to the previous one.
"""

from __future__ import annotations

import os

import streamlit as st

from core.errors import SearchIndexError
from core.settings import from_env
from index.config import IndexConfig
from index.search import RankingConfig, SearchIndex
from webui import cards
from webui.address import follow_address, publish_address, state_from_widgets
from webui.facets import FacetCounts
from webui.filter_panel import filter_panel
from webui.first_run import ADD_LITERATURE, only_the_article
from webui.options import PER_PAGE
from webui.paper_view import show_papers
from webui.resources import health_line, load_index, md_literal, tie_breaker
from webui.results_view import show_passages
from webui.searching import cached_counts, cached_search
from webui.table_view import show_table
from webui.url_state import SearchState

EXAMPLES = {
    "Clinicians": [
        "How fast does ketamine work?", "Is ketamine addictive?", "esketamine nasal spray dosing",
    ],
    "Students": ["BDNF and mTOR", "NMDA receptor antagonism and glutamate", "synaptogenesis"],
}
SYNTAX = ("A PMID (or pmid:N) or a DOI opens that paper; author:NAME keeps one author's "
          "papers, e.g. `author:Zarate ketamine`.")
PROMPT = "Type a question or a few terms and press Enter, or pick an example above."


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
    st.caption(SYNTAX)


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


def search_page() -> None:
    """One run of the page: read the address and widgets, search, draw."""
    st.title("Ketamine Literature Search")
    st.caption("Semantic search over a clinic's article on ketamine for treatment-resistant "
               "depression, PubMed abstracts and PDFs.")
    try:
        config = from_env(IndexConfig, os.environ)
        ranking = from_env(RankingConfig, os.environ)
    except ValueError as error:
        st.error(md_literal(str(error)))
        return
    index = load_index(config.index_dir)
    if index is None:
        return
    st.sidebar.caption(health_line(index.manifest))
    per_page = min(PER_PAGE, key=lambda n: (abs(n - config.top_k), n))
    defaults = SearchState(mode=ranking.mode, per_page=per_page)
    follow_address(defaults)
    state = state_from_widgets(defaults)
    publish_address(state, defaults)
    query_box(bool(state.query))
    if only_the_article(index.manifest):
        st.info(ADD_LITERATURE, icon=":material/library_add:")
    if not state.query:
        st.info(PROMPT)
    filter_panel(state, show_results(index, state, ranking) if state.query else None)


def show_results(
    index: SearchIndex, state: SearchState, ranking: RankingConfig
) -> FacetCounts | None:
    """The results for `state`, then the filter counts (after the results, so counting never
    delays them); None when the search failed."""
    try:
        outcome = cached_search(index, state, ranking)
    except SearchIndexError as error:
        st.error(md_literal(str(error)))
        return None
    st.markdown(cards.CARD_CSS, unsafe_allow_html=True)
    if state.view == "papers":
        show_papers(index, tie_breaker(), state, outcome)
    elif state.view == "table":
        show_table(index, state, outcome, ranking)
    else:
        show_passages(index, tie_breaker(), state, outcome)
    try:
        return cached_counts(index, state, ranking)
    except SearchIndexError:
        return None
