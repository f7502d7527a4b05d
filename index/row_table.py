"""The filters (sources, years, study types, designs, human participants) as NumPy masks, the
row table they work on, and the authors' names folded for the author filter.

In SQL a filter joins every passage to its document: at a million passages a year filter
returned ~300,000 rows to Python in 1.4-2.1 s, for every filtered query. Filters are
properties of documents, so here each document gets small codes once (year, source, design, a
bit per study type) and a filter becomes a mask over documents spread to passage rows by the
row-to-document map: a few ms at a million rows, and the same rows, in increasing order, as
the SQL gives. `RowTable` is what a published store's connection reads once
(`store.row_table`) for `store.rows_matching` and the paper view's `CorpusMap`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

import numpy as np

from index.facts_column import HUMAN_DESIGNS
from index.filters import Filters
from index.query_parse import fold

NO_YEAR = np.iinfo(np.int32).min  # fails every year bound, as SQL NULL does


@dataclass(frozen=True)
class DocumentCodes:
    """Per document (in the corpus map's order): year, source and design codes (1 + position
    in the names; 0: none, as in a store without facts, where no design filter matches) and
    study types as bits."""

    years: np.ndarray
    sources: np.ndarray
    designs: np.ndarray
    kinds: np.ndarray
    source_names: tuple[str, ...]
    design_names: tuple[str, ...]
    kind_names: tuple[str, ...]

    @classmethod
    def of(cls, years: Sequence[int | None], sources: Sequence[str],
           kinds: Sequence[str], designs: Sequence[str | None]) -> DocumentCodes:
        """Codes from per-document columns as the store keeps them (`kinds`: the JSON list of
        study types). Columns repeat a few values, so each distinct value is decoded once."""
        source_names, source_codes = _codes(sources)
        design_names, design_codes = _codes(designs)
        distinct = {text: frozenset(json.loads(text)) for text in set(kinds)}
        kind_names = tuple(sorted(set().union(*distinct.values())))
        if len(kind_names) > 64:
            raise ValueError("more than 64 study types: the bit mask cannot hold them")
        bits = {text: sum(1 << kind_names.index(k) for k in names)
                for text, names in distinct.items()}
        return cls(
            np.array([NO_YEAR if y is None else y for y in years], dtype=np.int64),
            source_codes, design_codes, np.array([bits[k] for k in kinds], dtype=np.uint64),
            source_names, design_names, kind_names,
        )

    def documents(self, filters: Filters) -> np.ndarray:
        """Boolean per document: it passes every filter but the author's."""
        keep = np.ones(len(self.years), dtype=bool)
        if filters.sources:
            wanted_sources = [c + 1 for c in _positions(self.source_names, filters.sources)]
            keep &= np.isin(self.sources, wanted_sources)
        if filters.study_types:
            wanted = sum(1 << i for i in _positions(self.kind_names, filters.study_types))
            keep &= (self.kinds & np.uint64(wanted)) != 0
        if filters.year_min is not None:
            keep &= (self.years != NO_YEAR) & (self.years >= filters.year_min)
        if filters.year_max is not None:
            keep &= (self.years != NO_YEAR) & (self.years <= filters.year_max)
        for designs in (filters.designs, HUMAN_DESIGNS if filters.human_only else ()):
            if designs:
                allowed = [c + 1 for c in _positions(self.design_names, designs)]
                keep &= np.isin(self.designs, allowed)
        return keep

    def rows(self, filters: Filters, row_doc: np.ndarray) -> np.ndarray:
        """Passage rows (increasing) whose document passes the filters; `row_doc` maps each
        row to its document number, -1 for a row without one (which no filter allows)."""
        keep = np.append(self.documents(filters), False)
        return np.flatnonzero(keep[row_doc]).astype(np.int64)


def _codes(values: Sequence[str | None]) -> tuple[tuple[str, ...], np.ndarray]:
    """(distinct names, sorted; a code per value: 1 + its name's position, 0 for None)."""
    names = tuple(sorted({v for v in values if v is not None}))
    code = {name: i + 1 for i, name in enumerate(names)}
    return names, np.array([code[v] if v is not None else 0 for v in values], dtype=np.int16)


def _positions(names: tuple[str, ...], wanted: Iterable[str]) -> list[int]:
    return [names.index(w) for w in set(wanted) if w in names]


def folded_authors(raw: list[str]) -> list[str]:
    """Each document's author names (JSON lists) folded (`fold`), one name a line. Folding
    the whole column as one string is ~20x faster than name by name; a name holding one of
    the two separators (never in real data) sends everything name by name instead."""
    lists = json.loads("[" + ",".join(raw) + "]") if raw else []
    joined = "\x01".join("\x00".join(names) for names in lists)
    names_count = sum(max(len(names), 1) for names in lists)
    if joined.count("\x01") != len(lists) - 1 or joined.count("\x00") != names_count - len(lists):
        return ["\n".join(fold(a) for a in names) for names in lists]
    return ["\n".join(n.strip() for n in doc.split("\x00")) for doc in fold(joined).split("\x01")]


@dataclass(frozen=True)
class RowTable:
    """What filters and paper grouping need of every passage row, read from the store once:
    each row's document number (-1 for a row number that holds no passage), and per document
    (in doc_id order) its id, number by id, year (-1 when unknown), authors as stored (JSON
    lists) and filter codes (None when the store lacks the source, study-type or design
    column)."""

    row_doc: np.ndarray
    doc_ids: list[str]
    number: dict[str, int]
    years: np.ndarray
    raw_authors: list[str]
    codes: DocumentCodes | None

    @classmethod
    def of(cls, rows: Iterable[tuple[int, str]], columns: Mapping[str, Sequence[Any]]) -> RowTable:
        """From (row, doc_id) of every passage (any iterable: a store cursor is read in
        batches, never held whole) and the documents' columns by name (`doc_id`, `year`,
        `authors`; `source`, `study_types`, `design` when the store has them), the documents
        in doc_id order (`store.row_documents`)."""
        doc_ids, years = list(columns["doc_id"]), list(columns["year"])
        number = {doc_id: i for i, doc_id in enumerate(doc_ids)}
        codes = None
        if doc_ids and {"source", "study_types", "design"} <= set(columns):
            codes = DocumentCodes.of(years, columns["source"], columns["study_types"],
                                     columns["design"])
        return cls(_row_doc(rows, number), doc_ids, number,
                   np.array([-1 if y is None else y for y in years], dtype=np.int64),
                   list(columns["authors"]), codes)

    def rows_matching(self, filters: Filters) -> np.ndarray | None:
        """Rows (increasing) whose document passes the filters but the author's, exactly as
        `store.rows_matching`'s SQL gives them; None when there are no filter codes."""
        return None if self.codes is None else self.codes.rows(filters, self.row_doc)


ROWS_PER_BATCH = 65_536


def _row_doc(rows: Iterable[tuple[int, str]], number: dict[str, int]) -> np.ndarray:
    """Document number per passage row (-1 for a row number that holds no passage)."""
    at: list[np.ndarray] = []
    docs: list[np.ndarray] = []
    stream = iter(rows)
    while batch := list(islice(stream, ROWS_PER_BATCH)):
        at.append(np.fromiter((row for row, _ in batch), dtype=np.int64, count=len(batch)))
        docs.append(np.fromiter((number[doc_id] for _, doc_id in batch), dtype=np.int64,
                                count=len(batch)))
    if not at:
        return np.zeros(0, dtype=np.int64)
    where = np.concatenate(at)
    row_doc = np.full(int(where.max()) + 1, -1, dtype=np.int64)
    row_doc[where] = np.concatenate(docs)
    return row_doc
