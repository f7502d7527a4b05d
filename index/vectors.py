"""Dense vectors on disk and their nearest-neighbour search. The only module that imports faiss.

Vectors are L2-normalised, so inner product is cosine similarity. Row i of the FAISS index is
row i of the store's chunk table.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np


def build(vectors: np.ndarray, dimension: int) -> faiss.Index:
    """An exact inner-product index over `vectors` (exact search is a few ms below ~100k rows)."""
    index = faiss.IndexFlatIP(dimension)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def write(index: faiss.Index, path: Path) -> None:
    """Serialise to `path` (callers write to a fresh file; this never overwrites a live one)."""
    faiss.write_index(index, str(path))


def read(path: Path) -> faiss.Index:
    """Load an index written by `write`; raises RuntimeError on a damaged file."""
    return faiss.read_index(str(path))


def all_vectors(index: faiss.Index) -> np.ndarray:
    """Every stored vector, in row order, so a new version can reuse them without re-embedding."""
    if index.ntotal == 0:
        return np.zeros((0, index.d), dtype=np.float32)
    return index.reconstruct_n(0, index.ntotal)


def vectors_at(index: faiss.Index, rows: np.ndarray) -> np.ndarray:
    """The stored vectors of `rows`, fetched in one call."""
    return index.reconstruct_batch(rows.astype(np.int64))


def search(
    index: faiss.Index, query: np.ndarray, k: int, allowed_rows: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Top-`k` (scores, rows) for one query vector, optionally only among `allowed_rows`."""
    k = min(k, index.ntotal)
    if k <= 0:
        return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
    params = None
    if allowed_rows is not None:
        params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed_rows.astype(np.int64)))
    scores, rows = index.search(query.reshape(1, -1).astype(np.float32), k, params=params)
    keep = rows[0] >= 0
    return scores[0][keep], rows[0][keep]
