"""`python -m ingest facts`: facts of each record of a file, without an index, as JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from documents.facts import JSON_KEYS
from ingest.cli import main

TRIALS = Path(__file__).parent / "fixtures" / "facts_cli" / "synthetic_trials.jsonl"


def test_facts_json_prints_one_object_per_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index_dir = tmp_path / "index"
    assert main(["facts", str(TRIALS), "--json"]) == 1  # one record has no text: refused
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["pmid"] for r in records] == ["99100001", "99100002"]
    assert all(list(r)[:2] == ["pmid", "doc_id"] and set(JSON_KEYS) <= set(r) for r in records)
    trial, rats = records
    assert trial["design"] == "rct" and trial["n_participants"] == 48
    assert "0.5 mg/kg" in trial["doses"] and "intravenous" in trial["routes"]
    assert "MADRS" in trial["outcome_scales"]
    assert trial["evidence"]["n_participants"].startswith("In this randomized")
    assert rats["design"] == "animal" and rats["n_participants"] is None
    assert "99100003" in err and "no title or abstract" in err
    assert not index_dir.exists(), "facts never builds or touches an index"


def test_facts_of_an_unreadable_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing.jsonl"
    assert main(["facts", str(missing)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert any("nothing.jsonl" in line for line in err)
