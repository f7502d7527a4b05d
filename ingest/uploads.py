"""Keep uploaded files: a safe name, one folder per content, never executable, never a model path.

A browser sends any name it likes ('../../app.py', 'x\\0.pdf', 'CON'), so the name is reduced to
letters, digits, '.', '-' and '_' with its kind kept, and the file goes into
`<uploads>/<sha256 prefix>/`: the same bytes land in the same place, different files with one
name do not overwrite each other, and the stem (which becomes the document id) stays the
person's own.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import unicodedata
from pathlib import Path

from core.errors import UnsupportedFile
from ingest.loaders.common import compound_suffix
from ingest.loaders.dispatch import SUPPORTED_SUFFIXES

MAX_NAME_CHARS = 120
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_FOLDER_CHARS = 16


def safe_name(name: str) -> str:
    """A file name that is safe on disk: last path part, ASCII, no leading dot, kind kept."""
    base = re.split(r"[\\/]", name)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = _UNSAFE.sub("_", base).strip("._-") or "upload"
    suffix = compound_suffix(Path(base))
    stem = base[: len(base) - len(suffix)].strip("._-") or "upload"
    return stem[: MAX_NAME_CHARS - len(suffix)] + suffix


def save_upload(name: str, data: bytes, uploads_dir: Path) -> Path:
    """Write an uploaded file under `uploads_dir` and return where; refuses unsupported kinds."""
    target_name = safe_name(name)
    suffix = compound_suffix(Path(target_name))
    if suffix not in SUPPORTED_SUFFIXES:
        shown = f"'{suffix}'" if suffix else "(no extension)"
        raise UnsupportedFile(name, f"unsupported file type {shown}")
    folder = uploads_dir / hashlib.sha256(data).hexdigest()[:_FOLDER_CHARS]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / target_name
    partial = folder / f".{target_name}.partial"
    partial.write_bytes(data)
    os.chmod(partial, 0o600)
    os.replace(partial, target)
    return target


def discard_upload(path: Path, uploads_dir: Path) -> None:
    """Delete one saved upload (and its folder once empty), only when it really lies in a
    content folder of `uploads_dir`: the same bytes saved under another name stay."""
    folder = path.parent.resolve()
    if folder.parent != uploads_dir.resolve() or path.is_symlink():
        return
    (folder / path.name).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        folder.rmdir()  # only succeeds when no other upload shares the folder
