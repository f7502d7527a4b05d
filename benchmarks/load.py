"""Query latency for one user and for several at once, page cold start, and the collection the
query figures are measured on (the article plus the shared PubMed records).

Concurrent users are threads sharing one `SearchIndex`, as Streamlit's sessions share the
page's cached index.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.queries import QUERIES
from index.embed import Embedder
from index.search import SearchIndex
from index.writer import apply_changes
from ingest.pipeline import load_files

Factory = Callable[[], Embedder]

# What the page does before its first answer: import streamlit and the facade, load the model,
# verify the checksums, open the index, search. The streamlit server itself is not started.
COLD_START = """
import json, resource, sys, time
import streamlit
from pathlib import Path
from index import layout
from index.embed import SentenceTransformerEmbedder
from index.search import SearchIndex
folder = layout.require_live_version(Path(sys.argv[1]))
layout.read_manifest(folder, verify=True)
index = SearchIndex(folder, SentenceTransformerEmbedder(), verify=False)
hits = index.search("how fast does ketamine work", 10)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"hits": len(hits), "peak_rss_mb": round(peak, 1)}), flush=True)
"""


def cold_start(index_dir: Path) -> dict[str, Any]:
    """Seconds from process start to its first answered query, and that process's peak memory."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", COLD_START, str(index_dir)], stdout=subprocess.PIPE, text=True
    )
    line = child.stdout.readline() if child.stdout else ""
    seconds = time.perf_counter() - started
    child.wait()
    return {"seconds": round(seconds, 2), **json.loads(line)}


def usable(index_dir: Path, factory: Factory) -> bool:
    """Whether an index exists and answers with this code (an old schema may not)."""
    try:
        SearchIndex.open(index_dir, factory()).search("ketamine", 1)
        return True
    except Exception:  # noqa: BLE001 - any failure means: rebuild it
        return False


def ensure_combined(index_dir: Path, sources: list[str], factory: Factory) -> dict[str, Any]:
    """Index `sources` (the article and the PubMed records) from scratch into `index_dir`,
    unless an index there already answers."""
    if usable(index_dir, factory):
        return {"rebuilt": False}
    started = time.perf_counter()
    batch = load_files([Path(s) for s in sources])
    report = apply_changes(
        index_dir, factory(), add=batch.documents, reset=True, provenance=batch.provenance
    )
    return {
        "rebuilt": True,
        "chunks": report.chunks,
        "seconds": round(time.perf_counter() - started, 1),
    }


def queries(index_dir: Path, users: int, rounds: int, factory: Factory) -> dict[str, Any]:
    """p50/p99 ms of `rounds` passes over the benchmark questions, by one user and by `users`
    threads at once on the same index; errors are counted, never raised."""
    index = SearchIndex.open(index_dir, factory())
    for query in QUERIES[:5]:
        index.search(query, 10)
    single, single_errors = _timed(index, list(QUERIES) * rounds)
    with ThreadPoolExecutor(users) as pool:
        per_user = list(pool.map(lambda _: _timed(index, list(QUERIES) * rounds), range(users)))
    together = [ms for times, _ in per_user for ms in times]
    return {
        "chunks": index.manifest.chunks,
        "index_type": index.manifest.index_type,
        "one_user": _percentiles(single, single_errors),
        "concurrent": {**_percentiles(together, sum(e for _, e in per_user)), "users": users},
    }


def _timed(index: SearchIndex, batch: list[str]) -> tuple[list[float], int]:
    times, errors = [], 0
    for query in batch:
        started = time.perf_counter()
        try:
            index.search(query, 10)
        except Exception:  # noqa: BLE001 - the benchmark counts failures
            errors += 1
            continue
        times.append((time.perf_counter() - started) * 1000)
    return times, errors


def _percentiles(times: list[float], errors: int) -> dict[str, Any]:
    return {
        "queries": len(times) + errors,
        "errors": errors,
        "p50_ms": round(float(np.percentile(times, 50)), 1) if times else None,
        "p99_ms": round(float(np.percentile(times, 99)), 1) if times else None,
    }
