"""Keep the page's widgets and its address in step, both ways, through Streamlit's session.

A search typed on the page is written to the address (one browser-history entry per change);
an address changed from outside (a shared link opened, Back or Forward pressed) is read back
into the widgets before they are drawn. The session remembers the search the address holds, so
each direction fires only on a real change and never loops.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from documents.records import SOURCES
from documents.study_types import STUDY_TYPES
from index.search import MODES
from webui.url_state import Choices, SearchState, from_params, to_params

YEAR_FLOOR = 1950
MAX_K = 50
WIDGET_KEYS = ("query", "sources", "types", "years", "mode", "k", "group")
ADDRESS = "_address"  # session key: the search the address holds, as last read or written


def choices() -> Choices:
    return Choices(
        sources=SOURCES, study_types=STUDY_TYPES, modes=MODES,
        years=(YEAR_FLOOR, date.today().year), max_k=MAX_K,
    )


def widget_values(state: SearchState) -> dict[str, Any]:
    """Session values of the page's widgets that show `state`."""
    return {
        "query": state.query, "sources": list(state.sources), "types": list(state.study_types),
        "years": (state.year_min or YEAR_FLOOR, state.year_max or date.today().year),
        "mode": state.mode, "k": state.k, "group": state.grouped,
    }


def state_from_widgets(defaults: SearchState) -> SearchState:
    """The search the widgets describe (a year at either end of the slider is no bound)."""
    value = st.session_state
    low, high = value.get("years", (YEAR_FLOOR, date.today().year))
    return SearchState(
        query=(value.get("query") or "").strip(),
        sources=tuple(value.get("sources", ())),
        year_min=low if low > YEAR_FLOOR else None,
        year_max=high if high < date.today().year else None,
        study_types=tuple(value.get("types", ())),
        mode=value.get("mode", defaults.mode),
        k=value.get("k", defaults.k),
        grouped=value.get("group", defaults.grouped),
    )


def follow_address(defaults: SearchState) -> None:
    """Show the address's search when the address changed outside the page: a shared link was
    opened, or Back or Forward was pressed. Call before any widget is drawn."""
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    wanted = from_params(params, defaults, choices())
    lost = any(key not in st.session_state for key in WIDGET_KEYS)  # a run that ended early
    if wanted != st.session_state.get(ADDRESS) or lost:
        st.session_state.update(widget_values(wanted))
        st.session_state[ADDRESS] = wanted


def publish_address(state: SearchState, defaults: SearchState) -> None:
    """Put a changed search into the address; each change becomes one history entry."""
    if state == st.session_state.get(ADDRESS):
        return
    params = to_params(state, defaults)
    st.query_params.from_dict(params)
    as_lists = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    st.session_state[ADDRESS] = from_params(as_lists, defaults, choices())


def clear_filters() -> None:
    """Button callback: back to all sources, study types and years."""
    st.session_state.update(sources=[], types=[], years=(YEAR_FLOOR, date.today().year))
