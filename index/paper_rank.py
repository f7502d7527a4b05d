"""Passage candidates become ranked papers; matching papers are listed, sorted and counted.

A paper scores its best passage plus a small share of its second best (`second_share`, tuned on
SciFact train: README, "How strong a match is"), so a paper with two good passages edges out
one with a single lucky window without letting a long document win by length. The list a
reader pages through holds the papers that match at least partially: those of the candidate
pool, best first, then papers outside the pool that contain enough of the query's words (the
keyword channel knows every passage), by their best BM25 score, then the pool's weak papers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.corpus_map import CorpusMap


@dataclass(frozen=True)
class Pool:
    """Candidate passages (in fused order) and the papers they form (best paper first)."""

    rows: np.ndarray
    fused: np.ndarray
    dense: np.ndarray
    lexical: np.ndarray
    row_docs: np.ndarray  # document number of each candidate
    docs: np.ndarray  # papers, best first
    scores: np.ndarray  # paper score, aligned with docs
    best_dense: np.ndarray  # best cosine among the paper's candidates, aligned with docs

    def positions(self, doc: int) -> np.ndarray:
        """Positions of one paper's candidates, best first."""
        return np.flatnonzero(self.row_docs == doc)


def pool_of(
    rows: np.ndarray,
    fused: np.ndarray,
    dense: np.ndarray,
    lexical: np.ndarray,
    corpus: CorpusMap,
    second_share: float,
) -> Pool:
    """Group fused-order candidates by paper and rank the papers."""
    row_docs = corpus.docs_of(rows)
    docs, first, inverse = np.unique(row_docs, return_index=True, return_inverse=True)
    scores = fused[first].astype(np.float64)
    rest = np.ones(len(rows), dtype=bool)
    rest[first] = False
    seconds, second_at = np.unique(row_docs[rest], return_index=True)
    if len(seconds):
        positions = np.flatnonzero(rest)[second_at]
        scores[np.searchsorted(docs, seconds)] += second_share * fused[positions]
    best_dense = np.full(len(docs), -np.inf)
    np.maximum.at(best_dense, inverse, dense)
    order = np.lexsort((first, -scores))
    return Pool(rows, fused, dense, lexical, row_docs, docs[order], scores[order],
                best_dense[order])


def listed(
    pool: Pool,
    pool_levels: np.ndarray,
    worded: np.ndarray,
    doc_lexical: np.ndarray,
) -> tuple[np.ndarray, int]:
    """(papers in relevance order, how many match). The matching papers first: pool papers
    with a level above weak, then `worded` papers (enough query words; a boolean per document)
    outside the pool, by best BM25; then the pool's weak papers, in pool order, so a reader
    (and nDCG) still sees the nearest papers below the matches. When none matches, the pool's
    papers, all weak, with a count of 0."""
    matching = pool.docs[pool_levels > 0]
    outside = worded.copy()
    outside[pool.docs] = False
    extra = np.flatnonzero(outside)
    extra = extra[np.lexsort((extra, -doc_lexical[extra]))]
    found = np.concatenate([matching, extra]).astype(np.int64)
    weak = pool.docs[pool_levels == 0].astype(np.int64)
    return np.concatenate([found, weak]), len(found)


def by_date(docs: np.ndarray, years: np.ndarray, newest: bool) -> np.ndarray:
    """Papers by year (newest or oldest first), undated last; the relevance order breaks ties."""
    year = years[docs]
    dated = year >= 0
    key = np.where(dated, -year if newest else year, 0)
    return docs[np.lexsort((np.arange(len(docs)), key, ~dated))]


def page_of(docs: np.ndarray, page: int, per_page: int) -> np.ndarray:
    """The papers on one page (1-based)."""
    start = (page - 1) * per_page
    return docs[start : start + per_page]
