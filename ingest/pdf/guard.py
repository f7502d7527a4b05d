"""Open untrusted PDFs safely: cheap checks here, parsing in a child with time and memory limits.

A PDF is a program-like format and parsers have had denial-of-service bugs, so an upload is
first checked for its `%PDF-` header and its size, then parsed by `ingest.pdf.worker` in its own
process: a file that loops, balloons or crashes the parser costs that process only, and the
person gets one line saying why.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

from core.errors import UnreadableFile
from documents.records import LoadResult
from ingest.config import PdfLimits
from ingest.pdf.worker import document_from_json

HEADER = b"%PDF-"
_ROOT = Path(__file__).resolve().parents[2]
_MB = 1024 * 1024


class PasswordNeeded(UnreadableFile):
    """The PDF is encrypted and no password, or a wrong one, was given: ask for it."""


def check_file(path: Path, limits: PdfLimits) -> None:
    """Refuse before parsing: a file that does not start with %PDF- or is over the size limit."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(len(HEADER))
    except OSError as error:
        reason = f"cannot read the file ({error.strerror or error})"
        raise UnreadableFile(str(path), reason) from None
    if head != HEADER:
        raise UnreadableFile(str(path), "not a PDF (it does not start with %PDF-)")
    if size > limits.pdf_max_mb * _MB:
        shown = f"{size / _MB:.1f} MB, over the limit of {limits.pdf_max_mb:g} MB"
        raise UnreadableFile(str(path), shown)


def load_pdf(path: Path, limits: PdfLimits, password: str | None = None) -> LoadResult:
    """The PDF's documents, parsed in a child process; every failure is an `UnreadableFile`."""
    check_file(path, limits)
    answer = _run_worker(path, limits, password)
    if "error" in answer:
        reason = str(answer["error"])
        kind = PasswordNeeded if reason.startswith("encrypted") else UnreadableFile
        raise kind(str(path), reason)
    documents = tuple(document_from_json(doc) for doc in answer["documents"])
    return LoadResult(documents, tuple(answer["skipped"]))


def _run_worker(path: Path, limits: PdfLimits, password: str | None) -> dict[str, object]:
    request = {
        "path": str(path.resolve()),
        "password": password,
        "max_pages": limits.pdf_max_pages,
        "memory_mb": limits.pdf_memory_mb,
        "cpu_seconds": max(1, math.ceil(limits.pdf_timeout)),
    }
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ingest.pdf.worker"], input=json.dumps(request),
            capture_output=True, text=True, timeout=limits.pdf_timeout, cwd=_ROOT,
            env=_child_env(),
        )
    except subprocess.TimeoutExpired:
        raise UnreadableFile(
            str(path), f"parsing took longer than {limits.pdf_timeout:g} s and was stopped"
        ) from None
    return _answer(path, done, limits)


def _answer(
    path: Path, done: subprocess.CompletedProcess[str], limits: PdfLimits
) -> dict[str, object]:
    """The worker's JSON answer, or the reason it gave none (killed by a limit, crashed)."""
    if done.returncode == 0:
        try:
            return dict(json.loads(done.stdout))
        except ValueError:
            pass
    if done.returncode < 0:
        reason = (f"the parser was stopped (signal {-done.returncode}): over "
                  f"{limits.pdf_memory_mb} MB of memory or {limits.pdf_timeout:g} s of CPU?")
    else:
        reason = "the parser failed without an answer"
    raise UnreadableFile(str(path), reason)


def _child_env() -> dict[str, str]:
    """The environment without this program's settings, so no key reaches the parser."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KLS_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_ROOT), env.get("PYTHONPATH", "")]))
    return env
