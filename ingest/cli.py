"""`python -m ingest build|add|pubmed|remove|list|sync|rebuild|facts`: curate from a terminal.

Exit status: 0 when everything went in; 1 when some file or record was refused (the rest still
went in); 2 when nothing could be done (bad arguments, missing corpus, index refused, PubMed
unreachable).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from core.errors import KlsError
from core.settings import from_env
from documents.provenance import command_user
from index import embedders
from index.embed import Embedder, SentenceTransformerEmbedder
from ingest import facts_command
from ingest.config import IngestConfig, IngestLimits, PdfLimits, PubmedConfig
from ingest.curation import list_documents, remove_documents
from ingest.outcome import of_batch, of_removal
from ingest.pipeline import LoadOptions, add_files, build_corpus
from ingest.pubmed.cache import PubmedCache
from ingest.pubmed.client import EntrezClient, PubmedClient
from ingest.pubmed.fetch import parse_pmids
from ingest.pubmed.sync import PubmedSource, add_pubmed, search_and_add, sync
from ingest.rebuild import rebuild
from ingest.report import listing, show, synced

Factory = Callable[[], Embedder]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="index every document in the corpus folder")
    build.add_argument("--corpus", type=Path, help="corpus folder (default: corpus/)")
    add = commands.add_parser("add", help="add files to an existing index")
    add.add_argument("paths", nargs="+", type=Path, help="files to add")
    add.add_argument("--password", help="password of encrypted PDFs")
    pubmed = commands.add_parser("pubmed", help="add PubMed records by PMID or by a query")
    which = pubmed.add_mutually_exclusive_group(required=True)
    which.add_argument("--pmid", nargs="+", metavar="ID", help="PMIDs to add")
    which.add_argument("--query", help="a PubMed query")
    pubmed.add_argument("--max", type=int, default=20, help="records a query adds (default 20)")
    remove = commands.add_parser("remove", help="remove documents by id (see: list)")
    remove.add_argument("doc_ids", nargs="+", metavar="DOC_ID")
    listing = commands.add_parser("list", help="list the documents in the index")
    listing.add_argument("--json", action="store_true", help="print JSON")
    sync_cmd = commands.add_parser("sync", help="pull what corpus/literature.toml names")
    sync_cmd.add_argument("--manifest", type=Path, help="default: corpus/literature.toml")
    rebuild_cmd = commands.add_parser("rebuild", help="re-read every source into a new version")
    rebuild_cmd.add_argument("--corpus", type=Path, help="corpus folder (default: corpus/)")
    facts = commands.add_parser("facts", help="print the study facts of records (no index)")
    facts.add_argument("paths", nargs="+", type=Path, help="files to read")
    facts.add_argument("--json", action="store_true", help="one JSON object a line")
    for sub in (build, add, pubmed, remove, listing, sync_cmd, rebuild_cmd):
        sub.add_argument("--index", type=Path, help="index folder (default: index_data/)")
        sub.add_argument("--quiet", action="store_true", help="no progress bar")
    for sub in (build, add, pubmed, sync_cmd, rebuild_cmd):
        sub.add_argument("--workers", type=int, metavar="N",
                         help="processes that embed a large batch (default: one per core)")
        sub.add_argument("--ray", metavar="auto|ADDRESS",
                         help="embed on a Ray cluster (auto: RAY_ADDRESS, else this machine)")
    facts.set_defaults(quiet=True)
    return parser


def main(argv: Sequence[str] | None = None, embedder_factory: Factory = SentenceTransformerEmbedder,
         client: PubmedClient | None = None) -> int:
    """Run one command; `embedder_factory` and `client` let tests use fakes (a fake model, and
    recorded PubMed replies). The model loads only when something is embedded; worker
    processes (or a Ray connection) end with the command."""
    args = _parser().parse_args(argv)
    try:
        config = from_env(IngestConfig, os.environ, corpus_dir=getattr(args, "corpus", None),
                          index_dir=getattr(args, "index", None),
                          literature=getattr(args, "manifest", None))
        with contextlib.ExitStack() as stack:
            chosen = embedder_factory  # remove, list and facts embed nothing
            if hasattr(args, "workers"):
                chosen = embedders.choose(embedder_factory, args.workers, args.ray)
            embedder = embedders.made_once(stack, chosen)
            return _run(args, config, embedder, client)
    except KlsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, config: IngestConfig, embedder: Factory,
         client: PubmedClient | None) -> int:
    progress = not args.quiet
    options = LoadOptions(limits=from_env(PdfLimits, os.environ), added_by=command_user(),
                          passwords=_passwords(args), caps=from_env(IngestLimits, os.environ))
    if args.command == "build":
        return show(of_batch(build_corpus(config.corpus_dir, config.index_dir, embedder,
                                          progress, options)))
    if args.command == "add":
        return show(of_batch(add_files(args.paths, config.index_dir, embedder, progress,
                                       options)))
    if args.command == "facts":
        return facts_command.run(args.paths, args.json, options)
    if args.command == "list":
        return listing(list_documents(config.index_dir), args.json)
    if args.command == "remove":
        return show(of_removal(remove_documents(args.doc_ids, config.index_dir,
                                                config.uploads_dir, command_user())))
    return _run_pubmed(args, config, embedder, _source(client), options)


def _run_pubmed(args: argparse.Namespace, config: IngestConfig, embedder: Factory,
                source: PubmedSource, options: LoadOptions) -> int:
    progress = not args.quiet
    if args.command == "sync":
        return synced(sync(config.literature, config.index_dir, embedder, source, progress))
    if args.command == "rebuild":
        return show(of_batch(rebuild(config.corpus_dir, config.index_dir, embedder, source,
                                     options, progress)))
    if args.query is not None:
        return show(of_batch(search_and_add(args.query, args.max, config.index_dir, embedder,
                                            source, options.added_by, progress)))
    pmids, refused = parse_pmids(args.pmid)
    result = add_pubmed(pmids, config.index_dir, embedder, source, options.added_by, progress)
    result.errors[:0] = [f"{token!r} is not a PMID" for token in refused]
    return show(of_batch(result))


def _passwords(args: argparse.Namespace) -> dict[Path, str]:
    password = getattr(args, "password", None)
    return {path: password for path in getattr(args, "paths", [])} if password else {}


def _source(client: PubmedClient | None) -> PubmedSource:
    config = from_env(PubmedConfig, os.environ)
    return PubmedSource(client or EntrezClient(config), PubmedCache(config.pubmed_cache_dir))
