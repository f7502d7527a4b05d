"""Smoke test of the benchmark code on a tiny collection with the fake embedder: every section
produces its figures and the table renders. No timing is asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import HashingEmbedder

from benchmarks import cli as bench_cli
from benchmarks import load as bench_load
from benchmarks import sections as bench


@pytest.fixture
def records(tmp_path: Path) -> Path:
    path = tmp_path / "records.jsonl"
    lines = [
        {"pmid": str(1000 + i), "title": f"Ketamine trial {i}", "year": 2010 + i,
         "abstract": f"Ketamine reduced depression scores in study {i}. " * 30}
        for i in range(6)
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_ingest_section(records: Path) -> None:
    result = bench.run_section("ingest", {"records": str(records), "docs": 4, "repeat": 1},
                               HashingEmbedder)
    assert result["chunks"] >= 4
    assert result["pipeline_chunks_per_s"] > 0 and result["encode_chunks_per_s"] > 0
    assert result["peak_rss_mb"] > 0


def test_query_and_scale_sections(tmp_path: Path, records: Path) -> None:
    index = tmp_path / "index"
    assert bench_load.ensure_combined(index, [str(records)], HashingEmbedder)["rebuilt"]
    assert not bench_load.ensure_combined(index, [str(records)], HashingEmbedder)["rebuilt"]
    queries = bench_load.queries(index, users=3, rounds=1, factory=HashingEmbedder)
    assert queries["concurrent"]["errors"] == 0 and queries["one_user"]["errors"] == 0
    assert queries["concurrent"]["queries"] == 3 * queries["one_user"]["queries"]
    scale = bench.scale(index, [400], HashingEmbedder)
    size = scale["sizes"][0]
    assert size["exact"]["recall_at_10"] == 1.0
    assert 0 <= size["approximate"]["recall_at_10"] <= 1
    assert size["approximate"]["index_type"].startswith("ivf")
    results = {"load_before": 1.0, "load_after": 1.0, "queries": queries, "scale": scale}
    checks = bench_cli.verdicts(results)
    assert [name for name, *_ in checks][:2] == ["query p50 ms, 1 user", "query p99 ms, 1 user"]
    assert "recall@10" in bench_cli.table(results, checks)
