"""The index type follows the size, and the approximate index behaves like the exact one.

The flat/IVF threshold is forced low so IVF is built from a few thousand random vectors in
well under a second.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from index import vectors

DIM = 32
ROWS = 4000


def unit_vectors(rows: int, seed: int) -> np.ndarray:
    """Random vectors around 50 centres, normalised: clustered like real embeddings."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(50, DIM))
    points = centres[rng.integers(50, size=rows)] + 0.5 * rng.normal(size=(rows, DIM))
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def corpus() -> np.ndarray:
    return unit_vectors(ROWS, seed=1)


@pytest.fixture(scope="module")
def ivf(corpus: np.ndarray) -> Any:
    return vectors.build(corpus, DIM, flat_below=1000)


def test_index_type_follows_size(corpus: np.ndarray, ivf: Any) -> None:
    flat = vectors.build(corpus[:500], DIM, flat_below=1000)
    assert vectors.kind_for(500, flat_below=1000) == "flat"
    assert vectors.kind_for(ROWS, flat_below=1000).startswith("ivf")
    assert type(flat).__name__ == "IndexFlatIP"
    assert type(ivf).__name__ != "IndexFlatIP" and ivf.ntotal == ROWS


def test_default_threshold_keeps_small_collections_exact() -> None:
    assert vectors.kind_for(vectors.FLAT_BELOW - 1) == "flat"
    assert vectors.kind_for(1_000_000) == "ivf1024-flat"


def test_ivf_recall_against_exact(corpus: np.ndarray, ivf: object) -> None:
    exact = vectors.build(corpus, DIM, flat_below=ROWS + 1)
    queries = unit_vectors(100, seed=2)
    recalls = []
    for query in queries:
        _, truth = vectors.search(exact, query, 10)
        _, found = vectors.search(ivf, query, 10)
        recalls.append(len(set(truth) & set(found)) / 10)
    assert np.mean(recalls) >= 0.95


def test_ivf_keeps_every_vector_in_row_order(corpus: np.ndarray, ivf: object) -> None:
    stored = vectors.all_vectors(ivf)
    assert stored.shape == corpus.shape
    assert np.array_equal(stored, corpus)
    rows = np.array([3, 0, 3999, 17])
    assert np.allclose(vectors.vectors_at(ivf, rows), stored[rows])


def test_ivf_round_trip(tmp_path: Path, corpus: np.ndarray, ivf: object) -> None:
    vectors.write(ivf, tmp_path / "v.faiss")
    loaded = vectors.read(tmp_path / "v.faiss")
    query = corpus[42]
    assert np.array_equal(vectors.search(loaded, query, 5)[1], vectors.search(ivf, query, 5)[1])
    assert np.array_equal(vectors.all_vectors(loaded), vectors.all_vectors(ivf))


@pytest.mark.parametrize("allowed", [np.arange(0, ROWS, 2), np.array([5, 77, 1234])])
def test_ivf_allowed_rows(corpus: np.ndarray, ivf: object, allowed: np.ndarray) -> None:
    _, rows = vectors.search(ivf, corpus[1234], 10, allowed_rows=allowed)
    assert len(rows) == min(10, len(allowed)) and set(rows) <= set(allowed)
    if 1234 in allowed:
        assert rows[0] == 1234


def test_empty_allowed_rows_and_empty_index(ivf: object) -> None:
    assert len(vectors.search(ivf, np.ones(DIM, dtype=np.float32), 5, np.array([], int))[1]) == 0
    empty = vectors.build(np.zeros((0, DIM), dtype=np.float32), DIM)
    assert vectors.all_vectors(empty).shape == (0, DIM)
    assert len(vectors.search(empty, np.ones(DIM, dtype=np.float32), 5)[1]) == 0


def test_flat_allowed_rows(corpus: np.ndarray) -> None:
    flat = vectors.build(corpus, DIM)
    _, rows = vectors.search(flat, corpus[10], 3, allowed_rows=np.array([10, 11, 12]))
    assert rows[0] == 10 and set(rows) == {10, 11, 12}
