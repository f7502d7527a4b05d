"""Load PubMed XML: efetch `PubmedArticleSet` replies and `MedlineCitationSet` files (or .gz).

Records are streamed with `iterparse` and dropped once read, so a 30,000-record baseline file
does not sit in memory. Inline markup (<i>, <sub>, MathML) is kept as its text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from core.errors import UnreadableFile, UnsupportedFile
from documents.records import LoadResult
from documents.text import squash
from ingest.loaders.common import open_binary, parse_year, reading
from ingest.pubmed.fields import PubmedFields, collect

SUFFIXES = (".xml", ".xml.gz")
# The element that holds one record, for each kind of set we read.
_RECORD_TAG = {"PubmedArticleSet": "PubmedArticle", "MedlineCitationSet": "MedlineCitation"}
# Indentation next to inline markup ("β\n\t\t<sub>2</sub>") is layout, not a word break.
_LAYOUT_BREAK = re.compile(r"^\s*\n\s*|\s*\n\s*$")


def load(path: Path) -> LoadResult:
    """Every article in the set; a record without title and abstract is listed as skipped."""
    with reading(path), open_binary(path) as handle:
        try:
            return collect(path, _entries(handle, path))
        except ET.ParseError as error:
            line = error.position[0]
            raise UnreadableFile(str(path), f"not well-formed XML (line {line})") from None


def _entries(handle: IO[bytes], path: Path) -> Iterator[tuple[str, PubmedFields | str]]:
    """(item, fields) for each record, freeing each record's elements once it is read."""
    root: ET.Element | None = None
    record_tag = ""
    for event, element in ET.iterparse(handle, events=("start", "end")):
        if root is None:
            root = element
            record_tag = _record_tag(element.tag, path)
        elif event == "end" and element.tag == "PubmedBookArticle":
            pmid = squash(element.findtext("BookDocument/PMID"))
            yield f"PMID {pmid}", "book records are not read"
            root.clear()
        elif event == "end" and element.tag == record_tag:
            fields = _fields(element)
            yield f"PMID {fields.pmid}", fields
            root.clear()


def _record_tag(root_tag: str, path: Path) -> str:
    if root_tag not in _RECORD_TAG:
        kinds = " or ".join(_RECORD_TAG)
        raise UnsupportedFile(str(path), f"XML root <{root_tag}> is not a PubMed set ({kinds})")
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
    return squash("".join(_LAYOUT_BREAK.sub("", piece) for piece in element.itertext()))


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
