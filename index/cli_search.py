"""What `python -m index search` runs for each query: passages or papers, one page, sorted.

The passage view keeps `SearchIndex.search` as it is (scripts and the evaluation rank through
it) and adds what a terminal user types: `author:NAME` filters, a PMID or DOI opens that paper
(its opening passage), `--page` and `--sort`. Date order of passages reorders the
`DATE_POOL` most relevant ones, so every page of it comes from the same list.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from core.errors import BadQuery
from core.settings import from_env
from index.cli_output import Answer, print_answer
from index.config import IndexConfig
from index.embed import Embedder, SentenceTransformerEmbedder
from index.hit import Hit
from index.layout import require_live_version
from index.query_parse import parse_query
from index.search import Filters, RankingConfig, SearchIndex, clean_query

DATE_POOL = 100
MAX_QUERY_FILE_BYTES = 10_000_000


def run_queries(
    args: argparse.Namespace, config: IndexConfig, embedder_factory: Callable[[], Embedder] | None
) -> int:
    """Search every query and print each answer; the exit status of the batch."""
    if (args.query is None) == (args.queries is None):
        raise BadQuery("give either a QUERY or --queries FILE")
    queries = [args.query] if args.queries is None else read_queries(args.queries)
    require_live_version(config.index_dir)  # fail fast, before the model loads
    embedder = (
        embedder_factory()
        if embedder_factory
        else SentenceTransformerEmbedder(threads=config.query_threads)
    )
    index = SearchIndex.open(config.index_dir, embedder)
    filters = Filters(tuple(args.source or ()), args.year_min, args.year_max, author=args.author,
                      designs=tuple(args.design or ()), human_only=args.human)
    ranking = from_env(RankingConfig, os.environ, mode=args.mode)
    failures = 0
    for query in queries:
        started = time.perf_counter()
        try:
            answer = _answer(index, query, args, filters, ranking)
        except BadQuery as error:
            print(f"error: query {query!r}: {error}", file=sys.stderr)
            failures += 1
            continue
        took_ms = (time.perf_counter() - started) * 1000
        print_answer(query, answer, took_ms, args, batch=args.queries is not None)
    return (2 if failures == len(queries) else 1) if failures else 0


def read_queries(path: Path) -> list[str]:
    """Non-empty lines of a UTF-8 file; anything else is one line of error."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_QUERY_FILE_BYTES + 1)
    except OSError as error:
        raise BadQuery(f"{path}: cannot read queries ({error.strerror or error})") from error
    if len(raw) > MAX_QUERY_FILE_BYTES:
        raise BadQuery(f"{path}: over {MAX_QUERY_FILE_BYTES:,} bytes of queries")
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise BadQuery(f"{path}: not UTF-8 text (byte {error.start})") from None
    queries = [line.strip() for line in lines if line.strip()]
    if not queries:
        raise BadQuery(f"{path}: no queries in file")
    return queries


def _answer(
    index: SearchIndex, query: str, args: argparse.Namespace, filters: Filters,
    ranking: RankingConfig,
) -> Answer:
    """Papers (with `--papers`) or passages, with the paper view's total and notice."""
    results = index.search_papers(query, args.page, args.k, filters, args.sort, ranking)
    if args.papers:
        return Answer(results, None)
    parsed = parse_query(clean_query(query))
    if results.lookup or not parsed.text:  # a paper by identifier, or an author's papers
        first = (args.page - 1) * args.k + 1
        opening = [hit for paper in results.papers for hit in paper.passages]
        return Answer(results, [replace(h, rank=i) for i, h in enumerate(opening, start=first)])
    if parsed.author:
        filters = replace(filters, author=parsed.author)
    return Answer(results, paged_hits(index, parsed.text, args, filters, ranking))


def paged_hits(
    index: SearchIndex, text: str, args: argparse.Namespace, filters: Filters,
    ranking: RankingConfig,
) -> list[Hit]:
    """One page of passages, by relevance or by year (undated last, relevance breaking ties)."""
    start, end = (args.page - 1) * args.k, args.page * args.k
    if args.sort == "relevance":
        return index.search(text, end, filters, ranking)[start:end]
    pool = index.search(text, DATE_POOL, filters, ranking)
    newest = args.sort == "newest"
    dated = sorted(pool, key=lambda h: (h.year is None, -(h.year or 0) if newest else h.year or 0))
    return [replace(h, rank=i) for i, h in enumerate(dated[start:end], start=start + 1)]
