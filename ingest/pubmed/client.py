"""PubMed through NCBI E-utilities with Biopython's `Bio.Entrez`: esearch for PMIDs, efetch XML.

`Bio.Entrez` builds the requests, sends email, tool and API key and keeps to NCBI's rate (3
requests a second, 10 with an API key). Its own retry sleeps 15 s on any network error and
retries 429/5xx without pause, so it is told to try once and this client retries 429 and 5xx
with exponential backoff, and reports a network failure at once: offline, a person should hear
so in seconds. The opener is injected, so tests replay recorded replies.

A reply is untrusted: it is read up to `pubmed_max_reply_mb` and parsed here with ElementTree
(`ingest.pubmed.replies`), never by `Entrez.read`, whose parser downloads any DTD a reply names.
Whatever comes back (HTML, an error page, a foreign DTD, entities, bytes) ends as one
`PubmedError` line.
"""

from __future__ import annotations

import http.client
import threading
import time
import urllib.request
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar
from urllib.error import HTTPError, URLError

from Bio import Entrez

from core.errors import PubmedError, PubmedUnavailable
from ingest.config import PubmedConfig
from ingest.pubmed.replies import esearch_ids, read_capped, require_pubmed_set

T = TypeVar("T")
TOOL = "ketamine-literature-search"
BACKOFF_SECONDS = 1.0
Opener = Callable[..., Any]


class PubmedClient(Protocol):
    """What ingestion needs from PubMed."""

    def search(self, query: str, max_results: int) -> list[str]:
        """PMIDs matching `query`, most relevant first, at most `max_results`."""
        ...

    def fetch_xml(self, pmids: Sequence[str]) -> bytes:
        """The efetch `PubmedArticleSet` XML of these PMIDs."""
        ...


class EntrezClient:
    """`PubmedClient` over `Bio.Entrez`; `opener` stands in for `urllib.request.urlopen`."""

    _lock = threading.Lock()  # Bio.Entrez keeps its settings and rate clock in module globals

    def __init__(
        self, config: PubmedConfig, opener: Opener = urllib.request.urlopen,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._config = config
        self._opener = opener
        self._sleep = sleep

    def search(self, query: str, max_results: int) -> list[str]:
        def call() -> list[str]:
            handle = Entrez.esearch(db="pubmed", term=query, retmax=max_results,
                                    sort="relevance", **self._identity())
            return esearch_ids(self._read(handle))[:max_results]

        return self._with_retries(call, f"search {_shown(query)}")

    def fetch_xml(self, pmids: Sequence[str]) -> bytes:
        def call() -> bytes:
            handle = Entrez.efetch(db="pubmed", id=list(pmids), rettype="xml", retmode="xml",
                                   **self._identity())
            return require_pubmed_set(self._read(handle))

        return self._with_retries(call, f"fetch of {len(pmids)} records")

    def _read(self, handle: Any) -> bytes:
        """The reply's bytes, at most `pubmed_max_reply_mb` of them."""
        try:
            return read_capped(handle, self._config.pubmed_max_reply_mb)
        finally:
            handle.close()

    def _identity(self) -> dict[str, str]:
        identity = {"tool": TOOL}
        if self._config.ncbi_email:
            identity["email"] = self._config.ncbi_email
        if self._config.ncbi_api_key:
            identity["api_key"] = self._config.ncbi_api_key
        return identity

    def _with_retries(self, call: Callable[[], T], what: str) -> T:
        """Run one E-utilities call, retrying 429 and 5xx with backoff 1 s, 2 s, 4 s, ..."""
        attempts = max(1, self._config.pubmed_retries + 1)
        for attempt in range(attempts):
            try:
                with self._lock, self._entrez_settings():
                    return call()
            except HTTPError as error:
                if not _retryable(error.code) or attempt == attempts - 1:
                    raise _as_pubmed_error(error, what) from None
            except (URLError, OSError, http.client.HTTPException) as error:
                raise _as_pubmed_error(error, what) from None
            except ValueError as error:  # what `replies` makes of an unusable reply
                raise PubmedError(f"PubMed {what}: unexpected reply ({error})") from None
            self._sleep(BACKOFF_SECONDS * 2**attempt)
        raise AssertionError("unreachable")

    def _open_with_timeout(self, request: Any) -> Any:
        return self._opener(request, timeout=self._config.pubmed_timeout)

    @contextmanager
    def _entrez_settings(self) -> Iterator[None]:
        """Point Bio.Entrez at our opener (with a timeout), make it try once, keep it quiet."""
        saved = (Entrez.urlopen, Entrez.max_tries)
        Entrez.urlopen = self._open_with_timeout  # type: ignore[assignment]
        Entrez.max_tries = 1
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # "email not set": README says so
                yield
        finally:
            Entrez.urlopen, Entrez.max_tries = saved


def _shown(query: str) -> str:
    """A query as a message quotes it: on one line, cut short."""
    return repr(query[:80]) + ("..." if len(query) > 80 else "")


def _retryable(code: int) -> bool:
    return code == 429 or 500 <= code < 600


def _as_pubmed_error(error: Exception, what: str) -> PubmedError:
    """A one-line message; never the URL, which carries the API key."""
    if isinstance(error, HTTPError):
        if _retryable(error.code):
            return PubmedUnavailable(f"PubMed {what}: NCBI answered HTTP {error.code} "
                                     "after retries; try again later")
        return PubmedError(f"PubMed {what}: NCBI refused the request (HTTP {error.code})")
    reason = getattr(error, "reason", None) or getattr(error, "strerror", None) or error
    return PubmedUnavailable(
        f"PubMed cannot be reached ({reason}): no network here? The index is unchanged"
    )
