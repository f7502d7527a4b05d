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
from index.row_table import folded_authors
from index.terms import Term, Word

TOKENS_KEPT = 2_048


class CorpusMap:
    """Document number of every passage row; doc ids, years and authors by document number,
    and the documents' filter codes (`index.row_table`) when the store gives their columns."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        table = store.row_table(conn)  # shared with the store's filters when published
        self.doc_ids: list[str] = table.doc_ids
        self.number = table.number
        self.row_doc = table.row_doc
        self.years = table.years
        self._raw_authors = table.raw_authors
        self._authors: list[str] | None = None  # folded on the first author filter
        self.codes = table.codes
        self._by_doc = np.argsort(self.row_doc, kind="stable")
        self._starts = np.searchsorted(self.row_doc[self._by_doc], np.arange(self.size))
        self._ends = np.append(self._starts, len(self._by_doc))[1:]

    @property
    def size(self) -> int:
        return len(self.doc_ids)

    def docs_of(self, rows: np.ndarray) -> np.ndarray:
        """Document numbers of passage rows."""
        return self.row_doc[rows]

    def rows_of(self, doc: int) -> np.ndarray:
        """Passage rows of one document."""
        return self._by_doc[self._starts[doc] : self._ends[doc]]

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

    def best_of(self, docs: np.ndarray, row_scores: np.ndarray) -> np.ndarray:
        """The highest passage score of each of `docs` (-inf for a document without passages),
        reading only those documents' rows: the paper listing needs it for the papers it adds
        outside the pool, and reducing every row of a million took ~8 ms a query."""
        docs = np.asarray(docs, dtype=np.int64)
        best = np.full(len(docs), -np.inf)
        starts = self._starts[docs]
        counts = self._ends[docs] - starts
        held = counts > 0
        starts, counts = starts[held], counts[held]
        if len(starts):
            firsts = np.cumsum(counts) - counts  # where each document begins once gathered
            at = np.repeat(starts - firsts, counts) + np.arange(int(counts.sum()))
            best[held] = np.maximum.reduceat(row_scores[self._by_doc[at]], firsts)
        return best


class ReadAhead:
    """A store's corpus map, read on a thread as the index opens: the first filtered or paper
    query would otherwise wait for the row table (3-7 s at a million passages)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._map: CorpusMap | None = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def get(self) -> CorpusMap:
        """The map: waits while the thread reads it, or reads it here if the thread failed."""
        with self._lock:
            if self._map is None:
                self._map = CorpusMap(self._conn)
            return self._map

    def join(self) -> None:
        """Wait for the thread (before the store is closed under it)."""
        self._thread.join()

    def _read(self) -> None:
        try:
            self.get()
        except Exception:  # noqa: BLE001 - the first query needing the map reads it and says why
            return


class TermPresence:
    """Which documents contain a token, kept for recently asked tokens."""

    def __init__(self, corpus: CorpusMap, retriever: Retriever) -> None:
        self._corpus = corpus
        self._retriever = retriever
        self.all_rows = np.flatnonzero(corpus.row_doc >= 0)
        self._kept: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def docs_with(self, token: str) -> np.ndarray:
        """Boolean per document: the token occurs in one of its passages. Kept as bits (40 KB
        per token at 320,000 papers instead of 320 KB: the kept tokens of a long-running page
        would otherwise take hundreds of MB at a million passages)."""
        with self._lock:
            packed = self._kept.get(token)
        if packed is None:
            found = self._corpus.mask(self._rows_with(token))
            with self._lock:
                if len(self._kept) >= TOKENS_KEPT:
                    self._kept.pop(next(iter(self._kept)))
                self._kept[token] = np.packbits(found)
            return found
        return np.unpackbits(packed, count=self._corpus.size).view(bool)

    def _rows_with(self, token: str) -> np.ndarray:
        """Passage rows (with a paper) where the token alone scores above zero. A retriever
        that reads its postings (`LocalRetriever.rows_with`) answers without scoring every
        passage: ~1 ms instead of ~10 at a million rows for a common word."""
        rows_with = getattr(self._retriever, "rows_with", None)
        if rows_with is None:
            query = LexicalQuery((((token,), 1.0),))
            return self.all_rows[self._retriever.lexical_scores(query, self.all_rows) > 0]
        rows: np.ndarray = rows_with(token)
        rows = rows[rows < len(self._corpus.row_doc)]
        return rows[self._corpus.row_doc[rows] >= 0]

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
