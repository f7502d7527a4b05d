"""The checks every PubMed-like record passes, whatever file it came in (XML, MEDLINE, JSON
Lines): the caps on records per file and characters per record, and valid identifiers.

An invalid PMID or DOI (a spreadsheet formula, a URL, a number in another script) is dropped
and named in one line; the record is kept under its other identity (DOI, collection id or a
hash of its text), so a record is never lost for a bad identifier and never stored with one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from core.errors import TooLarge
from documents.identity import valid_doi, valid_pmid
from ingest.config import IngestLimits
from ingest.pubmed.fields import PubmedFields

Entry = tuple[str, PubmedFields | str]  # (item, fields) or (item, reason it was skipped)
_SHOWN_CHARS = 40


def checked_records(entries: Iterable[Entry], path: Path, limits: IngestLimits) -> Iterator[Entry]:
    """`entries` as (where, fields) from a loader, named and checked: a file past
    `max_records_per_file` is refused, a record past `max_record_chars` is skipped."""
    for number, (where, entry) in enumerate(entries, start=1):
        if number > limits.max_records_per_file:
            raise TooLarge(str(path), f"more than {limits.max_records_per_file:,} records (the "
                           "cap per file, KLS_MAX_RECORDS_PER_FILE)")
        if isinstance(entry, str):
            yield where or f"record {number}", entry
            continue
        pmid = valid_pmid(entry.pmid) or ""
        doi = valid_doi(entry.doi) or ""
        item = _item(where, pmid, number)
        if entry.pmid and not pmid:
            yield item, f"PMID {_shown(entry.pmid)} is not 1 to 9 digits: dropped, record kept"
        if entry.doi and not doi:
            yield item, f"DOI {_shown(entry.doi)} is not 10.<registrant>/...: dropped, record kept"
        size = len(entry.title) + sum(len(label) + len(text) for label, text in entry.abstract)
        if size > limits.max_record_chars:
            yield item, (f"{size:,} characters, over the cap of {limits.max_record_chars:,} "
                         "(KLS_MAX_RECORD_CHARS)")
            continue
        yield item, replace(entry, pmid=pmid, doi=doi)


def _item(where: str, pmid: str, number: int) -> str:
    """'line 5 (PMID 123)' in JSON Lines, 'PMID 123' in XML and MEDLINE, else 'record 7'."""
    if where:
        return f"{where} (PMID {pmid})" if pmid else where
    return f"PMID {pmid}" if pmid else f"record {number}"


def _shown(value: str) -> str:
    """A hostile value quoted on one line, cut short."""
    cut = value[:_SHOWN_CHARS]
    return repr(cut) + ("..." if len(value) > _SHOWN_CHARS else "")
