"""The passage-by-passage view: one card per passage with its citation, "Show context" and
"Why it matched"; and the export buttons both views share.

Cards are drawn at once with the sentences that query terms decide; passages whose sentences
tie on terms get their highlight when the model has settled all ties in one batch, so the model
never delays the first sight of the results.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from index.hit import Hit
from index.search import SearchIndex
from webui import cards
from webui.cards import plural
from webui.context import surrounding_text
from webui.explain import match_reasons, reasons_markdown
from webui.export import results_csv, results_ris
from webui.page_parts import no_results, pager
from webui.searching import Outcome
from webui.sentence_scores import PassageHighlight, TieBreaker, by_terms
from webui.url_state import SearchState


def show_passages(
    index: SearchIndex, breaker: TieBreaker, state: SearchState, outcome: Outcome
) -> None:
    """Status line, export buttons, a card per passage and the pager; or why there are none."""
    hits = list(outcome.passages)
    if not hits:
        no_results(state, "passages", outcome.took_ms)
        return
    first = (state.page - 1) * state.per_page + 1
    papers = len({hit.doc_id for hit in hits})
    found = (f"Passages {first:,}–{first + len(hits) - 1:,}, from {plural(papers, 'paper')}"
             f" · by relevance · search {outcome.took_ms:.0f} ms")
    status = st.empty()
    status.caption(found)
    export_buttons(state.query, hits)
    highlight_ms = render_cards(index, breaker, state.query, hits, first)
    status.caption(f"{found} · highlighting {highlight_ms:.0f} ms")
    pager(state.page, None, outcome.more)


def render_cards(
    index: SearchIndex, breaker: TieBreaker, query: str, hits: list[Hit], first: int
) -> float:
    """Every card, marked by query terms at once, ties settled in one batch after all cards
    show. Returns the time highlighting took, in ms."""
    started = time.perf_counter()
    highlights = by_terms(query, hits)
    spent = time.perf_counter() - started
    waiting: dict[str, tuple[Any, Hit]] = {}
    for position, hit in enumerate(hits, start=first):
        with st.container(border=True, key=f"card-{position}"):
            slot = st.empty()
            show_passage(slot, index, hit, highlights[hit.chunk_id])
            if highlights[hit.chunk_id].ties:
                waiting[hit.chunk_id] = (slot, hit)
            st.markdown(cards.citation_html(hit, position), unsafe_allow_html=True)
            controls(index, hit, query)
    started = time.perf_counter()
    settled = breaker.settle(query, {cid: highlights[cid] for cid in waiting})
    for cid, (slot, hit) in waiting.items():
        show_passage(slot, index, hit, settled[cid])
    return (spent + time.perf_counter() - started) * 1000


def show_passage(slot: Any, index: SearchIndex, hit: Hit, light: PassageHighlight) -> None:
    """The highlighted passage, with the neighbouring text around it when context is open."""
    before = after = ""
    if st.session_state.get(f"context:{hit.chunk_id}"):
        before, after = surrounding_text(hit, index.neighbours(hit, radius=1))
    slot.markdown(cards.passage_html(light.html(), before, after), unsafe_allow_html=True)


def controls(index: SearchIndex, hit: Hit, query: str) -> None:
    """Show context (in place) and why it matched (on demand), vocabulary synonyms included."""
    left, right = st.columns([1, 2], vertical_alignment="center")
    left.toggle("Show context", key=f"context:{hit.chunk_id}")
    with right.popover("Why it matched"):
        reasons = match_reasons(query, hit.text, index.expansions(query))
        st.markdown(reasons_markdown(hit, reasons), unsafe_allow_html=True)


def export_buttons(
    query: str, hits: Sequence[Hit], matches: Mapping[str, str] | None = None
) -> None:
    """CSV (one row per passage) and RIS (one record per paper) of the results shown."""
    slug = re.sub(r"[^a-z0-9]+", "-", query.lower()).strip("-")[:40] or "results"
    stem = f"ketamine-search-{slug}"
    csv_col, ris_col, note = st.columns([1, 1, 2], vertical_alignment="center")
    csv_col.download_button("Download CSV", results_csv(query, hits, matches), f"{stem}.csv",
                            "text/csv", on_click="ignore", key="export-csv")
    ris_col.download_button("Download RIS", results_ris(hits), f"{stem}.ris",
                            "application/x-research-info-systems", on_click="ignore",
                            key="export-ris")
    note.caption("To share this search, copy the page address: it holds the question, "
                 "filters, sort and page.")
