"""A whole document for reading in place: "Show abstract" and "Show section" on a card.

Sections are not stored as such; every passage records its heading and offsets and never
crosses a section, so consecutive passages under one heading, separated by nothing but spaces,
together span that section's text.
"""

from __future__ import annotations

import sqlite3

from core.errors import BadQuery
from index import store

Section = tuple[str, int, int]


def document_text(conn: sqlite3.Connection, doc_id: str) -> tuple[str, tuple[Section, ...]]:
    """(whole text, sections as (heading, start, end) in reading order); `BadQuery` for an
    unknown document."""
    text = store.document_text(conn, doc_id)
    if text is None:
        raise BadQuery(f"{doc_id!r}: no such document in the index")
    return text, sections_of(text, store.passage_spans(conn, doc_id))


def sections_of(text: str, spans: list[Section]) -> tuple[Section, ...]:
    """Passages (heading, start, end) in reading order joined into sections."""
    sections: list[Section] = []
    for heading, start, end in spans:
        if sections and sections[-1][0] == heading:
            _, first, last = sections[-1]
            if start <= last or not text[last:start].strip():
                sections[-1] = (heading, first, max(end, last))
                continue
        sections.append((heading, start, end))
    return tuple(sections)
