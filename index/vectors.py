"""Dense vectors on disk and their nearest-neighbour search. The only module that imports faiss.

Vectors are L2-normalised, so inner product is cosine similarity. Row i of the FAISS index is
row i of the store's chunk table.

The index type follows the size (measured on 2 cores, `python -m index bench --only scale`):
exact `IndexFlatIP` costs ~0.056 ms per thousand rows a query on one thread (several times more
when two OpenMP threads fight other processes), so below `FLAT_BELOW` rows (~6 ms) it stays
exact. Above it an inverted file of full vectors (IVF-Flat) answers in a few ms at 1M rows with
recall@10 ~0.99 against exact search, in ~1.5 GB. IVF-SQ8 would take a quarter of that but
reached only 0.966, and its 8-bit codes would drift a little each time a new version reuses
(decodes and re-encodes) the stored vectors. A direct map keeps every row reconstructable.
"""

from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

FLAT_BELOW = 100_000
TRAIN_POINTS_PER_LIST = 64
EXACT_SUBSET_BELOW = 20_000


def nlist_for(rows: int) -> int:
    """Inverted lists: the power of two nearest sqrt(rows) (1M rows: 1024)."""
    return 2 ** max(0, round(math.log2(math.sqrt(max(rows, 1)))))


def nprobe_for(nlist: int) -> int:
    """Lists visited a query: 64 from 256 lists up (recall@10 0.98 at 100k rows, 0.99 at 1M),
    a quarter of them below."""
    return max(1, min(nlist // 4, max(64, nlist // 32)))


def kind_for(rows: int, flat_below: int = FLAT_BELOW) -> str:
    """The index type `build` makes for `rows` vectors, as the manifest states it."""
    return "flat" if rows < flat_below else f"ivf{nlist_for(rows)}-flat"


def build(vectors: np.ndarray, dimension: int, flat_below: int = FLAT_BELOW) -> faiss.Index:
    """Exact below `flat_below` rows, IVF-Flat (trained on a sample of `vectors`) from there on."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if len(vectors) < flat_below:
        index = faiss.IndexFlatIP(dimension)
        if len(vectors):
            index.add(vectors)
        return index
    return _build_ivf(vectors, dimension)


def _build_ivf(vectors: np.ndarray, dimension: int) -> faiss.Index:
    nlist = nlist_for(len(vectors))
    index = faiss.index_factory(dimension, f"IVF{nlist},Flat", faiss.METRIC_INNER_PRODUCT)
    sample = min(len(vectors), nlist * TRAIN_POINTS_PER_LIST)
    chosen = np.random.default_rng(0).choice(len(vectors), sample, replace=False)
    index.train(vectors[np.sort(chosen)])
    index.add(vectors)
    index.make_direct_map()
    index.nprobe = nprobe_for(nlist)
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
    query = query.reshape(1, -1).astype(np.float32)
    ivf = _is_ivf(index)
    if ivf and allowed_rows is not None and len(allowed_rows) < EXACT_SUBSET_BELOW:
        return _search_subset(index, query, k, allowed_rows.astype(np.int64))
    bits = None if allowed_rows is None else allowed_bitmap(index.ntotal, allowed_rows)
    selector = None if bits is None else faiss.IDSelectorBitmap(index.ntotal, faiss.swig_ptr(bits))
    params = _params(index, allowed_rows, selector) if ivf else _flat_params(selector)
    scores, rows = index.search(query, k, params=params)
    del bits  # the selector reads it until here
    keep = rows[0] >= 0
    return scores[0][keep], rows[0][keep]


def allowed_bitmap(total: int, allowed_rows: np.ndarray) -> np.ndarray:
    """The allowed rows as one bit each (FAISS's `IDSelectorBitmap` layout). Built in ~1 ms
    for a million rows, where `IDSelectorBatch` hashed every allowed row (~110 ms for 300,000
    rows under load) before the search could start; the search itself costs the same."""
    mask = np.zeros(total, dtype=bool)
    rows = np.asarray(allowed_rows, dtype=np.int64)
    mask[rows[(rows >= 0) & (rows < total)]] = True
    return np.packbits(mask, bitorder="little")


def _is_ivf(index: faiss.Index) -> bool:
    return faiss.try_extract_index_ivf(index) is not None


def _flat_params(selector: faiss.IDSelector | None) -> faiss.SearchParameters | None:
    return None if selector is None else faiss.SearchParameters(sel=selector)


def _params(
    index: faiss.Index, allowed_rows: np.ndarray | None, selector: faiss.IDSelector | None
) -> faiss.SearchParametersIVF:
    """With a filter, visit proportionally more lists, so as many allowed rows are scanned."""
    ivf = faiss.extract_index_ivf(index)
    if allowed_rows is None or selector is None:
        return faiss.SearchParametersIVF(nprobe=ivf.nprobe)
    share = max(len(allowed_rows), 1) / max(index.ntotal, 1)
    nprobe = min(ivf.nlist, math.ceil(ivf.nprobe / share))
    return faiss.SearchParametersIVF(sel=selector, nprobe=nprobe)


def _search_subset(
    index: faiss.Index, query: np.ndarray, k: int, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Exact search over a few allowed rows, which an IVF probe could miss entirely."""
    if len(rows) == 0:
        return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
    subset = faiss.IndexFlatIP(index.d)
    subset.add(vectors_at(index, rows))
    scores, positions = subset.search(query, min(k, len(rows)))
    keep = positions[0] >= 0
    return scores[0][keep], rows[positions[0][keep]]
