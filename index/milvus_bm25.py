"""BM25 as sparse vectors: bm25s' own per-(passage, term) scores, so Milvus' inner product of a
query's term weights with a passage's vector is the score the local backend computes.

bm25s ("lucene" method) precomputes idf x saturated tf for every (term, passage) pair and stores
them term by term (CSC: `indptr` over the vocabulary, `indices` = passage rows, `data` = scores)
in the version's `lexical/` folder. Read with numpy (`allow_pickle=False`, memory-mapped), they
are turned around into one {term id: score} vector per passage. A query's vector is
{term id: summed weight} over the `LexicalQuery` groups, with repeated tokens counted as often
as bm25s counts them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from core.errors import IndexCorrupt
from index.retriever import LexicalQuery

VOCABULARY = "vocab.index.json"
ARRAYS = ("data", "indices", "indptr")


def read_vocabulary(folder: Path) -> dict[str, int]:
    """Token -> term id (the sparse dimension) of the version's BM25 index."""
    path = folder / VOCABULARY
    try:
        vocabulary = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise IndexCorrupt(f"{path}: BM25 vocabulary unreadable ({error})") from None
    if not isinstance(vocabulary, dict):
        raise IndexCorrupt(f"{path}: BM25 vocabulary is not a JSON object")
    return {str(token): int(term) for token, term in vocabulary.items()}


def query_vector(query: LexicalQuery, vocabulary: dict[str, int]) -> dict[int, float]:
    """{term id: weight}; terms outside the vocabulary score nothing and are left out."""
    weights: dict[int, float] = {}
    for tokens, weight in query.groups:
        if weight <= 0:
            continue
        for token in tokens:
            term = vocabulary.get(token)
            if term is not None:
                weights[term] = weights.get(term, 0.0) + weight
    return weights


def passage_vectors(folder: Path, rows: int, batch: int) -> Iterator[list[dict[int, float]]]:
    """Each passage's {term id: BM25 score}, in row order, `batch` passages at a time. Milvus
    refuses an empty sparse vector, so a passage without index terms (only stop words) gets
    weight 1 on a dimension past the vocabulary, which no query ever holds: it scores 0."""
    try:
        data, indices, indptr = (
            np.load(folder / f"{name}.csc.index.npy", allow_pickle=False, mmap_mode="r")
            for name in ARRAYS
        )
    except (OSError, ValueError) as error:
        raise IndexCorrupt(f"{folder}: BM25 arrays unreadable ({error})") from None
    no_terms = {len(indptr) - 1: 1.0}
    terms = np.repeat(np.arange(len(indptr) - 1, dtype=np.int64), np.diff(indptr))
    order = np.argsort(indices, kind="stable")  # passage-major, terms ascending within
    by_row = np.asarray(indices)[order]
    starts = np.searchsorted(by_row, np.arange(rows + 1))
    for first in range(0, rows, batch):
        yield [
            _vector(terms, data, order[starts[row] : starts[row + 1]]) or dict(no_terms)
            for row in range(first, min(first + batch, rows))
        ]


def _vector(terms: np.ndarray, data: np.ndarray, entries: np.ndarray) -> dict[int, float]:
    return {int(t): float(s) for t, s in zip(terms[entries], data[entries], strict=True)}
