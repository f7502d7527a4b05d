"""The page's searches through the facade: papers (or passages) for the state, the filter
counts and the year-and-design chart's points, each run once per change and kept in the
session, so reruns that only open a section or an explanation ask the index nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import streamlit as st

from documents.facts import DESIGNS
from documents.records import SOURCES
from index.hit import Hit
from index.paper_search import MAX_PER_PAGE
from index.search import Filters, PaperResults, RankingConfig, SearchIndex
from webui.evidence_chart import Point
from webui.facets import FacetCounts, facet_counts
from webui.url_state import SearchState

RESULTS = "_results"  # session keys: (key, value) of the last search and of the last counts
COUNTS = "_counts"
CHART = "_chart"
T = TypeVar("T")


@dataclass(frozen=True)
class Outcome:
    """What a search found: a page of papers (papers view), or a page of passages and whether
    another page follows (passage view); and how long it took."""

    papers: PaperResults | None
    passages: tuple[Hit, ...]
    more: bool
    took_ms: float


def run_search(index: SearchIndex, state: SearchState, ranking: RankingConfig) -> Outcome:
    """This page of results for `state`."""
    started = time.perf_counter()
    ranking = replace(ranking, mode=state.mode)
    if state.view in ("papers", "table"):
        papers = index.search_papers(
            state.query, page=state.page, per_page=state.per_page, filters=state.filters,
            sort=state.sort, ranking=ranking,
        )
        return Outcome(papers, (), False, _ms(started))
    wanted = state.page * state.per_page
    hits = index.search(state.query, wanted + 1, state.filters, ranking)
    shown = tuple(hits[wanted - state.per_page : wanted])
    return Outcome(None, shown, len(hits) > wanted, _ms(started))


def count_facets(index: SearchIndex, state: SearchState, ranking: RankingConfig) -> FacetCounts:
    """Matching papers for every source and design, and with human participants only (the
    facade's own totals)."""
    ranking = replace(ranking, mode=state.mode)

    def total(filters: Filters) -> int:
        found = index.search_papers(state.query, page=1, per_page=1, filters=filters,
                                    ranking=ranking)
        return found.total

    return facet_counts(total, state.filters, SOURCES, DESIGNS)


def chart_points(
    index: SearchIndex, state: SearchState, ranking: RankingConfig
) -> tuple[tuple[Point, ...], int]:
    """(year, design) of every matching paper (the most relevant `MAX_PER_PAGE` when there are
    more), and how many match: the chart covers the search, not one page."""
    ranking = replace(ranking, mode=state.mode)
    first = index.search_papers(state.query, per_page=1, filters=state.filters, ranking=ranking)
    if not first.total or first.lookup:
        return (), first.total
    found = index.search_papers(state.query, per_page=min(first.total, MAX_PER_PAGE),
                                filters=state.filters, ranking=ranking)
    points = tuple((p.year, p.facts.design if p.facts else None)
                   for p in found.papers[: first.total])
    return points, first.total


def cached_search(index: SearchIndex, state: SearchState, ranking: RankingConfig) -> Outcome:
    key = (index.version, state, ranking)
    return _kept(RESULTS, key, lambda: run_search(index, state, ranking))


def cached_counts(
    index: SearchIndex, state: SearchState, ranking: RankingConfig
) -> FacetCounts:
    """Counts depend on the question and filters only, not on sort, page or view."""
    key = (index.version, state.query, state.mode, state.filters, ranking)
    return _kept(COUNTS, key, lambda: count_facets(index, state, ranking))


def cached_chart(
    index: SearchIndex, state: SearchState, ranking: RankingConfig
) -> tuple[tuple[Point, ...], int]:
    """Like the counts, the chart depends on the question and filters only."""
    key = (index.version, state.query, state.mode, state.filters, ranking)
    return _kept(CHART, key, lambda: chart_points(index, state, ranking))


def _kept(name: str, key: Any, compute: Callable[[], T]) -> T:
    last = st.session_state.get(name)
    if last is None or last[0] != key:
        last = (key, compute())
        st.session_state[name] = last
    value: T = last[1]
    return value


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
