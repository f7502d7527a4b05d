"""The whole query path at scale, through the facade, on an index built by `benchmarks.million`.

Four kinds of call, each over every question: `search` (10 passages) and `search_papers`
(page 1 of 10 papers), without filters and with a year filter. Each call starts as a new
question (`forget_recent`: the query is embedded again by the real model, its terms looked up
again, no listing kept); kinds run one after another over all questions, so the lexical
channel's reuse of the previous query's scores never applies. What a version keeps across
questions (the row-to-paper map, words already looked up) is kept, as the page keeps it.
Besides wall time, each call's CPU time (this process's, all threads) is reported: on 2 cores
shared with other jobs the wall time moves with the load average, the CPU time much less.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.queries import QUERIES
from benchmarks.stages import instrument
from index import layout, store
from index.embed import Embedder
from index.search import Filters, SearchIndex

Factory = Callable[[], Embedder]
YEAR_FILTER = Filters(year_min=2010)
KINDS: dict[str, Callable[[SearchIndex, str], object]] = {
    "passages": lambda index, q: index.search(q, 10),
    "passages_year": lambda index, q: index.search(q, 10, YEAR_FILTER),
    "papers": lambda index, q: index.search_papers(q),
    "papers_year": lambda index, q: index.search_papers(q, filters=YEAR_FILTER),
}


def questions(seed_index: Path, count: int) -> list[str]:
    """The benchmark questions, then real titles (cut to 12 words) as people paste them."""
    conn = store.connect(layout.require_live_version(seed_index) / layout.STORE_FILE, True)
    try:
        titles = sorted(set(store.titles(conn).values()))
    finally:
        conn.close()
    step = max(1, len(titles) // max(1, count))
    pasted = [" ".join(t.split()[:12]) for t in titles[::step]]
    return (list(QUERIES) + [t for t in pasted if t])[:count]


def measure(index_dir: Path, seed_index: Path, factory: Factory, count: int) -> dict[str, Any]:
    """p50/p99 per kind of call, per-stage medians, open and first-query times, memory."""
    load_before = os.getloadavg()[0]
    asked = questions(seed_index, count)
    live = layout.require_live_version(index_dir)
    started = time.perf_counter()
    layout.read_manifest(live, verify=True)
    verify_s = time.perf_counter() - started
    embedder = factory()
    started = time.perf_counter()
    index = SearchIndex(live, embedder, verify=False)
    open_s = time.perf_counter() - started
    first = {kind: _ms(partial(call, index, asked[0])) for kind, call in KINDS.items()}
    stages = instrument(index)
    try:
        kinds = {kind: _series(index, call, asked, stages) for kind, call in KINDS.items()}
    finally:
        stages.restore()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "rows": index.manifest.chunks, "documents": index.manifest.documents,
        "index_type": index.manifest.index_type, "queries": len(asked),
        "p50_ms": max(k["p50_ms"] for k in kinds.values()),
        "p99_ms": max(k["p99_ms"] for k in kinds.values()),
        "cpu_p50_ms": max(k["cpu_p50_ms"] for k in kinds.values()),
        "cpu_p99_ms": max(k["cpu_p99_ms"] for k in kinds.values()),
        "peak_mb": round(peak, 1), "rss_mb": round(_rss_mb(), 1),
        "peak_mb_per_million_rows": round(peak * 1e6 / max(1, index.manifest.chunks), 1),
        "verify_s": round(verify_s, 2), "open_s": round(open_s, 2),
        "first_call_ms": first, "kinds": kinds, "load_before": load_before,
        "load": os.getloadavg()[0], "omp_threads": os.environ.get("OMP_NUM_THREADS"),
        "year_filter": "year_min=2010",
    }


def _series(
    index: SearchIndex, call: Callable[[SearchIndex, str], object], asked: list[str],
    stages: Any,
) -> dict[str, Any]:
    times, cpu, spent = [], [], []
    for query in asked:
        index.forget_recent()
        stages.take()
        started = time.process_time()
        times.append(_ms(partial(call, index, query)))
        cpu.append((time.process_time() - started) * 1000)
        spent.append(stages.take())
    names = sorted({name for one in spent for name in one})
    return {
        "p50_ms": round(float(np.percentile(times, 50)), 1),
        "p99_ms": round(float(np.percentile(times, 99)), 1),
        "cpu_p50_ms": round(float(np.percentile(cpu, 50)), 1),
        "cpu_p99_ms": round(float(np.percentile(cpu, 99)), 1),
        "stages_p50_ms": {n: round(float(np.median([s.get(n, 0.0) for s in spent])), 2)
                          for n in names},
    }


def _ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return round((time.perf_counter() - started) * 1000, 1)


def _rss_mb() -> float:
    """Resident memory now (the peak may have come from a passing allocation)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
