"""`python -m evaluation.ltr_train`: does a LambdaMART fusion beat the fused score?

Trains LightGBM's lambdarank on SciFact train plus the dev TUNE split (features from
`evaluation.ltr_data`), with 5-fold cross-validation by query, and compares the out-of-fold
ranking of each candidate pool with the default order of the same pool (paired, per query).
`--final` trains on all of it and scores dev heldout and SciFact test instead.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np

from evaluation import beir
from evaluation.devset import DEV_DIR, load_devset
from evaluation.ltr_data import OUT, ROOT
from evaluation.ltr_features import NAMES
from evaluation.metrics import ndcg
from evaluation.paired import HEADER, compare

PARAMS: dict[str, Any] = {"objective": "lambdarank", "n_estimators": 300, "learning_rate": 0.03,
          "num_leaves": 15, "min_child_samples": 50, "colsample_bytree": 0.8,
          "subsample": 0.8, "subsample_freq": 1, "verbose": -1, "random_state": 0}
DEV_REPEAT = 5


def load(name: str) -> dict[str, np.ndarray]:
    with np.load(OUT / f"{name}.npz", allow_pickle=False) as data:
        return {k: data[k] for k in data.files}


def subset(data: dict[str, np.ndarray], keep: np.ndarray) -> dict[str, np.ndarray]:
    return {k: v[keep] for k, v in data.items()}


def groups(qid: np.ndarray) -> list[int]:
    """Sizes of consecutive runs of one query id (rows are written query by query)."""
    change = np.flatnonzero(qid[1:] != qid[:-1]) + 1
    return np.diff(np.concatenate([[0], change, [len(qid)]])).tolist()


def fit(train: dict[str, np.ndarray], columns: list[int]) -> object:
    import lightgbm

    ranker = lightgbm.LGBMRanker(**PARAMS)
    ranker.fit(train["x"][:, columns], train["y"], group=groups(train["qid"]))
    return ranker


def per_query(data: dict[str, np.ndarray], scores: np.ndarray,
              qrels: dict[str, dict[str, int]]) -> dict[str, float]:
    """nDCG@10 of each query's pool ordered by `scores` (judged against all its qrels)."""
    result = {}
    for q in dict.fromkeys(data["qid"].tolist()):
        at = np.flatnonzero(data["qid"] == q)
        order = at[np.argsort(-scores[at], kind="stable")]
        result[q] = ndcg(data["doc"][order].tolist(), qrels.get(q, {}), 10)
    return result


def repeat(data: dict[str, np.ndarray], times: int) -> dict[str, np.ndarray]:
    copies = [{**data, "qid": np.char.add(data["qid"], f"#{i}")} for i in range(times)]
    return {k: np.concatenate([c[k] for c in copies]) for k in data}


def cross_validate(sci: dict, dev: dict, columns: list[int], folds: int = 5
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold scores of every row of `sci` and `dev`."""
    out_sci, out_dev = np.zeros(len(sci["y"])), np.zeros(len(dev["y"]))
    fold_of = {}
    for data in (sci, dev):
        for i, q in enumerate(dict.fromkeys(data["qid"].tolist())):
            fold_of[q] = i % folds
    for fold in range(folds):
        test_s = np.array([fold_of[q] == fold for q in sci["qid"]])
        test_d = np.array([fold_of[q] == fold for q in dev["qid"]])
        train = _joined(subset(sci, ~test_s), repeat(subset(dev, ~test_d), DEV_REPEAT))
        model = fit(train, columns)
        out_sci[test_s] = model.predict(sci["x"][test_s][:, columns])  # type: ignore[attr-defined]
        out_dev[test_d] = model.predict(dev["x"][test_d][:, columns])  # type: ignore[attr-defined]
    return out_sci, out_dev


def _joined(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([a[k], b[k]]) for k in a}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.ltr_train")
    parser.add_argument("--final", action="store_true")
    parser.add_argument("--drop", default="", help="feature names to leave out (comma)")
    parser.add_argument("--save", type=Path, help="write the final model (LightGBM text)")
    args = parser.parse_args(argv)
    columns = [i for i, n in enumerate(NAMES) if n not in args.drop.split(",")]
    dev_all = load("dev")
    dev_q = load_devset(DEV_DIR, "all").qrels
    sci_split = "test" if args.final else "train"
    sci = load(f"scifact-{sci_split}")
    sci_q = beir.load_qrels(ROOT.parent / "shared/data/scifact/qrels" / f"{sci_split}.tsv")
    tune = subset(dev_all, dev_all["split"] == "tune")
    if args.final:
        train = _joined(load("scifact-train"), repeat(tune, DEV_REPEAT))
        model = fit(train, columns)
        dev = subset(dev_all, dev_all["split"] == "heldout")
        s_sci, s_dev = (model.predict(d["x"][:, columns]) for d in (sci, dev))  # type: ignore[attr-defined]
        if args.save:
            model.booster_.save_model(str(args.save))  # type: ignore[attr-defined]
    else:
        dev = tune
        s_sci, s_dev = cross_validate(sci, dev, columns)
    print(HEADER)
    for label, data, scores, qrels in (("scifact", sci, s_sci, sci_q), ("dev", dev, s_dev, dev_q)):
        base = per_query(data, data["x"][:, 0], qrels)
        print(compare(base, per_query(data, scores, qrels)).line(f"{label} ltr"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
