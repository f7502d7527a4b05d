"""`python -m index eval --dev`: rank the dev set's questions over the article plus the shared
records, and score them per query type (see `evaluation.devset` for what is measured).

The collection is read exactly as `ingest add` reads it, and its index is cached under
`.cache/eval/` like a BEIR corpus, so later runs (other weights, other modes) embed nothing.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from documents.records import Document
from evaluation.beir import DatasetError
from evaluation.devset import (
    ARTICLE_ID,
    COLLECTIONS,
    DevQuery,
    DevSet,
    first_success,
    paragraph_span,
)
from evaluation.evaluate import IndexInfo, cached_index
from evaluation.metrics import METRICS, mean_metrics
from index.embed import Embedder
from index.search import RankingConfig, SearchIndex
from ingest.pipeline import load_files

KNOWN_ITEM_DEPTH = 3
Shown = list[tuple[str, list[tuple[str, int, int]]]]  # (doc_id, shown passages) per result


@dataclass(frozen=True)
class DevCollection:
    name: str
    documents: Sequence[Document]
    corpus_sha256: str


@dataclass
class DevReport:
    split: str
    collection: str = "all"
    by_type: dict[str, dict[str, float]] = field(default_factory=dict)
    known_items: dict[str, float] = field(default_factory=dict)
    per_query: dict[str, dict[str, float]] = field(default_factory=dict)
    p50_ms: float = 0.0
    index: IndexInfo | None = None

    def to_json(self) -> dict[str, Any]:
        return {"split": self.split, "collection": self.collection, "by_type": self.by_type,
                "known_items": self.known_items, "per_query": self.per_query,
                "p50_ms": round(self.p50_ms, 2),
                "index": str(self.index.path) if self.index else None}


def collection(name: str = "all") -> DevCollection:
    """The article and the shared records (`COLLECTIONS[name]`), as `ingest add` reads them."""
    files = COLLECTIONS[name]
    missing = [str(path) for path in files if not path.is_file()]
    if missing:
        raise DatasetError(f"{missing[0]}: dev collection file not found")
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    batch = load_files(list(files))
    if batch.errors:
        raise DatasetError(f"dev collection: {batch.errors[0]}")
    return DevCollection(name, tuple(batch.documents), digest.hexdigest())


def rank(index: SearchIndex, query: str, ranking: RankingConfig, depth: int = 100) -> Shown:
    """Papers in the order the page shows them (`search_papers`), each with its passages."""
    results = index.search_papers(query, per_page=depth, ranking=ranking)
    return [(paper.doc_id, [(h.doc_id, h.start, h.end) for h in paper.passages])
            for paper in results.papers]


def evaluate_dev(devset: DevSet, embedder: Embedder, cache_dir: Path, ranking: RankingConfig,
                 split: str = "all", progress: bool = False, collection_name: str | None = None
                 ) -> DevReport:
    """Score every query of `devset` (already narrowed to a split) through the facade, over
    the collection it was judged over unless `collection_name` names another (judged
    documents that collection lacks then count as not retrieved)."""
    collection_name = collection_name or devset.collection
    dev = collection(collection_name)
    info = cached_index(dev, embedder, cache_dir, progress)
    index = SearchIndex.open(info.path, embedder)
    try:
        report = DevReport(split, collection_name, index=info)
        times = _graded(index, devset, ranking, report)
        _known(index, devset, ranking, dev, report)
    finally:
        index.close()
    report.p50_ms = float(np.percentile(times, 50)) if times else 0.0
    return report


def _graded(index: SearchIndex, devset: DevSet, ranking: RankingConfig,
            report: DevReport) -> list[float]:
    runs: dict[str, dict[str, list[str]]] = {}
    times: list[float] = []
    for query in devset.graded():
        started = time.perf_counter()
        ranked = [doc_id for doc_id, _ in rank(index, query.text, ranking)]
        times.append((time.perf_counter() - started) * 1000)
        for group in (query.kind, "all"):
            runs.setdefault(group, {})[query.query_id] = ranked
        report.per_query[query.query_id] = _one(ranked, devset.qrels.get(query.query_id, {}))
    for group, run in runs.items():
        means, scored = mean_metrics(run, devset.qrels)
        judged = [report.per_query[q]["judged@10"] for q in run]
        report.by_type[group] = {**{k: round(v, 4) for k, v in means.items()},
                                 "judged@10": round(sum(judged) / len(judged), 3),
                                 "queries": scored}
    return times


def _one(ranked: list[str], judged: dict[str, int]) -> dict[str, float]:
    scores = {name: round(metric(ranked, judged, k), 4) for name, (metric, k) in METRICS.items()}
    top = ranked[:10]
    scores["judged@10"] = round(sum(d in judged for d in top) / len(top), 3) if top else 0.0
    return scores


def _known(index: SearchIndex, devset: DevSet, ranking: RankingConfig, dev: DevCollection,
           report: DevReport) -> None:
    article = next(d for d in dev.documents if d.doc_id == ARTICLE_ID)
    ranks = []
    for query in devset.known():
        span = paragraph_span(article, devset.known_items[query.query_id])
        shown = [passages for _, passages in rank(index, query.text, ranking, KNOWN_ITEM_DEPTH)]
        ranks.append(first_success(shown, span))
        report.per_query[query.query_id] = {"known_item_rank": ranks[-1]}
    found = sum(1 for r in ranks if r)
    report.known_items = {"queries": len(ranks), "found_in_top3": found,
                          "mrr@3": round(sum(1 / r for r in ranks if r) / max(len(ranks), 1), 4)}


def format_report(report: DevReport, _: DevQuery | None = None) -> str:
    """A table per query type, then the known items."""
    where = report.index.path if report.index else "?"
    lines = [f"dev set ({report.split}, collection {report.collection}): index {where}",
             f"{'type':<10}{'queries':>8}{'nDCG@10':>9}{'R@100':>8}{'MRR@10':>8}{'judged@10':>10}"]
    for group in ("clinician", "student", "keyword", "all"):
        row = report.by_type.get(group)
        if row:
            lines.append(f"{group:<10}{row['queries']:>8}{row['ndcg@10']:>9.4f}"
                         f"{row['recall@100']:>8.4f}{row['mrr@10']:>8.4f}{row['judged@10']:>10.3f}")
    known = report.known_items
    if known.get("queries"):
        lines.append(f"known items: {known['found_in_top3']} of {known['queries']} in the top 3 "
                     f"(MRR@3 {known['mrr@3']:.3f})")
    lines.append(f"query p50 {report.p50_ms:.1f} ms")
    return "\n".join(lines)
