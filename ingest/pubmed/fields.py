"""Build a Document from the fields of one PubMed-like record, whatever format it came in.

PubMed XML, MEDLINE text and JSON Lines differ only in how fields are spelled; what a record
becomes (text, sections, id, title fallbacks, skip rules) is decided here once. That is also
where inline markup becomes plain text (`5-HT<inf>2A</inf>` -> "5-HT2A"), so every format and
every rebuild of an older index gets the same clean fields.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from core.errors import EmptyRecord
from documents.records import Document, LoadResult, Span
from documents.sentences import sentence_spans
from documents.text import plain_text, shorten, squash
from ingest.loaders.common import join_spans

# A structured abstract flattened to one string: "BACKGROUND: ... METHODS: ...".
_INLINE_LABEL = re.compile(r"(?:^|(?<=[.!?] ))([A-Z][A-Z ,&/-]{2,60}): ")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_FIRST_SENTENCE_WINDOW = 1000  # characters searched for the first sentence of an abstract


@dataclass(frozen=True)
class PubmedFields:
    """The fields of one record as parsed; cleaning happens in `build_document`."""

    pmid: str = ""
    title: str = ""
    abstract: tuple[tuple[str, str], ...] = ()  # (section label, text); label "" if none
    journal: str = ""
    year: int | None = None
    doi: str = ""
    authors: tuple[str, ...] = ()
    publication_types: tuple[str, ...] = ()
    mesh_terms: tuple[str, ...] = ()
    record_id: str = ""  # another collection's id (BEIR '_id'), used when there is no PMID or DOI


def split_labelled(abstract: str) -> tuple[tuple[str, str], ...]:
    """Split a flattened structured abstract at its upper-case labels, when it opens with one."""
    text = squash(abstract)
    matches = list(_INLINE_LABEL.finditer(text))
    if not matches or matches[0].start() != 0:
        return (("", text),) if text else ()
    ends = [match.start() for match in matches[1:]] + [len(text)]
    return tuple(
        (match.group(1).strip(), text[match.end() : end].strip())
        for match, end in zip(matches, ends, strict=True)
    )


def clean_doi(value: object) -> str:
    """A bare DOI ('10.x/y') from a DOI, a 'doi:' string or a doi.org link."""
    return _DOI_PREFIX.sub("", squash(value))


def collect(path: Path, entries: Iterable[tuple[str, PubmedFields | str]]) -> LoadResult:
    """Documents from (item, fields) entries; an entry with a reason instead of fields, or
    without title and abstract, is listed in `skipped` as 'item: reason'."""
    documents: list[Document] = []
    skipped: list[str] = []
    for item, entry in entries:
        if isinstance(entry, str):
            skipped.append(f"{item}: {entry}")
            continue
        try:
            documents.append(build_document(entry, origin=path.name, item=item))
        except EmptyRecord as error:
            skipped.append(str(error))
    if not documents and not skipped:
        raise EmptyRecord(str(path), "no records")
    return LoadResult(tuple(documents), tuple(skipped))


def build_document(fields: PubmedFields, *, origin: str, item: str) -> Document:
    """The Document for one record: its text is the abstract (the title when there is none);
    a record without a title is titled by the first sentence of its abstract."""
    title = plain_text(fields.title)
    parts = [(plain_text(label), plain_text(text)) for label, text in fields.abstract]
    parts = [(label, text) for label, text in parts if text]
    if not title and not parts:
        raise EmptyRecord(item, "no title or abstract")
    text, sections = join_spans(parts) if parts else (title, (Span("", 0, len(title)),))
    pmid, doi = squash(fields.pmid), clean_doi(fields.doi)
    return Document(
        doc_id=_doc_id(pmid, doi, squash(fields.record_id), _content_key(fields)),
        source="pubmed" if pmid else "text",
        title=title or first_sentence(text),
        text=text,
        sections=sections,
        pmid=pmid or None,
        doi=doi or None,
        year=fields.year,
        journal=plain_text(fields.journal) or None,
        authors=_cleaned(fields.authors),
        publication_types=_cleaned(fields.publication_types),
        mesh_terms=_cleaned(fields.mesh_terms),
        origin=origin,
    )


def first_sentence(text: str) -> str:
    """The first sentence of `text`, cut at a word boundary to about 200 characters: a title
    that says what the record is about, where "Untitled (PMID ...)" said nothing."""
    spans = sentence_spans(text, 0, min(len(text), _FIRST_SENTENCE_WINDOW))
    start, end = spans[0] if spans else (0, len(text))
    return shorten(text[start:end])


def _doc_id(pmid: str, doi: str, record_id: str, content: str) -> str:
    if pmid:
        return f"pmid:{pmid}"
    if doi:
        return f"doi:{doi}"
    if record_id:
        return f"id:{record_id}"
    return f"sha256:{hashlib.sha256(content.encode()).hexdigest()[:16]}"


def _content_key(fields: PubmedFields) -> str:
    """What the id of a record without PMID, DOI or other id hashes: its fields before markup
    is removed, as they were hashed before, so a rebuild keeps such records' ids."""
    title = squash(fields.title)
    text = "\n\n".join(part for part in (squash(text) for _, text in fields.abstract) if part)
    return f"{title}\n{text or title}"


def _cleaned(values: Iterable[str]) -> tuple[str, ...]:
    """Plain, non-empty values in their first order, without repeats."""
    return tuple(dict.fromkeys(value for value in map(plain_text, values) if value))
