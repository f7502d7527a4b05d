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
from evaluation import beir
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
    parser.add_argument("--split", choices=("test", "train"), default="test",
                        help="qrels split read from --beir (tune on train, report test)")
    parser.add_argument("--mode", choices=MODES, default=RankingConfig.mode)
    parser.add_argument("--dense-weight", type=_unit_float, default=RankingConfig.dense_weight,
                        help="share of the dense score in hybrid mode (0..1)")
    parser.add_argument("--candidates", type=_positive_int,
                        default=EvalSettings().ranking.candidates,
                        help="passages each channel proposes and the eval ranks")
    parser.add_argument("--limit", type=_positive_int, help="only the first N judged queries")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help="folder of cached evaluation indexes (default: .cache/eval)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def main(
    argv: Sequence[str] | None = None,
    embedder_factory: Callable[[], Embedder] = SentenceTransformerEmbedder,
) -> int:
    """Evaluate and print; `embedder_factory` lets tests use a fast fake model."""
    args = _parser().parse_args(argv)
    try:
        dataset = beir.load(_paths(args))  # fails on bad paths before the model loads
        ranking = RankingConfig(args.mode, args.dense_weight, args.candidates)
        report = evaluate(dataset, embedder_factory(), args.cache,
                          EvalSettings(ranking, args.limit), progress=True)
    except KlsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(report.to_json(), indent=2) if args.json else format_table(report))
    return 0


def _paths(args: argparse.Namespace) -> beir.BeirPaths:
    explicit = (args.corpus, args.queries, args.qrels)
    if args.beir is not None and any(explicit):
        raise beir.DatasetError("give either --beir DIR or --corpus/--queries/--qrels, not both")
    if args.beir is not None:
        return beir.find_paths(args.beir, args.split)
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
