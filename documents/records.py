"""The record types that cross the ingest seam: what a loader returns and what chunking makes.

Frozen dataclasses so a record can be hashed, compared in tests and never mutated on its way
from a loader to the index.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SOURCES = ("article", "pubmed", "pdf", "text")


@dataclass(frozen=True)
class Span:
    """A labelled stretch of a document's text: a section under a heading, or a PDF page.

    For a section, `label` is its heading ("" for text before the first heading); for a page, its
    1-based page number as text. `start`/`end` are character offsets into `Document.text`.
    """

    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """One document as a loader sees it, before chunking.

    `sections` cover the passage text only: heading lines lie outside every section, so a heading
    never becomes a passage. A document without headings has one section with label "".
    `pages` maps character ranges to PDF pages (empty for other sources).
    """

    doc_id: str
    source: str
    title: str
    text: str
    sections: tuple[Span, ...]
    pages: tuple[Span, ...] = ()
    pmid: str | None = None
    doi: str | None = None
    year: int | None = None
    journal: str | None = None
    authors: tuple[str, ...] = ()
    publication_types: tuple[str, ...] = ()
    mesh_terms: tuple[str, ...] = ()
    origin: str = ""
    note: str = ""
    extra: tuple[tuple[str, str], ...] = field(default=())

    def page_at(self, offset: int) -> int | None:
        """The 1-based PDF page holding character `offset`, or None when pages are unknown."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return int(page.label)
        return None


@dataclass(frozen=True)
class Chunk:
    """A passage: the unit that is embedded, indexed and returned.

    `chunk_id` hashes the document id, the passage's start offset and its text, so it is stable
    across rebuilds and unique even when a document repeats a passage word for word.
    `start`/`end` are offsets into the document's text; `ordinal` is the passage's position in its
    document, which lets a reader fetch the neighbouring passages.
    """

    chunk_id: str
    doc_id: str
    text: str
    start: int
    end: int
    page: int | None
    heading: str
    ordinal: int


@dataclass(frozen=True)
class LoadResult:
    """What one input file yields: its documents, plus items skipped inside it with reasons."""

    documents: tuple[Document, ...]
    skipped: tuple[str, ...] = ()
