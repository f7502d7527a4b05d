"""Connecting to Milvus, and which collection serves a version (`milvus.json` in its folder).

A version's collection is named before the version is published and recorded in `milvus.json`
inside the version folder, so the manifest lists it with a sha256 like every other file and a
reader opens exactly the collection built from the store it reads. `kls_live` (an alias) follows
the live version for anyone who reads Milvus without a version folder.

milvus-lite (a URI ending in `.db`, a folder) runs inside the process that opens it and locks it:
one process at a time. Engine errors become our own one-line errors here.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from pymilvus import MilvusClient, MilvusException

from core.errors import IndexCorrupt, IndexLocked, IndexMissing, SearchIndexError

VERSION_FILE = "milvus.json"
LIVE_ALIAS = "kls_live"
PREFIX = "kls_v"
COLLECTION_NAME = re.compile(r"kls_v[0-9a-f]{16}")
MAX_VERSION_BYTES = 4096


@dataclass(frozen=True)
class MilvusVersion:
    """The collection holding one version's passages, their count and vector dimension."""

    collection: str
    rows: int
    dimension: int


def new_collection_name() -> str:
    return f"{PREFIX}{uuid.uuid4().hex[:16]}"


def write_version(folder: Path, version: MilvusVersion) -> None:
    (folder / VERSION_FILE).write_text(json.dumps(asdict(version)), encoding="utf-8")


def read_version(folder: Path) -> MilvusVersion | None:
    """The version's collection, or None for a version built without Milvus. The file is
    checked like the manifest: a tampered one is refused, never passed on to the engine."""
    path = folder / VERSION_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_bytes()[:MAX_VERSION_BYTES].decode("utf-8"))
        version = MilvusVersion(data["collection"], data["rows"], data["dimension"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexCorrupt(f"{path}: unreadable ({error})") from None
    if not (COLLECTION_NAME.fullmatch(str(version.collection))
            and isinstance(version.rows, int) and isinstance(version.dimension, int)):
        raise IndexCorrupt(f"{path}: does not name a collection with its rows and dimension")
    return version


def is_lite(uri: str) -> bool:
    return uri.endswith(".db")


def connect(uri: str) -> MilvusClient:
    """A client for `uri`; a milvus-lite folder's parent is created first."""
    if is_lite(uri):
        Path(uri).parent.mkdir(parents=True, exist_ok=True)
    try:
        return MilvusClient(uri=uri)
    except MilvusException as error:
        if is_lite(uri) and _locked_elsewhere(Path(uri)):
            raise IndexLocked(
                f"{uri}: milvus-lite file open in another process (milvus-lite serves one "
                "process at a time; use a Milvus server to search and write at once)"
            ) from None
        raise SearchIndexError(f"Milvus at {uri}: cannot connect ({error.message})") from None


@contextmanager
def engine_errors(uri: str, doing: str) -> Iterator[None]:
    """An engine error (server gone, refused call) as our one-line SearchIndexError."""
    try:
        yield
    except MilvusException as error:
        raise SearchIndexError(f"Milvus at {uri}: {doing} failed ({error.message})") from None


def _locked_elsewhere(folder: Path) -> bool:
    """Whether another process holds milvus-lite's lock on `folder`."""
    lock = folder / "LOCK"
    if not lock.is_file():
        return False
    fd = os.open(lock, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def require_collection(client: MilvusClient, version: MilvusVersion, uri: str) -> None:
    """IndexMissing unless the collection exists and holds the version's rows."""
    if not client.has_collection(version.collection):
        raise IndexMissing(
            f"Milvus at {uri}: collection {version.collection} is missing; publish a new "
            "version with KLS_BACKEND=milvus (python -m ingest rebuild)"
        )
    client.load_collection(version.collection)
    found = client.query(version.collection, filter="", output_fields=["count(*)"])
    if int(found[0]["count(*)"]) != version.rows:
        raise IndexCorrupt(
            f"Milvus at {uri}: collection {version.collection} holds {found[0]['count(*)']} "
            f"passages, its version {version.rows}; publish a new version"
        )


def release(uri: str) -> None:
    """Stop this process's milvus-lite engine for `uri`, so another process may open it."""
    if is_lite(uri):
        from milvus_lite.server_manager import server_manager_instance

        server_manager_instance.release_server(uri)
