"""`python -m evaluation.compare`: configuration B against A on the same queries, paired.

    python -m evaluation.compare --b "dense_weight=0.7" --dev --split tune \
        --beir ../shared/data/scifact --beir-split train

For each set (dev graded queries overall and per type, dev known items, a BEIR split) it
prints the mean of A and B, the difference, how many queries went up, down or stayed, and the
two-sided paired sign-flip p-value (`evaluation.paired`). `--dev-index` / `--beir-index` rank
over a fixed index folder (a snapshot, so other people's chunking changes do not move the
figures mid-experiment); without them the evaluation's cached index is used. Query vectors are
kept in `.cache/ranking/query-vectors/`, so only the first run embeds.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from evaluation import beir
from evaluation.cli import DEFAULT_CACHE
from evaluation.dev_eval import DevCollection, collection
from evaluation.devset import ARTICLE, DEV_DIR, SPLITS, DevSet, load_devset
from evaluation.evaluate import cached_index
from evaluation.paired import HEADER, compare
from evaluation.runs import Scores, Variant, beir_scores, dev_scores, parse_variant
from evaluation.vector_cache import CachedEmbedder
from index import layout
from index.embed import Embedder, SentenceTransformerEmbedder
from index.search import SearchIndex
from ingest.pipeline import load_files

VECTORS = Path(__file__).resolve().parents[1] / ".cache" / "ranking" / "query-vectors"
GROUPS = ("all", "clinician", "student", "keyword")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evaluation.compare",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--a", default="", help="configuration A (default: the default)")
    parser.add_argument("--b", action="append", required=True, help="configuration B (repeat)")
    parser.add_argument("--dev", nargs="?", const=DEV_DIR, type=Path, metavar="DIR",
                        help="a domain dev set (default evaluation/dev/)")
    parser.add_argument("--split", choices=SPLITS, default="tune", help="dev split")
    parser.add_argument("--dev-index", type=Path, help="index folder of the dev collection")
    parser.add_argument("--beir", type=Path, help="a BEIR folder (SciFact)")
    parser.add_argument("--beir-split", default="train", choices=("train", "test"))
    parser.add_argument("--beir-index", type=Path, help="index folder of the BEIR corpus")
    parser.add_argument("--beir-papers", action="store_true", help="rank BEIR as papers")
    parser.add_argument("--metric", default="ndcg@10")
    parser.add_argument("--limit", type=int, help="only the first N BEIR queries")
    parser.add_argument("--json", type=Path, help="also write per-query scores here")
    parser.add_argument("--show", action="store_true", help="list the queries that moved")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    embedder = CachedEmbedder(VECTORS, lambda: SentenceTransformerEmbedder(threads=1))
    variants = [parse_variant(args.a), *(parse_variant(b) for b in args.b)]
    results: dict[str, list[Scores]] = {}
    devset = load_devset(args.dev, args.split) if args.dev else None
    if devset is not None:
        folder, dev = _dev_index(args.dev_index, embedder, devset.collection)
        results["dev"] = [_dev(folder, embedder, v, devset, dev) for v in variants]
    if args.beir:
        dataset = beir.load(beir.find_paths(args.beir, args.beir_split))
        folder = args.beir_index or cached_index(dataset, embedder, DEFAULT_CACHE, True).path
        results["beir"] = [_beir(folder, embedder, v, dataset, args) for v in variants]
    _print(variants, results, args.metric, devset)
    if args.show:
        _moved(variants, results, args.metric)
    if args.json:
        named = {k: {v.name: r for v, r in zip(variants, runs, strict=True)}
                 for k, runs in results.items()}
        args.json.write_text(json.dumps(named), encoding="utf-8")
    return 0


def _dev_index(given: Path | None, embedder: CachedEmbedder, name: str
               ) -> tuple[Path, DevCollection]:
    """The dev index folder, and the documents needed to score known items (the article)."""
    if given is not None:
        article = load_files([ARTICLE]).documents
        return given, DevCollection(name, tuple(article), "")
    dev = collection(name)
    return cached_index(dev, embedder, DEFAULT_CACHE, True).path, dev


def open_variant(folder: Path, embedder: Embedder) -> SearchIndex:
    """The live version of the index at `folder` (checksums not re-verified)."""
    return SearchIndex(layout.require_live_version(folder), embedder, verify=False)


def _dev(folder: Path, embedder: CachedEmbedder, variant: Variant, devset: DevSet,
         dev: DevCollection) -> Scores:
    index = open_variant(folder, embedder)
    try:
        return dev_scores(index, devset, variant, dev)
    finally:
        index.close()


def _beir(folder: Path, embedder: CachedEmbedder, variant: Variant, dataset: beir.BeirDataset,
          args: argparse.Namespace) -> Scores:
    index = open_variant(folder, embedder)
    try:
        return beir_scores(index, dataset, variant, args.beir_papers, args.limit)
    finally:
        index.close()


def _print(variants: list[Variant], results: dict[str, list[Scores]], metric: str,
           devset: DevSet | None) -> None:
    kinds = {q.query_id: q.kind for q in devset.queries} if devset else {}
    for i, variant in enumerate(variants[1:], start=1):
        print(f"\nA = {variants[0].name}\nB = {variant.name}\n{HEADER}")
        for name, runs in results.items():
            a, b = runs[0][metric], runs[i][metric]
            if name == "dev":
                for group in GROUPS:
                    keep = {q for q in a if group == "all" or kinds.get(q) == group}
                    print(compare(_only(a, keep), _only(b, keep)).line(f"dev {group} {metric}"))
                if runs[0]["known@3"]:
                    known = compare(runs[0]["known@3"], runs[i]["known@3"])
                    print(known.line("dev known items @3"))
            else:
                print(compare(a, b).line(f"beir {metric}"))
    sys.stdout.flush()


def _moved(variants: list[Variant], results: dict[str, list[Scores]], metric: str) -> None:
    """Each query whose score changed, biggest change first."""
    for i, variant in enumerate(variants[1:], start=1):
        for name, runs in results.items():
            for key in (metric, "known@3") if name == "dev" else (metric,):
                a, b = runs[0][key], runs[i][key]
                moved = sorted((b[q] - a[q], q) for q in a if abs(b[q] - a[q]) > 1e-9)
                print(f"{variant.name} {name} {key}: " + " ".join(
                    f"{q}{d:+.3f}" for d, q in sorted(moved, key=lambda m: -abs(m[0]))))


def _only(scores: dict[str, float], keep: set[str]) -> dict[str, float]:
    return {q: v for q, v in scores.items() if q in keep}


if __name__ == "__main__":
    raise SystemExit(main())
