"""Add PubMed records to the index by PMID, by query, or as the literature manifest asks (sync).

PMIDs the index already holds are reported as present and not fetched again; PMIDs a curator
removed are left out of `sync` (an explicit add brings one back). The model is loaded only when
there is something to embed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from documents.provenance import SYNC
from index import catalog
from index.embed import Embedder
from ingest.pipeline import BatchResult, publish
from ingest.pubmed.cache import PubmedCache
from ingest.pubmed.client import PubmedClient
from ingest.pubmed.fetch import fetch_documents
from ingest.pubmed.literature import SyncPlan, plan_sync, read_literature


@dataclass(frozen=True)
class PubmedSource:
    """Where records come from: the E-utilities client and the local cache."""

    client: PubmedClient
    cache: PubmedCache


@dataclass
class SyncResult:
    """The searches run, the PMIDs left out because a curator removed them, and the batch."""

    plan: SyncPlan
    batch: BatchResult
    left_out: list[str] = field(default_factory=list)


def add_pubmed(
    pmids: Sequence[str], index_dir: Path, embedder: Callable[[], Embedder],
    source: PubmedSource, added_by: str, progress: bool = False,
) -> BatchResult:
    """Fetch and add the PMIDs the index lacks; the others are listed as already present."""
    present, _ = catalog.known_pmids(index_dir)
    result = BatchResult(present=[f"PMID {p}: already present" for p in pmids if p in present])
    fetched = fetch_documents([p for p in pmids if p not in present], source.client,
                              source.cache, added_by)
    result.documents, result.provenance, result.errors = (
        fetched.documents, fetched.provenance, fetched.errors)
    if not result.documents:
        return result
    return publish(result, index_dir, embedder, progress, added_by)


def search_and_add(
    query: str, max_results: int, index_dir: Path, embedder: Callable[[], Embedder],
    source: PubmedSource, added_by: str, progress: bool = False,
) -> BatchResult:
    """Add the first `max_results` PMIDs (by relevance) that a PubMed query finds."""
    pmids = source.client.search(query, max_results)
    return add_pubmed(pmids, index_dir, embedder, source, added_by, progress)


def sync(
    literature: Path, index_dir: Path, embedder: Callable[[], Embedder],
    source: PubmedSource, progress: bool = False,
) -> SyncResult:
    """Pull what the manifest names and the index lacks, except what curators removed."""
    plan = plan_sync(read_literature(literature), source.client, source.cache)
    _, removed = catalog.known_pmids(index_dir)
    wanted = [p for p in plan.wanted if p not in removed]
    batch = add_pubmed(wanted, index_dir, embedder, source, SYNC, progress)
    return SyncResult(plan, batch, [p for p in plan.wanted if p in removed])
