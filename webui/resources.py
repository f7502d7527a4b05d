"""What the search page shares across sessions: the model, the live index version, the
sentence tie-breaker; and the messages shown when there is no usable index.

The model is loaded once per process and the index once per published version (a newly
published version is a cache miss, picked up on the next rerun without a restart).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import streamlit as st

from core.errors import SearchIndexError
from core.settings import from_env
from index import embed, layout
from index.config import IndexConfig
from index.embed import Embedder
from index.manifest import Manifest
from index.search import SearchIndex
from webui.cards import plural
from webui.index_status import being_written
from webui.sentence_scores import TieBreaker

MISSING_INDEX = "No index yet: run `make run` or `python -m ingest build`"
BUILDING_INDEX = "The index is being built right now; this page opens it as soon as it is ready."


@st.cache_resource(show_spinner="Loading the language model (a few seconds, once)…")
def load_embedder() -> Embedder:
    """The real model, shared by every session of this process (looked up on the module, so a
    test can put a fake model in its place)."""
    threads = from_env(IndexConfig, os.environ).query_threads
    return embed.SentenceTransformerEmbedder(threads=threads)


@st.cache_resource(show_spinner=False)
def tie_breaker() -> TieBreaker:
    """Sentence vectors are query-independent, so every session shares one cache of them."""
    return TieBreaker(load_embedder())


@st.cache_resource(max_entries=1, show_spinner="Opening the index…")
def open_version(version_dir: str) -> SearchIndex:
    """One index version, keyed by its folder. Checksums are verified before the model loads,
    so a damaged index is reported at once."""
    folder = Path(version_dir)
    layout.read_manifest(folder, verify=True)
    return SearchIndex(folder, load_embedder(), verify=False)


def load_index(index_dir: Path) -> SearchIndex | None:
    """The live index, or None after showing why there is none (missing, building, broken)."""
    try:
        version_dir = layout.live_version(index_dir)
        if version_dir is None and being_written(index_dir):
            st.info(BUILDING_INDEX)
            wait_for_index(str(index_dir))
            return None
        if version_dir is None:
            st.warning(f"{MISSING_INDEX} (looking in {md_literal(str(index_dir))}).")
            return None
        return open_version(str(version_dir))
    except SearchIndexError as error:
        st.error(md_literal(str(error)))
        return None


@st.fragment(run_every=3)
def wait_for_index(index_dir: str) -> None:
    """Checks every few seconds while a build runs, and reloads the page when it is done."""
    if not being_written(Path(index_dir)):
        st.rerun()


def md_literal(text: str) -> str:
    """Backslash-escape Markdown punctuation so messages with paths show as written."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~$:<>])", r"\\\1", text)


def health_line(manifest: Manifest) -> str:
    """Documents, passages, model and build time of the loaded index."""
    built = manifest.built_at[:16].replace("T", " ")
    return (
        f"Index: {plural(manifest.documents, 'document')} · "
        f"{plural(manifest.chunks, 'passage')} · "
        f"model {manifest.model} · built {built} UTC"
    )
