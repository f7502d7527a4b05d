"""Where the Milvus backend plugs into the facade and the writer: three calls, each a no-op
(or the local retriever) unless `KLS_BACKEND=milvus`.

pymilvus is imported only on the Milvus path, so the default install (requirements.txt, no
pymilvus) never needs it. Settings are read from the environment when not passed, because the
facade and the writer are reached from many entry points that do not carry a BackendConfig.
"""

from __future__ import annotations

import os
from pathlib import Path

from index.backend_config import BackendConfig, backend_config
from index.local_retriever import LocalRetriever
from index.retriever import Retriever


def open_retriever(version_dir: Path, config: BackendConfig | None = None) -> Retriever:
    """The retriever for a version the facade opens: FAISS + bm25s files, or its collection."""
    config = config or backend_config(os.environ)
    if not config.milvus:
        return LocalRetriever(version_dir)
    from index.milvus_retriever import MilvusRetriever

    return MilvusRetriever.open(version_dir, config.milvus_uri)


def before_publish(staging: Path, config: BackendConfig | None = None) -> None:
    """Push the built version to a new collection before it can become live (a failure here
    publishes nothing; the collection left behind is dropped by a later publish)."""
    config = config or backend_config(os.environ)
    if config.milvus:
        from index import milvus_connect, milvus_publish

        uri = config.milvus_uri
        client = milvus_connect.connect(uri)
        try:
            with milvus_connect.engine_errors(uri, "pushing the new version"):
                milvus_publish.push(client, staging, milvus_connect.is_lite(uri))
        finally:
            client.close()


def after_publish(index_dir: Path, config: BackendConfig | None = None) -> None:
    """Move the `kls_live` alias to the live version's collection and drop unused ones."""
    config = config or backend_config(os.environ)
    if config.milvus:
        from index import milvus_connect, milvus_publish

        client = milvus_connect.connect(config.milvus_uri)
        try:
            with milvus_connect.engine_errors(config.milvus_uri, "moving kls_live (the new "
                                              "version is live; run the change again)"):
                milvus_publish.go_live(client, index_dir)
        finally:
            client.close()
