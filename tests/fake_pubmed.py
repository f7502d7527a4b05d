"""A PubMed client that answers from the recorded E-utilities replies in ../shared/data.

`search` answers every query with the PMIDs of the recorded efetch files it serves (or an
explicit list); `fetch_xml` returns the records asked for, taken from those files. It counts
calls, so tests can prove what was (not) fetched.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from core.errors import PubmedUnavailable

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
ENTREZ = SHARED / "pubmed_xml" / "biopython" / "Entrez"


class RecordedPubmed:
    """Serves the PubmedArticle records of the given recorded efetch files."""

    def __init__(self, files: Sequence[str] = ("pubmed1.xml", "pubmed2.xml"),
                 search_answer: Sequence[str] | None = None) -> None:
        self.records: dict[str, bytes] = {}
        for name in files:
            for article in ET.parse(ENTREZ / name).getroot().iter("PubmedArticle"):
                self.records[article.findtext("MedlineCitation/PMID", "")] = ET.tostring(article)
        self.search_answer = list(search_answer if search_answer is not None else self.records)
        self.searches: list[tuple[str, int]] = []
        self.fetched: list[list[str]] = []

    def search(self, query: str, max_results: int) -> list[str]:
        self.searches.append((query, max_results))
        return self.search_answer[:max_results]

    def fetch_xml(self, pmids: Sequence[str]) -> bytes:
        self.fetched.append(list(pmids))
        body = b"".join(self.records[p] for p in pmids if p in self.records)
        return b"<?xml version='1.0'?>\n<PubmedArticleSet>" + body + b"</PubmedArticleSet>"


class OfflinePubmed:
    """Every call fails as it does without network."""

    def search(self, query: str, max_results: int) -> list[str]:
        raise PubmedUnavailable("PubMed cannot be reached ([Errno -3] Temporary failure in "
                                "name resolution): no network here? The index is unchanged")

    def fetch_xml(self, pmids: Sequence[str]) -> bytes:
        self.search("", 0)
        return b""
