"""Papers first: the search's notice, how many papers match, the top findings, then one card
per paper (title as a linked heading, byline, badges, its best passages highlighted, the whole
abstract or section on demand) and the pager.

Cards show at once with the sentences query terms decide; ties are settled by the model in one
batch after all cards are drawn, and only then are the top findings (which quote the settled
sentences) filled in above the cards.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from index.hit import Hit
from index.search import Paper, PaperResults, SearchIndex
from webui import cards
from webui.context import section_around
from webui.explain import match_reasons, paper_reasons_markdown
from webui.facts_view import has_reasons, why_facts_html
from webui.findings import asks_a_question, findings_html, top_findings
from webui.page_parts import no_results, pager
from webui.paper_cards import card_head_html, section_html
from webui.repeats import without_repeats
from webui.resources import md_literal
from webui.results_view import export_buttons
from webui.searching import Outcome
from webui.sentence_scores import PassageHighlight, TieBreaker, by_terms
from webui.url_state import SearchState

Slots = dict[str, tuple[Any, Hit]]
ORDER = {"relevance": "by relevance", "newest": "newest first", "oldest": "oldest first"}


def show_papers(
    index: SearchIndex, breaker: TieBreaker, state: SearchState, outcome: Outcome
) -> None:
    """Notice, total, top findings, export, the cards and the pager; or why there are none."""
    heading = papers_heading(state, outcome)
    if heading is None:
        return
    results, last = heading
    findings = st.empty() if wants_findings(state, results) else None
    shown = {p.doc_id: without_repeats(p.passages) or list(p.passages[:1]) for p in results.papers}
    hits = [hit for passages in shown.values() for hit in passages]
    export_buttons(state.query, hits, {p.doc_id: p.match for p in results.papers})
    lights = unmarked_if_weak(by_terms(state.query, hits), results.papers, shown)
    first = (state.page - 1) * state.per_page + 1
    waiting: Slots = {}
    divider = first_weak(results)
    for position, paper in enumerate(results.papers, start=first):
        if paper.doc_id == divider:
            st.caption(WEAK_BELOW)
        waiting |= paper_card(index, paper, position, shown[paper.doc_id], lights, state.query)
    lights |= breaker.settle(state.query, {cid: lights[cid] for cid in waiting})
    for cid, (slot, _) in waiting.items():
        slot.markdown(cards.passage_html(lights[cid].html()), unsafe_allow_html=True)
    if findings is not None:
        best = [(first + i, p.match, lights[shown[p.doc_id][0].chunk_id])
                for i, p in enumerate(results.papers) if shown[p.doc_id]]
        show_findings(findings, best)
    papers_pager(state, results, last)


WEAK_BELOW = ("Below: weak matches, the nearest papers outside the matching ones; none of them "
              "answers the question closely.")


def first_weak(results: PaperResults) -> str | None:
    """The first weak paper of a page that also lists matching papers (on this page or
    before): the cards from there on are shown under a line saying what they are."""
    if not results.total:
        return None  # every match is weak: the notice above already says so
    return next((p.doc_id for p in results.papers if p.match == "weak"), None)


def papers_heading(state: SearchState, outcome: Outcome) -> tuple[PaperResults, int] | None:
    """The notice and the status line over any papers view, with the results and the number
    of the last page (0 when every match is weak); None, after saying why, when none match."""
    results = outcome.papers
    assert results is not None
    if results.notice:
        st.warning(md_literal(results.notice), icon=":material/info:")
    last = -(-results.total // state.per_page)
    if not results.papers:
        no_results(state, "papers", outcome.took_ms, last)
        return None
    st.caption(status_line(state, results, outcome.took_ms, last))
    return results, last


def papers_pager(state: SearchState, results: PaperResults, last: int) -> None:
    """The pager under any papers view: up to the last page of the matching papers, or, when
    only weak matches are listed (their number is not told), on while a page is full."""
    if last:
        pager(state.page, last, state.page < last)
    else:
        pager(state.page, None, len(results.papers) == state.per_page)


def unmarked_if_weak(
    lights: dict[str, PassageHighlight], papers: tuple[Paper, ...], shown: dict[str, list[Hit]]
) -> dict[str, PassageHighlight]:
    """A weak match answers nothing closely: its passages are shown plain, no sentence marked
    as if it were the answer (and the model is not asked to break their ties)."""
    weak = {hit.chunk_id for p in papers if p.match == "weak" for hit in shown[p.doc_id]}
    return {cid: replace(light, ties=(), chosen=()) if cid in weak else light
            for cid, light in lights.items()}


def status_line(state: SearchState, results: PaperResults, took_ms: float, last: int) -> str:
    """"1,234 matching papers · page 2 of 124 · newest first · search 80 ms"."""
    order = ORDER.get(results.sort, results.sort)
    if not results.total:
        return (f"No paper matches closely; the nearest ones, all weak matches · page "
                f"{state.page:,} · {order} · search {took_ms:.0f} ms")
    noun = "matching paper" if results.total == 1 else "matching papers"
    return (f"{results.total:,} {noun} · page {state.page:,} of {last:,} · {order}"
            f" · search {took_ms:.0f} ms")


def wants_findings(state: SearchState, results: PaperResults) -> bool:
    """Top findings head the first page of a question ranked by relevance."""
    return (state.page == 1 and results.sort == "relevance"
            and asks_a_question(state.query, results.lookup))


def show_findings(slot: Any, best: list[tuple[int, str, PassageHighlight]]) -> None:
    """The top findings box, or nothing when no top paper matches strongly or partly."""
    found = top_findings(best)
    if not found:
        return
    with slot.container(border=True, key="findings"):
        st.markdown("**Top findings** — sentences quoted from the best-matching papers; "
                    "the number jumps to the paper.")
        st.markdown(findings_html(found), unsafe_allow_html=True)


def paper_card(
    index: SearchIndex, paper: Paper, position: int, passages: list[Hit],
    lights: dict[str, PassageHighlight], query: str,
) -> Slots:
    """One paper: heading, byline and badges, its passages, then abstract/section and why it
    matched. Returns the passage slots whose highlight waits on a tie."""
    waiting: Slots = {}
    with st.container(border=True, key=f"card-{position}"):
        st.markdown(card_head_html(paper, position), unsafe_allow_html=True)
        for hit in passages:
            slot = st.empty()
            slot.markdown(cards.passage_html(lights[hit.chunk_id].html()),
                          unsafe_allow_html=True)
            if lights[hit.chunk_id].ties:
                waiting[hit.chunk_id] = (slot, hit)
        paper_controls(index, paper, passages[0] if passages else None, query)
    return waiting


def paper_controls(index: SearchIndex, paper: Paper, best: Hit | None, query: str) -> None:
    """"Show abstract" (a PubMed record's whole text) or "Show whole section" (the article's or
    a PDF's section holding the best passage), in place; why the paper matched; and the
    sentence each of its study facts was read from."""
    label = "Show abstract" if paper.source == "pubmed" else "Show whole section"
    left, middle, right = st.columns([4, 3, 3], vertical_alignment="center")
    opened = left.toggle(label, key=f"section:{paper.doc_id}")
    with middle.popover("Why it matched"):
        text = " ".join(hit.text for hit in paper.passages)
        reasons = match_reasons(query, text, index.expansions(query))
        st.markdown(paper_reasons_markdown(paper, reasons), unsafe_allow_html=True)
    if paper.facts is not None and has_reasons(paper.facts):
        with right.popover("Why these facts"):
            st.markdown(why_facts_html(paper.facts), unsafe_allow_html=True)
    if opened:
        text, sections = index.document_text(paper.doc_id)
        start, end = (best.start, best.end) if best else (0, 0)
        name, begin, finish = section_around(
            text, () if paper.source == "pubmed" else sections, start
        )
        html = section_html(name, text[begin:finish], start - begin, end - begin)
        st.markdown(html, unsafe_allow_html=True)
