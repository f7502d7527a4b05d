"""The dev sets in the repository: well formed, every graded query judged, each naming the
collection it was judged over; and the loader's errors for a malformed folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evaluation.beir import DatasetError
from evaluation.dev_eval import DevReport, format_report
from evaluation.devset import DEV_DIR, RECORDS_DEV_DIR, load_devset


@pytest.mark.parametrize(("folder", "collection", "graded", "known"), [
    (DEV_DIR, "all", 70, 20),
    (RECORDS_DEV_DIR, "records", 42, 0),
])
def test_each_dev_set_is_judged_over_its_collection(folder: Path, collection: str, graded: int,
                                                     known: int) -> None:
    devset = load_devset(folder)
    assert devset.collection == collection
    assert (len(devset.graded()), len(devset.known())) == (graded, known)
    kinds = {q.kind for q in devset.graded()}
    assert kinds == {"clinician", "student", "keyword"}
    for query in devset.graded():
        judged = devset.qrels[query.query_id]
        assert len(judged) >= 20, query.query_id  # a pool, not a handful
        assert set(judged.values()) <= {0, 1, 2}
    assert {q.split for q in devset.queries} == {"tune", "heldout"}


def test_splits_partition_the_queries() -> None:
    tune, heldout = load_devset(RECORDS_DEV_DIR, "tune"), load_devset(RECORDS_DEV_DIR, "heldout")
    ids = {q.query_id for q in tune.queries}
    assert ids and not ids & {q.query_id for q in heldout.queries}
    assert len(ids) + len(heldout.queries) == len(load_devset(RECORDS_DEV_DIR).queries)


def test_an_unknown_collection_is_a_one_line_error(tmp_path: Path) -> None:
    folder = tmp_path / "dev"
    shutil.copytree(RECORDS_DEV_DIR, folder)
    (folder / "collection.txt").write_text("everything\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="unknown collection 'everything'"):
        load_devset(folder)


def test_a_set_without_known_items_reports_none() -> None:
    report = DevReport("all", "records", by_type={"all": {
        "queries": 2, "ndcg@10": 0.5, "recall@100": 1.0, "mrr@10": 1.0, "judged@10": 1.0}})
    text = format_report(report)
    assert "collection records" in text and "known items" not in text
