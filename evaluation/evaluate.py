"""Score the search facade on a judged dataset: build (or reuse) its index, run every judged
query, rank documents by their best passage, and report BEIR metrics with query latency.

The index of a corpus is cached in `<cache>/<corpus sha256[:16]>-<model>`, with a note of the
corpus hash and of the code that wrote it; a later run on the same corpus with the same code opens
it as it is. When that code changes (store schema, tokenizer, chunking) the index is rebuilt in
place, which re-embeds only passages whose text changed, so only the first run pays for embedding.
A corpus seen for the first time starts from a copy of the largest sibling index of the same
model, so a sub-collection of one already built (the dev set's records collection) embeds nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from core.errors import IndexCorrupt
from documents import chunking, sentences
from documents.records import Document
from evaluation.beir import BeirDataset, DatasetError
from evaluation.metrics import mean_metrics
from index import layout, lexical, store, vectors, writer
from index.embed import Embedder
from index.hit import Hit
from index.search import RankingConfig, SearchIndex
from index.writer import apply_changes

SOURCE_NOTE = "eval-source.json"
DEPTH = 100
BUILDER_MODULES = (writer, store, lexical, vectors, layout, chunking, sentences)


@dataclass(frozen=True)
class EvalSettings:
    """`candidates` per channel must be well above `DEPTH`: passages of one document crowd the
    list, and Recall@100 needs about 100 distinct documents. `limit` keeps the first N queries."""

    ranking: RankingConfig = RankingConfig(candidates=300)
    limit: int | None = None


@dataclass(frozen=True)
class IndexInfo:
    path: Path
    built: bool
    build_seconds: float | None
    chunks: int


@dataclass(frozen=True)
class EvalReport:
    """What one evaluation measured, and on what."""

    dataset: str
    qrels: Path
    documents: int
    queries: int
    ranking: RankingConfig
    metrics: dict[str, float]
    p50_ms: float
    p95_ms: float
    min_documents_ranked: int
    index: IndexInfo

    def to_json(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "qrels": str(self.qrels),
            "documents": self.documents,
            "queries": self.queries,
            "ranking": {k: _plain(v) for k, v in asdict(self.ranking).items()},
            "metrics": {name: round(value, 4) for name, value in self.metrics.items()},
            "latency_ms": {"p50": round(self.p50_ms, 2), "p95": round(self.p95_ms, 2)},
            "min_documents_ranked": self.min_documents_ranked,
            "index": {**asdict(self.index), "path": str(self.index.path)},
        }


def evaluate(
    dataset: BeirDataset,
    embedder: Embedder,
    cache_dir: Path,
    settings: EvalSettings = EvalSettings(),
    progress: bool = False,
) -> EvalReport:
    """Run the judged queries of `dataset` through the search facade and score the rankings."""
    queries = judged_queries(dataset, settings.limit)
    info = cached_index(dataset, embedder, cache_dir, progress)
    index = SearchIndex.open(info.path, embedder)
    try:
        run, times_ms = run_queries(index, queries, settings.ranking)
    finally:
        index.close()
    metrics, scored = mean_metrics(run, dataset.qrels)
    return EvalReport(
        dataset=dataset.name,
        qrels=dataset.paths.qrels,
        documents=len(dataset.documents),
        queries=scored,
        ranking=settings.ranking,
        metrics=metrics,
        p50_ms=float(np.percentile(times_ms, 50)),
        p95_ms=float(np.percentile(times_ms, 95)),
        min_documents_ranked=min(len(ranking) for ranking in run.values()),
        index=info,
    )


def judged_queries(dataset: BeirDataset, limit: int | None = None) -> list[tuple[str, str]]:
    """(id, text) of queries with a relevant document, in file order; others cannot be scored."""
    judged = [
        (query_id, text)
        for query_id, text in dataset.queries.items()
        if text.strip() and any(g > 0 for g in dataset.qrels.get(query_id, {}).values())
    ]
    if not judged:
        raise DatasetError(
            f"{dataset.paths.qrels}: no query of {dataset.paths.queries} has a relevant document"
        )
    return judged[:limit] if limit else judged


class Collection(Protocol):
    """Documents to index for an evaluation, and a hash of what they were read from (a
    `BeirDataset`, or the dev set's collection)."""

    @property
    def name(self) -> str: ...

    @property
    def documents(self) -> Sequence[Document]: ...

    @property
    def corpus_sha256(self) -> str: ...


def index_dir_for(collection: Collection, embedder: Embedder, cache_dir: Path) -> Path:
    """Cache folder of this corpus and model (one index per pair, never shared)."""
    return cache_dir / f"{collection.corpus_sha256[:16]}-{_model_slug(embedder)}"


def _model_slug(embedder: Embedder) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", embedder.name)


def cached_index(
    collection: Collection, embedder: Embedder, cache_dir: Path, progress: bool = False
) -> IndexInfo:
    """The index of the collection: reused when its note matches, otherwise built."""
    index_dir = index_dir_for(collection, embedder, cache_dir)
    note = {"corpus_sha256": collection.corpus_sha256, "builder": builder_fingerprint()}
    live = layout.live_version(index_dir)
    if live is not None and _read_note(index_dir) == note:
        chunks = layout.read_manifest(live, verify=False).chunks
        return IndexInfo(index_dir, False, None, chunks)
    if live is None and not index_dir.exists():
        _seed_from_sibling(index_dir, embedder)
    if progress:
        print(f"building the index of {len(collection.documents):,} documents in {index_dir} "
              "(later runs reuse it)", file=sys.stderr)
    started = time.perf_counter()
    report = apply_changes(
        index_dir, embedder, add=collection.documents, reset=True, progress=progress
    )
    seconds = time.perf_counter() - started
    _write_note(index_dir, note)
    return IndexInfo(index_dir, True, round(seconds, 1), report.chunks)


def _seed_from_sibling(index_dir: Path, embedder: Embedder) -> None:
    """Copy the largest finished index of the same model beside `index_dir` into it: the build
    that follows resets its documents but reuses every vector whose passage text is unchanged."""
    finished = {d: _chunks(d) for d in index_dir.parent.glob(f"*-{_model_slug(embedder)}")}
    sizes = {d: chunks for d, chunks in finished.items() if chunks is not None}
    if not sizes:
        return
    largest = max(sizes, key=lambda d: sizes[d])
    live = layout.require_live_version(largest)
    index_dir.mkdir(parents=True)
    shutil.copytree(live, index_dir / live.relative_to(largest))
    shutil.copy2(largest / layout.CURRENT, index_dir / layout.CURRENT)


def _chunks(index_dir: Path) -> int | None:
    """Passages of a finished evaluation index (None if unfinished or unreadable: not a seed)."""
    try:
        live = layout.live_version(index_dir) if _read_note(index_dir) else None
        return None if live is None else layout.read_manifest(live, verify=False).chunks
    except IndexCorrupt:
        return None


def builder_fingerprint() -> str:
    """Hash of the source of every module that decides what an index holds and how it is laid
    out: an index written by other code may be unreadable (a new column) or silently stale (a
    new tokenizer), so it is not reused."""
    digest = hashlib.sha256()
    for module in BUILDER_MODULES:
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def run_queries(
    index: SearchIndex, queries: Sequence[tuple[str, str]], ranking: RankingConfig
) -> tuple[dict[str, list[str]], list[float]]:
    """Document rankings per query id, and each search's wall time in ms. One untimed search
    first, so one-off warm-up costs (lazy imports, first allocation) do not land in p95."""
    index.search(queries[0][1], ranking.candidates, ranking=ranking)
    run: dict[str, list[str]] = {}
    times_ms: list[float] = []
    for query_id, text in queries:
        started = time.perf_counter()
        hits = index.search(text, ranking.candidates, ranking=ranking)
        times_ms.append((time.perf_counter() - started) * 1000)
        run[query_id] = document_ranking(hits)
    return run, times_ms


def document_ranking(hits: Sequence[Hit], depth: int = DEPTH) -> list[str]:
    """Documents in the order of their best passage: the first hit of each doc_id counts."""
    return list(dict.fromkeys(hit.doc_id for hit in hits))[:depth]


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Path) else value


def _read_note(index_dir: Path) -> dict[str, Any] | None:
    try:
        return json.loads((index_dir / SOURCE_NOTE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_note(index_dir: Path, note: dict[str, Any]) -> None:
    """Written after the index is published, and atomically, so a note never vouches for an
    index that was not finished."""
    tmp = index_dir / f".{SOURCE_NOTE}.tmp"
    tmp.write_text(json.dumps(note, indent=2), encoding="utf-8")
    os.replace(tmp, index_dir / SOURCE_NOTE)
