"""Paper-level features of a query's candidate pool, for the learned-fusion experiment.

Every paper among the fused candidates gets the figures a ranker could weigh: its best and
second fused scores, each channel's best raw and normalised score and best rank, how many of
its passages were proposed, the share (plain and IDF-weighted) of the query's content words
it contains, the share of the query's terms in its title, and the query's form and length.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.lexical import tokenize
from index.paper_rank import pool_of
from index.query_form import FORMS, query_form
from index.ranking import RankingConfig, normalise
from index.search import SearchIndex
from index.terms import content_words

NAMES = (
    "fused1", "fused2", "dense_max", "lexical_max", "dense_norm", "lexical_norm",
    "dense_rank", "lexical_rank", "passages", "coverage", "coverage_idf", "title_share",
    "query_terms", *(f"form_{f}" for f in FORMS),
)


@dataclass(frozen=True)
class PoolFeatures:
    docs: list[str]  # doc ids, in the default ranking's paper order
    matrix: np.ndarray  # one row per paper, columns NAMES


class FeatureMaker:
    """Features of pools over one index (titles tokenised once)."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.corpus = index.corpus_map()
        titles = dict(index.connection.execute("SELECT doc_id, title FROM documents"))
        self.title_tokens = [frozenset(tokenize(titles[d])) for d in self.corpus.doc_ids]

    def pool(self, text: str, ranking: RankingConfig) -> PoolFeatures:
        rows, fused, dense, lexical = self.index.rank(text, None, ranking)
        pool = pool_of(rows, fused, dense, lexical, self.corpus, 0.05)
        docs = pool.docs
        at = {int(d): i for i, d in enumerate(docs)}
        place = np.array([at[int(d)] for d in pool.row_docs])
        columns = [pool.scores, _second(place, fused, len(docs))]
        for values in (dense, lexical, normalise(dense), normalise(lexical)):
            columns.append(_best(place, values, len(docs)))
        for values in (dense, lexical):
            ranks = np.empty(len(values))
            ranks[np.argsort(-values, kind="stable")] = np.arange(1, len(values) + 1)
            columns.append(np.log1p(-_best(place, -ranks, len(docs))))
        columns.append(np.bincount(place, minlength=len(docs)).astype(float))
        columns.extend(self._words(text, docs, ranking))
        form = query_form(text)
        query_terms = len(set(tokenize(text)))
        columns.append(np.full(len(docs), float(query_terms)))
        columns.extend(np.full(len(docs), float(form == f)) for f in FORMS)
        return PoolFeatures([self.corpus.doc_ids[d] for d in docs], np.column_stack(columns))

    def _words(self, text: str, docs: np.ndarray, ranking: RankingConfig) -> list[np.ndarray]:
        """Coverage, IDF-weighted coverage and title share of each paper."""
        search = self.index._paper_search()
        words = content_words(text, self.index.vocabulary(ranking))
        if not words:
            zero = np.zeros(len(docs))
            return [zero, zero, zero]
        present = np.array(search.presence.word_presence(words))[:, docs].astype(float)
        df = np.array(search.presence.word_presence(words)).sum(axis=1)
        idf = np.log((self.corpus.size + 1) / (df + 1))
        idf_share = (idf[:, None] * present).sum(axis=0) / max(idf.sum(), 1e-9)
        own = set(tokenize(text))
        title = np.array([len(own & self.title_tokens[d]) / max(len(own), 1) for d in docs])
        return [present.mean(axis=0), idf_share, title]


def _best(place: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    best = np.full(size, -np.inf)
    np.maximum.at(best, place, values)
    return best


def _second(place: np.ndarray, fused: np.ndarray, size: int) -> np.ndarray:
    """Each paper's second-best fused score (0 with a single candidate passage)."""
    second = np.zeros(size)
    seen = np.zeros(size, dtype=int)
    for p, value in zip(place, fused, strict=True):  # fused order: best first
        seen[p] += 1
        if seen[p] == 2:
            second[p] = value
    return second
