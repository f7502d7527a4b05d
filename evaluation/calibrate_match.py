"""`python -m evaluation.calibrate_match`: where the match-strength thresholds come from.

`--beir` (SciFact, train split) ranks papers for every judged claim and prints the best cosine
(`dense_score`) and query-word coverage of relevant papers (top 100) and of non-relevant ones
(top 10), the share of each a grid of partial thresholds would call weak, and nDCG@10 of the
paper ranking for each share of the second passage. `--index` (the article plus the PubMed
records) runs our own questions (`match_questions.tsv`: answerable or not) through the same
grid, counting answerable questions left with only weak papers and unanswerable ones given a
partial or strong paper, then shows what the page says with the thresholds in force.
`--latency ROUNDS` times the passage search against the paper view.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from core.errors import KlsError
from evaluation import beir
from evaluation.evaluate import cached_index, judged_queries
from evaluation.match_timing import latency
from evaluation.metrics import ndcg
from index.embed import SentenceTransformerEmbedder
from index.match import MatchThresholds, levels
from index.paper_search import PaperSettings
from index.search import DEFAULT_PAPER_SETTINGS, SearchIndex

DEFAULT_CACHE = Path(__file__).resolve().parents[1] / ".cache" / "eval"
QUESTIONS = Path(__file__).resolve().parent / "match_questions.tsv"
SHARES = (0.0, 0.05, 0.1, 0.2)
EVERYTHING = MatchThresholds(partial_dense=-2.0, partial_coverage=2.0)  # list the whole pool
PERCENTILES = (10, 25, 50, 75, 90)
GRID = [(d, c) for d in (0.40, 0.45, 0.50) for c in (0.5, 0.6, 0.67)]
STRONG_GRID = [(d, c) for d in (0.55, 0.60, 0.65) for c in (0.5, 0.6)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.calibrate_match",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--beir", type=Path, help="BEIR folder (SciFact)")
    parser.add_argument("--split", default="train", choices=("train", "test"))
    parser.add_argument("--limit", type=int, help="only the first N judged queries")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--index", type=Path, help="index of the article and PubMed records")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--latency", type=int, metavar="ROUNDS",
                        help="also time passages vs papers over the benchmark questions")
    args = parser.parse_args(argv)
    embedder = SentenceTransformerEmbedder(threads=1)
    try:
        if args.beir:
            _scifact(args, embedder)
        if args.index:
            index = SearchIndex.open(args.index, embedder)
            _questions(index, _read_questions(args.questions))
            if args.latency:
                latency(index, args.latency)
    except KlsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def _scifact(args: argparse.Namespace, embedder: SentenceTransformerEmbedder) -> None:
    dataset = beir.load(beir.find_paths(args.beir, args.split))
    queries = judged_queries(dataset, args.limit)
    index = SearchIndex.open(cached_index(dataset, embedder, args.cache, True).path, embedder)
    figures: dict[bool, list[tuple[float, float, int]]] = {True: [], False: []}
    gains: dict[float, list[float]] = {share: [] for share in SHARES}
    for query_id, text in queries:
        judged = dataset.qrels[query_id]
        for share in SHARES:
            found = index.search_papers(text, per_page=100 if share == SHARES[-1] else 10,
                                        settings=PaperSettings(share, EVERYTHING))
            gains[share].append(ndcg([p.doc_id for p in found.papers], judged, 10))
        for paper in found.papers:  # the last share's ranking: figures do not depend on it
            relevant = judged.get(paper.doc_id, 0) > 0
            if relevant or paper.rank <= 10:
                figures[relevant].append((paper.dense_score, paper.coverage, paper.rank))
    print(f"SciFact {args.split}: {len(queries)} claims\n")
    _distributions({k: np.array(v) for k, v in figures.items()})
    for share in SHARES:
        print(f"second-passage share {share:<5} nDCG@10 {np.mean(gains[share]):.4f}")


def _distributions(figures: dict[bool, np.ndarray]) -> None:
    header = "".join(f"{'P' + str(p):>7}" for p in PERCENTILES)
    print(f"{'papers':<26}{'n':>6}  {'figure':<10}{header}")
    for relevant, label in ((True, "relevant (top 100)"), (False, "not relevant (top 10)")):
        for column, name in ((0, "cosine"), (1, "coverage")):
            values = figures[relevant][:, column]
            row = "".join(f"{np.percentile(values, p):7.3f}" for p in PERCENTILES)
            print(f"{label:<26}{len(values):>6}  {name:<10}{row}")
    print("\nweak share: partial when cosine >= D or coverage >= C")
    for dense, coverage in GRID:
        limits = MatchThresholds(partial_dense=dense, partial_coverage=coverage)
        weak = [np.mean(levels(f[:, 0], f[:, 1], limits) == 0) for f in
                (figures[True], figures[False])]
        print(f"  D {dense:.2f} C {coverage:.2f}: relevant {weak[0]:.3f}, "
              f"not relevant {weak[1]:.3f}")
    print("strong share: cosine >= D and coverage >= C; precision among page-1 papers")
    found, other = figures[True], figures[False]
    for dense, coverage in STRONG_GRID:
        limits = MatchThresholds(strong_dense=dense, strong_coverage=coverage)
        hits = [int(np.sum(levels(f[:, 0], f[:, 1], limits) == 2)) for f in (found, other)]
        top = found[found[:, 2] <= 10]
        on_page = int(np.sum(levels(top[:, 0], top[:, 1], limits) == 2))
        precision = on_page / max(1, on_page + hits[1])
        print(f"  D {dense:.2f} C {coverage:.2f}: relevant {hits[0] / len(found):.3f}, "
              f"not relevant {hits[1] / len(other):.3f}, precision {precision:.2f}")
    print()


def _read_questions(path: Path) -> list[tuple[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t", 1) for line in lines if line.strip() and not line.startswith("#")]
    return [(expect, question) for expect, question in rows if expect != "expect"]


def _questions(index: SearchIndex, questions: list[tuple[str, str]]) -> None:
    """The grid on our own questions, then page 1 as the page shows it."""
    print("errors on our questions: answerable left all weak / unanswerable given a match")
    for dense, coverage in GRID:
        limits = replace(DEFAULT_PAPER_SETTINGS.limits, partial_dense=dense,
                         partial_coverage=coverage)
        settings = replace(DEFAULT_PAPER_SETTINGS, limits=limits)
        missed = wrong = 0
        for expect, question in questions:
            matched = index.search_papers(question, settings=settings).total > 0
            missed += expect == "answer" and not matched
            wrong += expect == "none" and matched
        print(f"  D {dense:.2f} C {coverage:.2f}: {missed} / {wrong}")
    print(f"\n{'expect':<7}{'cosine':>7}{'cover':>7} {'match':<8}{'total':>6}  question / notice")
    for expect, question in questions:
        found = index.search_papers(question)
        top = found.papers[0] if found.papers else None
        figures = f"{top.dense_score:7.3f}{top.coverage:7.2f} {top.match:<8}" if top else " " * 23
        print(f"{expect:<7}{figures}{found.total:>6}  {question}")
        if found.notice:
            print(f"{'':<35}  -> {found.notice}")


if __name__ == "__main__":
    sys.exit(main())
