"""The manifest of an index version: what was built, with which model, and a checksum per file.

It is read from a file anyone with disk access could edit, so reading it checks every field's
type and refuses anything else as `IndexCorrupt` in one line, instead of failing later with a
KeyError or AttributeError in the middle of a search.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from core.errors import IndexCorrupt, IndexOutdated

FORMAT = 3  # 3: exact file lists, study facts, passages unique per document
REBUILD_HINT = "; rebuild it with: python -m ingest build"
_SHA256 = re.compile(r"[0-9a-f]{64}")
_SAFE_FILE = re.compile(r"[A-Za-z0-9_.\-]{1,100}(/[A-Za-z0-9_.\-]{1,100}){0,3}")


@dataclass(frozen=True)
class Manifest:
    """One version's description; `files` maps each data file (relative path) to its sha256."""

    model: str
    dimension: int
    index_type: str
    documents: int
    chunks: int
    built_at: str
    version: str = ""
    format: int = FORMAT
    files: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    @classmethod
    def parse(cls, raw: bytes, where: Path) -> Manifest:
        """The manifest in `raw`, or IndexCorrupt naming `where` and what is wrong."""
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise IndexCorrupt(f"{where}: manifest unreadable ({error})") from None
        if not isinstance(data, dict):
            raise IndexCorrupt(f"{where}: manifest is not a JSON object")
        if data.get("format") != FORMAT:
            raise IndexOutdated(
                f"{where}: index format {data.get('format')!r} is not the current format "
                f"{FORMAT}{REBUILD_HINT}"
            )
        return cls(**{name: _field(data, name, kind, where) for name, kind in _TYPES.items()})


_TYPES: dict[str, type] = {
    "model": str, "dimension": int, "index_type": str, "documents": int, "chunks": int,
    "built_at": str, "version": str, "format": int, "files": dict,
}


def _field(data: dict[str, Any], name: str, kind: type, where: Path) -> Any:
    value = data.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise IndexCorrupt(f"{where}: manifest field '{name}' is missing or not a {kind.__name__}")
    if isinstance(value, int) and value < 0:
        raise IndexCorrupt(f"{where}: manifest field '{name}' is negative")
    if isinstance(value, dict):
        _check_files(value, where)
    return value


def _check_files(files: dict[Any, Any], where: Path) -> None:
    """Every entry a plain relative path inside the version, with a sha256."""
    for name, digest in files.items():
        if not isinstance(name, str) or not _SAFE_FILE.fullmatch(name) or ".." in name.split("/"):
            raise IndexCorrupt(f"{where}: manifest names an unsafe file {str(name)[:80]!r}")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            raise IndexCorrupt(f"{where}: manifest checksum of {name} is not a sha256")
