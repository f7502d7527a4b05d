"""Benchmark sections: ingest throughput (in one process and across worker processes), query
latency, page cold start, vector search at scale, and the whole query path on a synthetic index
of a million passages (built once through the real writer: `benchmarks.million`).

Each section runs in its own process (`python -m benchmarks.sections SECTION '{json options}'`)
so its peak memory (ru_maxrss) is its own, and prints one JSON object. `benchmarks.cli` runs
them and prints the table.
"""

from __future__ import annotations

import gzip
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from statistics import median
from typing import Any

from benchmarks import end_to_end, million
from benchmarks import load as bench_load
from benchmarks import scale as bench_scale
from benchmarks.queries import QUERIES
from documents.chunking import embedding_text
from index import layout, store, vectors
from index.config import IndexConfig
from index.embed import Embedder, SentenceTransformerEmbedder, available_cores
from index.embed_pool import MIN_POOL_TEXTS, PooledEmbedder
from index.writer import apply_changes
from ingest.pipeline import load_files

Factory = Callable[[], Embedder]


def subset_records(source: Path, docs: int, folder: Path) -> Path:
    """The first `docs` lines of a JSON Lines file (gzipped or not), as a new `.jsonl`."""
    target = folder / "records.jsonl"
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", encoding="utf-8") as lines, target.open("w") as out:
        for number, line in enumerate(lines):
            if number >= docs:
                break
            out.write(line)
    return target


def ingest(records: Path, docs: int, repeat: int, factory: Factory, workers: int) -> dict[str, Any]:
    """Chunks/s of load + chunk + embed + store into a fresh index, in one process and with the
    embedding spread over `workers` one-thread processes (`PooledEmbedder`), against raw
    `embed` alone on the same texts in one process. Runs alternate; medians are reported, and
    each ratio pairs one run's timings, so a change of machine load between runs does not skew
    it. The workers are started and loaded before timing, as the model is (time reported)."""
    embedder = factory()
    embedder.embed(["warm up the model"])
    pooled = PooledEmbedder(factory, workers, local=embedder)
    with pooled, tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        pooled.embed(["warm up the workers"] * MIN_POOL_TEXTS)
        ready_s = time.perf_counter() - started
        path = subset_records(records, docs, Path(folder))
        runs = [_paired_run(path, Path(folder) / str(n), embedder, pooled) for n in range(repeat)]
    workers_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # reaped: the largest
    return {**_ingest_summary(runs), "workers": workers, "pool_ready_s": round(ready_s, 2),
            "worker_peak_rss_mb": round(workers_kb / 1024, 1)}


def _paired_run(path: Path, folder: Path, one: Embedder, pooled: Embedder) -> dict[str, float]:
    """Back to back: the pipeline in one process, raw embed of its texts, the pooled pipeline."""
    single_s, load_s, chunks = _pipeline(path, folder / "single", one)
    texts = stored_texts(folder / "single")
    started = time.perf_counter()
    one.embed(texts)
    raw_s = time.perf_counter() - started
    pooled_s = _pipeline(path, folder / "pooled", pooled)[0]
    return {"pipeline": single_s, "raw": raw_s, "pooled": pooled_s, "load": load_s,
            "chunks": chunks}


def _pipeline(path: Path, index_dir: Path, embedder: Embedder) -> tuple[float, float, int]:
    """(seconds in all, seconds loading the file, passages) of one ingest into a new index."""
    started = time.perf_counter()
    batch = load_files([path])
    load_s = time.perf_counter() - started
    report = apply_changes(index_dir, embedder, add=batch.documents, provenance=batch.provenance)
    return time.perf_counter() - started, load_s, report.chunks


def _ingest_summary(runs: list[dict[str, float]]) -> dict[str, Any]:
    chunks = int(runs[-1]["chunks"])
    seconds = {key: median(run[key] for run in runs) for key in ("pipeline", "raw", "pooled")}
    return {
        "chunks": chunks,
        "pipeline_chunks_per_s": round(chunks / seconds["pipeline"], 2),
        "encode_chunks_per_s": round(chunks / seconds["raw"], 2),
        "pooled_chunks_per_s": round(chunks / seconds["pooled"], 2),
        "ratio": round(median(r["raw"] / r["pipeline"] for r in runs), 3),
        "pooled_ratio": round(median(r["raw"] / r["pooled"] for r in runs), 3),
        "pipeline_s": round(seconds["pipeline"], 2),
        "encode_s": round(seconds["raw"], 2),
        "pooled_s": round(seconds["pooled"], 2),
        "load_s": round(median(run["load"] for run in runs), 2),
    }


def stored_texts(index_dir: Path) -> list[str]:
    """What the model embedded for each passage of an index, in row order."""
    conn = store.connect(layout.require_live_version(index_dir) / layout.STORE_FILE, True)
    try:
        titles = store.titles(conn)
        rows = store.chunk_rows(conn)
        return [embedding_text(titles[r["doc_id"]], r["heading"], r["text"]) for r in rows]
    finally:
        conn.close()


def scale(index_dir: Path, sizes: list[int], factory: Factory) -> dict[str, Any]:
    """Exact vs approximate search on synthetic corpora of `sizes` rows, real query vectors."""
    live = layout.require_live_version(index_dir)
    real = vectors.all_vectors(vectors.read(live / layout.VECTORS_FILE))
    texts = list(QUERIES) + stored_texts(index_dir)[:: max(1, len(real) // 160)][:160]
    queries = factory().embed([t[:300] for t in texts])
    return {
        "queries": len(queries),
        "sizes": [bench_scale.measure_size(real, queries, rows) for rows in sizes],
    }


def served(factory: Factory) -> Factory:
    """The model as the page and `index search` run it: `query_threads` torch threads (one)."""
    if factory is SentenceTransformerEmbedder:
        return partial(SentenceTransformerEmbedder, threads=IndexConfig().query_threads)
    return factory


SECTIONS: dict[str, Callable[..., dict[str, Any]]] = {
    "ingest": lambda o, f: ingest(
        Path(o["records"]), o["docs"], o["repeat"], f, o.get("workers") or available_cores()
    ),
    "queries": lambda o, f: bench_load.queries(Path(o["index"]), o["users"], o["rounds"], f),
    "build": lambda o, f: bench_load.ensure_combined(Path(o["index"]), o["sources"], f),
    "scale": lambda o, f: scale(Path(o["index"]), o["sizes"], f),
    "scale_build": lambda o, f: million.ensure_built(Path(o["seed"]), o["rows"],
                                                     facts=o.get("facts", "seed")),
    "scale_e2e": lambda o, f: end_to_end.measure(Path(o["index"]), Path(o["seed"]), served(f),
                                                 o["queries"]),
}


def run_section(name: str, options: dict[str, Any], factory: Factory) -> dict[str, Any]:
    """One section's figures plus this process's peak resident memory."""
    result = SECTIONS[name](options, factory)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {**result, "peak_rss_mb": round(peak_kb / 1024, 1)}


if __name__ == "__main__":
    print(
        json.dumps(run_section(sys.argv[1], json.loads(sys.argv[2]), SentenceTransformerEmbedder))
    )
