"""The Milvus retriever: both channels answered by the version's collection in Milvus.

Dense: FLAT inner product over the normalised vectors (cosine, exact). Lexical: sparse inner
product of the query's term weights with bm25s' per-passage scores (`index.milvus_bm25`), which
is BM25 as the local backend computes it. "Scores of these rows" is a search restricted to those
rows, so no vectors travel. Results are ordered by score, then row, as the local backend orders
ties. The facade keeps the fusion; Milvus' own fusion (RRF, weighted) is not used.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from pymilvus import MilvusClient

from core.errors import IndexMissing
from index import layout
from index.milvus_bm25 import query_vector, read_vocabulary
from index.milvus_connect import (
    MilvusVersion,
    connect,
    engine_errors,
    read_version,
    require_collection,
)
from index.retriever import LexicalQuery

MAX_TOPK = 16_384  # Milvus' largest search limit
_EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0))


class MilvusRetriever:
    """Dense and BM25 candidates and scores from one Milvus collection (or alias)."""

    def __init__(
        self, client: MilvusClient, uri: str, version: MilvusVersion, vocabulary: dict[str, int]
    ) -> None:
        self._client, self._uri = client, uri
        self._collection = version.collection
        self._vocabulary = vocabulary
        self.rows = version.rows

    @classmethod
    def open(cls, version_dir: Path, uri: str, collection: str = "") -> MilvusRetriever:
        """The retriever of the version in `version_dir` (its own collection unless another
        name, such as the `kls_live` alias, is given)."""
        version = read_version(version_dir)
        if version is None:
            raise IndexMissing(
                f"{version_dir}: this version was not published to Milvus; publish a new one "
                "with KLS_BACKEND=milvus (python -m ingest rebuild)"
            )
        version = replace(version, collection=collection or version.collection)
        client = connect(uri)
        with engine_errors(uri, f"opening {version.collection}"):
            require_collection(client, version, uri)
        return cls(client, uri, version, read_vocabulary(version_dir / layout.LEXICAL_DIR))

    def dense_top(
        self, vector: np.ndarray, k: int, allowed: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        where = row_filter(allowed, self.rows)
        if where is None or k <= 0:
            return _EMPTY
        return self._search("dense", _dense(vector), min(k, MAX_TOPK), where)

    def dense_scores(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return self._scores("dense", _dense(vector), rows)

    def lexical_top(
        self, query: LexicalQuery, k: int, allowed: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        terms = query_vector(query, self._vocabulary)
        where = row_filter(allowed, self.rows)
        if where is None or k <= 0 or not terms:
            return _EMPTY
        rows, scores = self._search("sparse", terms, min(k, MAX_TOPK), where)
        return rows[scores > 0], scores[scores > 0]

    def lexical_scores(self, query: LexicalQuery, rows: np.ndarray) -> np.ndarray:
        terms = query_vector(query, self._vocabulary)
        return self._scores("sparse", terms, rows) if terms else np.zeros(len(rows))

    def close(self) -> None:
        self._client.close()

    def _scores(self, field: str, data: Any, rows: np.ndarray) -> np.ndarray:
        """Each row's score: searches restricted to the rows, at most MAX_TOPK rows each; a row
        the search leaves out (no term in common) scores 0."""
        wanted = np.unique(np.asarray(rows, dtype=np.int64))
        scores = np.zeros(len(wanted))
        for first in range(0, len(wanted), MAX_TOPK):
            chunk = wanted[first : first + MAX_TOPK]
            where = row_filter(chunk, self.rows)
            if where is None:
                continue
            found, values = self._search(field, data, len(chunk), where)
            scores[np.searchsorted(wanted, found)] = values
        return scores[np.searchsorted(wanted, rows)] if len(wanted) else np.zeros(len(rows))

    def _search(
        self, field: str, data: Any, limit: int, where: str
    ) -> tuple[np.ndarray, np.ndarray]:
        """(rows, scores) of one search, best first, ties by row."""
        with engine_errors(self._uri, f"searching {self._collection}"):
            found = self._client.search(
                self._collection, data=[data], anns_field=field, limit=limit, filter=where,
                output_fields=["row"], search_params={"metric_type": "IP"},
            )[0]
        rows = np.array([hit["entity"]["row"] for hit in found], dtype=np.int64)
        scores = np.array([hit["distance"] for hit in found], dtype=np.float64)
        order = np.lexsort((rows, -scores))
        return rows[order], scores[order]


def _dense(vector: np.ndarray) -> list[float]:
    return [float(x) for x in np.asarray(vector, dtype=np.float32).reshape(-1)]


def row_filter(rows: np.ndarray | None, total: int) -> str | None:
    """A Milvus filter keeping `rows` ("" keeps every row; None: no row is allowed). A range
    or the complement is sent when shorter than the list itself."""
    if rows is None:
        return ""
    kept = np.unique(np.asarray(rows, dtype=np.int64))
    kept = kept[(kept >= 0) & (kept < total)]
    if len(kept) == 0:
        return None
    if len(kept) == total:
        return ""
    if kept[-1] - kept[0] + 1 == len(kept):
        return f"row >= {kept[0]} and row <= {kept[-1]}"
    if len(kept) > total // 2:
        missing = np.setdiff1d(np.arange(total, dtype=np.int64), kept)
        return f"row not in [{','.join(map(str, missing.tolist()))}]"
    return f"row in [{','.join(map(str, kept.tolist()))}]"
