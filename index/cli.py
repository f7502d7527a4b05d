"""`python -m index search|verify|eval`: the search facade from a terminal.

`search --json` prints a JSON array of hits, best first; with `--queries FILE` it prints one JSON
object a line, `{"query", "took_ms", "hits"}`. Exit status: 0 on success, 1 when some query of a
batch failed, 2 when nothing could be searched (no index, broken index, bad arguments).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from core.errors import BadQuery, KlsError
from core.settings import from_env
from documents.records import SOURCES
from index.config import IndexConfig
from index.embed import Embedder, SentenceTransformerEmbedder
from index.hit import Hit
from index.layout import read_manifest, require_live_version
from index.search import MODES, Filters, RankingConfig, SearchIndex


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m index",
        description=__doc__.splitlines()[0],
        epilog="also: eval (ranking quality) and bench (speed and memory); see README",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    search = commands.add_parser("search", help="search the index")
    search.add_argument("query", nargs="?", help="the question or terms")
    search.add_argument("--queries", type=Path, help="file with one query a line (JSON Lines out)")
    search.add_argument("-k", type=int, help="number of passages (default 10)")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--mode", choices=MODES, help="ranking (default hybrid)")
    search.add_argument("--source", action="append", choices=SOURCES, help="only this source")
    search.add_argument("--year-min", type=int)
    search.add_argument("--year-max", type=int)
    verify = commands.add_parser("verify", help="check every index file against its checksum")
    for sub in (search, verify):
        sub.add_argument("--index", type=Path, help="index folder (default: index_data/)")
    return parser


def main(
    argv: Sequence[str] | None = None,
    embedder_factory: Callable[[], Embedder] | None = None,
) -> int:
    """Run one command; `embedder_factory` lets tests use a fast fake model (default: the real
    model with the serving thread count)."""
    args = _parser().parse_args(argv)
    try:
        config = from_env(IndexConfig, os.environ, index_dir=args.index)
        if args.command == "verify":
            return _verify(config.index_dir)
        return _search(args, config, embedder_factory)
    except KlsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _verify(index_dir: Path) -> int:
    manifest = read_manifest(require_live_version(index_dir), verify=True)
    print(
        f"ok: version {manifest.version}, {manifest.documents} documents, "
        f"{manifest.chunks} passages, model {manifest.model}, "
        f"{len(manifest.files)} files verified"
    )
    return 0


def _search(
    args: argparse.Namespace, config: IndexConfig, embedder_factory: Callable[[], Embedder] | None
) -> int:
    if (args.query is None) == (args.queries is None):
        raise BadQuery("give either a QUERY or --queries FILE")
    queries = [args.query] if args.queries is None else _read_queries(args.queries)
    require_live_version(config.index_dir)  # fail fast, before the model loads
    embedder = (
        embedder_factory()
        if embedder_factory
        else SentenceTransformerEmbedder(threads=config.query_threads)
    )
    index = SearchIndex.open(config.index_dir, embedder)
    filters = Filters(tuple(args.source or ()), args.year_min, args.year_max)
    ranking = from_env(RankingConfig, os.environ, mode=args.mode)
    k = args.k or config.top_k
    failures = 0
    for query in queries:
        started = time.perf_counter()
        try:
            hits = index.search(query, k, filters, ranking)
        except BadQuery as error:
            print(f"error: query {query!r}: {error}", file=sys.stderr)
            failures += 1
            continue
        took_ms = (time.perf_counter() - started) * 1000
        _print_hits(query, hits, took_ms, args.json, batch=args.queries is not None)
    return (2 if failures == len(queries) else 1) if failures else 0


def _read_queries(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise BadQuery(f"{path}: cannot read queries ({error.strerror or error})") from error
    queries = [line.strip() for line in lines if line.strip()]
    if not queries:
        raise BadQuery(f"{path}: no queries in file")
    return queries


def _print_hits(query: str, hits: list[Hit], took_ms: float, as_json: bool, batch: bool) -> None:
    records = [hit.to_json() for hit in hits]
    if batch and as_json:
        print(json.dumps({"query": query, "took_ms": round(took_ms, 2), "hits": records}))
    elif as_json:
        print(json.dumps(records, indent=2))
    else:
        print(f"{query!r}: {len(hits)} passages in {took_ms:.0f} ms")
        for hit in hits:
            cite = ", ".join(
                str(x)
                for x in (
                    hit.year,
                    f"PMID {hit.pmid}" if hit.pmid else None,
                    f"p. {hit.page}" if hit.page else None,
                )
                if x
            )
            where = f"{hit.source}, {cite}" if cite else hit.source
            print(f"{hit.rank:>3}. [{hit.score:.3f}] {hit.title} ({where})")
            print(f"     {hit.text[:240].replace(chr(10), ' ')}")
