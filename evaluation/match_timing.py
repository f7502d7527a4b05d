"""Query time of the paper view against the passage search, as `index bench` asks it: the
benchmark's questions, one user, several rounds, interleaved so both see the same load."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import numpy as np

from benchmarks.queries import QUERIES
from index.search import SearchIndex


def latency(index: SearchIndex, rounds: int) -> dict[str, tuple[float, float]]:
    """p50/p99 ms of a first-time passage search and paper search (the query embedded, nothing
    kept from before but the model and the per-token document sets), and of the next page of
    a paper search; printed, and returned by name."""
    def first_passages(query: str) -> object:
        index.forget_recent()
        return index.search(query, 10)

    def first_papers(query: str) -> object:
        index.forget_recent()
        return index.search_papers(query)

    calls: dict[str, Callable[[str], object]] = {
        "passages, search(k=10)": first_passages,
        "papers, page 1 of 10": first_papers,
        "papers, next page": lambda q: index.search_papers(q, page=2),
    }
    for query in QUERIES[:5]:
        for call in calls.values():
            call(query)
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(rounds):
        for query in QUERIES:
            for name, call in calls.items():
                started = time.perf_counter()
                call(query)
                times[name].append((time.perf_counter() - started) * 1000)
    print(f"\nlatency: {len(QUERIES)} questions x {rounds} rounds, load {os.getloadavg()[0]:.1f}")
    result = {}
    for name, values in times.items():
        result[name] = (float(np.percentile(values, 50)), float(np.percentile(values, 99)))
        print(f"{name:<24} p50 {result[name][0]:6.1f} ms   p99 {result[name][1]:6.1f} ms")
    return result
