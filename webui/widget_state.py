"""The page's widgets as one `SearchState`, and back: read as ids, whatever the browser sent.

Streamlit keeps each widget's value in the session under its key. Reading turns those values
into a valid state (a stale label becomes its id, anything unexpected its default); writing
puts a state's values under the keys, before the widgets are drawn.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from documents.facts import DESIGNS
from documents.records import SOURCES
from index.search import MODES, Filters
from webui.options import PER_PAGE, as_ids, design_label, source_label
from webui.url_state import (
    MAX_AUTHOR,
    MAX_PAGE,
    MAX_QUERY,
    SORTS,
    VIEWS,
    SearchState,
    clean_text,
    one_of,
)

YEAR_FLOOR = 1950
WIDGET_KEYS = ("query", "sources", "designs", "human", "years", "author", "sort", "view", "mode",
               "k")
PAGE = "page_no"  # session key of the page number (buttons change it, no widget holds it)


def this_year() -> int:
    return date.today().year


def widget_values(state: SearchState) -> dict[str, Any]:
    """Session values of the page's widgets that show `state`."""
    f = state.filters
    return {
        "query": state.query, "sources": list(f.sources), "designs": list(f.designs),
        "human": f.human_only,
        "years": (f.year_min or YEAR_FLOOR, f.year_max or this_year()), "author": f.author,
        "sort": state.sort, "view": state.view, "mode": state.mode, "k": state.per_page,
        PAGE: state.page,
    }


def read_widgets(defaults: SearchState) -> SearchState:
    """The search the widgets' session values describe, as ids (nothing is written)."""
    value = st.session_state
    page, per_page = value.get(PAGE), value.get("k")
    low, high = _years(value.get("years"))
    return SearchState(
        query=clean_text(str(value.get("query") or ""), MAX_QUERY),
        filters=Filters(
            sources=tuple(as_ids(value.get("sources") or (), SOURCES, source_label)),
            year_min=low if low > YEAR_FLOOR else None,
            year_max=high if high < this_year() else None,
            author=clean_text(str(value.get("author") or ""), MAX_AUTHOR),
            designs=tuple(as_ids(value.get("designs") or (), DESIGNS, design_label)),
            human_only=value.get("human") is True,
        ),
        sort=one_of(str(value.get("sort")), SORTS, defaults.sort),
        page=page if isinstance(page, int) and 1 <= page <= MAX_PAGE else 1,
        view=one_of(str(value.get("view")), VIEWS, defaults.view),
        mode=one_of(str(value.get("mode")), MODES, defaults.mode),
        per_page=per_page if isinstance(per_page, int) and per_page in PER_PAGE
        else defaults.per_page,
    )


def _years(value: object) -> tuple[int, int]:
    """The slider's (low, high), or the whole range when it holds anything else."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        low, high = value
        if isinstance(low, int) and isinstance(high, int) and YEAR_FLOOR <= low <= high:
            return low, min(high, this_year())
    return YEAR_FLOOR, this_year()
