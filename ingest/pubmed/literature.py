"""The related literature as data: `corpus/literature.toml` names PubMed searches and pinned PMIDs.

`python -m ingest sync` runs each search, adds the pinned PMIDs, and pulls whatever the index
lacks. Without network a search falls back to its last cached answer, so a machine that synced
once keeps working offline; with neither, the search is reported as skipped.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import PubmedError, PubmedUnavailable, UnreadableFile
from ingest.pubmed.cache import PubmedCache
from ingest.pubmed.client import PubmedClient
from ingest.pubmed.fetch import parse_pmids

MAX_PER_SEARCH = 10_000  # esearch's own ceiling on retmax


@dataclass(frozen=True)
class Search:
    name: str
    query: str
    max: int


@dataclass(frozen=True)
class Literature:
    searches: tuple[Search, ...] = ()
    pinned: tuple[str, ...] = ()


@dataclass
class SyncPlan:
    """PMIDs the manifest asks for, in order; one note per search; searches answered (live or
    from the cache); why PubMed was unreachable."""

    wanted: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    answered: int = 0
    offline: str = ""


def read_literature(path: Path) -> Literature:
    """The manifest at `path`; a missing or malformed one is an `UnreadableFile`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UnreadableFile(str(path), f"cannot read ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise UnreadableFile(str(path), f"not valid TOML ({error})") from None
    pinned, refused = parse_pmids([str(p) for p in data.get("pinned", [])])
    if refused:
        raise UnreadableFile(str(path), f"pinned entries are not PMIDs: {', '.join(refused)}")
    searches = tuple(_search(entry, path) for entry in data.get("search", []))
    return Literature(searches, tuple(pinned))


def _search(entry: object, path: Path) -> Search:
    if not isinstance(entry, dict) or not str(entry.get("query", "")).strip():
        raise UnreadableFile(str(path), "each [[search]] needs a query")
    count = entry.get("max", 100)
    if not isinstance(count, int) or not 1 <= count <= MAX_PER_SEARCH:
        raise UnreadableFile(str(path), f"max must be 1 to {MAX_PER_SEARCH}, not {count!r}")
    query = str(entry["query"]).strip()
    return Search(str(entry.get("name") or query), query, count)


def plan_sync(literature: Literature, client: PubmedClient, cache: PubmedCache) -> SyncPlan:
    """Run every search (or recall its cached answer) and list the PMIDs wanted."""
    plan = SyncPlan(wanted=list(literature.pinned))
    if literature.pinned:
        plan.notes.append(f"pinned: {len(literature.pinned)} PMIDs")
    for search in literature.searches:
        plan.wanted.extend(_run_search(search, client, cache, plan))
    plan.wanted = list(dict.fromkeys(plan.wanted))
    return plan


def _run_search(
    search: Search, client: PubmedClient, cache: PubmedCache, plan: SyncPlan
) -> list[str]:
    """The search's PMIDs, live or else from the cache; notes what happened in `plan`."""
    try:
        pmids = client.search(search.query, search.max)
    except PubmedUnavailable as error:
        plan.offline = str(error)
        cached = cache.load_search(search.query, search.max)
        if cached is None:
            plan.notes.append(f"{search.name}: not searched (PubMed unreachable, nothing cached)")
            return []
        pmids, searched_at = cached
        plan.notes.append(f"{search.name}: {len(pmids)} PMIDs from the search cached {searched_at}")
        plan.answered += 1
        return pmids
    except PubmedError as error:
        plan.notes.append(f"{search.name}: {error}")
        return []
    cache.save_search(search.query, search.max, pmids)
    plan.answered += 1
    plan.notes.append(f"{search.name}: {len(pmids)} PMIDs found")
    return pmids
