"""The default retriever: FAISS vectors and bm25s term statistics in the version folder.

BM25 is scored for every passage in one vectorised call (bm25s), then the top is taken with a
partial sort; the last query's full score array is kept, because the facade asks for the same
query's scores of the dense channel's candidates right after.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from index import layout, vectors
from index.lexical import LexicalIndex
from index.retriever import LexicalQuery


class LocalRetriever:
    """FAISS (`vectors.faiss`) for the dense channel, bm25s (`lexical/`) for the lexical one."""

    def __init__(self, version_dir: Path) -> None:
        self._vectors = vectors.read(version_dir / layout.VECTORS_FILE)
        self.rows = int(self._vectors.ntotal)
        self._lexical = LexicalIndex.load(version_dir / layout.LEXICAL_DIR, self.rows)
        self._last = threading.local()

    def dense_top(
        self, vector: np.ndarray, k: int, allowed: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        scores, rows = vectors.search(self._vectors, vector, k, allowed)
        return rows.astype(np.int64), scores.astype(np.float64)

    def dense_scores(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        if len(rows) == 0:
            return np.zeros(0)
        # Element-wise rather than BLAS: right after the model runs, a BLAS call on 2 cores
        # contends with torch's threads and doubles the query time.
        return (vectors.vectors_at(self._vectors, rows) * vector).sum(axis=1).astype(np.float64)

    def lexical_top(
        self, query: LexicalQuery, k: int, allowed: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        scores = self._all_scores(query)
        if allowed is None:
            positive = np.flatnonzero(scores > 0)
        else:  # only the allowed rows are read: no masked copy of every row
            positive = allowed[scores[allowed] > 0]
            if not bool(np.all(positive[1:] > positive[:-1])):
                positive = np.unique(positive)  # rows in increasing order, as for no filter
        if len(positive) > k:
            positive = positive[np.argpartition(-scores[positive], k - 1)[:k]]
        order = np.argsort(-scores[positive], kind="stable")
        return positive[order].astype(np.int64), scores[positive[order]]

    def lexical_scores(self, query: LexicalQuery, rows: np.ndarray) -> np.ndarray:
        return self._all_scores(query)[rows]

    def lexical_every_row(self, query: LexicalQuery) -> np.ndarray:
        """BM25 of every passage, as computed (not copied): callers only read it."""
        return self._all_scores(query)

    def rows_with(self, token: str) -> np.ndarray:
        """Rows where one index token occurs, i.e. where it alone scores above zero: read from
        its postings, not by scoring every passage (`TermPresence`)."""
        return self._lexical.rows_with(token)

    def _all_scores(self, query: LexicalQuery) -> np.ndarray:
        """BM25 of `query` for every passage; the last query's answer is reused."""
        last = getattr(self._last, "answer", None)
        if last is not None and last[0] == query:
            return np.asarray(last[1])
        scores = np.zeros(self.rows, dtype=np.float64)
        for tokens, weight in query.groups:
            if tokens and weight > 0:
                part = self._lexical.scores(list(tokens))  # float32
                # weight 1 (the query's own terms) leaves float32 values as they are: skip a
                # pass over every row
                scores += part if weight == 1 else weight * part
        scores.flags.writeable = False  # handed out to callers that keep it (the paper listing)
        self._last.answer = (query, scores)
        return scores

    def close(self) -> None:
        """Nothing to release: FAISS and bm25s hold plain memory."""
