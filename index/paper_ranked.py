"""The ranked path of the paper view: candidates to papers, strength, count, one page.

Everything that decides the list (`Listing`) is computed for the whole query, never for one
page, so page 2 starts exactly where page 1 ended whatever the page size; the paper search
keeps the last few listings, so turning a page or changing the sort ranks nothing again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from index import paper_rank
from index.match import levels, notice, rarest_held
from index.paper_build import Evidence, build_papers
from index.paper_rank import Pool
from index.papers import PaperResults
from index.retriever import LexicalQuery
from index.terms import content_words

if TYPE_CHECKING:
    from index.paper_search import PaperSearch, PaperSettings, Request


@dataclass(frozen=True)
class Listing:
    """A query's matching papers in relevance order, with what their cards need."""

    pool: Pool
    order: np.ndarray
    total: int
    coverage: np.ndarray  # per document
    lexical_all: np.ndarray  # BM25 per passage row
    vector: np.ndarray
    missing: tuple[str, ...]
    tokens: frozenset[str]
    rarest: np.ndarray  # per document: holds the query's rarest word (`index.match`)


def listing(
    search: PaperSearch, text: str, allowed: np.ndarray | None, request: Request,
    settings: PaperSettings,
) -> Listing:
    """Rank, group, measure and count the papers that answer `text` among `allowed` rows."""
    index, corpus, ranking = search.index, search.corpus, request.ranking
    rows, fused, dense, lexical = index.rank(text, allowed, ranking)
    vector = index.query_vector(text)
    if ranking.mode == "lexical":  # the fused order ignores meaning, strength does not
        dense = index.retriever.dense_scores(vector, rows)
    terms = index.lexical_query(text, ranking)
    lexical_all = _every_row(search, terms)
    pool = paper_rank.pool_of(rows, fused, dense, lexical, corpus, settings.second_share)
    words = content_words(text, index.vocabulary(ranking))
    present = search.presence.word_presence(words)
    coverage = np.mean(present, axis=0) if words else np.zeros(corpus.size)
    rarest = rarest_held(present, corpus.size)
    missing = search.presence.missing(words)
    worded = (coverage >= settings.limits.partial_coverage) & corpus.mask(allowed)
    outside = worded.copy()  # `listed` orders the worded papers outside the pool by their
    outside[pool.docs] = False  # best BM25 passage: only theirs is needed
    extra = np.flatnonzero(outside)
    doc_lexical = np.zeros(corpus.size)
    doc_lexical[extra] = corpus.best_of(extra, lexical_all)
    pool_levels = levels(pool.best_dense, coverage[pool.docs], settings.limits,
                         rarest[pool.docs])
    order, total = paper_rank.listed(pool, pool_levels, worded, doc_lexical)
    tokens = frozenset(token for group, _ in terms.groups for token in group)
    return Listing(pool, order, total, coverage, lexical_all, vector, missing, tokens, rarest)


def _every_row(search: PaperSearch, terms: LexicalQuery) -> np.ndarray:
    """BM25 of every passage row (read only at rows that hold a passage). The local retriever
    hands over the array it just scored; copying a million rows out of it took ~3 ms."""
    every_row = getattr(search.index.retriever, "lexical_every_row", None)
    if every_row is not None:
        found: np.ndarray = every_row(terms)
        return found
    scores = np.zeros(len(search.corpus.row_doc))
    every = search.presence.all_rows
    scores[every] = search.index.retriever.lexical_scores(terms, every)
    return scores


def ranked_page(
    search: PaperSearch, found: Listing, request: Request, settings: PaperSettings
) -> PaperResults:
    """One page of a listing in the requested order, with the notice and the count."""
    corpus = search.corpus
    order = found.order
    if request.sort != "relevance":  # the matching papers by date; weak ones stay after them
        head = len(order) if found.total == 0 else found.total
        dated = paper_rank.by_date(order[:head], corpus.years, request.sort == "newest")
        order = np.concatenate([dated, order[head:]]).astype(np.int64)
    docs = [int(d) for d in paper_rank.page_of(order, request.page, request.per_page)]
    papers = build_papers(search.index.connection, [corpus.doc_ids[d] for d in docs],
                          _evidence(search, found, docs), found.tokens, settings.limits,
                          request.first_rank)
    said = notice(found.missing, all_weak=found.total == 0 and len(order) > 0)
    return PaperResults(request.query, papers, found.total, request.page, request.per_page,
                        request.sort, said, found.missing, None)


def _evidence(search: PaperSearch, found: Listing, docs: list[int]) -> list[Evidence]:
    """Each paper's figures over all its passages (one vector fetch for the page), and its
    best two passages: by fused score among the candidates, or by BM25 for a paper found
    outside the pool (scored 0)."""
    if not docs:
        return []
    rows_of = [search.corpus.rows_of(d) for d in docs]
    every = np.concatenate(rows_of)
    dense_all = search.index.retriever.dense_scores(found.vector, every)
    cuts = np.cumsum([len(r) for r in rows_of])[:-1]
    return [
        _one(found, doc, rows, dense)
        for doc, rows, dense in zip(docs, rows_of, np.split(dense_all, cuts), strict=True)
    ]


def _one(found: Listing, doc: int, rows: np.ndarray, dense: np.ndarray) -> Evidence:
    pool, lexical = found.pool, found.lexical_all[rows]
    at = pool.positions(doc)
    if len(at):
        score = float(pool.scores[np.flatnonzero(pool.docs == doc)[0]])
        passages = tuple((int(pool.rows[p]), float(pool.fused[p]), float(pool.dense[p]),
                          float(pool.lexical[p])) for p in at[:2])
    else:
        score = 0.0
        best = np.lexsort((-dense, -lexical))[:2]
        passages = tuple((int(rows[i]), 0.0, float(dense[i]), float(lexical[i])) for i in best)
    return Evidence(score, float(dense.max()), float(lexical.max()), float(found.coverage[doc]),
                    passages, has_rarest=bool(found.rarest[doc]))
