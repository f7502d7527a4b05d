"""Push a built version to Milvus as a new collection, then make it live with an alias switch.

Order of a publish with the Milvus backend (`index.milvus_hooks`):
1. `push(staging)`: a new collection (one per version) gets every passage row: dense vector,
   BM25 sparse vector (`index.milvus_bm25`) and the filter fields; `milvus.json` naming it is
   written into the staging folder, so the manifest checksums it.
2. `layout.publish` renames the folder and replaces CURRENT: from here readers open the new
   store and, through `milvus.json`, its collection.
3. `go_live`: the `kls_live` alias moves to the new collection (one atomic call in Milvus),
   and collections no version folder names any more (pruned versions, killed writers) are
   dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from pymilvus import DataType, MilvusClient

from index import facts_column, layout, store, vectors
from index.milvus_bm25 import passage_vectors
from index.milvus_connect import (
    LIVE_ALIAS,
    PREFIX,
    MilvusVersion,
    new_collection_name,
    read_version,
    write_version,
)

BATCH = 1_000
MAX_ID_CHARS = 1_024
MAX_STUDY_TYPES = 16


def push(client: MilvusClient, folder: Path, lite: bool = False) -> MilvusVersion:
    """Copy the version in `folder` into a new collection and record it in `milvus.json`.
    milvus-lite builds indexes at once and lacks the call a waiting `create_index` makes."""
    index = vectors.read(folder / layout.VECTORS_FILE)
    version = MilvusVersion(new_collection_name(), int(index.ntotal), int(index.d))
    client.create_collection(version.collection, schema=_schema(version.dimension))
    client.create_index(version.collection, _index_params(client), sync=not lite)
    for batch in _entities(folder, index, version.rows):
        client.insert(version.collection, batch)
    client.flush(version.collection)
    client.load_collection(version.collection)
    write_version(folder, version)
    return version


def go_live(client: MilvusClient, index_dir: Path) -> None:
    """Point `kls_live` at the live version's collection; drop collections no version uses."""
    live = layout.live_version(index_dir)
    version = read_version(live) if live else None
    if version is None:
        return
    _point_alias(client, version.collection)
    used = {v.collection for v in map(read_version, _version_folders(index_dir)) if v}
    for name in client.list_collections():
        if name.startswith(PREFIX) and name not in used:
            client.drop_collection(name)


def _point_alias(client: MilvusClient, collection: str) -> None:
    """Alter the alias when it exists (one atomic switch), create it on the first publish."""
    found: Any = client.list_aliases()
    names = found.get("aliases", []) if isinstance(found, dict) else found
    if LIVE_ALIAS in names:
        client.alter_alias(collection, LIVE_ALIAS)
    else:
        client.create_alias(collection, LIVE_ALIAS)


def _version_folders(index_dir: Path) -> list[Path]:
    folders = layout.versions_dir(index_dir)
    return [p for p in folders.iterdir() if p.is_dir() and not p.name.startswith(".")]


def _schema(dimension: int) -> Any:
    schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("row", DataType.INT64, is_primary=True)
    schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dimension)
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("doc_id", DataType.VARCHAR, max_length=MAX_ID_CHARS)
    schema.add_field("source", DataType.VARCHAR, max_length=64)
    schema.add_field("year", DataType.INT64, nullable=True)
    schema.add_field("study_types", DataType.ARRAY, element_type=DataType.VARCHAR,
                     max_capacity=MAX_STUDY_TYPES, max_length=64)
    schema.add_field("design", DataType.VARCHAR, max_length=64, nullable=True)
    return schema


def _index_params(client: MilvusClient) -> Any:
    """Exact search in both channels: FLAT inner product, sparse inner product."""
    params = client.prepare_index_params()
    params.add_index("dense", index_type="FLAT", metric_type="IP")
    params.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    return params


def _entities(folder: Path, index: Any, rows: int) -> Iterator[list[dict[str, Any]]]:
    """Passage rows in batches: vectors from FAISS, BM25 from bm25s, fields from the store."""
    conn = store.connect(folder / layout.STORE_FILE, readonly=True)
    try:
        doc_of = dict(store.row_documents(conn)[0])
        records = store.paper_records(conn, sorted(set(doc_of.values())))
    finally:
        conn.close()
    sparse = passage_vectors(folder / layout.LEXICAL_DIR, rows, BATCH)
    for first, terms in zip(range(0, rows, BATCH), sparse, strict=True):
        batch = np.arange(first, min(first + BATCH, rows), dtype=np.int64)
        dense = vectors.vectors_at(index, batch)
        yield [
            {"row": int(row), "dense": dense[i].tolist(), "sparse": terms[i],
             **_fields(records[doc_of[int(row)]])}
            for i, row in enumerate(batch)
        ]


def _fields(record: Any) -> dict[str, Any]:
    """The document fields the filters use, as the store holds them."""
    columns = record.keys()  # a sqlite3.Row: `in` alone would test its values
    facts = facts_column.from_column(record["facts"]) if "facts" in columns else None
    return {
        "doc_id": record["doc_id"], "source": record["source"], "year": record["year"],
        "study_types": json.loads(record["study_types"])[:MAX_STUDY_TYPES],
        "design": facts.design if facts is not None else None,
    }
