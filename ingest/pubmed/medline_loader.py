"""Load MEDLINE text exports (PubMed's "Save as PubMed format": `PMID- ` tagged lines).

Tagged lines are read as Biopython's `Medline.parse` reads them (six-space continuation lines,
a blank line between records), but here each field is a list joined once at the end: Biopython
grows multi-line MeSH and affiliation entries by repeated concatenation, which takes time
quadratic in the number of lines. Lines and records are capped (`IngestLimits`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

from core.errors import UnsupportedFile
from documents.records import LoadResult
from ingest.config import IngestLimits
from ingest.loaders.common import DEFAULT_LIMITS, capped_lines, open_text, parse_year, reading
from ingest.pubmed.checks import checked_records
from ingest.pubmed.fields import PubmedFields, collect, split_labelled

SUFFIXES = (".nbib",)  # a ".txt" export is recognised by its content, see `looks_like_medline`
_SNIFF_BYTES = 4096
_CONTINUATION = "      "
_GLUED = ("MH", "AD")  # a continuation extends the last entry instead of adding one
Record = dict[str, list[str]]


def looks_like_medline(path: Path) -> bool:
    """True when the first non-blank line of the file starts with the 'PMID-' tag."""
    with reading(path), path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES).decode("utf-8-sig", errors="replace")
    first = next((line for line in head.splitlines() if line.strip()), "")
    return first.startswith("PMID-")


def load(path: Path, limits: IngestLimits = DEFAULT_LIMITS) -> LoadResult:
    """Every record of the export; a record without title and abstract is listed as skipped."""
    if not looks_like_medline(path):
        raise UnsupportedFile(str(path), "not a MEDLINE export (the first line is not 'PMID- ...')")
    with reading(path), open_text(path, limits) as handle:
        records = _records(capped_lines(handle, limits.max_line_chars), limits)
        entries = ((where, _fields(r) if isinstance(r, dict) else r) for where, r in records)
        return collect(path, checked_records(entries, path, limits))


def _records(lines: Iterable[str | None], limits: IngestLimits) -> Iterator[
        tuple[str, Record | str]]:
    """Each record's fields, or the reason it is skipped (a line or the record over a cap)."""
    record: Record = {}
    glued: list[str] = []  # continuation pieces of the last MeSH or affiliation entry
    key, size, problem = "", 0, ""
    for line in chain(lines, ["\n"]):
        size += limits.max_line_chars + 1 if line is None else len(line)
        if line is None or size > limits.max_record_chars:
            problem = problem or _over_cap(line is None, limits)
            record, glued = {}, []  # nothing more of this record is kept; read on to its end
        elif line[:6] == _CONTINUATION:
            if key in _GLUED and key in record:
                glued.append(line[5:].rstrip())
            elif key in record:
                record[key].append(line[6:].rstrip())
        elif line.strip():
            _glue(record, key, glued)
            key = line[:4].rstrip()
            record.setdefault(key, []).append(line[6:].rstrip())
        elif record or problem:  # a blank line ends the record
            _glue(record, key, glued)
            yield "", problem or record
            record, key, size, problem = {}, "", 0, ""
        else:
            size = 0


def _glue(record: Record, key: str, glued: list[str]) -> None:
    """Join an entry's continuation pieces to it, once (Biopython appends each to the growing
    string, which is quadratic in the number of pieces)."""
    if glued:
        record[key][-1] += "".join(glued)
        glued.clear()


def _over_cap(line_too_long: bool, limits: IngestLimits) -> str:
    if line_too_long:
        return f"a line longer than {limits.max_line_chars:,} characters (KLS_MAX_LINE_CHARS)"
    return f"over {limits.max_record_chars:,} characters (the cap, KLS_MAX_RECORD_CHARS)"


def _fields(record: Record) -> PubmedFields:
    return PubmedFields(
        pmid=_one(record, "PMID"),
        title=_one(record, "TI"),
        abstract=split_labelled(_one(record, "AB")),
        journal=_one(record, "JT") or _one(record, "TA"),
        year=parse_year(_one(record, "DP")),
        doi=_doi(record),
        authors=tuple(record.get("AU", ())),
        publication_types=tuple(record.get("PT", ())),
        mesh_terms=tuple(_descriptor(term) for term in record.get("MH", ())),
    )


def _one(record: Record, tag: str) -> str:
    return " ".join(record.get(tag, ()))


def _doi(record: Record) -> str:
    """The '[doi]' entry of the article ids (AID), or of the location id (LID)."""
    for entry in (*record.get("AID", ()), *record.get("LID", ())):
        if entry.rstrip().endswith("[doi]"):
            return entry.rstrip().removesuffix("[doi]").strip()
    return ""


def _descriptor(term: str) -> str:
    """'Sequence Alignment/*methods' -> 'Sequence Alignment': the descriptor, as XML gives it."""
    return term.split("/")[0].lstrip("*").strip()
