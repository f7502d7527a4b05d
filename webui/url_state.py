"""The search as one value, and as page-address parameters, so a copied link reproduces it.

`?q=BDNF+and+mTOR&source=pubmed&from=2015&design=rct&human=1&sort=newest&page=2` reads as the
search it is. Values are stable ids (never display labels). Links made before the design
filter named PubMed study types (`type=review`): they are mapped to designs
(`webui.legacy_types`). A link is input from anyone, so every parameter that the page cannot
show (an unknown id, `?k=²`, `?page=-1`, a 10,000-character value, a repeat) falls back to its
default instead of being trusted or raising. Settings at
their defaults are left out of the address, and parsing what `to_params` wrote gives back the
same state (a mismatch would add a browser-history entry on each load).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from index.search import Filters
from webui.legacy_types import designs_of_types, human_of_types

MAX_QUERY = 500
MAX_AUTHOR = 100
MAX_PAGE = 1_000
SORTS = ("relevance", "newest", "oldest")
VIEWS = ("papers", "passages", "table")
Params = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class SearchState:
    """Everything that decides what the page shows: the question, the filters (the facade's
    own `Filters`), sort, page, view (one card per paper, passage by passage, or the evidence
    table), ranking mode and results per page."""

    query: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"
    page: int = 1
    view: str = "papers"
    mode: str = "hybrid"
    per_page: int = 10

    def same_search(self, other: SearchState) -> bool:
        """Equal but for the page number: moving between pages keeps the search."""
        return replace(self, page=1) == replace(other, page=1)


@dataclass(frozen=True)
class Choices:
    """What a valid address may name: sources, designs, modes, years, results per page."""

    sources: Sequence[str]
    designs: Sequence[str]
    modes: Sequence[str]
    years: tuple[int, int]
    per_page: Sequence[int]


def to_params(state: SearchState, defaults: SearchState) -> dict[str, str | list[str]]:
    """Address parameters of `state`, leaving out what equals `defaults`."""
    f = state.filters
    params: dict[str, str | list[str]] = {
        "q": state.query,
        "source": list(f.sources),
        "design": list(f.designs),
        "human": "1" if f.human_only else "",
        "from": "" if f.year_min is None else str(f.year_min),
        "to": "" if f.year_max is None else str(f.year_max),
        "author": f.author,
        "sort": state.sort if state.sort != defaults.sort else "",
        "page": str(state.page) if state.page != 1 else "",
        "view": state.view if state.view != defaults.view else "",
        "mode": state.mode if state.mode != defaults.mode else "",
        "k": str(state.per_page) if state.per_page != defaults.per_page else "",
    }
    return {name: value for name, value in params.items() if value}


def from_params(params: Params, defaults: SearchState, choices: Choices) -> SearchState:
    """The search an address describes; anything invalid falls back to its default."""
    per_page = number(first(params, "k"), 1, max(choices.per_page))
    return SearchState(
        query=clean_text(first(params, "q"), MAX_QUERY),
        filters=filters_from(params, choices),
        sort=one_of(first(params, "sort"), SORTS, defaults.sort),
        page=number(first(params, "page"), 1, MAX_PAGE) or 1,
        view=one_of(first(params, "view"), VIEWS, defaults.view),
        mode=one_of(first(params, "mode"), choices.modes, defaults.mode),
        per_page=per_page if per_page is not None and per_page in choices.per_page
        else defaults.per_page,
    )


def filters_from(params: Params, choices: Choices) -> Filters:
    """Sources, designs, human participants, years and author of an address; a year at either
    end of the range is no bound, as on the year slider, and reversed years are put in order.
    Old links' study types (`type=`) add the designs they stand for; unknown values drop."""
    low, high = choices.years
    year_min = number(first(params, "from"), low, high)
    year_max = number(first(params, "to"), low, high)
    if year_min is not None and year_max is not None and year_min > year_max:
        year_min, year_max = year_max, year_min
    return Filters(
        sources=members(params.get("source"), choices.sources),
        year_min=None if year_min is None or year_min == low else year_min,
        year_max=None if year_max is None or year_max == high else year_max,
        author=clean_text(first(params, "author"), MAX_AUTHOR),
        designs=members([*(params.get("design") or ()), *designs_of_types(params.get("type"))],
                        choices.designs),
        human_only=first(params, "human") == "1" or human_of_types(params.get("type")),
    )


def first(params: Params, name: str) -> str:
    values = params.get(name) or [""]
    return values[0] if isinstance(values[0], str) else ""


def one_of(value: str, allowed: Collection[str], default: str) -> str:
    return value if value in allowed else default


def members(given: Sequence[str] | None, allowed: Sequence[str]) -> tuple[str, ...]:
    """Allowed values in the order of `allowed`, each once; unknown ones dropped."""
    wanted = set(given or ())
    return tuple(value for value in allowed if value in wanted)


def number(raw: str, low: int, high: int) -> int | None:
    """A whole number in [low, high] written in ASCII digits, else None. `str.isdigit` alone
    accepts "²" and "١", which `int` then refuses or reads as another number."""
    raw = raw.strip()
    if not raw or len(raw) > 7 or not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if low <= value <= high else None


def clean_text(raw: str, limit: int) -> str:
    """Free text from an address or a box: control characters become spaces, runs of space
    collapse, at most `limit` characters."""
    text = "".join(c if c.isprintable() else " " for c in raw[: limit * 2])
    return " ".join(text.split())[:limit].strip()
