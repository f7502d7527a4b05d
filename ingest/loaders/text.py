"""Load a plain-text or Markdown file as one Document whose sections follow its headings.

`Document.text` is the whole file text (line endings normalised to "\\n"), so section offsets
point into what a reader would see; a sidecar may give the title, kind, year and note.
"""

from __future__ import annotations

from pathlib import Path

from core.errors import EmptyRecord
from documents.records import Document, LoadResult
from ingest.loaders.common import humanise_stem, reading
from ingest.loaders.sidecar import read_sidecar
from ingest.loaders.text_outline import Outline, outline

MARKDOWN_SUFFIXES = (".md", ".markdown")
SUFFIXES = (".txt", *MARKDOWN_SUFFIXES)


def load(path: Path) -> LoadResult:
    """Read `path` as UTF-8 text; a file with no body text raises `EmptyRecord`."""
    with reading(path):
        text = path.read_text(encoding="utf-8-sig")
    markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
    found = outline(text, markdown=markdown)
    if not found.sections:
        raise EmptyRecord(str(path), "no body text")
    meta = read_sidecar(path)
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


def _markdown_title(found: Outline, markdown: bool) -> str:
    """The text of a Markdown file's first heading when that heading is a level-1 '# ' one."""
    if markdown and found.headings and found.headings[0].level == 1:
        return found.headings[0].text
    return ""
