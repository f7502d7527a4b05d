"""The search as page-address parameters, so a copied link reproduces it and Back undoes it.

`?q=BDNF+and+mTOR&source=pubmed&from=2015&type=review` reads as the search it is. Values that
the page cannot show (an unknown source, a year out of range) are dropped, not trusted: a link is
input from anyone. Settings at their defaults are left out of the address to keep links short.
A year at the ends of the range means "no bound", as it does on the year slider, so parsing what
`to_params` wrote gives back the same state (a mismatch would add a history entry on each load).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from index.search import Filters

MAX_QUERY = 500


@dataclass(frozen=True)
class SearchState:
    """Everything that decides what the page shows for a search."""

    query: str = ""
    sources: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    study_types: tuple[str, ...] = ()
    mode: str = "hybrid"
    k: int = 10
    grouped: bool = False

    def filters(self) -> Filters:
        return Filters(self.sources, self.year_min, self.year_max, self.study_types)


@dataclass(frozen=True)
class Choices:
    """What a valid address may name: sources, study types, modes, year and result bounds."""

    sources: Sequence[str]
    study_types: Sequence[str]
    modes: Sequence[str]
    years: tuple[int, int]
    max_k: int


def to_params(state: SearchState, defaults: SearchState) -> dict[str, str | list[str]]:
    """Address parameters of `state`, leaving out what equals `defaults`."""
    params: dict[str, str | list[str]] = {
        "q": state.query,
        "source": list(state.sources),
        "from": "" if state.year_min is None else str(state.year_min),
        "to": "" if state.year_max is None else str(state.year_max),
        "type": list(state.study_types),
        "mode": state.mode if state.mode != defaults.mode else "",
        "k": str(state.k) if state.k != defaults.k else "",
        "group": "1" if state.grouped else "",
    }
    return {name: value for name, value in params.items() if value}


def from_params(
    params: Mapping[str, Sequence[str]], defaults: SearchState, choices: Choices
) -> SearchState:
    """The search an address describes; anything invalid falls back to the default."""
    low, high = choices.years
    year_min, year_max = _number(params, "from", low, high), _number(params, "to", low, high)
    if year_min is not None and year_max is not None and year_min > year_max:
        year_min, year_max = year_max, year_min
    mode = _first(params, "mode")
    k = _number(params, "k", 1, choices.max_k)
    return SearchState(
        query=_first(params, "q").strip()[:MAX_QUERY],
        sources=_members(params, "source", choices.sources),
        year_min=None if year_min is None or year_min <= low else year_min,
        year_max=None if year_max is None or year_max >= high else year_max,
        study_types=_members(params, "type", choices.study_types),
        mode=mode if mode in choices.modes else defaults.mode,
        k=defaults.k if k is None else k,
        grouped=_first(params, "group") == "1",
    )


def _first(params: Mapping[str, Sequence[str]], name: str) -> str:
    values = params.get(name) or [""]
    return values[0]


def _members(
    params: Mapping[str, Sequence[str]], name: str, allowed: Collection[str]
) -> tuple[str, ...]:
    """Allowed values in the order of `allowed`, each once."""
    given = set(params.get(name) or ())
    return tuple(value for value in allowed if value in given)


def _number(params: Mapping[str, Sequence[str]], name: str, low: int, high: int) -> int | None:
    """An integer clipped to [low, high], or None when absent or not a number."""
    raw = _first(params, name).strip()
    if not raw.isdigit() or len(raw) > 6:
        return None
    return min(max(int(raw), low), high)
