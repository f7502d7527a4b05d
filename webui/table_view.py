"""The evidence-table view: the search's notice and count, a chart of all its matching papers
by year and design, the exports, then this page's papers as one table and the pager.

The same paper search as the cards (same order, sort and paging), so switching views never
changes which papers are shown; only the chart looks past the page, at every matching paper.
"""

from __future__ import annotations

import streamlit as st

from core.errors import SearchIndexError
from index.search import RankingConfig, SearchIndex
from webui.evidence_chart import show_chart
from webui.evidence_table import show_evidence_table
from webui.paper_view import papers_heading, papers_pager
from webui.repeats import without_repeats
from webui.resources import md_literal
from webui.results_view import export_buttons
from webui.searching import Outcome, cached_chart
from webui.url_state import SearchState


def show_table(
    index: SearchIndex, state: SearchState, outcome: Outcome, ranking: RankingConfig
) -> None:
    """Notice, status, chart, exports, the table and the pager; or why there is nothing."""
    heading = papers_heading(state, outcome)
    if heading is None:
        return
    results, last = heading
    try:
        points, total = cached_chart(index, state, ranking)
        if total and not results.lookup:
            show_chart(points, total)
    except SearchIndexError as error:
        st.error(md_literal(str(error)))
    hits = [hit for p in results.papers for hit in without_repeats(p.passages) or p.passages[:1]]
    export_buttons(state.query, hits, {p.doc_id: p.match for p in results.papers})
    show_evidence_table(results.papers, (state.page - 1) * state.per_page + 1)
    papers_pager(state, results, last)
