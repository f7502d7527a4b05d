"""Load MEDLINE text exports (PubMed's "Save as PubMed format": `PMID- ` tagged lines).

Biopython's `Medline.parse` joins continuation lines; here its tags become the same fields the
XML loader reads, and a structured abstract is split back at its "METHODS:"-style labels.
"""

from __future__ import annotations

from pathlib import Path

from Bio import Medline

from core.errors import UnsupportedFile
from documents.records import LoadResult
from ingest.loaders.common import open_text, parse_year, reading
from ingest.pubmed.fields import PubmedFields, collect, split_labelled

SUFFIXES = (".nbib",)  # a ".txt" export is recognised by its content, see `looks_like_medline`
_SNIFF_BYTES = 4096


def looks_like_medline(path: Path) -> bool:
    """True when the first non-blank line of the file starts with the 'PMID-' tag."""
    with reading(path), path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES).decode("utf-8-sig", errors="replace")
    first = next((line for line in head.splitlines() if line.strip()), "")
    return first.startswith("PMID-")


def load(path: Path) -> LoadResult:
    """Every record of the export; a record without title and abstract is listed as skipped."""
    if not looks_like_medline(path):
        raise UnsupportedFile(str(path), "not a MEDLINE export (the first line is not 'PMID- ...')")
    with reading(path), open_text(path) as handle:
        entries = (
            (f"PMID {record.get('PMID', '?')}", _fields(record)) for record in Medline.parse(handle)
        )
        return collect(path, entries)


def _fields(record: dict[str, str | list[str]]) -> PubmedFields:
    return PubmedFields(
        pmid=_one(record, "PMID"),
        title=_one(record, "TI"),
        abstract=split_labelled(_one(record, "AB")),
        journal=_one(record, "JT") or _one(record, "TA"),
        year=parse_year(_one(record, "DP")),
        doi=_doi(record),
        authors=_many(record, "AU"),
        publication_types=_many(record, "PT"),
        mesh_terms=tuple(_descriptor(term) for term in _many(record, "MH")),
    )


def _one(record: dict[str, str | list[str]], tag: str) -> str:
    value = record.get(tag, "")
    return value if isinstance(value, str) else " ".join(value)


def _many(record: dict[str, str | list[str]], tag: str) -> tuple[str, ...]:
    value = record.get(tag, ())
    return (value,) if isinstance(value, str) else tuple(value)


def _doi(record: dict[str, str | list[str]]) -> str:
    """The '[doi]' entry of the article ids (AID), or of the location id (LID)."""
    for entry in (*_many(record, "AID"), *_many(record, "LID")):
        if entry.rstrip().endswith("[doi]"):
            return entry.rstrip().removesuffix("[doi]").strip()
    return ""


def _descriptor(term: str) -> str:
    """'Sequence Alignment/*methods' -> 'Sequence Alignment': the descriptor, as XML gives it."""
    return term.split("/")[0].lstrip("*").strip()
