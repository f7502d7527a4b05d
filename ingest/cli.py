"""`python -m ingest build|add`: put documents into the index from a terminal.

Exit status: 0 when everything went in; 1 when some file or record was refused (the rest still
went in); 2 when nothing could be done (bad arguments, missing corpus, index refused).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from index.embed import Embedder, SentenceTransformerEmbedder
from index.errors import SearchIndexError
from ingest.config import IngestConfig
from ingest.env_config import from_env
from ingest.errors import IngestError
from ingest.pipeline import BatchResult, add_files, build_corpus

SHOW_SKIPPED = 20


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="index every document in the corpus folder")
    build.add_argument("--corpus", type=Path, help="corpus folder (default: corpus/)")
    build.add_argument("--index", type=Path, help="index folder (default: index_data/)")
    add = commands.add_parser("add", help="add files to an existing index")
    add.add_argument("paths", nargs="+", type=Path, help="files to add")
    add.add_argument("--index", type=Path, help="index folder (default: index_data/)")
    for sub in (build, add):
        sub.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(
    argv: Sequence[str] | None = None,
    embedder_factory: Callable[[], Embedder] = SentenceTransformerEmbedder,
) -> int:
    """Run one ingest command; `embedder_factory` lets tests use a fast fake model."""
    args = _parser().parse_args(argv)
    config = from_env(IngestConfig, os.environ, corpus_dir=getattr(args, "corpus", None),
                      index_dir=args.index)
    try:
        embedder = embedder_factory()
        if args.command == "build":
            result = build_corpus(config.corpus_dir, config.index_dir, embedder, not args.quiet)
        else:
            result = add_files(args.paths, config.index_dir, embedder, not args.quiet)
    except (IngestError, SearchIndexError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return _report(result)


def _report(result: BatchResult) -> int:
    """Print one line per refused item and a summary; the exit status reflects refusals."""
    for line in result.errors:
        print(f"error: {line}", file=sys.stderr)
    for line in result.skipped[:SHOW_SKIPPED]:
        print(f"skipped: {line}", file=sys.stderr)
    if len(result.skipped) > SHOW_SKIPPED:
        print(f"skipped: ... and {len(result.skipped) - SHOW_SKIPPED} more records", file=sys.stderr)
    report = result.report
    if report is None:
        print("nothing added: no readable documents", file=sys.stderr)
        return 1 if result.errors or result.skipped else 2
    print(
        f"documents: {len(report.added)} added, {len(report.replaced)} updated, "
        f"{len(report.unchanged)} unchanged; passages: {report.embedded} embedded, "
        f"{report.reused} reused; index now holds {report.documents} documents, "
        f"{report.chunks} passages (version {report.version})"
    )
    return 1 if result.errors or result.skipped else 0
