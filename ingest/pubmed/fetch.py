"""Turn PMIDs into Documents: from the cache when there, else fetched in batches and cached.

Records are parsed by the PubMed XML loader (`ingest.pubmed.xml_loader`), the same code that
reads efetch files from the corpus, so a fetched record and a downloaded one index alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from core.errors import IngestError, PubmedError
from core.hashing import sha256_file
from documents.identity import valid_pmid
from documents.provenance import PUBMED_FETCH, Provenance
from documents.records import Document
from ingest.pubmed import xml_loader as pubmed_xml
from ingest.pubmed.cache import PubmedCache
from ingest.pubmed.client import PubmedClient

BATCH = 200  # NCBI asks for POST beyond ~200 ids; Bio.Entrez switches by itself
_SEPARATORS = re.compile(r"[\s,;]+")  # one repeat of one class: linear


@dataclass
class Fetched:
    """Documents with their provenance, and one line per PMID that could not be had."""

    documents: list[Document] = field(default_factory=list)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def parse_pmids(text: str | Iterable[str]) -> tuple[list[str], list[str]]:
    """(valid PMIDs in order without repeats, refused tokens) from text or a list of tokens;
    a PMID is 1 to 9 ASCII digits (`documents.identity.valid_pmid`)."""
    tokens = _SEPARATORS.split(text) if isinstance(text, str) else list(text)
    checked = [(t.strip(), valid_pmid(t)) for t in tokens if t.strip()]
    valid = [pmid for _, pmid in checked if pmid]
    return list(dict.fromkeys(valid)), [token for token, pmid in checked if not pmid]


def fetch_documents(
    pmids: Sequence[str], client: PubmedClient, cache: PubmedCache, added_by: str
) -> Fetched:
    """Documents of `pmids`; PMIDs not cached are fetched (a failed batch is an error line)."""
    result = Fetched()
    missing = [p for p in pmids if not cache.has(p)]
    unfetched: set[str] = set()
    for start in range(0, len(missing), BATCH):
        try:
            cache.store_reply(client.fetch_xml(missing[start : start + BATCH]))
        except PubmedError as error:
            unfetched = set(missing[start:])
            result.errors.append(f"{len(unfetched)} PMIDs not fetched: {error}")
            break
    for pmid in pmids:
        if cache.has(pmid):
            _load_cached(pmid, cache, added_by, result)
        elif pmid not in unfetched:
            result.errors.append(f"PMID {pmid}: not found in PubMed")
    return result


def _load_cached(pmid: str, cache: PubmedCache, added_by: str, result: Fetched) -> None:
    path = cache.record_path(pmid)
    try:
        loaded = pubmed_xml.load(path)
    except IngestError as error:
        result.errors.append(f"PMID {pmid}: {error.reason}")
        return
    result.errors.extend(f"PMID {pmid}: {reason}" for reason in loaded.skipped)
    provenance = Provenance(
        source_file=PUBMED_FETCH, source_path=str(path.resolve()),
        source_sha256=sha256_file(path), fetched_at=cache.fetched_at(pmid), added_by=added_by,
    )
    for doc in loaded.documents:
        result.documents.append(doc)
        result.provenance[doc.doc_id] = provenance
