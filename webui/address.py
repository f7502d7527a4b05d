"""Keep the page's widgets and its address in step, both ways, through Streamlit's session.

A search typed on the page is written to the address (one browser-history entry per change);
an address changed from outside (a shared link opened, Back or Forward pressed) is read back
into the widgets before they are drawn. The session remembers the search the address holds, so
each direction fires only on a real change and never loops. Widget values are read back as ids
(`options.as_ids`) and written back before the widgets are drawn, so no label ever becomes a
value, whatever sequence of searches and clicks came before.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from documents.facts import DESIGNS
from documents.records import SOURCES
from index.search import MODES
from webui.options import PER_PAGE
from webui.url_state import Choices, SearchState, from_params, to_params
from webui.widget_state import (
    PAGE,
    WIDGET_KEYS,
    YEAR_FLOOR,
    read_widgets,
    this_year,
    widget_values,
)

ADDRESS = "_address"  # session keys: the search the address holds, as last read or written,
SHOWN = "_shown"  # and the search the widgets showed when the last run ended


def choices() -> Choices:
    return Choices(sources=SOURCES, designs=DESIGNS, modes=MODES,
                   years=(YEAR_FLOOR, this_year()), per_page=PER_PAGE)


def state_from_widgets(defaults: SearchState) -> SearchState:
    """The search the widgets describe; a changed search starts again at page 1. The choices
    of both multiselects are written back as ids on every run, so they are redrawn with this
    run's labels, never left holding a label the browser sent (text boxes are left alone: a
    write would overwrite what is being typed)."""
    state = read_widgets(defaults)
    last = st.session_state.get(SHOWN, st.session_state.get(ADDRESS))
    if isinstance(last, SearchState) and not state.same_search(last):
        state = replace(state, page=1)
    ids = widget_values(state)
    st.session_state.update({key: ids[key] for key in ("sources", "designs", PAGE)})
    st.session_state[SHOWN] = state
    return state


def follow_address(defaults: SearchState) -> None:
    """Show the address's search when the address changed outside the page: a shared link was
    opened, or Back or Forward was pressed. Call before any widget is drawn.

    A run the person started by changing a widget keeps the widgets: the address it carries
    can be older than the last one written (a year moved while the previous run was still
    putting the question into the address), and following it would undo the change."""
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    wanted = from_params(params, defaults, choices())
    lost = any(key not in st.session_state for key in WIDGET_KEYS)  # a run that ended early
    shown = st.session_state.get(SHOWN)
    if not lost and shown is not None and read_widgets(defaults) != shown:
        return
    if wanted != st.session_state.get(ADDRESS) or lost:
        st.session_state.update(widget_values(wanted))
        st.session_state[ADDRESS] = st.session_state[SHOWN] = wanted  # its page number holds


def publish_address(state: SearchState, defaults: SearchState) -> None:
    """Put a changed search into the address; each change becomes one history entry."""
    if state == st.session_state.get(ADDRESS):
        return
    params = to_params(state, defaults)
    st.query_params.from_dict(params)
    as_lists = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    st.session_state[ADDRESS] = from_params(as_lists, defaults, choices())


def clear_filters() -> None:
    """Button callback: back to all sources, designs, participants, years and authors."""
    st.session_state.update(sources=[], designs=[], human=False, years=(YEAR_FLOOR, this_year()),
                            author="")


def go_to_page(number: int) -> None:
    """Button callback: another page of the same search."""
    st.session_state[PAGE] = max(1, number)
