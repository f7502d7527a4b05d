"""What `python -m ingest` prints: one line per refused item, a summary, and the exit status."""

from __future__ import annotations

import json
import sys
from typing import Any

from index.writer import ChangeReport
from ingest.pipeline import BatchResult
from ingest.pubmed.sync import SyncResult

SHOW_SKIPPED = 20
LIST_COLUMNS = ("doc_id", "source", "year", "pmid", "chunks", "added_at", "added_by", "title")


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def batch(result: BatchResult, show_present: bool = True) -> int:
    """Print refusals and a summary; 0 all went in, 1 some refused, 2 nothing could be done."""
    for line in result.errors:
        _err(f"error: {line}")
    for line in result.skipped[:SHOW_SKIPPED]:
        _err(f"skipped: {line}")
    if len(result.skipped) > SHOW_SKIPPED:
        _err(f"skipped: ... and {len(result.skipped) - SHOW_SKIPPED} more records")
    for line in result.present if show_present else ():
        print(f"present: {line}")
    report = result.report
    refused = bool(result.errors or result.skipped)
    if report is None:
        if result.present and not refused:
            print("nothing added: everything asked for is already present")
            return 0
        _err("nothing added: no readable documents")
        return 1 if refused else 2
    for line in report.duplicates:
        print(f"present: {line}")
    print(summary(report))
    return 1 if refused else 0


def summary(report: ChangeReport) -> str:
    """One line saying what a change did and what the index now holds."""
    return (
        f"documents: {len(report.added)} added, {len(report.replaced)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.duplicates)} already present; "
        f"passages: {report.embedded} embedded, {report.reused} reused; index now holds "
        f"{report.documents} documents, {report.chunks} passages (version {report.version})"
    )


def removal(report: ChangeReport) -> int:
    for doc_id in report.not_found:
        _err(f"error: {doc_id}: no such document in the index")
    print(f"documents: {len(report.removed)} removed; index now holds {report.documents} "
          f"documents, {report.chunks} passages (version {report.version})")
    return (2 if not report.removed else 1) if report.not_found else 0


def listing(rows: list[dict[str, Any]], as_json: bool) -> int:
    """The documents as JSON, or one tab-separated line each under a header."""
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    print("\t".join(LIST_COLUMNS))
    for row in rows:
        print("\t".join("" if row[c] is None else str(row[c]) for c in LIST_COLUMNS))
    return 0


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
