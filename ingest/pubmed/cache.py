"""A local copy of what PubMed answered: one efetch XML file per PMID, and search results.

Records are kept so that a rebuild, or a sync without network, can read them again, and so that
nothing is fetched twice. Each file is a one-record `PubmedArticleSet`, which the PubMed XML
loader reads like any other. The folder is git-ignored (`.cache/pubmed/` by default). A reply
that is not well-formed, or a record nested too deeply to write back, is a `PubmedError`;
a record is filed only under a valid PMID, so no reply can name a path.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from core.errors import PubmedError
from documents.identity import valid_pmid
from documents.provenance import now

# Record element -> where its PMID is, in an efetch PubmedArticleSet.
_RECORDS = {"PubmedArticle": "MedlineCitation/PMID", "PubmedBookArticle": "BookDocument/PMID"}


class PubmedCache:
    """Files under `folder`: records/<pmid>.xml and searches/<hash>.json."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def record_path(self, pmid: str) -> Path:
        return self.folder / "records" / f"{pmid}.xml"

    def has(self, pmid: str) -> bool:
        return self.record_path(pmid).is_file()

    def fetched_at(self, pmid: str) -> str:
        """When the record was fetched (the time its file was written), in UTC."""
        stamp = self.record_path(pmid).stat().st_mtime
        return datetime.fromtimestamp(stamp, UTC).isoformat(timespec="seconds")

    def store_reply(self, xml: bytes) -> list[str]:
        """Split an efetch reply into one file per record; returns the PMIDs stored."""
        stored = []
        for pmid, record in _records(xml):
            body = b'<?xml version="1.0"?>\n<PubmedArticleSet>' + record + b"</PubmedArticleSet>\n"
            _write_atomically(self.record_path(pmid), body)
            stored.append(pmid)
        return stored

    def save_search(self, query: str, max_results: int, pmids: list[str]) -> None:
        data = {"query": query, "max": max_results, "pmids": pmids, "searched_at": now()}
        _write_atomically(self._search_path(query, max_results), json.dumps(data).encode())

    def load_search(self, query: str, max_results: int) -> tuple[list[str], str] | None:
        """(PMIDs, when searched) of the last answer to this search, or None."""
        try:
            data = json.loads(self._search_path(query, max_results).read_text(encoding="utf-8"))
            return [str(p) for p in data["pmids"]], str(data["searched_at"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _search_path(self, query: str, max_results: int) -> Path:
        key = hashlib.sha256(f"{query}\x00{max_results}".encode()).hexdigest()[:24]
        return self.folder / "searches" / f"{key}.json"


def _records(xml: bytes) -> Iterator[tuple[str, bytes]]:
    """(PMID, serialised record) for each record of a PubmedArticleSet; nothing for other XML."""
    depth, root = 0, None
    try:
        for event, element in ET.iterparse(BytesIO(xml), events=("start", "end")):
            root = element if root is None else root
            depth += 1 if event == "start" else -1
            if event == "end" and element.tag in _RECORDS:
                pmid = valid_pmid(element.findtext(_RECORDS[element.tag]) or "")
                if pmid:
                    yield pmid, ET.tostring(element)
            if event == "end" and depth == 1:  # whatever ends under the root is let go
                root.clear()
    except ET.ParseError as error:
        raise PubmedError(f"PubMed sent XML that is not well-formed ({error})") from None
    except RecursionError:
        raise PubmedError("PubMed sent a record nested too deeply to read") from None


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    partial.write_bytes(data)
    os.replace(partial, path)
