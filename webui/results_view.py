"""The results on the page: status line with the query time, export buttons and result cards.

Cards are drawn at once with the sentences that query terms decide; passages whose sentences
tie on terms get their highlight when the model has settled all ties in one batch, so the model
never delays the first sight of the results.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

import streamlit as st

from index.hit import Hit
from index.search import SearchIndex
from webui import cards
from webui.address import clear_filters
from webui.cards import plural
from webui.context import surrounding_text
from webui.explain import match_reasons, reasons_markdown
from webui.export import results_csv, results_ris
from webui.grouping import DocumentGroup
from webui.sentence_scores import PassageHighlight, TieBreaker, by_terms
from webui.url_state import SearchState


@dataclass(frozen=True)
class Results:
    """Cards to show (one passage each, or a paper's best passages), the pool the filter counts
    come from, and how long the search took."""

    groups: list[DocumentGroup]
    pool: list[Hit]
    took_ms: float

    @property
    def hits(self) -> list[Hit]:
        return [hit for group in self.groups for hit in group.hits]


def show_results(
    search_index: SearchIndex, breaker: TieBreaker, state: SearchState, results: Results
) -> None:
    """Status line (with the query time), export buttons and the cards; or why there are none."""
    if not results.groups:
        st.info(f"No passages match this search ({results.took_ms:.0f} ms). "
                "Try other words, or widen the source, study type and year filters.")
        if state.filters().active():
            st.button("Clear filters", on_click=clear_filters)
        return
    hits = results.hits
    papers = len({hit.doc_id for hit in hits})
    found = (f"{plural(len(hits), 'passage')} from {plural(papers, 'paper')}"
             f" · search {results.took_ms:.0f} ms")
    status = st.empty()
    status.caption(found)
    export_buttons(state.query, hits)
    highlight_ms = render_cards(search_index, breaker, state.query, results.groups)
    status.caption(f"{found} · highlighting {highlight_ms:.0f} ms")


def render_cards(
    search_index: SearchIndex, breaker: TieBreaker, query: str, groups: list[DocumentGroup]
) -> float:
    """Every card, marked by query terms at once; sentences tied on terms are settled by the
    model after all cards show, in one batch. Returns the time highlighting took, in ms."""
    st.markdown(cards.CARD_CSS, unsafe_allow_html=True)
    started = time.perf_counter()
    highlights = by_terms(query, [hit for group in groups for hit in group.hits])
    spent = time.perf_counter() - started
    waiting: dict[str, tuple[Any, Hit]] = {}
    for position, group in enumerate(groups, start=1):
        waiting |= render_card(search_index, group, position, query, highlights)
    started = time.perf_counter()
    settled = breaker.settle(query, {cid: highlights[cid] for cid in waiting})
    for cid, (slot, hit) in waiting.items():
        show_passage(slot, search_index, hit, settled[cid])
    return (spent + time.perf_counter() - started) * 1000


def render_card(
    search_index: SearchIndex, group: DocumentGroup, position: int, query: str,
    highlights: dict[str, PassageHighlight],
) -> dict[str, tuple[Any, Hit]]:
    """One result card: passage(s), then the citation; returns the passage slots whose
    highlight waits on a tie. A paper's card has the controls under each of its passages."""
    waiting = {}
    several = len(group.hits) > 1
    with st.container(border=True, key=f"card-{position}"):
        for hit in group.hits:
            slot = st.empty()
            show_passage(slot, search_index, hit, highlights[hit.chunk_id])
            if highlights[hit.chunk_id].ties:
                waiting[hit.chunk_id] = (slot, hit)
            if several:
                controls(search_index, hit, query)
        st.markdown(cards.citation_html(group.first, position), unsafe_allow_html=True)
        if not several:
            controls(search_index, group.first, query)
    return waiting


def show_passage(
    slot: Any, search_index: SearchIndex, hit: Hit, light: PassageHighlight
) -> None:
    """The highlighted passage, with the neighbouring text around it when context is open."""
    before = after = ""
    if st.session_state.get(f"context:{hit.chunk_id}"):
        before, after = surrounding_text(hit, search_index.neighbours(hit, radius=1))
    slot.markdown(cards.passage_html(light.html(), before, after), unsafe_allow_html=True)


def controls(search_index: SearchIndex, hit: Hit, query: str) -> None:
    """Show context (in place) and why it matched (on demand), vocabulary synonyms included."""
    left, right = st.columns([1, 2], vertical_alignment="center")
    left.toggle("Show context", key=f"context:{hit.chunk_id}")
    with right.popover("Why it matched"):
        reasons = match_reasons(query, hit.text, search_index.expansions(query))
        st.markdown(reasons_markdown(hit, reasons), unsafe_allow_html=True)


def export_buttons(query: str, hits: list[Hit]) -> None:
    """CSV (one row per passage) and RIS (one record per paper) of the results shown."""
    slug = re.sub(r"[^a-z0-9]+", "-", query.lower()).strip("-")[:40] or "results"
    stem = f"ketamine-search-{slug}"
    csv_col, ris_col, note = st.columns([1, 1, 2], vertical_alignment="center")
    csv_col.download_button("Download CSV", results_csv(query, hits), f"{stem}.csv", "text/csv",
                            on_click="ignore", key="export-csv")
    ris_col.download_button("Download RIS", results_ris(hits), f"{stem}.ris",
                            "application/x-research-info-systems", on_click="ignore",
                            key="export-ris")
    note.caption("To share this search, copy the page address: it holds the question and filters.")
