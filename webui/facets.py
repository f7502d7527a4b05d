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
    """Matching papers per source and per design, and with human participants only."""

    sources: dict[str, int]
    designs: dict[str, int]
    human: int


def facet_counts(
    total: Total, filters: Filters, sources: Sequence[str], designs: Sequence[str]
) -> FacetCounts:
    """Counts for every source and design, each facet ignoring its own filter; the human count
    keeps the chosen designs (the two filters narrow each other)."""
    return FacetCounts(
        sources={s: total(replace(filters, sources=(s,))) for s in sources},
        designs={d: total(replace(filters, designs=(d,))) for d in designs},
        human=total(replace(filters, human_only=True)),
    )
