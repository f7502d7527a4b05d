"""One policy for what a batch, a removal or a sync came to: how serious (success, warning,
error, info), a headline, the lines naming each refused or present item, and the exit status.

The CLI prints an `Outcome` (`ingest.report`) and the curator page shows it (`webui.curator`),
so a terminal and the page always agree on what happened. Exit status, as the README says:
0 everything asked for went in (or was already there); 1 some item was refused and the rest
was done; 2 nothing could be done.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.writer import ChangeReport
from ingest.pipeline import BatchResult

SHOW_SKIPPED = 20
SUCCESS, WARNING, ERROR, INFO = "success", "warning", "error", "info"


@dataclass(frozen=True)
class Line:
    """One item's line: `kind` is "error", "skipped", "present" or "note"."""

    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


@dataclass(frozen=True)
class Outcome:
    level: str
    headline: str
    lines: tuple[Line, ...] = ()
    exit_code: int = 0


def summary(report: ChangeReport) -> str:
    """One line saying what a change did and what the index now holds."""
    return (
        f"documents: {len(report.added)} added, {len(report.replaced)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.duplicates)} already present; "
        f"passages: {report.embedded} embedded, {report.reused} reused; index now holds "
        f"{report.documents} documents, {report.chunks} passages (version {report.version})"
    )


def of_batch(result: BatchResult) -> Outcome:
    """A load-and-publish batch (files, PubMed records, a rebuild)."""
    lines = _item_lines(result)
    refused = bool(result.errors or result.skipped)
    report = result.report
    if report is None:
        if result.present and not refused:
            headline = "nothing added: everything asked for is already present"
            return Outcome(INFO, headline, lines, 0)
        reason = "every item was refused" if refused else "no readable documents"
        return Outcome(ERROR, f"nothing added: {reason}", lines, 2)
    lines += tuple(Line("present", d) for d in report.duplicates)
    return Outcome(WARNING if refused else SUCCESS, summary(report), lines, 1 if refused else 0)


def _item_lines(result: BatchResult) -> tuple[Line, ...]:
    lines = [Line("error", e) for e in result.errors]
    lines += [Line("skipped", s) for s in result.skipped[:SHOW_SKIPPED]]
    if len(result.skipped) > SHOW_SKIPPED:
        more = len(result.skipped) - SHOW_SKIPPED
        lines.append(Line("skipped", f"... and {more} more records"))
    lines += [Line("present", p) for p in result.present]
    return tuple(lines)


def of_removal(report: ChangeReport) -> Outcome:
    """Removing documents by id: unknown ids are refused, nothing removed is exit 2."""
    lines = tuple(Line("error", f"{d}: no such document in the index") for d in report.not_found)
    if not report.removed:
        return Outcome(ERROR, "nothing removed", lines, 2)
    headline = (f"documents: {len(report.removed)} removed; index now holds {report.documents} "
                f"documents, {report.chunks} passages (version {report.version})")
    return Outcome(WARNING if lines else SUCCESS, headline, lines, 1 if lines else 0)
