"""Per-query scores of one ranking configuration, for paired comparisons.

A `Variant` is the default ranking with some settings changed ("dense_weight=0.7,
second_share=0.1"): any field of `RankingConfig` or `PaperSettings`. Dev queries are ranked
as the page ranks them (`search_papers`, as `python -m index eval --dev` does); BEIR queries
as `python -m index eval --beir` does (passages, a document by its best one), or as papers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from evaluation.beir import BeirDataset
from evaluation.dev_eval import KNOWN_ITEM_DEPTH, DevCollection
from evaluation.devset import ARTICLE_ID, DevSet, first_success, paragraph_span
from evaluation.evaluate import document_ranking, judged_queries
from evaluation.metrics import METRICS
from index.paper_search import PaperSettings
from index.ranking import RankingConfig
from index.search import SearchIndex

Scores = dict[str, dict[str, float]]  # metric -> query id -> value


@dataclass(frozen=True)
class Variant:
    """A named ranking configuration."""

    name: str
    ranking: RankingConfig = RankingConfig()
    papers: PaperSettings = PaperSettings()


def parse_variant(text: str) -> Variant:
    """'' is the default; 'a=1,b=x' sets fields of `RankingConfig` or `PaperSettings`."""
    ranking: dict[str, Any] = {}
    papers: dict[str, Any] = {}
    for item in (part.strip() for part in text.split(",") if part.strip()):
        key, _, raw = item.partition("=")
        for target, cls in ((ranking, RankingConfig), (papers, PaperSettings)):
            kinds = {f.name: type(getattr(cls(), f.name)) for f in fields(cls)}
            if key in kinds:
                target[key] = _typed(kinds[key], raw)
                break
        else:
            raise ValueError(f"{key}: not a ranking or paper setting")
    return Variant(text or "default", replace(RankingConfig(), **ranking),
                   replace(PaperSettings(), **papers))


def _typed(kind: type, raw: str) -> Any:
    if kind is bool:
        return raw.lower() in ("1", "true", "yes", "on")
    if kind is Path:
        return Path(raw)
    return kind(raw)


def dev_scores(index: SearchIndex, devset: DevSet, variant: Variant,
               collection: DevCollection) -> Scores:
    """Every metric per graded query, and `known@3` (1 or 0) per known-item query."""
    scores: Scores = {name: {} for name in (*METRICS, "known@3")}
    for query in devset.graded():
        ranked = [doc for doc, _ in _papers(index, query.text, variant, 100)]
        judged = devset.qrels.get(query.query_id, {})
        if any(g > 0 for g in judged.values()):
            for name, (metric, k) in METRICS.items():
                scores[name][query.query_id] = metric(ranked, judged, k)
    article = next(d for d in collection.documents if d.doc_id == ARTICLE_ID)
    for query in devset.known():
        span = paragraph_span(article, devset.known_items[query.query_id])
        shown = [p for _, p in _papers(index, query.text, variant, KNOWN_ITEM_DEPTH)]
        scores["known@3"][query.query_id] = 1.0 if first_success(shown, span) else 0.0
    return scores


def _papers(index: SearchIndex, text: str, variant: Variant, depth: int
            ) -> list[tuple[str, list[tuple[str, int, int]]]]:
    results = index.search_papers(text, per_page=depth, ranking=variant.ranking,
                                  settings=variant.papers)
    return [(p.doc_id, [(h.doc_id, h.start, h.end) for h in p.passages]) for p in results.papers]


def beir_scores(index: SearchIndex, dataset: BeirDataset, variant: Variant,
                as_papers: bool = False, limit: int | None = None) -> Scores:
    """Every metric per judged query of a BEIR dataset."""
    scores: Scores = {name: {} for name in METRICS}
    for query_id, text in judged_queries(dataset, limit):
        ranked = _beir_ranking(index, text, variant, as_papers)
        for name, (metric, k) in METRICS.items():
            scores[name][query_id] = metric(ranked, dataset.qrels[query_id], k)
    return scores


def _beir_ranking(index: SearchIndex, text: str, variant: Variant, as_papers: bool) -> list[str]:
    if as_papers:
        return [doc for doc, _ in _papers(index, text, variant, 100)]
    hits = index.search(text, variant.ranking.candidates, ranking=variant.ranking)
    return document_ranking(hits)
