"""The child process that parses one PDF: `python -m ingest.pdf.worker`, request on stdin.

It lowers its own memory and CPU limits before it reads a byte of the file, so a PDF built to
exhaust the parser hurts only this process. The request (path, password, limits) comes on stdin,
never in arguments where other users could read the password; the answer is one JSON object on
stdout: {"documents": [...], "skipped": [...]} or {"error": "reason"}.
"""

from __future__ import annotations

import json
import resource
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from core.errors import IngestError, UnreadableFile
from documents.records import Document, LoadResult, Span
from ingest.pdf import loader as pdf


def document_to_json(doc: Document) -> dict[str, Any]:
    return asdict(doc)


def document_from_json(data: dict[str, Any]) -> Document:
    """The Document that `document_to_json` wrote (JSON turns tuples into lists)."""
    spans = {key: tuple(Span(**span) for span in data[key]) for key in ("sections", "pages")}
    lists = {key: tuple(data[key]) for key in ("authors", "publication_types", "mesh_terms")}
    extra = tuple((str(k), str(v)) for k, v in data["extra"])
    return Document(**{**data, **spans, **lists, "extra": extra})


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def _load(path: Path, password: str | None, max_pages: int) -> LoadResult:
    """The loader's own strict-then-lenient open, a page count against the limit, then its load."""
    with pdf._quiet():
        pages = len(pdf._open(path, password).pages)
    if pages > max_pages:
        raise UnreadableFile(str(path), f"{pages} pages, over the limit of {max_pages}")
    return pdf.load(path, password=password)


def answer(request: dict[str, Any]) -> dict[str, Any]:
    """Parse the file the request names; every outcome is a JSON-ready answer."""
    try:
        result = _load(Path(request["path"]), request.get("password"), request["max_pages"])
    except IngestError as error:
        return {"error": error.reason}
    except MemoryError:
        return {"error": f"needs more than {request['memory_mb']} MB of memory to parse"}
    except RecursionError:
        return {"error": "cannot parse PDF: its objects nest too deeply"}
    except Exception as error:  # the process boundary: any parser failure becomes one line
        return {"error": f"cannot parse PDF ({type(error).__name__})"}
    documents = [document_to_json(doc) for doc in result.documents]
    return {"documents": documents, "skipped": list(result.skipped)}


def main() -> None:
    request = json.loads(sys.stdin.read())
    _limit(request["memory_mb"], request["cpu_seconds"])
    json.dump(answer(request), sys.stdout)


if __name__ == "__main__":
    main()
