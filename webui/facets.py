"""How many matching papers each filter value would keep, shown next to the filter.

Each count is the search's own total for the question with that one value chosen, so it agrees
with the "N matching papers" line the value leads to. Each facet is counted with the other
facets' filters applied but not its own, as search sites do: choosing "PubMed" does not zero
the count of "Web article" beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from index.search import Filters

Total = Callable[[Filters], int]


@dataclass(frozen=True)
class FacetCounts:
    """Matching papers per source and per study type."""

    sources: dict[str, int]
    study_types: dict[str, int]


def facet_counts(
    total: Total, filters: Filters, sources: Sequence[str], study_types: Sequence[str]
) -> FacetCounts:
    """Counts for every source and study type, each facet ignoring its own filter."""
    return FacetCounts(
        sources={s: total(replace(filters, sources=(s,))) for s in sources},
        study_types={t: total(replace(filters, study_types=(t,))) for t in study_types},
    )
