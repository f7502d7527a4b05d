"""Milliseconds spent in each stage of a query, from timers wrapped around the facade's parts.

Timers are inclusive (a stage called inside another counts in both) and cost about a
microsecond a call, so they stay on while the end-to-end figures are measured.
"""

from __future__ import annotations

import functools
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from index import paper_ranked, paper_search, store
from index.corpus_map import TermPresence
from index.search import SearchIndex


class Stages:
    """Accumulates the time of wrapped calls until `take` hands it over."""

    def __init__(self) -> None:
        self._spent: defaultdict[str, float] = defaultdict(float)
        self._originals: list[tuple[object, str, object]] = []

    def wrap(self, owner: object, attribute: str, stage: str) -> None:
        """Replace `owner.attribute` (a function or bound method) by a timed one."""
        original: Callable[..., Any] = getattr(owner, attribute)
        self._originals.append((owner, attribute, vars(owner).get(attribute, original)))

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self._spent[stage] += (time.perf_counter() - started) * 1000

        setattr(owner, attribute, timed)

    def restore(self) -> None:
        """Put every wrapped function back (module functions are shared by the process)."""
        for owner, attribute, original in reversed(self._originals):
            setattr(owner, attribute, original)
        self._originals.clear()

    def take(self) -> dict[str, float]:
        """The time per stage since the last call, and start again from zero."""
        spent = dict(self._spent)
        self._spent.clear()
        return spent


def instrument(index: SearchIndex) -> Stages:
    """Timers around the query's stages: embedding, filters, both channels, scoring given rows,
    the store fetch, and the paper view's listing, word presence and cards."""
    stages = Stages()
    for attribute, stage in (("query_vector", "embed"), ("allowed_rows", "filter"),
                             ("corpus_map", "corpus_map")):
        stages.wrap(index, attribute, stage)
    retriever = index.retriever
    for attribute, stage in (("dense_top", "dense_top"), ("lexical_top", "bm25_top"),
                             ("dense_scores", "dense_rows"), ("lexical_scores", "bm25_rows")):
        stages.wrap(retriever, attribute, stage)
    stages.wrap(store, "hit_rows", "fetch")
    stages.wrap(paper_search, "listing", "listing")
    stages.wrap(paper_ranked, "build_papers", "cards")
    stages.wrap(TermPresence, "word_presence", "presence")
    stages.wrap(TermPresence, "missing", "presence")
    return stages
