"""Load a PDF's text layer with pypdf, page by page, keeping which page each character is on.

Every file ends as a Document or one `UnreadableFile` line: broken files, wrong or missing
passwords and scans without a text layer are all expected in uploads. pypdf's own warnings are
silenced while it works, since the reason we raise says what matters. The text is tidied
(`ingest.pdf.pages`: running heads, page numbers and journal notes dropped, lines re-flowed into
paragraphs); the title is still read from the raw first page, where the lines are as printed.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError

from core.errors import IngestError, PasswordNeeded, TooLarge, UnreadableFile
from documents.records import Document, LoadResult, Span
from ingest.loaders.common import humanise_stem, join_spans, reading
from ingest.loaders.sidecar import read_sidecar
from ingest.pdf.pages import tidy_pages
from ingest.pdf.text import (
    clean_page_text,
    creation_year,
    first_line_title,
    metadata_title,
    shorten_title,
)
from ingest.pdf.title import largest_type_text

SUFFIXES = (".pdf",)
_HEADER_WINDOW = 1024  # readers accept the %PDF- header anywhere in the first kilobyte


def load(path: Path, password: str | None = None, max_pages: int | None = None) -> LoadResult:
    """The PDF's text as one Document; pages whose text cannot be extracted are `skipped`.
    A file of more than `max_pages` pages is refused before any text is extracted."""
    _check_header(path)
    meta = read_sidecar(path)
    with _quiet():
        reader = _open(path, password)
        pages_in_file = len(reader.pages)
        if max_pages is not None and pages_in_file > max_pages:
            reason = f"{pages_in_file} pages, over the limit of {max_pages}"
            raise TooLarge(str(path), reason)
        pages, skipped = _page_texts(reader)
        parts = [(str(number), text) for number, text in pages if text]
        if not parts:
            raise UnreadableFile(str(path), "no extractable text (scanned image?)")
        info = _metadata(reader)
        title = meta.title or _title(reader, info, parts[0])
    text, page_spans = tidy_pages(parts)
    if not text:  # nothing but journal notes: keep the raw text rather than lose the file
        text, page_spans = join_spans(parts)
    document = Document(
        doc_id=meta.doc_id or f"pdf:{path.stem}",
        source=meta.source or "pdf",
        title=title or humanise_stem(path),
        text=text,
        sections=(Span("", 0, len(text)),),
        pages=page_spans,
        year=meta.year or creation_year(info),
        origin=path.name,
        note=meta.note,
    )
    return LoadResult((document,), tuple(skipped))


def _title(reader: PdfReader, info: dict[str, object], first: tuple[str, str]) -> str:
    """Metadata title if it reads as one, else the largest type on the first page with text,
    else that page's first line."""
    page = reader.pages[int(first[0]) - 1]
    return (
        metadata_title(info)
        or shorten_title(largest_type_text(page))
        or first_line_title(first[1])
    )


def _check_header(path: Path) -> None:
    with reading(path), path.open("rb") as handle:
        head = handle.read(_HEADER_WINDOW)
    if b"%PDF-" not in head:
        raise UnreadableFile(str(path), "not a PDF (no %PDF- header)")


def _open(path: Path, password: str | None) -> PdfReader:
    """Parse strictly first (recent pypdf advisories hit the lenient mode only), then leniently."""
    try:
        return _read(path, password, strict=True)
    except IngestError:
        raise
    except DependencyError as error:
        raise UnreadableFile(str(path), f"needs a missing package: {error}") from None
    except Exception:  # pypdf raises many types on malformed input; retry leniently
        pass
    try:
        return _read(path, password, strict=False)
    except IngestError:
        raise
    except Exception as error:  # same: any parse failure becomes one readable line
        reason = str(error).strip() or type(error).__name__
        raise UnreadableFile(str(path), f"cannot parse PDF: {reason}") from None


def _read(path: Path, password: str | None, strict: bool) -> PdfReader:
    """A reader with the page tree loaded (strict-mode errors surface here) and unlocked."""
    reader = PdfReader(path, strict=strict)
    if reader.is_encrypted:
        _unlock(reader, password, path)
    len(reader.pages)
    return reader


def _unlock(reader: PdfReader, password: str | None, path: Path) -> None:
    """Try the given password, then the empty one (files locked only against editing)."""
    for candidate in (password, ""):
        if candidate is not None and reader.decrypt(candidate):
            return
    if password is None:
        raise PasswordNeeded(str(path), "encrypted: a password is needed")
    raise PasswordNeeded(str(path), "encrypted: the password given does not open it")


def _page_texts(reader: PdfReader) -> tuple[list[tuple[int, str]], list[str]]:
    """(1-based page number, cleaned text) for each page, and reasons for pages that failed."""
    pages: list[tuple[int, str]] = []
    skipped: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            pages.append((number, clean_page_text(page.extract_text() or "")))
        except Exception as error:  # a broken content stream loses its page, not the file
            skipped.append(f"page {number}: text extraction failed ({type(error).__name__})")
    return pages, skipped


def _metadata(reader: PdfReader) -> dict[str, object]:
    """The document information dictionary, or {} when it is missing or unreadable."""
    try:
        return dict(reader.metadata or {})
    except Exception:  # broken metadata must not cost the text
        return {}


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence pypdf's warnings and log lines about the repairs it makes."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
