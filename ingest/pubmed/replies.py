"""What NCBI answers, read as untrusted bytes: capped in size, checked to be the XML asked for,
and parsed with ElementTree, which fetches no DTD and resolves no external entity (`Entrez.read`
downloads any DTD a reply names). Entity declarations are refused outright: E-utilities never
sends them. Every problem is a `ValueError` whose text the client puts in one `PubmedError`.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from documents.identity import valid_pmid
from documents.text import squash

_MB = 1024 * 1024
_SHOWN = 60


def read_capped(handle: Any, max_mb: float) -> bytes:
    """At most `max_mb` of the reply (Bio.Entrez hands text/plain replies over decoded)."""
    cap = int(max_mb * _MB)
    data = handle.read(cap + 1)
    data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(data) > cap:
        raise ValueError(f"a reply over {max_mb:g} MB, the cap (KLS_PUBMED_MAX_REPLY_MB)")
    return data


def esearch_ids(data: bytes) -> list[str]:
    """The PMIDs of an esearch reply, in its order; NCBI's own ERROR is passed on."""
    ids: list[str] = []
    for element in _elements(data, "eSearchResult"):
        if element.tag == "ERROR":
            raise ValueError(f"NCBI says: {_cut(squash(element.text))}")
        if element.tag == "Id":
            pmid = valid_pmid(squash(element.text))
            if pmid is None:
                raise ValueError(f"an Id that is not a PMID ({_cut(squash(element.text))})")
            ids.append(pmid)
    return ids


def require_pubmed_set(data: bytes) -> bytes:
    """`data` when it opens as an efetch `PubmedArticleSet`; the records are parsed when the
    reply is stored (`ingest.pubmed.cache`)."""
    next(_elements(data, "PubmedArticleSet", root_only=True), None)
    return data


def _elements(data: bytes, root_tag: str, root_only: bool = False) -> Iterator[ET.Element]:
    """Each element as it ends, after the root was checked; what ended is dropped (children of
    the root as they end), so memory stays small whatever the reply holds."""
    if b"<!ENTITY" in data:
        raise ValueError("it declares XML entities")
    depth, root = 0, None
    try:
        for event, element in ET.iterparse(io.BytesIO(data), events=("start", "end")):
            if root is None:
                root = element
                if element.tag != root_tag:
                    raise ValueError(f"<{_cut(element.tag)}> where <{root_tag}> was expected")
                if root_only:
                    return
            depth += 1 if event == "start" else -1
            if event == "end":
                yield element
                if depth == 1:
                    root.clear()
    except ET.ParseError as error:
        raise ValueError(f"not well-formed XML ({_cut(str(error))})") from None


def _cut(text: str) -> str:
    """Untrusted text quoted in a message: on one line, cut short."""
    text = squash(text[: _SHOWN * 4])
    return text[:_SHOWN] + ("..." if len(text) > _SHOWN else "")
