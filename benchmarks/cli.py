"""`python -m index bench`: measure ingest, queries, cold start, vector search at scale and the
whole query on synthetic indexes of up to a million passages, and print each figure next to the
bar it must meet (as a table, or as JSON with `--json`).

Sections run in child processes so each one's peak memory is its own. Timings on 2 cores move
with whatever else runs: the table prints the load average seen before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from statistics import median
from typing import Any

from benchmarks.load import cold_start

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("ingest", "queries", "cold", "scale")
RECORDS = ROOT.parent / "shared" / "data" / "pubmed" / "records.jsonl.gz"


def _parser() -> argparse.ArgumentParser:
    bench = argparse.ArgumentParser(prog="python -m index bench",
                                    description=" ".join(__doc__.split("\n\n")[0].split()))
    bench.add_argument("--json", action="store_true", help="print JSON")
    bench.add_argument("--only", action="append", choices=SECTIONS, help="run only this section")
    bench.add_argument("--records", type=Path, default=RECORDS, help="PubMed JSON Lines")
    bench.add_argument("--article", type=Path, default=ROOT / "corpus" / "article.txt")
    bench.add_argument("--ingest-docs", type=int, default=300, help="records ingested (300)")
    bench.add_argument("--repeat", type=int, default=3, help="runs of ingest and cold start (3)")
    bench.add_argument("--workers", type=int, help="embedding processes (default: one per core)")
    bench.add_argument("--index", type=Path, default=Path("/tmp/combined"),
                       help="article + records index; built there if missing or outdated")
    bench.add_argument("--users", type=int, default=8, help="concurrent users (8)")
    bench.add_argument("--rounds", type=int, default=3, help="passes over the questions (3)")
    bench.add_argument("--sizes", default="100000,1000000",
                       help="rows of the vector-only scale test ('none' skips it)")
    bench.add_argument("--rows", default="100000,1000000",
                       help="passages of the end-to-end scale test's synthetic indexes, built "
                            "through the writer and cached under .cache/bench (100000,1000000)")
    bench.add_argument("--scale-queries", type=int, default=120,
                       help="questions per kind of call in the end-to-end scale test (120)")
    bench.add_argument("--facts", choices=("seed", "extract"), default="seed",
                       help="study facts of the synthetic documents: copied from their seed "
                            "paper (seed), or run through the extractor (extract: hours at 1M)")
    bench.add_argument("--threads", type=int, help="OMP_NUM_THREADS of the measured processes")
    return bench


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen sections; 0 when every bar is met, 1 otherwise."""
    args = _parser().parse_args(argv)
    wanted = args.only or SECTIONS
    if args.threads:
        os.environ["OMP_NUM_THREADS"] = str(args.threads)  # inherited by every child process
    results: dict[str, Any] = {"load_before": os.getloadavg()[0], "threads": args.threads}
    if "ingest" in wanted:
        results["ingest"] = section("ingest", records=str(args.records.resolve()),
                                    docs=args.ingest_docs, repeat=args.repeat,
                                    workers=args.workers)
    index = str(args.index.resolve())
    if set(wanted) & {"queries", "cold", "scale"}:
        sources = [str(args.article.resolve()), str(args.records.resolve())]
        results["collection"] = section("build", index=index, sources=sources)
    if "queries" in wanted:
        results["queries"] = section("queries", index=index, users=args.users, rounds=args.rounds)
    if "cold" in wanted:
        results["cold_start"] = _cold(args.index, args.repeat)
    if "scale" in wanted:
        sizes = [] if args.sizes in ("", "none") else [int(s) for s in args.sizes.split(",")]
        if sizes:
            results["scale"] = section("scale", index=index, sizes=sizes)
        rows = [int(r) for r in args.rows.split(",")]
        results["end_to_end"] = end_to_end(index, rows, args.scale_queries, args.facts)
    results["load_after"] = os.getloadavg()[0]
    checks = verdicts(results)
    results["bars"] = checks
    print(json.dumps(results, indent=2) if args.json else table(results, checks))
    return 0 if all(ok for _, _, _, ok in checks) else 1


def section(name: str, **options: Any) -> dict[str, Any]:
    """One section in a child process; its last output line is its JSON result."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.sections", name, json.dumps(options)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def end_to_end(seed: str, sizes: list[int], queries: int, facts: str = "seed") -> dict[str, Any]:
    """Per size: build (or reuse) the synthetic index in one process, measure in another; the
    largest size's figures at the top (with its build's time and memory per million passages),
    every size's under `sizes`."""
    measured = []
    for rows in sizes:
        built = section("scale_build", seed=seed, rows=rows, facts=facts)
        timed = section("scale_e2e", index=built["index"], seed=seed, queries=queries)
        measured.append({**timed, "build": built, **per_million(built, timed)})
    return {**measured[-1], "sizes": measured}


def per_million(built: dict[str, Any], timed: dict[str, Any]) -> dict[str, float]:
    """Build seconds, build peak memory, disk and query peak memory per million passages."""
    scale = 1e6 / max(1, int(built["rows"]))
    return {
        "build_s_per_million_rows": round(built["build_s"] * scale, 1),
        "build_peak_mb_per_million_rows": round(built["build_peak_mb"] * scale, 1),
        "disk_mb_per_million_rows": round(built["disk_mb"] * scale, 1),
        "peak_mb_per_million_rows": round(timed["peak_mb"] * scale, 1),
    }


def _cold(index_dir: Path, runs: int) -> dict[str, Any]:
    """Median seconds over `runs` cold starts, and the largest peak memory seen."""
    samples = [cold_start(index_dir) for _ in range(runs)]
    return {"seconds": median(s["seconds"] for s in samples),
            "runs": [s["seconds"] for s in samples],
            "peak_rss_mb": max(s["peak_rss_mb"] for s in samples)}


def verdicts(results: dict[str, Any]) -> list[tuple[str, Any, str, bool]]:
    """(figure, value, bar, met) for every figure that has a bar."""
    rows: list[tuple[str, Any, str, bool]] = []
    if "ingest" in results:
        ratio, pooled = results["ingest"]["ratio"], results["ingest"]["pooled_ratio"]
        rows += [("ingest pipeline / raw encode", ratio, ">= 0.87", ratio >= 0.87),
                 ("ingest pooled / raw encode", pooled, ">= 1.4", pooled >= 1.4)]
    if "queries" in results:
        one, many = results["queries"]["one_user"], results["queries"]["concurrent"]
        rows += [("query p50 ms, 1 user", one["p50_ms"], "<= 25", one["p50_ms"] <= 25),
                 ("query p99 ms, 1 user", one["p99_ms"], "<= 60", one["p99_ms"] <= 60),
                 ("query p99 ms, 8 users", many["p99_ms"], "<= 300", many["p99_ms"] <= 300),
                 ("query errors, 8 users", many["errors"], "== 0", many["errors"] == 0)]
    if "cold_start" in results:
        seconds = results["cold_start"]["seconds"]
        rows.append(("page cold start s", seconds, "<= 5", seconds <= 5))
    for size in results.get("scale", {}).get("sizes", []):
        rows += _scale_verdicts(size)
    for size in results.get("end_to_end", {}).get("sizes", []):
        rows += _end_to_end_verdicts(size)
    return rows


def _scale_verdicts(size: dict[str, Any]) -> list[tuple[str, Any, str, bool]]:
    if size["rows"] < 1_000_000:
        return []
    approx = size["approximate"]
    return [("1M approx p50 ms", approx["p50_ms"], "<= 60", approx["p50_ms"] <= 60),
            ("1M recall@10", approx["recall_at_10"], ">= 0.95", approx["recall_at_10"] >= 0.95),
            ("1M index MB", approx["index_mb"], "<= 2048", approx["index_mb"] <= 2048)]


def _end_to_end_verdicts(size: dict[str, Any]) -> list[tuple[str, Any, str, bool]]:
    if size["rows"] < 1_000_000:
        return []
    p50, p99, peak = size["p50_ms"], size["p99_ms"], size["peak_mb"]
    return [("1M end-to-end p50 ms", p50, "<= 50", p50 <= 50),
            ("1M end-to-end p99 ms", p99, "<= 120", p99 <= 120),
            ("1M end-to-end peak MB", peak, "<= 3072", peak <= 3072)]


def table(results: dict[str, Any], checks: list[tuple[str, Any, str, bool]]) -> str:
    """The figures as aligned text: every measurement, then the bars."""
    lines = [f"load average before {results['load_before']:.2f}, after "
             f"{results['load_after']:.2f}; OMP threads {results.get('threads') or 'default'}"]
    for name, value in results.items():
        if isinstance(value, dict):
            lines += _flatten(name, value)
    lines += _scale_lines(results.get("scale", {}).get("sizes", []))
    lines += _end_to_end_lines(results.get("end_to_end", {}).get("sizes", []))
    lines.append(f"\n{'figure':32} {'value':>10}  {'bar':8} met")
    lines += [f"{n:32} {v!s:>10}  {b:8} {'yes' if ok else 'NO'}" for n, v, b, ok in checks]
    return "\n".join(lines)


def _flatten(prefix: str, value: dict[str, Any]) -> list[str]:
    lines = []
    for key, item in value.items():
        if key == "sizes" and prefix == "end_to_end":
            continue
        if isinstance(item, dict):
            lines += _flatten(f"{prefix}.{key}", item)
        elif not isinstance(item, list) or key == "runs":
            lines.append(f"{prefix + '.' + key:40} {item}")
    return lines


def _scale_lines(sizes: list[dict[str, Any]]) -> list[str]:
    lines = [f"\n{'rows':>9} {'index':14} {'p50 ms':>7} {'p99 ms':>7} {'recall@10':>9} {'MB':>7}"]
    for size in sizes:
        for kind in ("exact", "approximate"):
            s = size[kind]
            lines.append(f"{size['rows']:>9} {s['index_type']:14} {s['p50_ms']:>7} "
                         f"{s['p99_ms']:>7} {s['recall_at_10']:>9} {s['index_mb']:>7}")
    return lines if sizes else []


def _end_to_end_lines(sizes: list[dict[str, Any]]) -> list[str]:
    lines = [f"\n{'rows':>9} {'call':14} {'p50 ms':>7} {'p99 ms':>7} {'cpu p50':>7}  "
             "slowest stages (p50 ms)"]
    for size in sizes:
        for kind, figures in size["kinds"].items():
            stages = sorted(figures["stages_p50_ms"].items(), key=lambda s: -s[1])[:4]
            shown = ", ".join(f"{name} {ms}" for name, ms in stages)
            lines.append(f"{size['rows']:>9} {kind:14} {figures['p50_ms']:>7} "
                         f"{figures['p99_ms']:>7} {figures.get('cpu_p50_ms', '-'):>7}  {shown}")
        build = size["build"]
        lines.append(f"{size['rows']:>9} built in {build['build_s']} s (peak "
                     f"{build['build_peak_mb']} MB), {build['disk_mb']} MB on disk; queries peak "
                     f"{size['peak_mb']} MB")
    return lines if sizes else []
