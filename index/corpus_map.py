"""Passage rows mapped to papers, and which papers contain which index terms.

Ranking works on passage rows; people read papers. `CorpusMap` turns rows into document
numbers (and years) in memory, so grouping thousands of candidates costs NumPy time, not SQL.
`TermPresence` answers "which papers contain this token" from the lexical channel's own BM25
statistics (a positive score means the token occurs), so coverage and "no document mentions X"
agree exactly with what keyword search can find.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence

import numpy as np

from index import store
from index.filters import Filters
from index.query_parse import fold
from index.retriever import LexicalQuery, Retriever
from index.row_table import DocumentCodes, folded_authors
from index.terms import Term, Word

TOKENS_KEPT = 2_048


class CorpusMap:
    """Document number of every passage row; doc ids, years and authors by document number,
    and the documents' filter codes (`index.row_table`) when the store gives their columns."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        rows, docs = store.row_documents(conn)
        self.doc_ids: list[str] = [d["doc_id"] for d in docs]
        self.number = {doc_id: i for i, doc_id in enumerate(self.doc_ids)}
        self.row_doc = _row_doc(rows, self.number)
        self.years = np.array([d["year"] if d["year"] is not None else -1 for d in docs],
                              dtype=np.int64)
        self._raw_authors = [d["authors"] for d in docs]
        self._authors: list[str] | None = None  # folded on the first author filter
        self.codes = _document_codes(docs)
        self._by_doc = np.argsort(self.row_doc, kind="stable")
        self._starts = np.searchsorted(self.row_doc[self._by_doc], np.arange(len(docs)))

    @property
    def size(self) -> int:
        return len(self.doc_ids)

    def docs_of(self, rows: np.ndarray) -> np.ndarray:
        """Document numbers of passage rows."""
        return self.row_doc[rows]

    def rows_of(self, doc: int) -> np.ndarray:
        """Passage rows of one document."""
        end = self._starts[doc + 1] if doc + 1 < self.size else len(self._by_doc)
        return self._by_doc[self._starts[doc] : end]

    def mask(self, rows: np.ndarray | None) -> np.ndarray:
        """Which documents own at least one of `rows` (all documents when None)."""
        if rows is None:
            return np.ones(self.size, dtype=bool)
        found = np.zeros(self.size, dtype=bool)
        found[self.row_doc[rows]] = True
        return found

    def rows_by_author(self, name: str) -> np.ndarray:
        """Passage rows of the documents with an author whose name contains `name` (accents
        and case aside), from names folded once when the map was built."""
        needle = fold(name)
        if self._authors is None:
            self._authors = folded_authors(self._raw_authors)
        # One extra False at the end: rows that hold no passage map to document -1.
        wanted = np.array([needle in names for names in self._authors] + [False], dtype=bool)
        return np.flatnonzero(wanted[self.row_doc]).astype(np.int64)

    def rows_matching(self, filters: Filters) -> np.ndarray | None:
        """Rows (increasing) whose document passes the filters but the author's, as
        `store.rows_matching` gives them; None when the store gave no filter columns."""
        return None if self.codes is None else self.codes.rows(filters, self.row_doc)

    def best_per_doc(self, row_scores: np.ndarray) -> np.ndarray:
        """The highest of each document's passage scores (scores given for every row)."""
        ordered = row_scores[self._by_doc]
        best = np.full(self.size, -np.inf)
        has = np.diff(np.append(self._starts, len(ordered))) > 0
        best[has] = np.maximum.reduceat(ordered, self._starts[has])
        return best


def _row_doc(rows: list[tuple[int, str]], number: dict[str, int]) -> np.ndarray:
    """Document number per passage row (-1 for a row number that holds no passage)."""
    at = np.fromiter((row for row, _ in rows), dtype=np.int64, count=len(rows))
    docs = np.fromiter((number[doc_id] for _, doc_id in rows), dtype=np.int64, count=len(rows))
    row_doc = np.full(int(at.max()) + 1 if len(at) else 0, -1, dtype=np.int64)
    row_doc[at] = docs
    return row_doc


def _document_codes(docs: list[sqlite3.Row]) -> DocumentCodes | None:
    """Filter codes of the documents, when the store listed their source, study types and
    design (`store.row_documents`); None otherwise (the filters then go to SQL)."""
    if not docs or not {"source", "study_types", "design"} <= set(docs[0].keys()):
        return None
    return DocumentCodes.of([d["year"] for d in docs], [d["source"] for d in docs],
                            [d["study_types"] for d in docs], [d["design"] for d in docs])


class TermPresence:
    """Which documents contain a token, kept for recently asked tokens."""

    def __init__(self, corpus: CorpusMap, retriever: Retriever) -> None:
        self._corpus = corpus
        self._retriever = retriever
        self.all_rows = np.flatnonzero(corpus.row_doc >= 0)
        self._kept: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def docs_with(self, token: str) -> np.ndarray:
        """Boolean per document: the token occurs in one of its passages."""
        with self._lock:
            found = self._kept.get(token)
        if found is None:
            query = LexicalQuery((((token,), 1.0),))
            scores = self._retriever.lexical_scores(query, self.all_rows)
            found = self._corpus.mask(self.all_rows[scores > 0])
            with self._lock:
                if len(self._kept) >= TOKENS_KEPT:
                    self._kept.pop(next(iter(self._kept)))
                self._kept[token] = found
        return found

    def has_term(self, term: Term) -> np.ndarray:
        """Documents containing every token of `term`."""
        found = np.ones(self._corpus.size, dtype=bool)
        for token in term:
            found &= self.docs_with(token)
        return found

    def word_presence(self, words: Sequence[Word]) -> list[np.ndarray]:
        """For each word, the documents where it or one of its synonyms occurs."""
        return [self._any(word.alternatives) for word in words]

    def missing(self, words: Sequence[Word]) -> tuple[str, ...]:
        """The words (as typed) whose own forms occur in no document: a synonym found in their
        place still lets "No document mentions esketamine" be said (the records say S-ketamine)."""
        return tuple(w.typed for w in words if not self._any(w.alternatives[: w.own]).any())

    def _any(self, terms: Sequence[Term]) -> np.ndarray:
        found = np.zeros(self._corpus.size, dtype=bool)
        for term in terms:
            found |= self.has_term(term)
        return found
