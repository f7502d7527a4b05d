"""`python -m index eval`: retrieval quality and query latency on a BEIR dataset.

Prints nDCG@10, Recall@10, Recall@100, MRR@10 and query p50/p95 as a table, or as one JSON
object with `--json`. Exit status: 0 on success, 2 when the dataset or index cannot be used.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from core.errors import KlsError
from evaluation import beir, facts_eval
from evaluation.dev_eval import DevReport, evaluate_dev
from evaluation.dev_eval import format_report as format_dev
from evaluation.devset import COLLECTIONS, DEV_DIR, SPLITS, load_devset
from evaluation.evaluate import EvalReport, EvalSettings, evaluate
from index.embed import Embedder, SentenceTransformerEmbedder
from index.search import MODES, RankingConfig

DEFAULT_CACHE = Path(__file__).resolve().parents[1] / ".cache" / "eval"
LABELS = {"ndcg@10": "nDCG@10", "recall@10": "Recall@10", "recall@100": "Recall@100",
          "mrr@10": "MRR@10"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m index eval",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--beir", type=Path, metavar="DIR",
                        help="BEIR folder (corpus.jsonl or beir_corpus.jsonl naming)")
    parser.add_argument("--corpus", type=Path, help="corpus JSON Lines (_id, title, text)")
    parser.add_argument("--queries", type=Path, help="queries JSON Lines (_id, text)")
    parser.add_argument("--qrels", type=Path, help="qrels TSV (query-id, corpus-id, score)")
    parser.add_argument("--split", choices=("test", "train", *SPLITS),
                        help="BEIR: test (default) or train (tune on train, report test); "
                        "--dev and --facts: tune, heldout or all (default)")
    parser.add_argument("--mode", choices=MODES, default=RankingConfig.mode)
    parser.add_argument("--dense-weight", type=_unit_float, default=RankingConfig.dense_weight,
                        help="share of the dense score in hybrid mode (0..1)")
    parser.add_argument("--candidates", type=_positive_int,
                        default=EvalSettings().ranking.candidates,
                        help="passages each channel proposes and the eval ranks")
    parser.add_argument("--limit", type=_positive_int, help="only the first N judged queries")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help="folder of cached evaluation indexes (default: .cache/eval)")
    parser.add_argument("--dev", nargs="?", const=DEV_DIR, type=Path, metavar="DIR",
                        help="the domain dev set (default evaluation/dev/), beside --beir if given")
    parser.add_argument("--collection", choices=tuple(COLLECTIONS),
                        help="rank the dev set over this collection instead of the one it was "
                        "judged over: all (article, PubMed and psychedelics records) or records "
                        "(article and PubMed records)")
    parser.add_argument("--facts", action="store_true",
                        help="score the study-facts extractor on its labels instead "
                        "(options: python -m evaluation.facts_eval --help)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def main(
    argv: Sequence[str] | None = None,
    embedder_factory: Callable[[], Embedder] = SentenceTransformerEmbedder,
) -> int:
    """Evaluate and print; `embedder_factory` lets tests use a fast fake model."""
    args, rest = _parser().parse_known_args(argv)
    if args.facts:
        split = ["--split", args.split] if args.split else []
        return facts_eval.main([*rest, *split, *(["--json"] if args.json else [])])
    if rest:
        _parser().error(f"unrecognized arguments: {' '.join(rest)}")
    try:
        results = _run(args, embedder_factory)
    except KlsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({name: r.to_json() for name, r in results.items()}, indent=2)
              if len(results) > 1 else json.dumps(next(iter(results.values())).to_json(), indent=2))
    else:
        print("\n\n".join(_table(r) for r in results.values()))
    return 0


def _run(args: argparse.Namespace, embedder_factory: Callable[[], Embedder]
         ) -> dict[str, EvalReport | DevReport]:
    """The BEIR evaluation, the dev set, or both; every path is checked before the model loads."""
    ranking = RankingConfig(args.mode, args.dense_weight, args.candidates)
    dataset = beir.load(_paths(args)) if args.dev is None or _wants_beir(args) else None
    dev_split = args.split if args.split in SPLITS else "all"
    devset = load_devset(args.dev, dev_split) if args.dev is not None else None
    embedder = embedder_factory()
    results: dict[str, EvalReport | DevReport] = {}
    if dataset is not None:
        results["beir"] = evaluate(dataset, embedder, args.cache,
                                   EvalSettings(ranking, args.limit), progress=True)
    if devset is not None:
        results["dev"] = evaluate_dev(devset, embedder, args.cache, ranking, dev_split,
                                      progress=True, collection_name=args.collection)
    return results


def _wants_beir(args: argparse.Namespace) -> bool:
    return args.beir is not None or any((args.corpus, args.queries, args.qrels))


def _table(report: EvalReport | DevReport) -> str:
    return format_dev(report) if isinstance(report, DevReport) else format_table(report)


def _paths(args: argparse.Namespace) -> beir.BeirPaths:
    explicit = (args.corpus, args.queries, args.qrels)
    if args.beir is not None and any(explicit):
        raise beir.DatasetError("give either --beir DIR or --corpus/--queries/--qrels, not both")
    if args.beir is not None:
        return beir.find_paths(args.beir, args.split if args.split in ("test", "train") else "test")
    if not all(explicit):
        raise beir.DatasetError("give --beir DIR, or all three of --corpus, --queries and --qrels")
    return beir.BeirPaths(args.corpus, args.queries, args.qrels)


def format_table(report: EvalReport) -> str:
    """A small plain-text table for people; `--json` is the form for scripts."""
    ranking = report.ranking
    weight = f", dense weight {ranking.dense_weight}" if ranking.mode == "hybrid" else ""
    index = report.index
    built = f"built in {index.build_seconds:.0f} s" if index.built else "reused"
    lines = [
        f"dataset  {report.dataset}: {report.queries} queries ({report.qrels.name}), "
        f"{report.documents:,} documents",
        f"ranking  {ranking.mode}{weight}, {ranking.candidates} candidates",
        f"index    {index.path} ({index.chunks:,} passages, {built})",
        "",
    ]
    lines += [f"{LABELS[name]:<12}{value:>8.4f}" for name, value in report.metrics.items()]
    lines += [f"{'p50 ms':<12}{report.p50_ms:>8.1f}", f"{'p95 ms':<12}{report.p95_ms:>8.1f}"]
    return "\n".join(lines)


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text}")
    return value


def _unit_float(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {text}")
    return value
