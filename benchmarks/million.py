"""Build (once) a synthetic index of a given size through the real writer, and cache it.

The index is written by `index.writer.apply_changes` exactly as an ingest writes one (chunking,
duplicate checks, study facts, SQLite, FAISS, bm25s, checksums, publish); only the model is
replaced by injected vectors (`benchmarks.synthetic`). A million passages take well over an
hour on the shared 2 cores, so the result is kept under `.cache/bench/` keyed by its size and
the generator's version, with the build's own figures beside it, and reused by later runs.
"""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path
from typing import Any

from benchmarks.synthetic import SyntheticCorpus, SyntheticEmbedder, load_seed
from core.errors import KlsError
from documents.chunking import PassageLimits
from index import layout
from index.writer import apply_changes

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "bench"
GENERATOR = 1  # bump when the synthetic documents change, so cached indexes are rebuilt
PASSAGES_PER_DOCUMENT = 3.10  # what chunking makes of the synthetic documents, measured
BUILD_FILE = "build.json"


def cache_dir(rows: int) -> Path:
    return CACHE / f"scale-{rows}-g{GENERATOR}"


def cached(folder: Path) -> dict[str, Any] | None:
    """The figures of a finished build in `folder`, or None when it must be built."""
    try:
        layout.require_live_version(folder)
        figures: dict[str, Any] = json.loads((folder / BUILD_FILE).read_text(encoding="utf-8"))
        return figures
    except (OSError, ValueError, KlsError):  # missing or half written: build again
        return None


def ensure_built(seed_index: Path, rows: int, folder: Path | None = None) -> dict[str, Any]:
    """The cached build of about `rows` passages, built first when missing."""
    folder = folder or cache_dir(rows)
    found = cached(folder)
    if found is not None:
        return {**found, "reused": True}
    figures = build(seed_index, rows, folder)
    (folder / BUILD_FILE).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return {**figures, "reused": False}


def build(seed_index: Path, rows: int, folder: Path) -> dict[str, Any]:
    """Write a new index of about `rows` synthetic passages into `folder` (any old one goes)."""
    seed_live = layout.require_live_version(seed_index)
    model = layout.read_manifest(seed_live, verify=False).model
    seed = load_seed(seed_index)
    documents = max(1, round(rows / PASSAGES_PER_DOCUMENT))
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    report = apply_changes(
        folder, SyntheticEmbedder(seed, model), add=SyntheticCorpus(seed, documents),
        reset=True, limits=PassageLimits(max_passages_per_add=10 * rows + 1_000),
    )
    seconds = time.perf_counter() - started
    live = layout.require_live_version(folder)
    return {
        "index": str(folder), "rows": report.chunks, "documents": report.documents,
        "build_s": round(seconds, 1), "disk_mb": round(disk_bytes(live) / 2**20, 1),
        "build_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_before": load_before, "load_after": os.getloadavg()[0],
        "index_type": layout.read_manifest(live, verify=False).index_type,
    }


def disk_bytes(folder: Path) -> int:
    """Bytes of every file of an index version."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
