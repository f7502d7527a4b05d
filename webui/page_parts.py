"""Small pieces both result views share: the pager, and what to say when nothing is shown."""

from __future__ import annotations

import streamlit as st

from webui.address import clear_filters, go_to_page
from webui.url_state import SearchState


def pager(page: int, last: int | None, more: bool) -> None:
    """Previous and Next (the page number goes into the address), and where we are."""
    if page <= 1 and not more:
        return
    with st.container(horizontal=True, vertical_alignment="center", key="pager"):
        st.button("← Previous", key="page-prev", disabled=page <= 1, on_click=go_to_page,
                  args=(page - 1,))
        where = f"Page {page:,}" + (f" of {last:,}" if last else "")
        st.markdown(f"**{where}**", width="content")
        st.button("Next →", key="page-next", disabled=not more, on_click=go_to_page,
                  args=(page + 1,))


def no_results(state: SearchState, what: str, took_ms: float, last: int = 0) -> None:
    """Why there is nothing to show, and the way out: an earlier page, or fewer filters."""
    if state.page > 1:
        st.info(f"Page {state.page:,} is past the last page of this search.")
        target = last or 1
        st.button(f"Go to page {target:,}", key="page-back", on_click=go_to_page, args=(target,))
        return
    st.info(f"No {what} match this search ({took_ms:.0f} ms). "
            "Try other words, or widen the source, study type, year and author filters.")
    if state.filters.active():
        st.button("Clear filters", key="clear-filters", on_click=clear_filters)
