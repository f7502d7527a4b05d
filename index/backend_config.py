"""Where a version's passage vectors and term statistics are served from.

`local` (the default) reads FAISS and bm25s files from the version folder. `milvus` also pushes
every new version to Milvus as one collection and answers both channels from it; the version
folder (store, manifest) stays the source of truth for text and citations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.errors import ConfigError
from core.settings import from_env

BACKENDS = ("local", "milvus")
SERVER_SCHEMES = ("http://", "https://", "tcp://", "unix:")


@dataclass(frozen=True)
class BackendConfig:
    """`backend`: `local` or `milvus`; `milvus_uri`: a milvus-lite file (a path ending in
    `.db`) or a server address (`http://host:19530`), needed when `backend` is `milvus`."""

    backend: str = "local"
    milvus_uri: str = ""

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ConfigError(f"KLS_BACKEND={self.backend!r}: choose one of {', '.join(BACKENDS)}")
        if self.backend == "milvus" and not self.milvus_uri.strip():
            raise ConfigError("KLS_BACKEND=milvus needs KLS_MILVUS_URI (a .db file or a server)")
        uri = self.milvus_uri.strip()
        if uri and not (uri.endswith(".db") or uri.startswith(SERVER_SCHEMES)):
            raise ConfigError(
                f"KLS_MILVUS_URI={uri[:80]!r}: expected a milvus-lite file ending in .db or "
                "a server address such as http://host:19530"
            )

    @property
    def milvus(self) -> bool:
        return self.backend == "milvus"


def backend_config(environ: Mapping[str, str]) -> BackendConfig:
    """The backend settings from `KLS_BACKEND` and `KLS_MILVUS_URI`."""
    return from_env(BackendConfig, environ)
