"""`python -m index search|verify|eval`: the search facade from a terminal.

`search --json` prints a JSON array of hits, best first; `--papers` one object per paper; with
`--queries FILE` one JSON object a line, `{"query", "took_ms", "hits" (or "papers"), "total",
"notice"}`. Exit status: 0 on success, 1 when some query of a batch failed, 2 when nothing
could be searched (no index, broken index, bad arguments). A closed pipe (`| head`) stops
quietly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from core.errors import BadQuery, KlsError
from core.settings import from_env
from documents.facts import DESIGNS
from documents.records import SOURCES
from index.cli_search import run_queries
from index.config import IndexConfig
from index.embed import Embedder
from index.layout import read_manifest, require_live_version
from index.papers import SORTS
from index.search import MODES

MAX_K = 1_000


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
    search.add_argument("-k", type=int, help="results per page (default 10)")
    search.add_argument("--page", type=int, default=1, help="page of results (default 1)")
    search.add_argument("--sort", choices=SORTS, default="relevance")
    search.add_argument("--papers", action="store_true", help="one result per paper")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--mode", choices=MODES, help="ranking (default hybrid)")
    search.add_argument("--source", action="append", choices=SOURCES, help="only this source")
    search.add_argument("--year-min", type=int)
    search.add_argument("--year-max", type=int)
    search.add_argument("--author", default="", help="only papers with an author named so")
    search.add_argument("--design", action="append", choices=DESIGNS,
                        help="only this study design (repeat for several)")
    search.add_argument("--human", action="store_true",
                        help="only studies of human participants (rct, clinical_study, "
                        "case_report)")
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
        _check(args, config)
        code = run_queries(args, config, embedder_factory)
        sys.stdout.flush()  # a closed pipe shows here, where it is handled, not at exit
        return code
    except KlsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        _silence_stdout()
        return 0


def _check(args: argparse.Namespace, config: IndexConfig) -> None:
    """Refuse arguments that would silently mean something else."""
    if args.k is None:
        args.k = config.top_k
    if not 1 <= args.k <= MAX_K:
        raise BadQuery(f"-k {args.k}: ask for 1 to {MAX_K} results")
    if args.page < 1:
        raise BadQuery(f"--page {args.page}: pages start at 1")


def _silence_stdout() -> None:
    """The reader went away: send what is left to /dev/null so the exit flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _verify(index_dir: Path) -> int:
    manifest = read_manifest(require_live_version(index_dir), verify=True)
    print(
        f"ok: version {manifest.version}, {manifest.documents} documents, "
        f"{manifest.chunks} passages, model {manifest.model}, "
        f"{len(manifest.files)} files verified"
    )
    return 0
