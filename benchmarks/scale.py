"""Exact against approximate vector search at sizes the collection has not reached yet.

A million real passages are not at hand, so the corpus is synthetic but shaped like the real
one: each vector mixes two real passage vectors of the index and adds Gaussian noise, then is
normalised. Queries are real query embeddings. Recall@10 is measured against exact search.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from index import vectors

BATCH = 100_000


def synthetic_corpus(real: np.ndarray, rows: int, noise: float = 0.3, seed: int = 0) -> np.ndarray:
    """`rows` unit vectors near the real ones: w*a + (1-w)*b + noise, w in [0.5, 1]."""
    rng = np.random.default_rng(seed)
    dimension = real.shape[1]
    out = np.empty((rows, dimension), dtype=np.float32)
    for start in range(0, rows, BATCH):
        n = min(BATCH, rows - start)
        weight = rng.uniform(0.5, 1.0, size=(n, 1)).astype(np.float32)
        mixed = weight * real[rng.integers(len(real), size=n)]
        mixed += (1 - weight) * real[rng.integers(len(real), size=n)]
        mixed += rng.normal(0, noise / np.sqrt(dimension), size=(n, dimension)).astype(np.float32)
        out[start : start + n] = mixed / np.linalg.norm(mixed, axis=1, keepdims=True)
    return out


def timed_search(index: object, queries: np.ndarray, k: int = 10) -> tuple[list[float], np.ndarray]:
    """Milliseconds per single-query search (as the page searches), and the rows found."""
    times, found = [], np.full((len(queries), k), -1, dtype=np.int64)
    for i, query in enumerate(queries):
        started = time.perf_counter()
        _, rows = vectors.search(index, query, k)
        times.append((time.perf_counter() - started) * 1000)
        found[i, : len(rows)] = rows
    return times, found


def recall_at(found: np.ndarray, truth: np.ndarray) -> float:
    """Mean share of the exact top-k that the approximate top-k contains."""
    k = truth.shape[1]
    return float(np.mean([len(set(f) & set(t)) / k for f, t in zip(found, truth, strict=True)]))


def index_bytes(index: object) -> int:
    """Size of the serialised index: what it occupies in memory once loaded."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "vectors.faiss"
        vectors.write(index, path)
        return path.stat().st_size


def measure_size(real: np.ndarray, queries: np.ndarray, rows: int) -> dict[str, object]:
    """p50/p99 query ms, recall@10 and bytes for exact and for the automatic approximate index."""
    corpus = synthetic_corpus(real, rows)
    exact = vectors.build(corpus, corpus.shape[1], flat_below=rows + 1)
    exact_ms, truth = timed_search(exact, queries)
    exact_bytes = index_bytes(exact)
    del exact
    started = time.perf_counter()
    approx = vectors.build(corpus, corpus.shape[1], flat_below=0)
    build_s = time.perf_counter() - started
    approx_ms, found = timed_search(approx, queries)
    return {
        "rows": rows,
        "exact": _summary(exact_ms, 1.0, exact_bytes, "flat"),
        "approximate": {
            **_summary(approx_ms, recall_at(found, truth), index_bytes(approx),
                       vectors.kind_for(rows, flat_below=0)),
            "build_s": round(build_s, 1),
        },
    }


def _summary(times: list[float], recall: float, size: int, kind: str) -> dict[str, object]:
    return {
        "index_type": kind,
        "p50_ms": round(float(np.percentile(times, 50)), 2),
        "p99_ms": round(float(np.percentile(times, 99)), 2),
        "recall_at_10": round(recall, 4),
        "index_mb": round(size / 2**20, 1),
    }
