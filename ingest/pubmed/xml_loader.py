"""Load PubMed XML: efetch `PubmedArticleSet` replies and `MedlineCitationSet` files (or .gz).

Records are streamed with `iterparse` and dropped once read, so a 30,000-record baseline file
does not sit in memory; anything else under the root is dropped as it ends, and a record is
measured while it is parsed, so a file of a million empty elements cannot fill memory either.
Inline markup (<i>, <sub>, MathML) is kept as its text. Entities are expanded only within
expat's amplification limit and never fetched (ElementTree resolves no external entity or DTD).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from core.errors import TooLarge, UnreadableFile, UnsupportedFile
from documents.identity import valid_pmid
from documents.records import LoadResult
from documents.text import squash
from ingest.config import IngestLimits
from ingest.loaders.common import DEFAULT_LIMITS, open_binary, parse_year, reading
from ingest.pubmed.checks import checked_records
from ingest.pubmed.fields import PubmedFields, collect

SUFFIXES = (".xml", ".xml.gz")
# The element that holds one record, for each kind of set we read.
_RECORD_TAG = {"PubmedArticleSet": "PubmedArticle", "MedlineCitationSet": "MedlineCitation"}
_ELEMENT_COST = 16  # characters an element counts for besides its text: its tags, its node


def load(path: Path, limits: IngestLimits = DEFAULT_LIMITS) -> LoadResult:
    """Every article in the set; a record without title and abstract is listed as skipped."""
    with reading(path), open_binary(path, limits) as handle:
        try:
            return collect(path, checked_records(_entries(handle, path, limits), path, limits))
        except ET.ParseError as error:
            line = error.position[0]
            raise UnreadableFile(str(path), f"not well-formed XML (line {line})") from None


def _entries(
    handle: IO[bytes], path: Path, limits: IngestLimits
) -> Iterator[tuple[str, PubmedFields | str]]:
    """(where, fields) for each record, freeing each record's elements once it is read, and
    whatever else ends directly under the root."""
    root: ET.Element | None = None
    record_tag, depth, size = "", 0, 0
    for event, element in ET.iterparse(handle, events=("start", "end")):
        if root is None:
            root, record_tag = element, _record_tag(element.tag, path)
        if event == "start":
            depth += 1
            continue
        depth -= 1
        size += _ELEMENT_COST + len(element.text or "") + sum(len(c.tail or "") for c in element)
        if size > limits.max_record_chars:
            raise TooLarge(str(path), f"a record over {limits.max_record_chars:,} characters "
                           "(the cap per record, KLS_MAX_RECORD_CHARS)")
        if element.tag == "PubmedBookArticle":
            pmid = valid_pmid(squash(element.findtext("BookDocument/PMID"))) or "?"
            yield f"PMID {pmid}", "book records are not read"
        elif element.tag == record_tag:
            yield "", _fields(element)
        elif depth != 1:
            continue
        root.clear()
        size = 0


def _record_tag(root_tag: str, path: Path) -> str:
    if root_tag not in _RECORD_TAG:
        kinds = " or ".join(_RECORD_TAG)
        shown = root_tag[:60]
        raise UnsupportedFile(str(path), f"XML root <{shown}> is not a PubMed set ({kinds})")
    return _RECORD_TAG[root_tag]


def _fields(record: ET.Element) -> PubmedFields:
    citation = record.find("MedlineCitation") if record.tag == "PubmedArticle" else record
    citation = citation if citation is not None else ET.Element("MedlineCitation")
    article = citation.find("Article")
    article = article if article is not None else ET.Element("Article")
    return PubmedFields(
        pmid=squash(citation.findtext("PMID")),
        title=inline_text(article.find("ArticleTitle"))
        or inline_text(article.find("VernacularTitle")),
        abstract=tuple(
            (node.get("Label", ""), inline_text(node))
            for node in article.findall("Abstract/AbstractText")
        ),
        journal=squash(
            article.findtext("Journal/Title") or article.findtext("Journal/ISOAbbreviation")
        ),
        year=_year(article),
        doi=_doi(record, article),
        authors=tuple(_author(node) for node in article.findall("AuthorList/Author")),
        publication_types=_texts(article, "PublicationTypeList/PublicationType"),
        mesh_terms=_texts(citation, "MeshHeadingList/MeshHeading/DescriptorName"),
    )


def inline_text(element: ET.Element | None) -> str:
    """All text inside `element`, markup removed, layout line breaks dropped, spaces squashed."""
    if element is None:
        return ""
    return squash("".join(_without_layout_break(piece) for piece in element.itertext()))


def _without_layout_break(piece: str) -> str:
    """Indentation next to inline markup ("β\\n\\t\\t<sub>2</sub>") is layout, not a word break:
    leading or trailing whitespace that holds a line break is dropped (string operations, so a
    run of 40,000 spaces costs one pass, where a regular expression took seconds)."""
    body = piece.lstrip()
    if "\n" in piece[: len(piece) - len(body)]:
        piece = body
    body = piece.rstrip()
    if "\n" in piece[len(body) :]:
        piece = body
    return piece


def _year(article: ET.Element) -> int | None:
    date = article.find("Journal/JournalIssue/PubDate")
    if date is None:
        return None
    return parse_year(date.findtext("Year")) or parse_year(date.findtext("MedlineDate"))


def _doi(record: ET.Element, article: ET.Element) -> str:
    for node in record.findall("PubmedData/ArticleIdList/ArticleId[@IdType='doi']"):
        if squash(node.text):
            return squash(node.text)
    for node in article.findall("ELocationID[@EIdType='doi']"):
        if squash(node.text):
            return squash(node.text)
    return ""


def _author(author: ET.Element) -> str:
    """'Last Initials' ("Gibbs D"), or a group's collective name."""
    name = squash(f"{author.findtext('LastName') or ''} {author.findtext('Initials') or ''}")
    return name or inline_text(author.find("CollectiveName"))


def _texts(parent: ET.Element, path: str) -> tuple[str, ...]:
    return tuple(inline_text(node) for node in parent.findall(path))
