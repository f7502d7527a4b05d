"""What a typed query asks for beyond its words: an author, or papers named by PMID or DOI.

People paste identifiers and author names into the search box the way they do on PubMed:
`21867718`, `pmid:21867718`, `10.1038/nature11243`, `https://doi.org/10.1038/...`,
`author:zarate` or `author:"van den Berg" ketamine`. These are lookups, not meaning: a PMID's
digits have no useful embedding, so they are taken out of the text before it is searched.
Every pattern is anchored to one whitespace-free token (linear time, no nested repeats).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_AUTHOR = re.compile(r'(?i)(?:^|(?<=\s))author:(?:"([^"]*)"|(\S*))')
_PMID = re.compile(r"(?i)(?:pmid:?)?(\d{1,9})")
_DOI = re.compile(r"(?i)(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)")
_TRAILING = ".,;)]"


@dataclass(frozen=True)
class ParsedQuery:
    """`text` is what is searched for meaning and terms; `author` restricts papers (empty: any);
    `identifiers` are ("pmid" | "doi", value) pairs when every word of the query is one."""

    text: str
    author: str = ""
    identifiers: tuple[tuple[str, str], ...] = ()
    explicit: bool = False  # an identifier was marked as one (pmid:, doi:, a DOI), not bare digits


def parse_query(query: str) -> ParsedQuery:
    """Split `author:` off the query and recognise a query made only of identifiers."""
    author = ""
    found = _AUTHOR.search(query)
    if found:
        author = " ".join((found.group(1) or found.group(2) or "").split())
        query = query[: found.start()] + " " + query[found.end() :]
    text = " ".join(query.split())
    identifiers = tuple(_identifier(word) for word in text.split())
    if text and all(identifiers):
        explicit = any(not word.isdigit() for word in text.split())
        return ParsedQuery(text, author, tuple(i for i in identifiers if i), explicit)
    return ParsedQuery(text, author)


def _identifier(word: str) -> tuple[str, str] | None:
    """("pmid", digits) or ("doi", lower-cased DOI) when `word` is one, else None."""
    pmid = _PMID.fullmatch(word)
    if pmid:
        return ("pmid", str(int(pmid.group(1))))
    doi = _DOI.fullmatch(word.rstrip(_TRAILING))
    if doi:
        return ("doi", doi.group(1).lower())
    return None


def fold(name: str) -> str:
    """A name for comparison: accents dropped, case folded, spaces collapsed, so `author:Åsberg`
    finds "Asberg" and `author:SMITH` finds "Smith"."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())
