"""Load JSON Lines of literature records (`pmid`, `title`, `abstract`, `year`, `journal`, `doi`,
`authors`, optional `mesh`), plain or gzipped, such as the shared `records.jsonl.gz`. BEIR corpus
lines (`_id`, `title`, `text`) are read too, so their abstracts are not silently lost.

One bad line must not cost the rest of a large file, so it is listed in `skipped` instead; a
line is read with a length cap, so a runaway one is skipped without being held in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from documents.records import LoadResult
from documents.text import squash
from ingest.config import IngestLimits
from ingest.loaders.common import DEFAULT_LIMITS, capped_lines, open_text, parse_year, reading
from ingest.pubmed.checks import Entry, checked_records
from ingest.pubmed.fields import PubmedFields, collect, split_labelled

SUFFIXES = (".jsonl", ".jsonl.gz")
_NAME_SUFFIXES = frozenset(("Jr", "Sr", "II", "III", "IV", "Jr.", "Sr.", "II.", "III.", "IV."))


def load(path: Path, limits: IngestLimits = DEFAULT_LIMITS) -> LoadResult:
    """One Document per record with a title or an abstract."""
    with reading(path), open_text(path, limits) as handle:
        lines = capped_lines(handle, limits.max_line_chars)
        return collect(path, checked_records(_entries(lines, limits), path, limits))


def _entries(lines: Iterable[str | None], limits: IngestLimits) -> Iterator[Entry]:
    for number, line in enumerate(lines, start=1):
        if line is None:
            yield f"line {number}", (f"longer than {limits.max_line_chars:,} characters (the "
                                     "cap, KLS_MAX_LINE_CHARS)")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):  # JSONDecodeError, a 5,000-digit number, [[[[...
            yield f"line {number}", "invalid JSON"
            continue
        if not isinstance(record, dict):
            yield f"line {number}", "not a JSON object"
            continue
        yield f"line {number}", _fields(record)


def _fields(record: dict[str, object]) -> PubmedFields:
    return PubmedFields(
        pmid=squash(record.get("pmid")),
        title=squash(record.get("title")),
        abstract=split_labelled(squash(record.get("abstract", record.get("text")))),
        journal=squash(record.get("journal")),
        year=parse_year(record.get("year")),
        doi=squash(record.get("doi")),
        authors=split_authors(record.get("authors")),
        mesh_terms=tuple(squash(term) for term in _as_list(record.get("mesh"))),
        record_id=squash(record.get("_id") or record.get("source_record_id")),
    )


def split_authors(value: object) -> tuple[str, ...]:
    """Names from a list, or from a string joined by ';' or by ', ' and ' and '
    ('A. B. Smith, C. Jones and D. Roe'), keeping 'Jr.'-style suffixes with their name.
    String operations on the squashed text: linear in its length whatever it holds."""
    if isinstance(value, list):
        return tuple(squash(name) for name in value)
    text = squash(value)
    if ";" in text:
        return tuple(name.strip() for name in text.split(";"))
    names: list[str] = []
    for piece in text.split(","):
        for part in piece.strip().split(" and "):
            if names and part in _NAME_SUFFIXES:
                names[-1] = f"{names[-1]}, {part}"
            else:
                names.append(part)
    return tuple(names)


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []
