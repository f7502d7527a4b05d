"""The study-facts evaluation: its normalisation and scoring on a synthetic collection, and the
held-out figures on the hand-labelled set pinned (skipped when the shared data or labels are
absent)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from evaluation.facts_eval import (
    DEFAULT_DATA,
    DEFAULT_LABELS,
    dose_key,
    evaluate_facts,
    format_report,
    main,
    n_bin,
    time_key,
)

# Figures measured with `python -m evaluation.facts_eval --split <split>`; a change to the
# extractor may raise them, but must not lower any by more than the tolerance. Every split of
# `labels.jsonl` and the second held-out set were studied while tuning, so all are tuning data.
PINNED = {
    "tune": {"design": 1.0, "n_exact": 0.974, "n_empty": 1.0, "n_bin": 0.974,
             "rct_precision": 1.0, "rct_recall": 1.0, "dose_span_recall": 1.0,
             "doses_precision": 1.0, "doses_f1": 1.0, "routes_precision": 1.0,
             "routes_recall": 0.955, "routes_f1": 0.977, "timepoints_f1": 0.907},
    "tune2": {"design": 0.972, "n_exact": 1.0, "n_empty": 0.971, "n_bin": 1.0,
              "rct_precision": 0.985, "rct_recall": 0.970, "dose_span_recall": 1.0,
              "doses_precision": 0.991, "doses_f1": 0.995, "routes_precision": 0.939,
              "routes_recall": 0.939, "routes_f1": 0.939, "timepoints_f1": 0.902},
    "heldout": {"design": 0.985, "n_exact": 0.971, "n_empty": 1.0, "n_bin": 1.0,
                "rct_precision": 1.0, "rct_recall": 1.0, "dose_span_recall": 0.969,
                "doses_precision": 0.968, "doses_f1": 0.961, "routes_precision": 0.970,
                "routes_recall": 1.0, "routes_f1": 0.985, "timepoints_f1": 0.813},
}
# The second set, labelled independently (`labels_heldout2.jsonl`): measured once fresh (design
# 0.83, n exact 0.75, doses F1 0.783), then studied by class of miss; the figures now.
HELDOUT2_LABELS = DEFAULT_LABELS.with_name("labels_heldout2.jsonl")
HELDOUT2 = {"design": 0.970, "n_exact": 0.926, "n_empty": 1.0, "n_bin": 0.971,
            "rct_precision": 0.947, "rct_recall": 1.0, "dose_span_recall": 0.986,
            "doses_precision": 0.931, "doses_f1": 0.944, "routes_precision": 1.0,
            "routes_recall": 0.962, "routes_f1": 0.981, "timepoints_f1": 0.868}
# A third set labelled independently while the extractor was changed without it
# (`labels_heldout3.jsonl`). Measured once fresh (design 0.870, blinding 0.950, n exact 0.899,
# n empty 0.935, n bin 0.942, RCT precision 0.833 / recall 1.0, dose spans 0.964, doses F1 0.905,
# routes P 0.898 R 1.0 F1 0.946, timepoints F1 0.798), then studied by class of miss (trials
# cited or used as a data source, protocols, literature searches, routes of care drugs): it is
# tuning data now, and these are the figures after that study.
HELDOUT3_LABELS = DEFAULT_LABELS.with_name("labels_heldout3.jsonl")
HELDOUT3 = {"design": 0.970, "blinding": 1.0, "n_exact": 0.942, "n_empty": 1.0, "n_bin": 0.971,
            "rct_precision": 0.976, "rct_recall": 1.0, "dose_span_recall": 1.0,
            "doses_precision": 0.920, "doses_f1": 0.947, "routes_precision": 0.978,
            "routes_recall": 1.0, "routes_f1": 0.989, "timepoints_f1": 0.818}
TOLERANCE = 0.02


def test_doses_compare_by_spelling_only() -> None:
    assert dose_key("0.5mg/kg") == dose_key("0.5 mg/kg") == dose_key("0.5 mg kg-1")
    assert dose_key(".5 mg/kg") == dose_key("0.5 mg/kg")
    assert dose_key("0.3 mg kg(-1) h(-1)") == dose_key("0.3 mg/kg/h")
    assert dose_key("300 \u03bcg") == dose_key("300 mcg") == dose_key("300 \u00b5g")
    assert dose_key("0.5\u20130.9 mg/kg") == dose_key("0.5-0.9 mg/kg")
    assert dose_key("150 mg/day") == dose_key("150 mg/d")
    assert dose_key("56 mg") != dose_key("84 mg")


def test_timepoints_compare_by_number_unit_and_form() -> None:
    assert time_key("24 h") == time_key("24 hours") == time_key("twenty-four hours")
    assert time_key("1 day after surgery") == time_key("1 day")
    assert time_key("POD 1") == time_key("postoperative day 1") == time_key("day 1")
    assert time_key("day 28") != time_key("28 days")  # the written form is part of the label
    assert time_key("2\u20134 hours") == time_key("2-4 h")


def test_participant_bins_are_the_external_sets() -> None:
    assert [n_bin(n) for n in (1, 20, 21, 40, 41, 60, 61, 80, 81, 100, 101, 5000)] == [
        0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def _collection(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "data"
    (data / "pubmed").mkdir(parents=True)
    records = [
        {"pmid": "1", "title": "Ketamine versus placebo: a randomized trial",
         "abstract": "Forty adults were randomized to a ketamine infusion of 0.5 mg/kg or placebo. "
                     "Mood was rated at 24 h."},
        {"pmid": "2", "title": "Ketamine in rats",
         "abstract": "Rats received ketamine (10 mg/kg, i.p.) before a swim test."},
    ]
    with gzip.open(data / "pubmed" / "records.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in records)
    base = {"collection": "pubmed", "record_id": None, "blinding": None, "n_studies": None,
            "interventions": ["ketamine"], "comparator": [], "outcome_scales": []}
    labels = [
        {**base, "pmid": "1", "split": "tune", "design": "rct", "n_participants": 40,
         "doses": ["0.5 mg/kg"], "routes": ["intravenous"], "comparator": ["placebo"],
         "timepoints": ["24 hours"]},
        {**base, "pmid": "2", "split": "heldout", "design": "animal", "n_participants": None,
         "doses": ["10 mg/kg", "20 mg/kg"], "routes": ["intraperitoneal"], "timepoints": []},
        {**base, "pmid": "3", "split": "heldout", "design": "rct", "n_participants": None,
         "doses": [], "routes": [], "timepoints": []},
    ]
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in labels), encoding="utf-8")
    return path, data


def test_scores_per_split_on_a_synthetic_collection(tmp_path: Path) -> None:
    labels, data = _collection(tmp_path)
    report = evaluate_facts(labels, data, None)
    assert report.missing == ["pubmed:3"]
    assert report.metric("tune", "design") == 1.0
    assert report.metric("tune", "n_exact") == 1.0
    assert report.metric("heldout", "n_empty") == 1.0
    assert report.metric("heldout", "doses_precision") == 1.0
    assert report.metric("heldout", "doses_recall") == 0.5
    assert report.metric("all", "routes_f1") == 1.0
    assert report.metric("all", "n_bin") == 1.0
    assert report.metric("all", "rct_precision") == report.metric("all", "rct_recall") == 1.0
    assert report.metric("heldout", "dose_span_recall") == 0.5
    table = format_report(report)
    assert "design accuracy" in table and "heldout" in table and "pubmed:3" in table
    assert "n in labelled bin" in table and "dose spans recalled" in table
    only = evaluate_facts(labels, data, "tune")
    assert set(only.splits) == {"tune", "all"}


def test_the_command_prints_json_and_fails_cleanly(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    labels, data = _collection(tmp_path)
    assert main(["--labels", str(labels), "--data", str(data), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["splits"]["tune"]["design"] == 1.0
    assert main(["--labels", str(tmp_path / "absent.jsonl"), "--data", str(data)]) == 2
    assert "absent.jsonl" in capsys.readouterr().err


def _shared_labels() -> tuple[Path, Path]:
    if not DEFAULT_LABELS.is_file():
        pytest.skip(f"labels {DEFAULT_LABELS} are absent")
    for name in ("psychedelics", "pubmed"):
        if not (DEFAULT_DATA / name / "records.jsonl.gz").is_file():
            pytest.skip(f"shared data {DEFAULT_DATA / name} is absent")
    return DEFAULT_LABELS, DEFAULT_DATA


@pytest.mark.parametrize("split", sorted(PINNED))
def test_pinned_figures_hold(split: str) -> None:
    labels, data = _shared_labels()
    report = evaluate_facts(labels, data, split)
    assert not report.missing
    for name, pinned in PINNED[split].items():
        value = report.metric(split, name)
        assert value is not None and value >= pinned - TOLERANCE, (split, name, value, pinned)


def _independent_set_holds(labels: Path, pinned: dict[str, float],
                           capsys: pytest.CaptureFixture[str]) -> None:
    """Score a whole label file through the command, as an outside team would run it."""
    _, data = _shared_labels()
    assert main(["--labels", str(labels), "--data", str(data), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert not payload["missing"], payload["missing"]
    scores = payload["splits"]["all"]  # every record of the file, whatever its split field
    for name, value_pinned in pinned.items():
        value = scores[name]
        assert value is not None and value >= value_pinned - TOLERANCE, (name, value,
                                                                         value_pinned)


def test_heldout2_figures_hold(capsys: pytest.CaptureFixture[str]) -> None:
    if not HELDOUT2_LABELS.is_file():
        pytest.skip(f"the second held-out labels {HELDOUT2_LABELS} are absent")
    _independent_set_holds(HELDOUT2_LABELS, HELDOUT2, capsys)


def test_heldout3_figures_hold(capsys: pytest.CaptureFixture[str]) -> None:
    if not HELDOUT3_LABELS.is_file():
        pytest.skip(f"the third held-out labels {HELDOUT3_LABELS} are not written yet")
    _independent_set_holds(HELDOUT3_LABELS, HELDOUT3, capsys)
