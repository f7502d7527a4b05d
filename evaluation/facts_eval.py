"""`python -m evaluation.facts_eval`: the study-facts extractor scored against hand labels.

Labels (`evaluation/facts/labels.jsonl`, conventions in `evaluation/facts/RULES.md`) name records of
the shared collections; each record's title and abstract go through `extract_facts` and every
field is compared with its label, per split (tune on `tune`, report `heldout`):

- design and blinding: accuracy;
- n_participants: exact when the label states a number, empty when it does not (two rates);
  n_studies the same way;
- list fields: micro precision, recall and F1 over the records, after normalising only the
  spelling (doses: spaces, case, dashes, "mg kg-1" = "mg/kg", micrograms; timepoints: number words,
  unit abbreviations and plurals, extra words such as "after surgery"; names: case and hyphens);
- the measures of an external set of psychedelic trials labelled more coarsely: n inside the
  labelled participant bin (1-20, 21-40, 41-60, 61-80, 81-100, >100), RCT precision and recall,
  and dose spans recalled (a labelled dose counts when an extracted dose contains it or lies
  inside it, "56 mg" within "56 or 84 mg").

Exit status: 0 on success, 2 when the labels or the collections cannot be read.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import KlsError
from documents.facts import StudyFacts, extract_facts
from documents.facts.numbers import to_int
from evaluation.beir import DatasetError

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LABELS = ROOT / "evaluation" / "facts" / "labels.jsonl"
DEFAULT_DATA = ROOT.parent / "shared" / "data"
COLLECTIONS = {"psychedelics": "psychedelics/records.jsonl.gz",
               "pubmed": "pubmed/records.jsonl.gz"}
LIST_FIELDS = ("interventions", "doses", "routes", "comparator", "outcome_scales", "timepoints")
SPLITS = ("tune", "tune2", "heldout", "heldout2")  # heldout2: a separate file, via --labels
BINS = (20, 40, 60, 80, 100)  # upper bounds; above the last is ">100"
RATES = ("design", "blinding", "n_exact", "n_empty", "studies_exact", "studies_empty", "n_bin",
         "rct_precision", "rct_recall", "dose_span_recall")


@dataclass
class Counts:
    """Running tallies for one split: accuracies as (right, total), lists as (tp, fp, fn)."""

    records: int = 0
    right: dict[str, list[int]] = field(default_factory=dict)
    lists: dict[str, list[int]] = field(default_factory=dict)

    def tally(self, name: str, ok: bool) -> None:
        pair = self.right.setdefault(name, [0, 0])
        pair[0] += int(ok)
        pair[1] += 1

    def rate(self, name: str) -> float | None:
        right, total = self.right.get(name, [0, 0])
        return right / total if total else None

    def prf(self, name: str) -> tuple[float, float, float]:
        tp, fp, fn = self.lists.get(name, [0, 0, 0])
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


@dataclass
class FactsReport:
    """Scores per split ("tune", "heldout", "all"), the records not found and every miss."""

    splits: dict[str, Counts]
    missing: list[str]
    misses: list[dict[str, Any]]

    def metric(self, split: str, name: str) -> float | None:
        """One figure: a name of `RATES`, or "<list field>_f1" / "_precision" / "_recall"."""
        counts = self.splits[split]
        for suffix, position in (("_precision", 0), ("_recall", 1), ("_f1", 2)):
            if name.endswith(suffix) and name.removesuffix(suffix) in LIST_FIELDS:
                return counts.prf(name.removesuffix(suffix))[position]
        return counts.rate(name)

    def to_json(self) -> dict[str, Any]:
        names = [*RATES, *(f"{f}_{m}" for f in LIST_FIELDS for m in ("precision", "recall", "f1"))]
        return {"splits": {s: {"records": c.records, **{n: self.metric(s, n) for n in names}}
                           for s, c in self.splits.items()},
                "missing": self.missing}


def evaluate_facts(labels: Path = DEFAULT_LABELS, data_dir: Path = DEFAULT_DATA,
                   split: str | None = None) -> FactsReport:
    """Run the extractor on every labelled record of `split` (None or "all": every split)."""
    rows = [r for r in _read_labels(labels) if split in (None, "all") or r.get("split") == split]
    records = _records(data_dir, {r["collection"] for r in rows})
    report = FactsReport({}, [], [])
    for row in rows:
        record = _find(records.get(row["collection"], {}), row)
        if record is None:
            report.missing.append(f"{row['collection']}:{row.get('pmid') or row.get('record_id')}")
            continue
        facts = extract_facts(record.get("title") or "", record.get("abstract") or "")
        for name in (row.get("split", "tune"), "all"):
            _score(report.splits.setdefault(name, Counts()), row, facts, report.misses
                   if name == "all" else None)
    return report


def _read_labels(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise DatasetError(f"{path}: {error.strerror or error}") from None
    rows = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise DatasetError(f"{path}:{number}: not JSON ({error.msg})") from None
    return rows


def _records(data_dir: Path, collections: Iterable[str]) -> dict[str, dict[str, dict]]:
    """Records of each collection by "pmid:N" and "id:source_record_id"."""
    found: dict[str, dict[str, dict]] = {}
    for name in collections:
        path = data_dir / COLLECTIONS.get(name, f"{name}/records.jsonl.gz")
        try:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                rows = [json.loads(line) for line in handle if line.strip()]
        except (OSError, ValueError) as error:
            raise DatasetError(f"{path}: {error}") from None
        index: dict[str, dict] = {}
        for row in rows:
            if row.get("source_record_id"):
                index.setdefault(f"id:{row['source_record_id']}", row)
            if row.get("pmid"):
                index.setdefault(f"pmid:{row['pmid']}", row)
        found[name] = index
    return found


def _find(index: dict[str, dict], row: dict[str, Any]) -> dict | None:
    if row.get("pmid") and f"pmid:{row['pmid']}" in index:
        return index[f"pmid:{row['pmid']}"]
    return index.get(f"id:{row.get('record_id')}") if row.get("record_id") else None


def _score(counts: Counts, row: dict[str, Any], facts: StudyFacts,
           misses: list[dict[str, Any]] | None) -> None:
    counts.records += 1
    got = facts.to_json()
    wrong: dict[str, Any] = {}
    for name in ("design", "blinding"):
        counts.tally(name, got[name] == row.get(name))
        if got[name] != row.get(name):
            wrong[name] = (got[name], row.get(name))
    for name, key in (("n", "n_participants"), ("studies", "n_studies")):
        stated = row.get(key) is not None
        counts.tally(f"{name}_exact" if stated else f"{name}_empty", got[key] == row.get(key))
        if got[key] != row.get(key):
            wrong[key] = (got[key], row.get(key))
    for name in LIST_FIELDS:
        _score_list(counts, name, got[name], row.get(name) or [], wrong)
    _score_external(counts, row, got)
    if misses is not None and wrong:
        misses.append({"record": row.get("pmid") or row.get("record_id"),
                       "split": row.get("split"), **wrong})


def n_bin(n: int) -> int:
    """The participant bin of n: 0 for 1-20, 1 for 21-40, ... 5 for more than 100."""
    return next((i for i, bound in enumerate(BINS) if n <= bound), len(BINS))


def _score_external(counts: Counts, row: dict[str, Any], got: dict[str, Any]) -> None:
    """The external set's coarser measures: bins, RCT found, dose spans recalled."""
    if row.get("n_participants") is not None:
        counts.tally("n_bin", got["n_participants"] is not None
                     and n_bin(got["n_participants"]) == n_bin(row["n_participants"]))
    if got["design"] == "rct":
        counts.tally("rct_precision", row.get("design") == "rct")
    if row.get("design") == "rct":
        counts.tally("rct_recall", got["design"] == "rct")
    extracted = [dose_key(d) for d in got["doses"]]
    for dose in row.get("doses") or []:
        key = dose_key(dose)
        counts.tally("dose_span_recall", any(key in e or e in key for e in extracted))


def _score_list(counts: Counts, name: str, got: list[str], want: list[str],
                wrong: dict[str, Any]) -> None:
    key = NORMALISERS.get(name, _name_key)
    got_keys, want_keys = {key(g) for g in got}, {key(w) for w in want}
    tally = counts.lists.setdefault(name, [0, 0, 0])
    tally[0] += len(got_keys & want_keys)
    tally[1] += len(got_keys - want_keys)
    tally[2] += len(want_keys - got_keys)
    if got_keys != want_keys:
        wrong[name] = {"extra": sorted(got_keys - want_keys),
                       "missed": sorted(want_keys - got_keys)}


def _name_key(text: str) -> str:
    """Names compare without case, hyphens or spaces ("HAM-D" = "HAMD", "Non-users" =
    "non users")."""
    return re.sub(r"[\s\-\u2010-\u2015]", "", text.lower())


_MICRO = re.compile(r"(?<![a-z])(?:\u00b5|\u03bc|mc|micro|u)g(?![a-z])")
_EXPONENT = re.compile(r"[\s.\u00b7\u22c5]?(kg|h|hr|d|day|min)\s?\^?\(?[-\u2212\u2013]1\)?")


def dose_key(text: str) -> str:
    """A dose without spacing, case, dash or exponent spelling ("0.5mg kg-1" = "0.5 mg/kg");
    microgram spellings meet, "mg/day" = "mg/d", ".5" = "0.5"."""
    key = _EXPONENT.sub(r"/\1", text.lower())
    key = re.sub(r"[\u2010-\u2015\u2212]", "-", key)
    key = _MICRO.sub("\u00b5g", key)
    key = re.sub(r"(?<![\d.])\.(\d)", r"0.\1", key)
    key = re.sub(r"/day\b", "/d", key)
    return re.sub(r"\s+", "", key)


_UNIT_WORDS = {"h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
               "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
               "d": "day", "day": "day", "days": "day", "wk": "week", "wks": "week",
               "week": "week", "weeks": "week", "mo": "month", "month": "month",
               "months": "month", "yr": "year", "year": "year", "years": "year",
               "pod": "day", "s": "second", "sec": "second", "seconds": "second"}
_TIME_PART = re.compile(r"\d+(?:\.\d+)?|[a-z]+|-")


def time_key(text: str) -> str:
    """A timepoint as number and unit in its written order ("24 h" = "24 hours"; "day 28" kept
    apart from "28 days"); other words ("postoperative", "after surgery") are dropped."""
    words = re.sub(r"[\u2010-\u2015\u2212]|\bto\b", "-", text.lower())
    words = re.sub(r"[a-z]+(?:-[a-z]+)*", lambda m: _word_number(m.group()), words)
    parts = [p for p in _TIME_PART.findall(words) if p in _UNIT_WORDS or p[0].isdigit() or p == "-"]
    parts = [_UNIT_WORDS.get(p, p) for p in parts]
    return " ".join(parts).replace(" - ", "-").strip(" -")


def _word_number(word: str) -> str:
    value = to_int(word)
    return str(value) if value is not None else word


NORMALISERS: dict[str, Callable[[str], str]] = {"doses": dose_key, "timepoints": time_key}


def format_report(report: FactsReport) -> str:
    """A plain-text table: one column per split."""
    splits = [s for s in (*SPLITS, "all") if s in report.splits]
    lines = [f"{'field':<26}" + "".join(f"{s:>10}" for s in splits),
             f"{'records':<26}" + "".join(f"{report.splits[s].records:>10}" for s in splits)]
    rows = [("design accuracy", "design"), ("blinding accuracy", "blinding"),
            ("n exact (when stated)", "n_exact"), ("n empty (when not)", "n_empty"),
            ("n_studies exact", "studies_exact"), ("n_studies empty", "studies_empty"),
            ("n in labelled bin", "n_bin"), ("RCT precision", "rct_precision"),
            ("RCT recall", "rct_recall"), ("dose spans recalled", "dose_span_recall")]
    rows += [(f"{f} {m[0].upper()}", f"{f}_{m}") for f in LIST_FIELDS
             for m in ("precision", "recall", "f1")]
    for label, name in rows:
        values = [report.metric(s, name) for s in splits]
        lines.append(f"{label:<26}" + "".join(f"{_shown(v):>10}" for v in values))
    if report.missing:
        lines.append(f"not found in the collections: {', '.join(report.missing)}")
    return "\n".join(lines)


def _shown(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evaluation.facts_eval",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="shared data folder holding psychedelics/ and pubmed/")
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--misses", action="store_true",
                        help="also list every record whose facts differ from its label")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        report = evaluate_facts(args.labels, args.data, args.split)
    except KlsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        payload = report.to_json() | ({"misses": report.misses} if args.misses else {})
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(format_report(report))
        for miss in report.misses if args.misses else []:
            print(json.dumps(miss, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
