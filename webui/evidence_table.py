"""The evidence table: one row per paper of the current results page, with the facts a
clinician compares studies by (design, blinding, N, intervention with dose and route,
comparator, scales, timepoints). Click a column heading to sort by it (design, N, year...).

Rows are plain values drawn by Streamlit's data grid, which shows text as text: no document
value can become markup. Links come only from `cards.pubmed_url` / `cards.doi_url`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from documents.facts import StudyFacts
from index.search import Paper
from webui.paper_cards import paper_url

SHORT_DESIGNS = {"rct": "RCT", "clinical_study": "Clinical study", "case_report": "Case report",
                 "systematic_review": "Systematic review", "animal": "Animal study",
                 "in_vitro": "In vitro", "narrative_review": "Narrative review", "other": "Other"}
COLUMNS = ("#", "Title", "Link", "Year", "Design", "Blinding", "N", "Studies",
           "Intervention", "Comparator", "Scales", "Timepoints")


def table_rows(papers: Sequence[Paper], first: int) -> list[dict[str, Any]]:
    """One dict per paper, in the page's order, numbered as the cards are."""
    return [_row(paper, position) for position, paper in enumerate(papers, start=first)]


def _row(paper: Paper, position: int) -> dict[str, Any]:
    facts = paper.facts or StudyFacts(design="")
    return {
        "#": position, "Title": paper.title.strip() or "Untitled document",
        "Link": paper_url(paper), "Year": paper.year,
        "Design": SHORT_DESIGNS.get(facts.design, ""), "Blinding": facts.blinding or "",
        "N": facts.n_participants, "Studies": facts.n_studies,
        "Intervention": intervention(facts), "Comparator": ", ".join(facts.comparator),
        "Scales": ", ".join(facts.outcome_scales), "Timepoints": ", ".join(facts.timepoints),
    }


def intervention(facts: StudyFacts) -> str:
    """"ketamine · 0.5 mg/kg · intravenous": drugs, doses and routes, each list comma-joined."""
    parts = (", ".join(facts.interventions), ", ".join(facts.doses), ", ".join(facts.routes))
    return " · ".join(part for part in parts if part)


def table_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The rows as a frame whose counts stay whole numbers with blanks (so N sorts as a
    number and an unknown N is empty, not 0 or NaN)."""
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for name in ("#", "Year", "N", "Studies"):
        frame[name] = frame[name].astype("Int64")
    return frame


def show_evidence_table(papers: Sequence[Paper], first: int) -> None:
    """The table of this page's papers, sortable by clicking a column heading."""
    config = {
        "#": st.column_config.NumberColumn("#", width=40, format="%d", pinned=True),
        "Title": st.column_config.TextColumn("Title", width=280),
        "Link": st.column_config.LinkColumn("Link", width=45,
                                            display_text=":material/open_in_new:"),
        "Year": st.column_config.NumberColumn("Year", format="%d", width=60),
        "Design": st.column_config.TextColumn("Design", width=120),
        "Blinding": st.column_config.TextColumn("Blinding", width=100),
        "N": st.column_config.NumberColumn("N", format="%d", width=55,
                                           help="Participants (people or animals)"),
        "Studies": st.column_config.NumberColumn("Studies", format="%d", width=65,
                                                 help="Studies a review included"),
        "Intervention": st.column_config.TextColumn("Intervention · dose · route", width=240),
        "Comparator": st.column_config.TextColumn("Comparator", width=130),
        "Scales": st.column_config.TextColumn("Scales", width=120),
        "Timepoints": st.column_config.TextColumn("Timepoints", width=150),
    }
    st.dataframe(table_frame(table_rows(papers, first)), hide_index=True, column_config=config,
                 key="evidence-table", row_height=38, placeholder="—")
    st.caption("Click a column heading to sort (design, N, year, ...). Facts are read by rules "
               "from titles and abstracts: the cards' “Why these facts” quote the sentence "
               "behind each.")
