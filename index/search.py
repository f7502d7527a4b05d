"""The one search facade: the page, the CLI and the evaluation all rank through `SearchIndex`.

It holds a verified index version: the store (passages, documents, citations), a `Retriever`
for the two channels (`index.local_retriever` by default), the model that embeds queries and
the domain vocabulary. A search embeds the query once, turns its terms and their synonyms into
a lexical query, asks both channels for candidates among the rows the filters allow, scores
every candidate in both channels and fuses them (`index.ranking`).
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np

from core.errors import BadQuery, IndexCorrupt, ModelMismatch
from index import layout, query_terms, reading, store
from index.corpus_map import CorpusMap, ReadAhead
from index.embed import Embedder
from index.embed_ahead import EmbedAhead
from index.filters import Filters
from index.hit import Hit, hit_from_record
from index.lexical import tokenize
from index.manifest import Manifest
from index.milvus_hooks import open_retriever
from index.paper_search import PaperSearch, PaperSettings, Request
from index.papers import SORTS, Paper, PaperResults
from index.query_form import query_form
from index.query_parse import parse_query
from index.ranking import MODES, RankingConfig, fuse
from index.retriever import LexicalQuery, Retriever
from index.vocabulary import Vocabulary, load_vocabulary

__all__ = [
    "MODES", "SORTS", "Filters", "Hit", "Paper", "PaperResults", "PaperSettings",
    "RankingConfig", "SearchIndex",
]
QUERY_VECTORS_KEPT = 256
DEFAULT_PAPER_SETTINGS = PaperSettings()
MAX_QUERY_CHARS = 2_000


class SearchIndex:
    """A loaded, verified index version with the model that queries it."""

    def __init__(self, version_dir: Path, embedder: Embedder, verify: bool = True) -> None:
        self.version_dir = version_dir
        self.manifest: Manifest = layout.read_manifest(version_dir, verify=verify)
        if (self.manifest.model, self.manifest.dimension) != (embedder.name, embedder.dimension):
            raise ModelMismatch(
                f"{version_dir}: index built with {self.manifest.model} "
                f"({self.manifest.dimension} dims), but the loaded model is "
                f"{embedder.name} ({embedder.dimension} dims); rebuild the index"
            )
        self._embedder = embedder
        self._vocabularies: dict[Path, Vocabulary] = {}
        self._query_vectors: dict[str, np.ndarray] = {}
        self._ahead = EmbedAhead(lambda text: self.query_vector(text), QUERY_VECTORS_KEPT)
        self._lexical_queries: dict[tuple[str, RankingConfig], LexicalQuery] = {}
        self._papers: PaperSearch | None = None
        self._papers_lock = threading.Lock()
        try:
            self._conn = store.connect(version_dir / layout.STORE_FILE, readonly=True)
            self._retriever: Retriever = open_retriever(version_dir)
        except (sqlite3.Error, RuntimeError, OSError, ValueError) as error:
            raise IndexCorrupt(f"{version_dir}: cannot load index ({error})") from error
        self._corpus = ReadAhead(self._conn)  # the row table, read as the index opens

    @classmethod
    def open(cls, index_dir: Path, embedder: Embedder, verify: bool = True) -> SearchIndex:
        """The live version of the index at `index_dir`."""
        return cls(layout.require_live_version(index_dir), embedder, verify=verify)

    @property
    def version(self) -> str:
        return self.manifest.version

    def search(
        self,
        query: str,
        k: int = 10,
        filters: Filters = Filters(),
        ranking: RankingConfig = RankingConfig(),
    ) -> list[Hit]:
        """The `k` best passages for `query`, best first."""
        query = clean_query(query)
        if k < 1:
            raise BadQuery(f"k={k}: ask for at least one result")
        if ranking.mode != "lexical":
            self._ahead.start(query)  # while the filters are applied
        try:
            allowed = self.allowed_rows(filters)
            rows, fused, dense, lexical = self.rank(query, allowed, ranking)
            return self._hits(rows[:k], fused[:k], dense[:k], lexical[:k])
        except sqlite3.Error as error:
            raise IndexCorrupt(f"{self.version_dir}: index corrupt ({error})") from None

    def search_papers(
        self,
        query: str,
        page: int = 1,
        per_page: int = 10,
        filters: Filters = Filters(),
        sort: str = "relevance",
        ranking: RankingConfig = RankingConfig(),
        settings: PaperSettings = DEFAULT_PAPER_SETTINGS,
    ) -> PaperResults:
        """One page of the papers that answer `query` (`index.paper_search`): each paper once,
        with its best passages, an absolute match strength, the count of matching papers and a
        notice when nothing answers closely. `page` is 1-based; `sort` one of `SORTS`."""
        request = Request(clean_query(query), page, per_page, filters, sort, ranking)
        parsed = parse_query(request.query)  # what the ranked listing will embed
        if parsed.text and not parsed.identifiers and ranking.mode != "lexical":
            self._ahead.start(parsed.text)
        try:
            return self._paper_search().run(request, settings)
        except sqlite3.Error as error:
            raise IndexCorrupt(f"{self.version_dir}: index corrupt ({error})") from None

    def _paper_search(self) -> PaperSearch:
        """Built on the first paper search (it maps every passage row to its paper)."""
        corpus = self.corpus_map()
        with self._papers_lock:
            if self._papers is None:
                self._papers = PaperSearch(self, corpus)
            return self._papers

    def document_text(self, doc_id: str) -> tuple[str, tuple[tuple[str, int, int], ...]]:
        """A document's whole text and its sections as (heading, start, end), for reading a
        paper's abstract or a section in place. `BadQuery` for an unknown id."""
        try:
            return reading.document_text(self._conn, doc_id)
        except sqlite3.Error as error:
            raise IndexCorrupt(f"{self.version_dir}: index corrupt ({error})") from None

    @property
    def connection(self) -> sqlite3.Connection:
        """The read-only store (for the paper view's queries)."""
        return self._conn

    @property
    def retriever(self) -> Retriever:
        return self._retriever

    def vocabulary(self, ranking: RankingConfig = RankingConfig()) -> Vocabulary:
        return self._vocabulary(ranking.vocabulary)

    def allowed_rows(self, filters: Filters) -> np.ndarray | None:
        """Passage rows the filters allow; None when they allow everything."""
        rows = None
        if replace(filters, author="").active():
            rows = np.asarray(store.rows_matching(
                self._conn, filters.sources, filters.year_min, filters.year_max,
                filters.study_types, filters.designs, filters.human_only), dtype=np.int64)
        if filters.author.strip():
            by_author = self.corpus_map().rows_by_author(filters.author)
            rows = by_author if rows is None else np.intersect1d(rows, by_author)
        return rows

    def corpus_map(self) -> CorpusMap:
        """Passage rows mapped to papers (read as the index opens: about 40 ms per 10,000 rows)."""
        return self._corpus.get()

    def rank(
        self, query: str, allowed: np.ndarray | None, ranking: RankingConfig
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Rows of candidates in fused order, with fused, dense and lexical scores."""
        if allowed is not None and len(allowed) == 0:
            empty = np.zeros(0)
            return empty.astype(np.int64), empty, empty, empty
        if ranking.mode != "lexical":
            self._ahead.start(query)  # embedded on a thread while BM25 scores every passage
        terms = self.lexical_query(query, ranking)
        proposals = []
        if ranking.mode != "dense" and not terms.empty():
            proposals.append(self._retriever.lexical_top(terms, ranking.candidates, allowed)[0])
        vector = None if ranking.mode == "lexical" else self._ahead.take(query)
        if vector is not None:
            proposals.append(self._retriever.dense_top(vector, ranking.candidates, allowed)[0])
        candidates = np.unique(np.concatenate(proposals)) if proposals else np.zeros(0, int)
        candidates = candidates.astype(np.int64)
        dense = (self._retriever.dense_scores(vector, candidates) if vector is not None
                 else np.zeros(len(candidates)))
        lexical = self._retriever.lexical_scores(terms, candidates)
        fused = fuse(dense, lexical, ranking, query_form(query))
        order = np.argsort(-fused, kind="stable")
        return candidates[order], fused[order], dense[order], lexical[order]

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, kept for recent queries: the page searches the same question
        again for its filter counts, context toggles and reruns, and need not re-embed it."""
        vector = self._query_vectors.get(query)
        if vector is None:
            if len(self._query_vectors) >= QUERY_VECTORS_KEPT:
                self._query_vectors.pop(next(iter(self._query_vectors)), None)
            vector = self._query_vectors[query] = self._embedder.embed([query])[0]
        return vector

    def lexical_query(self, query: str, ranking: RankingConfig = RankingConfig()) -> LexicalQuery:
        """The query's index terms and their vocabulary synonyms (`index.query_terms`); kept
        for recent queries (matching a query against the vocabulary takes ~1 ms, and the paper
        view asks for the same query's terms again)."""
        key = (query, ranking)
        found = self._lexical_queries.get(key)
        if found is None:
            if len(self._lexical_queries) >= QUERY_VECTORS_KEPT:
                self._lexical_queries.pop(next(iter(self._lexical_queries)), None)
            found = query_terms.lexical_query(query, self._vocabulary(ranking.vocabulary), ranking)
            self._lexical_queries[key] = found
        return found

    def expansions(self, query: str, ranking: RankingConfig = RankingConfig()) -> list[str]:
        """Index terms the vocabulary adds to `query` (stemmed), to show why a passage matched."""
        return self._vocabulary(ranking.vocabulary).expansions(tokenize(query))

    def _vocabulary(self, path: Path) -> Vocabulary:
        if path not in self._vocabularies:
            self._vocabularies[path] = load_vocabulary(path)
        return self._vocabularies[path]

    def _hits(
        self, rows: np.ndarray, fused: np.ndarray, dense: np.ndarray, lexical: np.ndarray
    ) -> list[Hit]:
        records = store.hit_rows(self._conn, [int(r) for r in rows])
        scored = zip(rows, fused, dense, lexical, strict=True)
        return [
            hit_from_record(rank, records[int(row)], float(f), float(d), float(x))
            for rank, (row, f, d, x) in enumerate(scored, start=1)
        ]

    def neighbours(self, hit: Hit, radius: int = 1) -> list[Hit]:
        """The passages around `hit` in its document, in reading order (the hit included), so a
        reader can see the context of a passage; their scores are 0 and ranks are positions."""
        try:
            rows = store.neighbour_rows(self._conn, hit.doc_id, hit.ordinal, radius)
            records = store.hit_rows(self._conn, rows)
        except sqlite3.Error as error:
            raise IndexCorrupt(f"{self.version_dir}: index corrupt ({error})") from None
        return [
            hit_from_record(i, records[row], 0.0, 0.0, 0.0) for i, row in enumerate(rows, start=1)
        ]

    def forget_recent(self) -> None:
        """Drop the kept query vectors, term lists and paper listings, so a benchmark can time a
        question as if it were asked for the first time."""
        self._query_vectors.clear()
        self._ahead.clear()
        self._lexical_queries.clear()
        if self._papers is not None:
            self._papers.forget_recent()

    def close(self) -> None:
        self._corpus.join()  # it reads the store
        self._retriever.close()
        self._conn.close()


def clean_query(query: str) -> str:
    """The query as searched: trimmed, control characters dropped, at most 2,000 characters."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in query[: MAX_QUERY_CHARS * 2])
    cleaned = " ".join(cleaned.split())[:MAX_QUERY_CHARS]
    if not cleaned:
        raise BadQuery("empty query: type a question or some terms")
    return cleaned
