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

from core.errors import TooLarge, UnreadableFile
from documents.records import LoadResult
from ingest.config import PdfLimits
from ingest.pdf.worker import WorkerAnswer

HEADER = b"%PDF-"
_ROOT = Path(__file__).resolve().parents[2]
_MB = 1024 * 1024


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
        raise TooLarge(str(path), shown)


def load_pdf(path: Path, limits: PdfLimits, password: str | None = None) -> LoadResult:
    """The PDF's documents, parsed in a child process; every failure is an `IngestError`
    (`PasswordNeeded` when the file wants a password)."""
    check_file(path, limits)
    return _run_worker(path, limits, password).result(path)


def _run_worker(path: Path, limits: PdfLimits, password: str | None) -> WorkerAnswer:
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
) -> WorkerAnswer:
    """The worker's answer, or the reason it gave none (killed by a limit, crashed)."""
    if done.returncode == 0:
        try:
            return WorkerAnswer.from_json(done.stdout)
        except (ValueError, KeyError, TypeError):
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
