"""Smoke test of the end-to-end scale benchmark on a tiny collection with the fake embedder: a
synthetic index is built through the writer (facts copied from the seed or extracted), cached,
measured through the facade, and its figures reach the JSON and the table. No timing is
asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import HashingEmbedder

from benchmarks import cli as bench_cli
from benchmarks import end_to_end, million
from index import layout, store
from index.search import SearchIndex
from index.writer import apply_changes
from ingest.pipeline import load_files


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seed")
    records = folder / "records.jsonl"
    lines = [
        {"pmid": str(1000 + i), "title": f"Ketamine trial {i} in depression", "year": 2000 + i,
         "authors": [f"Author {i}"], "publication_types": ["Randomized Controlled Trial"],
         "abstract": f"Ketamine reduced depression scores in study {i}. "
                     f"A randomized trial of {20 + i} patients found rapid effects. " * 8}
        for i in range(8)
    ]
    records.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    batch = load_files([records])
    apply_changes(folder / "index", HashingEmbedder(), add=batch.documents)
    return folder / "index"


@pytest.mark.parametrize("facts", million.FACTS)
def test_build_measure_and_report(seed: Path, tmp_path: Path, facts: str) -> None:
    folder = tmp_path / "scale"
    built = million.ensure_built(seed, 60, folder, facts)
    assert not built["reused"] and built["rows"] >= 30 and built["build_s"] >= 0
    assert million.ensure_built(seed, 60, folder, facts)["reused"]
    timed = end_to_end.measure(folder, seed, HashingEmbedder, 3)
    assert timed["rows"] == built["rows"] and timed["queries"] == 3
    assert set(timed["kinds"]) == set(end_to_end.KINDS)
    for key in ("p50_ms", "p99_ms", "cpu_p50_ms", "peak_mb"):
        assert timed[key] >= 0
    assert "filter" in timed["kinds"]["passages_year"]["stages_p50_ms"]
    figures = {**timed, "build": built, **bench_cli.per_million(built, timed)}
    results = {"load_before": 1.0, "load_after": 1.0,
               "end_to_end": {**figures, "sizes": [figures]}}
    assert "built in" in bench_cli.table(results, bench_cli.verdicts(results))


def test_copied_facts_are_the_seed_papers(seed: Path, tmp_path: Path) -> None:
    """Each synthetic document's design is its seed paper's, as the extractor would say for
    the same title and publication types; the facts extractor is back in place afterwards."""
    from index import facts_column

    original = facts_column.compute
    million.ensure_built(seed, 40, tmp_path / "copied", "seed")
    assert facts_column.compute is original
    live = layout.require_live_version(tmp_path / "copied")
    conn = store.connect(live / layout.STORE_FILE, readonly=True)
    try:
        designs = {d.design for d in store.stored_documents(conn)}
    finally:
        conn.close()
    assert designs == {"rct"}
    index = SearchIndex.open(tmp_path / "copied", HashingEmbedder())
    try:
        assert index.search("ketamine", 3)
    finally:
        index.close()
