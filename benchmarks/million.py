"""Build (once) a synthetic index of a given size through the real writer, and cache it.

The index is written by `index.writer.apply_changes` exactly as an ingest writes one (chunking,
duplicate checks, SQLite, FAISS, bm25s, checksums, publish); two things are injected instead
of computed: the model's vectors (`benchmarks.synthetic`), and by default each document's study
facts, copied from the real paper whose title and publication types it carries (`facts="seed"`).
The facts extractor takes 10-60 ms a document on the shared 2 cores, several hours per million
passages, and is an ingest cost measured elsewhere; the queries read only its stored columns.
`facts="extract"` runs it. A million passages still took 24 minutes (load 5-9), so the
result is kept under `.cache/bench/` keyed by its size, the facts choice and the generator's
version, with the build's own figures beside it, and reused by later runs.
"""

from __future__ import annotations

import json
import os
import resource
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.synthetic import SyntheticCorpus, SyntheticEmbedder, load_seed
from core.errors import KlsError
from documents.chunking import PassageLimits
from documents.facts import StudyFacts
from index import facts_column, layout, store
from index.writer import apply_changes

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "bench"
GENERATOR = 2  # bump when the synthetic documents change, so cached indexes are rebuilt
PASSAGES_PER_DOCUMENT = 3.10  # what chunking makes of the synthetic documents, measured
BUILD_FILE = "build.json"


FACTS = ("seed", "extract")


def cache_dir(rows: int, facts: str = "seed") -> Path:
    return CACHE / f"scale-{rows}-{facts}-g{GENERATOR}"


def cached(folder: Path) -> dict[str, Any] | None:
    """The figures of a finished build in `folder`, or None when it must be built."""
    try:
        layout.require_live_version(folder)
        figures: dict[str, Any] = json.loads((folder / BUILD_FILE).read_text(encoding="utf-8"))
        return figures
    except (OSError, ValueError, KlsError):  # missing or half written: build again
        return None


def ensure_built(
    seed_index: Path, rows: int, folder: Path | None = None, facts: str = "seed"
) -> dict[str, Any]:
    """The cached build of about `rows` passages, built first when missing."""
    folder = folder or cache_dir(rows, facts)
    found = cached(folder)
    if found is not None:
        return {**found, "reused": True}
    figures = build(seed_index, rows, folder, facts)
    (folder / BUILD_FILE).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return {**figures, "reused": False}


def build(seed_index: Path, rows: int, folder: Path, facts: str = "seed") -> dict[str, Any]:
    """Write a new index of about `rows` synthetic passages into `folder` (any old one goes)."""
    if facts not in FACTS:
        raise ValueError(f"facts={facts!r}: choose one of {', '.join(FACTS)}")
    seed_live = layout.require_live_version(seed_index)
    model = layout.read_manifest(seed_live, verify=False).model
    seed = load_seed(seed_index)
    documents = max(1, round(rows / PASSAGES_PER_DOCUMENT))
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    with seed_facts(seed_live) if facts == "seed" else _nothing():
        report = apply_changes(
            folder, SyntheticEmbedder(seed, model), add=SyntheticCorpus(seed, documents),
            reset=True, limits=PassageLimits(max_passages_per_add=10 * rows + 1_000),
        )
    seconds = time.perf_counter() - started
    live = layout.require_live_version(folder)
    return {
        "index": str(folder), "rows": report.chunks, "documents": report.documents,
        "build_s": round(seconds, 1), "build_s_per_million_rows":
            round(seconds * 1e6 / max(1, report.chunks), 1),
        "disk_mb": round(disk_bytes(live) / 2**20, 1),
        "build_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_before": load_before, "load_after": os.getloadavg()[0],
        "index_type": layout.read_manifest(live, verify=False).index_type,
        "facts": "copied from the seed paper" if facts == "seed" else "extracted",
    }


@contextmanager
def seed_facts(seed_live: Path) -> Iterator[None]:
    """While building: each document's study facts are those stored for the real paper whose
    title it carries (`SyntheticCorpus` keeps the title and publication types), so the design
    column and its filters have the real distribution without running the extractor."""
    conn = store.connect(seed_live / layout.STORE_FILE, readonly=True)
    try:
        papers = store.paper_records(conn, list(store.titles(conn)))
    finally:
        conn.close()
    by_title: dict[str, StudyFacts | None] = {}
    for record in sorted(papers.values(), key=lambda r: r["doc_id"]):
        by_title.setdefault(record["title"], facts_column.from_column(record["facts"]))
    original = facts_column.compute

    def copied(title: str, text: str, source: str, publication_types: Sequence[str],
               mesh_terms: Sequence[str]) -> StudyFacts | None:
        if title in by_title:
            return by_title[title]
        return original(title, text, source, publication_types, mesh_terms)

    facts_column.compute = copied
    try:
        yield
    finally:
        facts_column.compute = original


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def disk_bytes(folder: Path) -> int:
    """Bytes of every file of an index version."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
