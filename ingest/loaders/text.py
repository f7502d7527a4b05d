"""Load a plain-text or Markdown file as one Document whose sections follow its headings.

`Document.text` is the whole file text (line endings normalised to "\\n"), so section offsets
point into what a reader would see; a sidecar may give the title, kind, year and note.
"""

from __future__ import annotations

from pathlib import Path

from core.errors import EmptyRecord, TooLarge
from documents.records import Document, LoadResult
from ingest.config import IngestLimits
from ingest.loaders.common import DEFAULT_LIMITS, humanise_stem, open_binary, reading
from ingest.loaders.sidecar import read_sidecar
from ingest.loaders.text_outline import Outline, outline

MARKDOWN_SUFFIXES = (".md", ".markdown")
SUFFIXES = (".txt", *MARKDOWN_SUFFIXES)


def load(path: Path, limits: IngestLimits = DEFAULT_LIMITS) -> LoadResult:
    """Read `path` as UTF-8 text; a file with no body text raises `EmptyRecord`, one over
    `max_record_chars` raises `TooLarge`."""
    text = read_capped_text(path, limits.max_record_chars)
    markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
    found = outline(text, markdown=markdown)
    if not found.sections:
        raise EmptyRecord(str(path), "no body text")
    meta = read_sidecar(path, limits)
    source = meta.source or "text"
    document = Document(
        doc_id=meta.doc_id or f"{source}:{path.stem}",
        source=source,
        title=meta.title or _markdown_title(found, markdown) or humanise_stem(path),
        text=text,
        sections=found.sections,
        year=meta.year,
        origin=path.name,
        note=meta.note,
    )
    return LoadResult((document,))


def read_capped_text(path: Path, max_chars: int) -> str:
    """The file's text with line endings as "\n", read with a byte cap (a character takes at
    most 4 bytes), so a 50 MB one-line file is refused after reading 4 x `max_chars` bytes."""
    cap = 4 * max_chars + 3  # and a byte-order mark
    with reading(path):
        with open_binary(path) as handle:
            data = handle.read(cap + 1)
        text = data.decode("utf-8-sig") if len(data) <= cap else None
    if text is None or len(text) > max_chars:
        raise TooLarge(str(path), f"more than {max_chars:,} characters (the cap per document, "
                       "KLS_MAX_RECORD_CHARS)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _markdown_title(found: Outline, markdown: bool) -> str:
    """The text of a Markdown file's first heading when that heading is a level-1 '# ' one."""
    if markdown and found.headings and found.headings[0].level == 1:
        return found.headings[0].text
    return ""
