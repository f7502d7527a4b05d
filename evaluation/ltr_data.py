"""`python -m evaluation.ltr_data`: write the learned-fusion training data (features of every
candidate paper, its judged grade) for SciFact train/test and the dev set, as `.npz` (no
pickle) under `.cache/ranking/ltr/`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from evaluation import beir
from evaluation.compare import VECTORS
from evaluation.devset import DEV_DIR, load_devset
from evaluation.evaluate import judged_queries
from evaluation.ltr_features import FeatureMaker
from evaluation.runs import parse_variant
from evaluation.vector_cache import CachedEmbedder
from index import layout
from index.embed import SentenceTransformerEmbedder
from index.search import SearchIndex

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / ".cache" / "ranking" / "ltr"


def write(name: str, index_dir: Path, queries: Iterable[tuple[str, str, str]],
          qrels: dict[str, dict[str, int]], spec: str) -> None:
    """queries: (id, text, split)."""
    embedder = CachedEmbedder(VECTORS, lambda: SentenceTransformerEmbedder(threads=1))
    index = SearchIndex(layout.require_live_version(index_dir), embedder, verify=False)
    maker = FeatureMaker(index)
    ranking = parse_variant(spec).ranking
    parts: dict[str, list[np.ndarray]] = {"x": [], "y": [], "qid": [], "doc": [], "split": []}
    for query_id, text, split in queries:
        pool = maker.pool(text, ranking)
        judged = qrels.get(query_id, {})
        parts["x"].append(pool.matrix)
        parts["y"].append(np.array([max(judged.get(d, 0), 0) for d in pool.docs]))
        parts["qid"].append(np.full(len(pool.docs), query_id))
        parts["doc"].append(np.array(pool.docs))
        parts["split"].append(np.full(len(pool.docs), split))
    OUT.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Any] = {k: np.concatenate(v) for k, v in parts.items()}
    np.savez(OUT / f"{name}.npz", **arrays)


def main(spec: str) -> None:
    dev = load_devset(DEV_DIR, "all")
    write("dev", ROOT / ".cache/ranking/dev",
          [(q.query_id, q.text, q.split) for q in dev.graded()], dev.qrels, spec)
    for split in ("train", "test"):
        data = beir.load(beir.find_paths(ROOT.parent / "shared/data/scifact", split))
        write(f"scifact-{split}", ROOT / ".cache/ranking/scifact",
              [(q, t, split) for q, t in judged_queries(data)], data.qrels, spec)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
