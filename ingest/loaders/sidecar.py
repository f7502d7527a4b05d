"""Optional `<file name>.meta.json` sidecars: what a file cannot say about itself.

A clipped web article has no reliable title or kind inside it, and a PDF's own metadata is often
junk, so a person may put `{"title", "source", "note", "year", "doc_id"}` beside the file.
Other keys are ignored so that sidecars can carry notes for other tools.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from core.errors import TooLarge, UnreadableFile
from documents.records import SOURCES
from documents.text import squash
from ingest.config import IngestLimits
from ingest.loaders.common import DEFAULT_LIMITS, open_binary, parse_year, reading

SIDECAR_SUFFIX = ".meta.json"


@dataclass(frozen=True)
class Sidecar:
    """The fields a sidecar may set; empty strings and None mean "not given"."""

    title: str = ""
    source: str = ""
    note: str = ""
    year: int | None = None
    doc_id: str = ""


def sidecar_path(path: Path) -> Path:
    """Where the sidecar of `path` lives: 'article.txt' -> 'article.txt.meta.json'."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_sidecar(path: Path, limits: IngestLimits = DEFAULT_LIMITS) -> Sidecar:
    """The sidecar beside `path`, or an empty one when there is none; a sidecar is one JSON
    object, so it is held to the cap on a JSON line (`max_line_chars`, read as bytes)."""
    meta_path = sidecar_path(path)
    if not meta_path.is_file():
        return Sidecar()
    with reading(meta_path):
        with open_binary(meta_path) as handle:
            data = handle.read(limits.max_line_chars + 1)
        if len(data) > limits.max_line_chars:
            raise TooLarge(str(meta_path), f"over {limits.max_line_chars:,} bytes (the cap on "
                           "a JSON object, KLS_MAX_LINE_CHARS)")
        raw = data.decode("utf-8-sig")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise UnreadableFile(str(meta_path), f"invalid JSON (line {error.lineno})") from None
    except (ValueError, RecursionError):
        reason = "invalid JSON (nested too deeply, or a huge number)"
        raise UnreadableFile(str(meta_path), reason) from None
    if not isinstance(data, dict):
        raise UnreadableFile(str(meta_path), "expected a JSON object")
    return _sidecar_from(data, meta_path)


def _sidecar_from(data: dict[str, object], meta_path: Path) -> Sidecar:
    source = squash(data.get("source"))
    if source and source not in SOURCES:
        allowed = ", ".join(SOURCES)
        raise UnreadableFile(str(meta_path), f"source {source!r} is not one of {allowed}")
    year = data.get("year")
    if year is not None and parse_year(year) is None:
        raise UnreadableFile(str(meta_path), f"year {year!r} is not a year")
    return Sidecar(
        title=squash(data.get("title")),
        source=source,
        note=squash(data.get("note")),
        year=parse_year(year),
        doc_id=squash(data.get("doc_id")),
    )
