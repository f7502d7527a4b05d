"""Per-sentence vectors of an index's documents, for the sentence-level dense prototype.

    python -m evaluation.sentence_vectors INDEX_DIR OUT_DIR [DOC_IDS_FILE]

LitSense ranks by a passage's best sentence as well as by the passage: a question that
paraphrases one sentence of a long paragraph is closer to that sentence than to the
paragraph's average. The index stores one vector per passage only, so this builds the rest
from the store (every document split into sentences, each embedded alone) and keeps it as
`.npy` files (no pickle): `vectors.npy` (float16), `doc.npy`, `start.npy`, `end.npy`, and
`row_start.npy` / `row_sentences.npy`, the sentences overlapping each passage row (CSR).
Embedding runs in resumable parts of `PART` sentences.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

import numpy as np

from documents.sentences import sentence_spans
from index import layout
from index.embed import SentenceTransformerEmbedder

PART = 4_096


def split_documents(conn: sqlite3.Connection, only: set[str] | None = None
                    ) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """(texts, doc numbers, starts, ends, doc ids) of every sentence of every document (of
    `only` those documents when given: the others get no sentences)."""
    doc_ids: list[str] = []
    texts: list[str] = []
    docs, starts, ends = [], [], []
    for number, (doc_id, text) in enumerate(conn.execute("SELECT doc_id, text FROM documents")):
        doc_ids.append(doc_id)
        if only is not None and doc_id not in only:
            continue
        for start, end in sentence_spans(text):
            texts.append(text[start:end])
            docs.append(number)
            starts.append(start)
            ends.append(end)
    return texts, np.array(docs), np.array(starts), np.array(ends), doc_ids


def row_map(conn: sqlite3.Connection, doc_ids: list[str], docs: np.ndarray, starts: np.ndarray,
            ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CSR: for passage row r, sentences row_sentences[row_start[r]:row_start[r + 1]]."""
    number = {d: i for i, d in enumerate(doc_ids)}
    first = np.searchsorted(docs, np.arange(len(doc_ids)))
    last = np.searchsorted(docs, np.arange(len(doc_ids)), side="right")
    rows = conn.execute("SELECT row, doc_id, start, end FROM chunks ORDER BY row").fetchall()
    size = rows[-1][0] + 1 if rows else 0
    members: list[list[int]] = [[] for _ in range(size)]
    for row, doc_id, start, end in rows:
        d = number[doc_id]
        ids = np.arange(first[d], last[d])
        members[row] = [int(i) for i in ids if starts[i] < end and start < ends[i]]
    row_start = np.cumsum([0] + [len(m) for m in members])
    flat = np.array([i for m in members for i in m], dtype=np.int64)
    return row_start.astype(np.int64), flat


def build(index_dir: Path, out: Path, only: set[str] | None = None) -> None:
    version = layout.require_live_version(index_dir)
    conn = sqlite3.connect(f"file:{version / layout.STORE_FILE}?mode=ro", uri=True)
    texts, docs, starts, ends, doc_ids = split_documents(conn, only)
    out.mkdir(parents=True, exist_ok=True)
    row_start, flat = row_map(conn, doc_ids, docs, starts, ends)
    for name, array in (("doc", docs), ("start", starts), ("end", ends),
                        ("row_start", row_start), ("row_sentences", flat)):
        np.save(out / f"{name}.npy", array, allow_pickle=False)
    print(f"{len(texts):,} sentences in {len(doc_ids):,} documents", file=sys.stderr)
    _embed_parts(texts, out)


def _embed_parts(texts: list[str], out: Path) -> None:
    model = SentenceTransformerEmbedder(threads=2)
    parts = range(0, len(texts), PART)
    started = time.perf_counter()
    for i, at in enumerate(parts):
        path = out / f"part-{i:05d}.npy"
        if not path.is_file():
            vectors = model.embed(texts[at : at + PART]).astype(np.float16)
            np.save(path, vectors, allow_pickle=False)
            rate = (at + PART) / (time.perf_counter() - started)
            print(f"part {i + 1}/{len(parts)} ({rate:.0f} sentences/s)", file=sys.stderr)
    matrix = np.concatenate([np.load(out / f"part-{i:05d}.npy") for i in range(len(parts))])
    np.save(out / "vectors.npy", matrix, allow_pickle=False)


if __name__ == "__main__":
    wanted = set(Path(sys.argv[3]).read_text().split()) if len(sys.argv) > 3 else None
    build(Path(sys.argv[1]), Path(sys.argv[2]), wanted)
