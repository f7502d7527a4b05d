"""A PubMed client that answers from the synthetic E-utilities replies in fixtures/entrez.

`search` answers every query with the PMIDs of the efetch files it serves (or an explicit
list); `fetch_xml` returns the records asked for, taken from those files. It counts calls, so
tests can prove what was (not) fetched. The replies are invented (PMIDs 99000001..99000006,
see fixtures/entrez/README.md), so these tests need nothing outside the repository.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from core.errors import PubmedUnavailable

ENTREZ = Path(__file__).resolve().parent / "fixtures" / "entrez"
EFETCH_FILES = ("efetch1.xml", "efetch2.xml")  # PMIDs 99000001, 99000002 | 99000003, 99000004


class RecordedPubmed:
    """Serves the PubmedArticle records of the given efetch files in fixtures/entrez."""

    def __init__(self, files: Sequence[str] = EFETCH_FILES,
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
