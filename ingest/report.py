"""What `python -m ingest` prints: an outcome's item lines (refusals on stderr), its headline,
the documents listing, and a sync's account of each search."""

from __future__ import annotations

import json
import sys

from index.stored import StoredDocument
from ingest.outcome import ERROR, Outcome, summary
from ingest.pubmed.sync import SyncResult

LIST_COLUMNS = ("doc_id", "source", "year", "pmid", "chunks", "added_at", "added_by", "title")
_TO_STDERR = ("error", "skipped")


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def show(outcome: Outcome) -> int:
    """Print the outcome; returns its exit status."""
    for line in outcome.lines:
        if line.kind in _TO_STDERR:
            _err(str(line))
        else:
            print(line)
    if outcome.level == ERROR:
        _err(outcome.headline)
    else:
        print(outcome.headline)
    return outcome.exit_code


def listing(documents: list[StoredDocument], as_json: bool) -> int:
    """The documents as JSON, or one tab-separated line each under a header."""
    records = [doc.to_json() for doc in documents]
    if as_json:
        print(json.dumps(records, indent=2, ensure_ascii=False))
        return 0
    print("\t".join(LIST_COLUMNS))
    for record in records:
        print("\t".join("" if record[c] is None else _cell(record[c]) for c in LIST_COLUMNS))
    return 0


def _cell(value: object) -> str:
    """One tab-separated cell: tabs and line breaks inside a value would break the row."""
    return " ".join(str(value).split())


def synced(result: SyncResult) -> int:
    """Each search, what was left out, and what was added; offline is said plainly. Exit 2
    when PubMed was unreachable and nothing was cached, 1 when something was missed."""
    plan, added_batch = result.plan, result.batch
    for note in plan.notes:
        print(f"search: {note}")
    if plan.offline:
        _err(f"offline: {plan.offline}")
    if result.left_out:
        print(f"left out: {len(result.left_out)} PMIDs a curator removed")
    print(f"present: {len(added_batch.present)} PMIDs already in the index")
    added = added_batch.report.added if added_batch.report else []
    print(f"added: {len(added)} records" + (f" ({', '.join(added)})" if added else ""))
    for line in added_batch.errors:
        _err(f"error: {line}")
    if added_batch.report is not None:
        print(summary(added_batch.report))
    if plan.offline and not plan.answered and added_batch.report is None:
        return 2
    return 1 if plan.offline or added_batch.errors else 0
