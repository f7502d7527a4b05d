"""Streamlit search page: ask a question, read the passages of the article and the literature.

The page only calls the search facade (`index.search`); it never imports faiss, pypdf or torch.
The model is loaded once per process and the index once per published version: each rerun
reads the cheap CURRENT pointer and re-opens the index only when it names a new version.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import streamlit as st

from index import layout
from index.config import IndexConfig
from index.embed import Embedder, SentenceTransformerEmbedder
from index.errors import SearchIndexError
from index.hit import Hit
from index.search import MODES, Filters, RankingConfig, SearchIndex
from ingest.env_config import from_env

EXAMPLES = {
    "Clinician": [
        "How fast does ketamine work?", "Is ketamine addictive?", "antipsychotic weight gain",
    ],
    "Student": ["BDNF and mTOR", "NMDA receptor antagonism and glutamate", "synaptogenesis"],
}
SOURCE_LABELS = {"article": "Article", "pubmed": "PubMed", "pdf": "PDF", "text": "Text"}
MODE_LABELS = {
    "hybrid": "Hybrid: meaning + keywords",
    "dense": "Meaning only",
    "lexical": "Keywords only (BM25)",
}
YEAR_FLOOR = 1950
MISSING_INDEX = "No index yet: run `make run` or `python -m ingest build`"
CARD_CSS = """<style>
.kls-hit {border: 1px solid #ddd; border-radius: 8px; padding: 0.7rem 0.9rem;
  margin-bottom: 0.8rem;}
.kls-title {font-weight: 600; font-size: 1.05rem;}
.kls-badge {display: inline-block; border-radius: 4px; padding: 0 6px; margin-right: 6px;
  font-size: 0.75rem; font-weight: 600; color: #fff; vertical-align: middle;}
.kls-article {background: #6d3fc0;} .kls-pubmed {background: #1f6fb2;}
.kls-pdf {background: #b23b3b;} .kls-text {background: #666;}
.kls-meta {color: #666; font-size: 0.85rem; margin: 0.2rem 0 0.5rem;}
.kls-passage {line-height: 1.5;}
</style>"""
# HTML, Markdown and Streamlit markup characters, written as entities so none can format text.
_LITERAL = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_[]{}$~:#|!"})


@dataclass(frozen=True)
class SearchSettings:
    """What the sidebar asks for: how many results, which documents, which ranking."""

    k: int
    filters: Filters
    ranking: RankingConfig


@st.cache_resource(show_spinner="Loading the language model (a few seconds, once)…")
def load_embedder() -> Embedder:
    """The real model, shared by every session of this process."""
    return SentenceTransformerEmbedder()


@st.cache_resource(max_entries=1, show_spinner="Opening the index…")
def open_version(version_dir: str) -> SearchIndex:
    """One index version; keyed by its folder, so a newly published version is a cache miss.

    Checksums are verified before the model loads, so a damaged index is reported at once.
    """
    folder = Path(version_dir)
    layout.read_manifest(folder, verify=True)
    return SearchIndex(folder, load_embedder(), verify=False)


def load_index(index_dir: Path) -> SearchIndex | None:
    """The live index, or None after showing why there is none."""
    try:
        version_dir = layout.live_version(index_dir)
        if version_dir is None:
            st.warning(f"{MISSING_INDEX} (looking in {md_literal(str(index_dir))}).")
            return None
        return open_version(str(version_dir))
    except SearchIndexError as error:
        st.error(md_literal(str(error)))
        return None


def md_literal(text: str) -> str:
    """Backslash-escape Markdown punctuation so messages with paths show as written."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~$:<>])", r"\\\1", text)


def escape(text: str) -> str:
    """Document text as literal HTML: tags, entities, Markdown and line breaks all neutralised.

    Lines are joined with <br> so the card stays one HTML block (a blank line would end it).
    """
    return "<br>".join(line.translate(_LITERAL) for line in text.splitlines())


def links(hit: Hit) -> list[str]:
    """PubMed and DOI links; a PMID must be digits and a DOI is percent-encoded."""
    found = []
    if hit.pmid and hit.pmid.isdigit():
        url = f"https://pubmed.ncbi.nlm.nih.gov/{hit.pmid}/"
        found.append(f'<a href="{url}" target="_blank" rel="noopener">PMID {hit.pmid}</a>')
    if hit.doi:
        url = "https://doi.org/" + quote(hit.doi, safe="/")
        found.append(f'<a href="{url}" target="_blank" rel="noopener">DOI {escape(hit.doi)}</a>')
    return found


def card_html(hit: Hit) -> str:
    """One result as a small HTML card; every document field is escaped."""
    source = hit.source if hit.source in SOURCE_LABELS else "text"
    meta = [escape(str(v)) for v in (hit.year, hit.journal) if v]
    if hit.heading:
        meta.append(f"Section: {escape(hit.heading)}")
    if hit.page is not None:
        meta.append(f"page {hit.page}")
    meta += links(hit)
    meta.append(f"score {hit.score:.3f}")
    return (
        f'<div class="kls-hit"><div class="kls-title">'
        f'<span class="kls-badge kls-{source}">{SOURCE_LABELS[source]}</span>'
        f"{hit.rank}. {escape(hit.title)}</div>"
        f'<div class="kls-meta">{" · ".join(meta)}</div>'
        f'<div class="kls-passage">{escape(hit.text)}</div></div>'
    )


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def health_line(manifest: dict[str, Any]) -> str:
    """Documents, passages, model and build time of the loaded index."""
    built = str(manifest.get("built_at", "?"))[:16].replace("T", " ")
    return (
        f"Index: {plural(manifest['documents'], 'document')} · "
        f"{plural(manifest['chunks'], 'passage')} · "
        f"model {manifest['model']} · built {built} UTC"
    )


def sidebar(search_index: SearchIndex, top_k: int, ranking: RankingConfig) -> SearchSettings:
    """Result count, filters and ranking mode, plus the index health line."""
    bar = st.sidebar
    bar.header("Search settings")
    k = bar.slider("Number of results", 1, max(50, top_k), top_k, key="k")
    sources = bar.multiselect(
        "Sources", list(SOURCE_LABELS), format_func=SOURCE_LABELS.get,
        placeholder="All sources", key="sources",
    )
    this_year = date.today().year
    low, high = bar.slider(
        "Publication years", YEAR_FLOOR, this_year, (YEAR_FLOOR, this_year), key="years",
        help="Narrowing the range leaves out documents without a known year, such as the article.",
    )
    mode = bar.radio(
        "Ranking", MODES, index=MODES.index(ranking.mode), format_func=MODE_LABELS.get, key="mode"
    )
    bar.divider()
    bar.caption(health_line(search_index.manifest))
    filters = Filters(
        sources=tuple(sources),
        year_min=low if low > YEAR_FLOOR else None,
        year_max=high if high < this_year else None,
    )
    return SearchSettings(k=k, filters=filters, ranking=replace(ranking, mode=mode))


def use_example(question: str) -> None:
    """Button callback: put the example in the query box before the page reruns."""
    st.session_state["query"] = question


def query_box() -> str:
    """The query box (Enter submits) and the example questions under it."""
    query = st.text_input(
        "Your question", key="query", placeholder="e.g. How fast does ketamine work?"
    )
    for audience, questions in EXAMPLES.items():
        columns = st.columns([1] + [3] * len(questions), vertical_alignment="center")
        columns[0].caption(audience)
        for column, question in zip(columns[1:], questions):
            column.button(
                question, key=f"example:{question}", on_click=use_example, args=(question,)
            )
    return query or ""


def show_results(search_index: SearchIndex, query: str, settings: SearchSettings) -> None:
    """Run the search and render the hits, the time it took, or why there are none."""
    started = time.perf_counter()
    try:
        hits = search_index.search(query, settings.k, settings.filters, settings.ranking)
    except SearchIndexError as error:
        st.error(md_literal(str(error)))
        return
    took_ms = (time.perf_counter() - started) * 1000
    if not hits:
        st.info(f"No passages match this search ({took_ms:.0f} ms). "
                "Try other words, or widen the source and year filters.")
        return
    st.caption(f"{len(hits)} passages in {took_ms:.0f} ms")
    st.markdown(CARD_CSS, unsafe_allow_html=True)
    for hit in hits:
        st.markdown(card_html(hit), unsafe_allow_html=True)


def main() -> None:
    st.set_page_config(page_title="Ketamine Literature Search", page_icon="🔎")
    st.title("Ketamine Literature Search")
    st.caption("Semantic search over an article on ketamine for treatment-resistant depression, "
               "PubMed abstracts and PDFs.")
    try:
        config = from_env(IndexConfig, os.environ)
        ranking = from_env(RankingConfig, os.environ)
    except ValueError as error:
        st.error(md_literal(str(error)))
        return
    search_index = load_index(config.index_dir)
    if search_index is None:
        return
    settings = sidebar(search_index, config.top_k, ranking)
    query = query_box().strip()
    if not query:
        st.info("Type a question or a few terms and press Enter, or pick an example above.")
        return
    show_results(search_index, query, settings)


if __name__ == "__main__":  # Streamlit runs the page as __main__; tests import it
    main()
