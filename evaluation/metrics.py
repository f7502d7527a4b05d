"""Ranking metrics as trec_eval and BEIR (pytrec_eval) define them, so our figures compare with
published ones.

A document is relevant when its grade is at least 1. nDCG uses the grade itself as the gain
(trec_eval's linear gain), a log2(rank + 1) discount, and the ideal ordering of all judged
documents of that query. A query with no relevant document cannot be scored and is left out of
every mean rather than counted as zero.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

Judgements = Mapping[str, int]
Metric = Callable[[Sequence[str], Judgements, int], float]


def dcg(gains: Sequence[float]) -> float:
    """Discounted cumulative gain of gains listed in rank order."""
    return sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg(ranking: Sequence[str], judged: Judgements, k: int) -> float:
    """nDCG@k of one ranked list of document ids."""
    ideal = dcg(sorted((g for g in judged.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([max(judged.get(doc_id, 0), 0) for doc_id in ranking[:k]]) / ideal


def recall(ranking: Sequence[str], judged: Judgements, k: int) -> float:
    """Share of the relevant documents found in the first k."""
    relevant = _relevant(judged)
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def reciprocal_rank(ranking: Sequence[str], judged: Judgements, k: int) -> float:
    """1 / rank of the first relevant document within the first k, else 0."""
    relevant = _relevant(judged)
    for rank, doc_id in enumerate(ranking[:k], start=1):
        if doc_id in relevant:
            return 1.0 / rank
    return 0.0


METRICS: dict[str, tuple[Metric, int]] = {
    "ndcg@10": (ndcg, 10),
    "recall@10": (recall, 10),
    "recall@100": (recall, 100),
    "mrr@10": (reciprocal_rank, 10),
}


def mean_metrics(
    run: Mapping[str, Sequence[str]], qrels: Mapping[str, Judgements]
) -> tuple[dict[str, float], int]:
    """Mean of every metric in `METRICS` over the queries of `run` that have a relevant document,
    and how many queries that was. Rankings must list each document once, best first."""
    scored = [q for q in run if _relevant(qrels.get(q, {}))]
    means = {
        name: sum(metric(run[q], qrels[q], k) for q in scored) / len(scored) if scored else 0.0
        for name, (metric, k) in METRICS.items()
    }
    return means, len(scored)


def _relevant(judged: Judgements) -> set[str]:
    return {doc_id for doc_id, grade in judged.items() if grade > 0}
