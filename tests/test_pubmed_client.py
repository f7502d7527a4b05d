"""PubMed through Bio.Entrez with no network: a fake `urlopen` replays synthetic E-utilities
replies (tests/fixtures/entrez), so the real request building, rate limit, retries and XML
parsing are exercised."""

from __future__ import annotations

import io
import time
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError

import pytest
from fake_pubmed import ENTREZ, RecordedPubmed

from core.errors import PubmedError, PubmedUnavailable
from ingest.config import PubmedConfig
from ingest.loaders.dispatch import iter_corpus_files
from ingest.pubmed.cache import PubmedCache
from ingest.pubmed.client import EntrezClient
from ingest.pubmed.fetch import fetch_documents, parse_pmids
from ingest.pubmed.literature import read_literature

ROOT = Path(__file__).resolve().parents[1]


class Reply(io.BytesIO):
    """What urlopen returns: bytes with a URL and headers."""

    def __init__(self, name: str, url: str) -> None:
        super().__init__((ENTREZ / name).read_bytes())
        self.url = url
        self.headers = Message()
        self.headers["Content-Type"] = "text/xml"


class FakeOpener:
    """Answers esearch with esearch.xml and efetch with efetch2.xml, after `failures`."""

    def __init__(self, failures: list[Exception] | None = None) -> None:
        self.failures = list(failures or [])
        self.calls: list[tuple[float, str, float]] = []

    def __call__(self, request, timeout: float) -> Reply:
        self.calls.append((time.monotonic(), request.full_url, timeout))
        if self.failures:
            raise self.failures.pop(0)
        name = "esearch.xml" if "esearch.fcgi" in request.full_url else "efetch2.xml"
        return Reply(name, request.full_url)


SLEEPS: list[float] = []  # what the last client made by `client` slept, in seconds


def client(opener: FakeOpener, **settings: Any) -> EntrezClient:
    SLEEPS.clear()
    return EntrezClient(PubmedConfig(**settings), opener, sleep=SLEEPS.append)


def http_error(code: int) -> HTTPError:
    return HTTPError("https://eutils.example/secret-url", code, "error", Message(), None)


def test_search_and_fetch_speak_e_utilities_and_parse_the_replies() -> None:
    opener = FakeOpener()
    entrez = client(opener, ncbi_email="curator@example.org")
    # esearch.xml lists six PMIDs in relevance (not numeric) order; at most `retmax` are kept
    assert entrez.search("ketamine AND depression", 5) == [
        "99000004", "99000001", "99000006", "99000003", "99000005"]
    xml = entrez.fetch_xml(["99000003", "99000004"])
    assert xml.startswith(b"<?xml") and b"<PMID Version=\"1\">99000003</PMID>" in xml
    assert b"Synthetic record four" in xml
    search_url, fetch_url = opener.calls[0][1], opener.calls[1][1]
    assert "esearch.fcgi?db=pubmed&term=ketamine+AND+depression&retmax=5" in search_url
    assert "sort=relevance" in search_url and "email=curator%40example.org" in search_url
    assert "tool=ketamine-literature-search" in search_url
    assert "efetch.fcgi" in fetch_url and "id=99000003%2C99000004" in fetch_url
    assert "api_key" not in search_url and opener.calls[0][2] == 30.0


def test_rate_limit_is_three_a_second_without_a_key_and_ten_with_one() -> None:
    for settings, gap in (({}, 1 / 3), ({"ncbi_api_key": "k3y"}, 1 / 10)):
        opener = FakeOpener()
        entrez = client(opener, **settings)
        for _ in range(4):
            entrez.search("ketamine", 1)
        first, last = opener.calls[0][0], opener.calls[-1][0]
        assert (last - first) / (len(opener.calls) - 1) >= gap - 0.005  # the average rate
    assert "api_key=k3y" in opener.calls[0][1]


def test_429_and_5xx_are_retried_with_backoff_then_reported() -> None:
    opener = FakeOpener([http_error(429), http_error(503)])
    entrez = client(opener)
    assert entrez.search("ketamine", 2) == ["99000004", "99000001"]
    assert SLEEPS == [1.0, 2.0] and len(opener.calls) == 3
    opener = FakeOpener([http_error(502)] * 4)
    with pytest.raises(PubmedUnavailable, match="HTTP 502 after retries") as caught:
        client(opener, ncbi_api_key="s3cret").search("ketamine", 2)
    assert "s3cret" not in str(caught.value) and "secret-url" not in str(caught.value)


def test_a_bad_request_is_not_retried() -> None:
    opener = FakeOpener([http_error(400)])
    with pytest.raises(PubmedError, match=r"refused the request \(HTTP 400\)"):
        client(opener).search("ketamine[", 2)
    assert len(opener.calls) == 1


def test_offline_fails_at_once_with_a_plain_message() -> None:
    opener = FakeOpener([URLError(OSError(-3, "Temporary failure in name resolution"))])
    started = time.monotonic()
    with pytest.raises(PubmedUnavailable, match="PubMed cannot be reached .*no network here"):
        client(opener).fetch_xml(["1"])
    assert time.monotonic() - started < 2 and len(opener.calls) == 1


def test_fetched_records_are_cached_and_parsed_by_the_xml_loader(tmp_path: Path) -> None:
    cache = PubmedCache(tmp_path)
    fake = RecordedPubmed(["efetch1.xml", "efetch2.xml"])
    fetched = fetch_documents(["99000003", "99000002", "123"], fake, cache, "test")
    assert [d.doc_id for d in fetched.documents] == ["pmid:99000003", "pmid:99000002"]
    assert fetched.errors == ["PMID 123: not found in PubMed"]
    assert fetched.provenance["pmid:99000002"].fetched_at and cache.has("99000002")
    again = fetch_documents(["99000003", "99000002"], fake, cache, "test")
    assert len(fake.fetched) == 1, "cached records are not fetched again"
    assert again.documents == fetched.documents


def test_every_field_of_a_fetched_record_reaches_the_document(tmp_path: Path) -> None:
    pmids = ["99000001", "99000002", "99000003", "99000004"]
    fetched = fetch_documents(pmids, RecordedPubmed(), PubmedCache(tmp_path), "test")
    docs = {d.pmid: d for d in fetched.documents}
    assert list(docs) == pmids and fetched.errors == []
    one, two, three, four = (docs[p] for p in pmids)
    assert one.title == "Synthetic record one: an invented trial of a placeholder compound."
    assert (one.source, one.year) == ("pubmed", 2011)
    assert one.journal == "Journal of Synthetic Test Fixtures"
    assert one.doi == "10.99999/synthetic.1"  # from Article/ELocationID
    assert three.doi == "10.99999/synthetic.3"  # from PubmedData/ArticleIdList
    assert one.authors == ("Testperson A", "Testperson B")
    assert three.publication_types == ("Journal Article", "Review")
    assert one.mesh_terms == ("Synthetic Placeholder Term A", "Synthetic Placeholder Term B")
    assert [s.label for s in two.sections] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert two.text.startswith("Placeholder background sentence")
    assert four.text == four.title  # no abstract: the title is the text
    assert four.title == "Synthetic record four: a fabricated note that has no abstract."


def test_pmids_are_parsed_strictly() -> None:
    assert parse_pmids("123, 456\n123 x9 0 007") == (["123", "456"], ["x9", "0", "007"])


def test_the_literature_manifest_names_the_searches() -> None:
    literature = read_literature(ROOT / "corpus" / "literature.toml")
    queries = " ".join(s.query for s in literature.searches).lower()
    for term in ("ketamine", "esketamine", "depression", "glutamate", "bdnf", "mtor",
                 "synaptogenesis"):
        assert term in queries
    assert literature.pinned and all(p.isdigit() for p in literature.pinned)
    assert "literature.toml" not in {p.name for p in iter_corpus_files(ROOT / "corpus")}
