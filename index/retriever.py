"""The seam between the search facade and where passage vectors and term statistics live.

The facade (`index.search.SearchIndex`) owns the question — the query's embedding, its terms
and their vocabulary synonyms, the filters as a set of allowed rows — and the fusion of the two
channels. A `Retriever` answers the two channels' questions over passage rows: the nearest
vectors, the best BM25 scores, and both scores for any given rows. `index.local_retriever`
(FAISS + bm25s files in the version folder) is the default; other engines implement the same
four calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class LexicalQuery:
    """Query terms as index tokens, each group with its weight: the query's own terms at 1,
    vocabulary synonyms at the expansion weight. BM25 of the query is the weighted sum."""

    groups: tuple[tuple[tuple[str, ...], float], ...] = ()

    def empty(self) -> bool:
        return not any(tokens and weight > 0 for tokens, weight in self.groups)


class Retriever(Protocol):
    """Candidate rows and scores for the two channels; rows are the store's passage rows."""

    rows: int

    def dense_top(
        self, vector: np.ndarray, k: int, allowed: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(rows, cosine scores) of the `k` nearest passages, best first, among `allowed`."""
        ...

    def dense_scores(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Cosine similarity of `vector` to each of `rows`."""
        ...

    def lexical_top(
        self, query: LexicalQuery, k: int, allowed: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(rows, BM25 scores) of at most `k` passages with a positive score, best first."""
        ...

    def lexical_scores(self, query: LexicalQuery, rows: np.ndarray) -> np.ndarray:
        """BM25 of `query` for each of `rows` (0 where no term occurs)."""
        ...

    def close(self) -> None: ...
