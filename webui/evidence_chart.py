"""A chart of the search's matching papers by year and design: all of them, not one page, so
a clinician sees at a glance whether the trials are recent and how many there are.

Counting is pure (`chart_rows`); drawing uses Altair, which ships with Streamlit. Designs keep
one colour and one order (strongest evidence first) whatever the search.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from documents.facts import DESIGNS
from webui.cards import plural
from webui.options import design_label

Point = tuple[int | None, str | None]  # (year, design) of one matching paper
ORDER = ("systematic_review", "rct", "clinical_study", "case_report", "animal", "in_vitro",
         "narrative_review", "other")
COLOURS = ("#6a3d9a", "#1f78b4", "#33a02c", "#b2df8a", "#e6850e", "#fdbf6f", "#a6cee3",
           "#b0b0b0")
NO_FACTS = "no facts"


def chart_rows(points: Sequence[Point]) -> list[dict[str, Any]]:
    """Papers per (year, design), dated papers only, in year then design order."""
    counted = Counter((year, design if design in DESIGNS else NO_FACTS)
                      for year, design in points if year is not None)
    rank = {design: i for i, design in enumerate((*ORDER, NO_FACTS))}
    return [{"year": year, "design": _label(design), "order": rank[design], "papers": n}
            for (year, design), n in sorted(counted.items(), key=lambda i: (i[0][0],
                                                                             rank[i[0][1]]))]


def _label(design: str) -> str:
    return NO_FACTS if design == NO_FACTS else design_label(design)


def bar_chart(rows: list[dict[str, Any]]) -> alt.Chart:
    """Stacked bars: years along, papers up, one colour per design."""
    labels = [design_label(d) for d in ORDER] + [NO_FACTS]
    colour = alt.Color("design:N", title="Design",
                       scale=alt.Scale(domain=labels, range=[*COLOURS, "#e0e0e0"]),
                       legend=alt.Legend(orient="bottom", columns=2, labelLimit=280))
    return alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("sum(papers):Q", title="Matching papers", axis=alt.Axis(tickMinStep=1)),
        color=colour, order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("design:N", title="Design"),
                 alt.Tooltip("sum(papers):Q", title="Papers")],
    ).properties(height=380)


def show_chart(points: Sequence[Point], total: int) -> None:
    """The chart with a line saying what it counts (and what it leaves out)."""
    rows = chart_rows(points)
    undated = sum(1 for year, _ in points if year is None)
    if not rows:
        st.caption("No dated matching paper to chart.")
        return
    said = f"{plural(len(points), 'matching paper')} by year and design"
    if len(points) < total:
        said += f" (the {len(points):,} most relevant of {total:,})"
    if undated:
        said += f"; {plural(undated, 'paper')} without a year not shown"
    st.caption(said)
    st.altair_chart(bar_chart(rows), width="stretch")
