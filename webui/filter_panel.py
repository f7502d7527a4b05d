"""The filters and display options, in the sidebar: beside the results on a wide screen, and
folded away behind the menu on a phone, so the results come first there.

Every widget's values are ids (`pubmed`, `rct`, `newest`); counts and words live only in
`format_func` (and in the label of the one checkbox, whose value is a plain yes or no). No
widget is given a default: its value is always in the session (set from the address by
`webui.address`), so Streamlit never warns about a default plus a session value.
"""

from __future__ import annotations

import streamlit as st

from documents.facts import DESIGNS
from documents.records import SOURCES
from index.search import MODES
from webui.address import YEAR_FLOOR, clear_filters, this_year
from webui.facets import FacetCounts
from webui.options import (
    MODE_LABELS,
    PER_PAGE,
    SORT_LABELS,
    VIEW_LABELS,
    count_label,
    counted,
    design_label,
    source_label,
)
from webui.url_state import SearchState

DESIGN_HELP = ("From PubMed's publication types where they decide it; otherwise read from the "
               "title and abstract (a PDF's first pages). Open a card's “Why these facts” to "
               "see where.")
HUMAN_HELP = ("Randomized trials, other clinical studies and case reports: studies of people. "
              "Reviews are left out (they study studies), as are animal and in vitro work.")
YEAR_HELP = ("Narrowing the range leaves out documents without a known year, such as the "
             "web article.")
SORT_HELP = ("Newest and oldest order the matching papers by year; papers without a year "
             "come last. Passage by passage is always by relevance.")
AUTHOR_HELP = "A name as PubMed writes it, e.g. Zarate or Zarate CA. `author:NAME` in the " \
    "question box does the same."


def filter_panel(state: SearchState, counts: FacetCounts | None) -> None:
    """Source, design, human participants, years, author (with counts once there is a
    question), then sort, view, results per page and ranking. Every widget is drawn on every
    run, so none loses its value to Streamlit's clean-up of widgets a run did not draw."""
    side = st.sidebar
    side.subheader("Filters")
    side.multiselect(
        "Source", SOURCES, key="sources", placeholder="All sources",
        format_func=count_label(counts.sources if counts else None, source_label),
    )
    side.multiselect(
        "Study design", DESIGNS, key="designs", placeholder="All designs", help=DESIGN_HELP,
        format_func=count_label(counts.designs if counts else None, design_label),
    )
    side.checkbox(counted("Human participants only", counts.human if counts else None),
                  key="human", help=HUMAN_HELP)
    side.slider("Publication years", YEAR_FLOOR, this_year(), key="years", help=YEAR_HELP)
    side.text_input("Author", key="author", max_chars=100, placeholder="e.g. Zarate",
                    help=AUTHOR_HELP)
    if state.filters.active():
        side.button("Clear filters", key="clear-filters-side", on_click=clear_filters)
    side.subheader("Display")
    side.radio("Sort by", list(SORT_LABELS), key="sort", format_func=SORT_LABELS.__getitem__,
               disabled=state.view == "passages", help=SORT_HELP)
    side.radio("Show", list(VIEW_LABELS), key="view", format_func=VIEW_LABELS.__getitem__)
    side.selectbox("Results per page", PER_PAGE, key="k")
    side.radio("Ranking", MODES, key="mode", format_func=MODE_LABELS.__getitem__,
               help="Hybrid mixes meaning (MiniLM) with keywords (BM25).")
