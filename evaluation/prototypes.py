"""Ranking experiments that need data the index does not hold yet (built here, cached under
`.cache/ranking/`): each is a `SearchIndex` subclass chosen by a variant's `prototype` name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from evaluation.runs import Variant
from index import layout
from index.embed import Embedder
from index.lexical import LexicalIndex
from index.query_form import query_form
from index.ranking import RankingConfig, fuse
from index.search import SearchIndex

Opener = Callable[[Path, Embedder], SearchIndex]
PROTOTYPES: dict[str, Opener] = {}


def open_variant(folder: Path, embedder: Embedder, variant: Variant) -> SearchIndex:
    """The index at `folder` (its live version, checksums not re-verified), as the variant's
    prototype if it names one."""
    version = layout.require_live_version(folder)
    if variant.prototype:
        return PROTOTYPES[variant.prototype](version, embedder)
    return SearchIndex(version, embedder, verify=False)


class TitleBoost(SearchIndex):
    """Title as its own BM25 field: a passage's BM25 plus `TITLE_WEIGHT` times its paper's
    title BM25 (passages already carry their title in their own text; this weighs it more)."""

    weight = 0.5

    def __init__(self, version_dir: Path, embedder: Embedder) -> None:
        super().__init__(version_dir, embedder, verify=False)
        corpus = self.corpus_map()
        titles = dict(self.connection.execute("SELECT doc_id, title FROM documents"))
        self._titles = LexicalIndex.build([titles[d] for d in corpus.doc_ids])
        self._row_doc = corpus.row_doc

    def fused_scores(self, query: str, rows: np.ndarray, dense: np.ndarray,
                     lexical: np.ndarray, ranking: RankingConfig) -> np.ndarray:
        terms = self.lexical_query(query, ranking)
        title = np.zeros(self._titles_size())
        for tokens, weight in terms.groups:
            if tokens and weight > 0:
                title += weight * self._titles.scores(list(tokens))
        boosted = lexical + self.weight * title[self._row_doc[rows]]
        return fuse(dense, boosted, ranking, query_form(query))

    def _titles_size(self) -> int:
        return len(self.corpus_map().doc_ids)


def _title_boost(weight: float) -> Opener:
    def opener(version: Path, embedder: Embedder) -> SearchIndex:
        index = TitleBoost(version, embedder)
        index.weight = weight
        return index
    return opener


for _w in (0.25, 0.5, 1.0):
    PROTOTYPES[f"title{_w}"] = _title_boost(_w)
