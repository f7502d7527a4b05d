"""The index folder on disk, and how a new version of it is published atomically.

    INDEX/
      CURRENT                 name of the live version (replaced in one rename)
      versions/<version>/     manifest.json, store.sqlite, vectors.faiss, lexical/
      writer.lock             held by the one process allowed to write

FAISS files carry no checksum and are truncated in place when rewritten, so every change is
built in a fresh folder, synced, listed with sha256 sums in its manifest, and only then made
live by replacing CURRENT. A reader therefore sees the old version or the new one, never a mix,
and a writer killed at any moment leaves the live version untouched.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from core.errors import IndexCorrupt, IndexLocked, IndexMissing
from core.hashing import sha256_file
from index.manifest import Manifest

CURRENT = "CURRENT"
MANIFEST = "manifest.json"
STORE_FILE = "store.sqlite"
VECTORS_FILE = "vectors.faiss"
LEXICAL_DIR = "lexical"
KEEP_OLD_VERSIONS = 1
MAX_POINTER_BYTES = 64
MAX_MANIFEST_BYTES = 1 << 20
REQUIRED_FILES = frozenset({STORE_FILE})
VERSION_NAME = re.compile(r"[0-9]{8}T[0-9]{6}-[0-9a-f]{8}")


def versions_dir(index_dir: Path) -> Path:
    return index_dir / "versions"


def live_version(index_dir: Path) -> Path | None:
    """Folder of the live version, or None when nothing has been published.

    CURRENT must hold a plain version name as `publish` writes it: never a path, so a tampered
    pointer cannot make the page serve an index from outside this folder.
    """
    pointer = index_dir / CURRENT
    if not pointer.is_file():
        return None
    try:
        with pointer.open("rb") as handle:
            raw = handle.read(MAX_POINTER_BYTES + 1)
        name = raw.decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        raise IndexCorrupt(f"{pointer}: unreadable (not a version name)") from None
    if len(raw) > MAX_POINTER_BYTES or not VERSION_NAME.fullmatch(name):
        raise IndexCorrupt(f"{pointer}: does not hold a version name ({name[:40]!r})")
    folder = versions_dir(index_dir) / name
    if not folder.is_dir() or folder.is_symlink():
        raise IndexCorrupt(f"{index_dir}: CURRENT names version '{name}', which is missing")
    return folder


def require_live_version(index_dir: Path) -> Path:
    """Folder of the live version; IndexMissing when there is none."""
    folder = live_version(index_dir)
    if folder is None:
        raise IndexMissing(
            f"{index_dir}: no index here yet (build one with: python -m ingest build)"
        )
    return folder


def new_staging_dir(index_dir: Path) -> Path:
    """An empty folder for the next version; abandoned ones are removed on the next publish."""
    folder = versions_dir(index_dir) / f".staging-{uuid.uuid4().hex[:12]}"
    folder.mkdir(parents=True)
    return folder


def _data_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p != folder / MANIFEST)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(index_dir: Path, staging: Path, manifest: Manifest) -> Path:
    """Checksum, sync and rename `staging` into place, then point CURRENT at it."""
    version = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    files = {}
    for path in _data_files(staging):
        _fsync(path)
        files[path.relative_to(staging).as_posix()] = sha256_file(path)
    final_manifest = replace(manifest, version=version, files=files)
    (staging / MANIFEST).write_text(final_manifest.to_json(), encoding="utf-8")
    _fsync(staging / MANIFEST)
    for folder in {p.parent for p in _data_files(staging)} | {staging}:
        _fsync(folder)
    final = versions_dir(index_dir) / version
    os.replace(staging, final)
    _fsync(versions_dir(index_dir))
    pointer_tmp = index_dir / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
    pointer_tmp.write_text(version, encoding="utf-8")
    _fsync(pointer_tmp)
    os.replace(pointer_tmp, index_dir / CURRENT)
    _fsync(index_dir)
    _prune(index_dir, keep=final)
    return final


def _prune(index_dir: Path, keep: Path) -> None:
    """Remove abandoned staging folders and all but the newest old versions."""
    # Names start with the second they were published; two versions of one second are told
    # apart by when their folder was last written (the random suffix says nothing of order).
    folders = sorted(versions_dir(index_dir).iterdir(),
                     key=lambda p: (p.name[:15], p.stat().st_mtime_ns))
    old = [p for p in folders if p != keep and not p.name.startswith(".")]
    for folder in [p for p in folders if p.name.startswith(".staging-")]:
        shutil.rmtree(folder, ignore_errors=True)
    for folder in old[: max(0, len(old) - KEEP_OLD_VERSIONS)]:
        shutil.rmtree(folder, ignore_errors=True)
    for stray in index_dir.glob(f".{CURRENT}.*"):
        stray.unlink(missing_ok=True)


def read_manifest(version_dir: Path, verify: bool = True) -> Manifest:
    """The version's manifest; with `verify`, the version must hold exactly the files the
    manifest lists (the store included), each matching its sha256."""
    path = version_dir / MANIFEST
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_MANIFEST_BYTES + 1)
    except OSError as error:
        raise IndexCorrupt(f"{path}: manifest unreadable ({error.strerror or error})") from None
    if len(raw) > MAX_MANIFEST_BYTES:
        raise IndexCorrupt(f"{path}: manifest over {MAX_MANIFEST_BYTES} bytes")
    manifest = Manifest.parse(raw, path)
    if verify:
        verify_files(version_dir, manifest)
    return manifest


def verify_files(version_dir: Path, manifest: Manifest) -> None:
    """IndexCorrupt unless the files on disk are exactly those listed, each with its sha256."""
    on_disk = {p.relative_to(version_dir).as_posix() for p in _data_files(version_dir)}
    listed = set(manifest.files)
    for name in sorted(REQUIRED_FILES - listed):
        raise IndexCorrupt(f"{version_dir / name}: not listed in the manifest")
    for name in sorted(listed - on_disk):
        raise IndexCorrupt(f"{version_dir / name}: file listed in the manifest is missing")
    for name in sorted(on_disk - listed):
        raise IndexCorrupt(f"{version_dir / name}: file not listed in the manifest")
    for name, expected in sorted(manifest.files.items()):
        if sha256_file(version_dir / name) != expected:
            raise IndexCorrupt(
                f"{version_dir / name}: checksum mismatch (the file was altered or damaged)"
            )


@contextmanager
def writer_lock(index_dir: Path, wait: bool = True) -> Iterator[None]:
    """Serialise writers: the second waits (or, with wait=False, is refused)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / "writer.lock").open("a") as handle:
        flags = fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(handle, flags)
        except BlockingIOError as error:
            raise IndexLocked(f"{index_dir}: another process is writing this index") from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
