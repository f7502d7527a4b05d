"""The child process that parses one PDF: `python -m ingest.pdf.worker`, request on stdin.

It lowers its own memory and CPU limits before it reads a byte of the file, so a PDF built to
exhaust the parser hurts only this process. The request (path, password, limits) comes on stdin,
never in arguments where other users could read the password; the answer is one `WorkerAnswer`
as JSON on stdout, whose `kind` says what happened, so the parent never guesses from a message.
"""

from __future__ import annotations

import json
import resource
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from core.errors import IngestError, PasswordNeeded, TooLarge, UnreadableFile
from documents.records import Document, LoadResult, Span
from ingest.pdf import loader

OK, PASSWORD, TOO_LARGE, UNREADABLE = "ok", "password", "too large", "unreadable"
_ERRORS: dict[str, type[IngestError]] = {
    PASSWORD: PasswordNeeded, TOO_LARGE: TooLarge, UNREADABLE: UnreadableFile,
}


@dataclass(frozen=True)
class WorkerAnswer:
    """What the child found: `kind` OK with documents, or an error kind with its reason."""

    kind: str
    reason: str = ""
    documents: tuple[Document, ...] = ()
    skipped: tuple[str, ...] = ()

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, "reason": self.reason, "skipped": self.skipped,
                           "documents": [asdict(doc) for doc in self.documents]})

    @classmethod
    def from_json(cls, text: str) -> WorkerAnswer:
        data = json.loads(text)
        documents = tuple(document_from_json(doc) for doc in data["documents"])
        return cls(str(data["kind"]), str(data["reason"]), documents, tuple(data["skipped"]))

    def result(self, path: Path) -> LoadResult:
        """The documents, or the error this answer stands for, naming `path`."""
        if self.kind != OK:
            raise _ERRORS.get(self.kind, UnreadableFile)(str(path), self.reason)
        return LoadResult(self.documents, self.skipped)


def document_from_json(data: dict[str, Any]) -> Document:
    """The Document that `asdict` wrote (JSON turns tuples into lists)."""
    spans = {key: tuple(Span(**span) for span in data[key]) for key in ("sections", "pages")}
    lists = {key: tuple(data[key]) for key in ("authors", "publication_types", "mesh_terms")}
    extra = tuple((str(k), str(v)) for k, v in data["extra"])
    return Document(**{**data, **spans, **lists, "extra": extra})


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def answer(request: dict[str, Any]) -> WorkerAnswer:
    """Parse the file the request names; every outcome is an answer, never an exception."""
    try:
        result = loader.load(Path(request["path"]), request.get("password"),
                             request["max_pages"])
    except PasswordNeeded as error:
        return WorkerAnswer(PASSWORD, error.reason)
    except TooLarge as error:
        return WorkerAnswer(TOO_LARGE, error.reason)
    except IngestError as error:
        return WorkerAnswer(UNREADABLE, error.reason)
    except MemoryError:
        return WorkerAnswer(TOO_LARGE, f"needs more than {request['memory_mb']} MB to parse")
    except RecursionError:
        return WorkerAnswer(UNREADABLE, "cannot parse PDF: its objects nest too deeply")
    except Exception as error:  # the process boundary: any parser failure becomes one line
        return WorkerAnswer(UNREADABLE, f"cannot parse PDF ({type(error).__name__})")
    return WorkerAnswer(OK, documents=result.documents, skipped=result.skipped)


def main() -> None:
    request = json.loads(sys.stdin.read())
    _limit(request["memory_mb"], request["cpu_seconds"])
    sys.stdout.write(answer(request).to_json())


if __name__ == "__main__":
    main()
