"""How many matching papers each filter value would keep, shown next to the filter.

Counts are over the best passages for the query before filtering (the pool), counted as
distinct documents. Each facet is counted with the other facets' filters applied but not its
own, as search sites do: ticking "PubMed" does not zero the count of "Article" beside it. The
rules mirror the store's filter: a year bound leaves out undated documents, and a study-type
filter keeps documents having any of the chosen types.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from index.hit import Hit
from index.search import Filters


@dataclass(frozen=True)
class FacetCounts:
    """Documents per source and per study type, and the years of the matching documents."""

    sources: Counter[str]
    study_types: Counter[str]
    years: tuple[int, int] | None
    undated: int


def facet_counts(pool: Sequence[Hit], filters: Filters) -> FacetCounts:
    """Counts of distinct documents in `pool`, each facet ignoring its own filter."""
    documents = list({hit.doc_id: hit for hit in pool}.values())  # one hit per document
    by_source = [d for d in documents if _passes(d, filters, skip="source")]
    by_type = [d for d in documents if _passes(d, filters, skip="type")]
    by_year = [d for d in documents if _passes(d, filters, skip="year")]
    years = [d.year for d in by_year if d.year is not None]
    return FacetCounts(
        sources=Counter(d.source for d in by_source),
        study_types=Counter(kind for d in by_type for kind in set(d.study_types)),
        years=(min(years), max(years)) if years else None,
        undated=sum(d.year is None for d in by_year),
    )


def _passes(hit: Hit, filters: Filters, skip: str) -> bool:
    """Whether `hit` passes every filter except the one named `skip`."""
    if skip != "source" and filters.sources and hit.source not in filters.sources:
        return False
    wanted_types = set(filters.study_types)
    if skip != "type" and wanted_types and not wanted_types & set(hit.study_types):
        return False
    return skip == "year" or _in_years(hit.year, filters.year_min, filters.year_max)


def _in_years(year: int | None, low: int | None, high: int | None) -> bool:
    if low is None and high is None:
        return True
    return year is not None and (low is None or year >= low) and (high is None or year <= high)
