"""The paper view of a search: papers first, an honest strength, PubMed's basics.

A query is parsed for an author and identifiers (`index.query_parse`); identifiers open their
papers, an author alone lists that author's papers by date, and anything else is ranked: the
facade's fused passage candidates grouped into papers (`index.paper_rank`), matched by absolute
evidence (`index.match`), sorted, counted and cut into one page (`index.paper_build`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from core.errors import BadQuery
from index import paper_rank, store
from index.corpus_map import CorpusMap, TermPresence
from index.filters import Filters
from index.match import MatchThresholds
from index.paper_build import Evidence, build_papers
from index.paper_ranked import Listing, listing, ranked_page
from index.papers import SORTS, PaperResults
from index.query_parse import ParsedQuery, parse_query
from index.ranking import RankingConfig

if TYPE_CHECKING:
    from index.search import SearchIndex

MAX_PER_PAGE = 1_000
LISTINGS_KEPT = 8  # the last few queries: paging and re-sorting them ranks nothing again


@dataclass(frozen=True)
class PaperSettings:
    """`second_share`: weight of a paper's second-best passage in its score; `limits`: the
    match thresholds. Both calibrated on SciFact train (README, "How strong a match is")."""

    second_share: float = 0.05
    limits: MatchThresholds = MatchThresholds()


@dataclass(frozen=True)
class Request:
    """One page asked of the paper view."""

    query: str
    page: int = 1
    per_page: int = 10
    filters: Filters = Filters()
    sort: str = "relevance"
    ranking: RankingConfig = RankingConfig()

    @property
    def first_rank(self) -> int:
        return (self.page - 1) * self.per_page + 1

    def check(self) -> None:
        if self.page < 1:
            raise BadQuery(f"page={self.page}: pages start at 1")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise BadQuery(f"per_page={self.per_page}: expected 1 to {MAX_PER_PAGE}")
        if self.sort not in SORTS:
            raise BadQuery(f"sort={self.sort!r}: choose one of {', '.join(SORTS)}")


class PaperSearch:
    """Paper searches over one loaded index; holds the row-to-paper map and term presence."""

    def __init__(self, index: SearchIndex, corpus: CorpusMap) -> None:
        self.index = index
        self.corpus = corpus
        self.presence = TermPresence(self.corpus, index.retriever)
        self._listings: dict[tuple[object, ...], Listing] = {}
        self._lock = threading.Lock()

    def forget_recent(self) -> None:
        with self._lock:
            self._listings.clear()

    def run(self, request: Request, settings: PaperSettings) -> PaperResults:
        request.check()
        parsed = parse_query(request.query)
        if parsed.identifiers:
            found = self._lookup(request, parsed)
            if found is not None:
                return found
        if not parsed.text:
            if not parsed.author:
                raise BadQuery("empty query: type a question or some terms")
            return self._by_author(request, self._allowed(request.filters, parsed.author))
        return self._ranked(request, parsed, settings)

    def _allowed(self, filters: Filters, author: str) -> np.ndarray | None:
        """Rows the filters and the query's `author:` allow (both must hold)."""
        allowed = self.index.allowed_rows(filters)
        by_author = self.index.allowed_rows(Filters(author=author)) if author else None
        if by_author is None:
            return allowed
        return by_author if allowed is None else np.intersect1d(allowed, by_author)

    def _lookup(self, request: Request, parsed: ParsedQuery) -> PaperResults | None:
        """The papers the identifiers name, in the order typed; None to search the digits as
        words when bare numbers name no paper."""
        conn = self.index.connection
        found = [store.document_with(conn, kind, value) for kind, value in parsed.identifiers]
        docs = list(dict.fromkeys(d for d in found if d is not None))
        if not docs and not parsed.explicit:
            return None
        kind, value = parsed.identifiers[0]
        missing = None if docs else f"No paper in the collection has {_named(kind, value)}."
        listed = np.array([self.corpus.number[d] for d in docs], dtype=np.int64)
        return self._fixed(request, listed, missing, "pmid" if docs and kind == "pmid" else
                           ("doi" if docs else None))

    def _by_author(self, request: Request, allowed: np.ndarray | None) -> PaperResults:
        """Every paper of the author (and filters), newest first unless oldest is asked."""
        docs = np.flatnonzero(self.corpus.mask(allowed))
        listed = paper_rank.by_date(docs, self.corpus.years, request.sort != "oldest")
        sort = "oldest" if request.sort == "oldest" else "newest"
        return self._fixed(Request(request.query, request.page, request.per_page,
                                   request.filters, sort), listed, None, None)

    def _fixed(
        self, request: Request, listed: np.ndarray, said: str | None, lookup: str | None
    ) -> PaperResults:
        """A page of papers chosen by identity, not by meaning: each shows its opening passage
        and counts as a strong match (it is exactly what was asked for)."""
        docs = paper_rank.page_of(listed, request.page, request.per_page)
        openings = [self.corpus.rows_of(int(d))[:1] for d in docs]
        evidence = [Evidence(0.0, 0.0, 0.0, 1.0, tuple((int(r), 0.0, 0.0, 0.0) for r in rows),
                             "strong") for rows in openings]
        papers = build_papers(self.index.connection, [self.corpus.doc_ids[d] for d in docs],
                              evidence, (), MatchThresholds(), request.first_rank)
        return PaperResults(request.query, papers, len(listed), request.page, request.per_page,
                            request.sort, said, (), lookup)

    def _ranked(
        self, request: Request, parsed: ParsedQuery, settings: PaperSettings
    ) -> PaperResults:
        """A page of the ranked listing, which is kept for the query's next pages and sorts."""
        key = (parsed.text, parsed.author, request.filters, request.ranking, settings)
        with self._lock:
            found = self._listings.get(key)
        if found is None:
            allowed = self._allowed(request.filters, parsed.author)
            found = listing(self, parsed.text, allowed, request, settings)
            with self._lock:
                if len(self._listings) >= LISTINGS_KEPT:
                    self._listings.pop(next(iter(self._listings)), None)
                self._listings[key] = found
        return ranked_page(self, found, request, settings)


def _named(kind: str, value: str) -> str:
    return f"PMID {value}" if kind == "pmid" else f"DOI {value}"
