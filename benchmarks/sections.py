"""Benchmark sections: ingest throughput, query latency, page cold start, vector search at scale.

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
from pathlib import Path
from statistics import median
from typing import Any

from benchmarks import load as bench_load
from benchmarks import scale as bench_scale
from benchmarks.queries import QUERIES
from documents.chunking import embedding_text
from index import layout, store, vectors
from index.embed import Embedder, SentenceTransformerEmbedder
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


def ingest(records: Path, docs: int, repeat: int, factory: Factory) -> dict[str, Any]:
    """Chunks/s of load + chunk + embed + store into a fresh index, and of raw `embed` alone on
    the same texts; runs alternate, and medians are reported (the ratio pairs each run's two
    timings, so a change of machine load between runs does not skew it)."""
    embedder = factory()
    embedder.embed(["warm up the model"])
    pipeline, raw, loads, chunks = [], [], [], 0
    with tempfile.TemporaryDirectory() as folder:
        path = subset_records(records, docs, Path(folder))
        for run in range(repeat):
            started = time.perf_counter()
            batch = load_files([path])
            loads.append(time.perf_counter() - started)
            report = apply_changes(
                Path(folder) / f"index{run}",
                embedder,
                add=batch.documents,
                provenance=batch.provenance,
            )
            pipeline.append(time.perf_counter() - started)
            texts = stored_texts(Path(folder) / f"index{run}")
            started = time.perf_counter()
            embedder.embed(texts)
            raw.append(time.perf_counter() - started)
            chunks = report.chunks
    ratio = median(r / p for r, p in zip(raw, pipeline, strict=True))
    return _ingest_summary(chunks, median(pipeline), median(raw), median(loads), ratio)


def _ingest_summary(
    chunks: int, pipeline_s: float, raw_s: float, load_s: float, ratio: float
) -> dict[str, Any]:
    return {
        "chunks": chunks,
        "pipeline_chunks_per_s": round(chunks / pipeline_s, 2),
        "encode_chunks_per_s": round(chunks / raw_s, 2),
        "ratio": round(ratio, 3),
        "pipeline_s": round(pipeline_s, 2),
        "encode_s": round(raw_s, 2),
        "load_s": round(load_s, 2),
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


SECTIONS: dict[str, Callable[..., dict[str, Any]]] = {
    "ingest": lambda o, f: ingest(Path(o["records"]), o["docs"], o["repeat"], f),
    "queries": lambda o, f: bench_load.queries(Path(o["index"]), o["users"], o["rounds"], f),
    "build": lambda o, f: bench_load.ensure_combined(Path(o["index"]), o["sources"], f),
    "scale": lambda o, f: scale(Path(o["index"]), o["sizes"], f),
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
