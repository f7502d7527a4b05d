"""The current results as files: CSV (one row per passage) and RIS (one record per document).

CSV keeps the query, rank, the fused score beside the absolute channel scores (cosine, BM25)
and the paper's match strength, the passage, citation fields and the study facts (design id,
blinding, n, drugs, doses, routes, comparator, scales, timepoints; lists joined by "; ") for a
spreadsheet. Every cell,
whatever its column, passes one guard: a cell that starts like a formula (= + - @ TAB CR, or
their full-width forms) gets a leading apostrophe, so no document, query or identifier can run
a formula in the reader's spreadsheet; plain numbers we wrote ourselves pass as numbers. RIS is
what Zotero, EndNote and Mendeley import: each document once, with its study facts and its best
passages as notes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence

from documents.facts import StudyFacts, summary_line
from index.hit import Hit
from webui.cards import doi_url, pdf_name, pubmed_url
from webui.grouping import group_by_document

FACT_COLUMNS = ("design", "blinding", "n_participants", "interventions", "doses", "routes",
                "comparator", "outcome_scales", "timepoints")
CSV_COLUMNS = (
    "query", "rank", "score", "dense_score", "lexical_score", "match", "passage", "title",
    "authors", "source", "year", "journal", "study_types", *FACT_COLUMNS, "pmid", "doi",
    "pubmed_url", "doi_url", "pdf_file", "page", "section", "doc_id", "chunk_id",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_NUMBER = re.compile(r"-?[0-9]{1,12}(?:\.[0-9]{1,12})?")


def results_csv(query: str, hits: Sequence[Hit], matches: Mapping[str, str] | None = None) -> str:
    """One row per passage, in rank order, with a header row; `matches` gives each paper's
    match strength by doc_id (the passage view has none)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180; cells with CR get quoted
    writer.writerow(CSV_COLUMNS)
    for hit in hits:
        writer.writerow([_cell(value) for value in _row(query, hit, matches or {})])
    return out.getvalue()


def _row(query: str, hit: Hit, matches: Mapping[str, str]) -> tuple[object, ...]:
    return (
        query, hit.rank, f"{hit.score:.6f}", _score(hit.dense_score), _score(hit.lexical_score),
        matches.get(hit.doc_id, ""), hit.text, hit.title, "; ".join(hit.authors), hit.source,
        hit.year or "", hit.journal or "", "; ".join(hit.study_types), *_facts(hit.facts),
        hit.pmid or "", hit.doi or "", pubmed_url(hit) or "", doi_url(hit) or "",
        pdf_name(hit) if hit.source == "pdf" else "", "" if hit.page is None else hit.page,
        hit.heading, hit.doc_id, hit.chunk_id,
    )


def _facts(facts: StudyFacts | None) -> tuple[object, ...]:
    """The FACT_COLUMNS cells of one passage's paper (all empty for empty facts)."""
    if facts is None:
        return ("",) * len(FACT_COLUMNS)
    values = [getattr(facts, name) for name in FACT_COLUMNS]
    return tuple("; ".join(v) if isinstance(v, tuple) else ("" if v is None else v)
                 for v in values)


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}"


def results_ris(hits: Sequence[Hit]) -> str:
    """One RIS record per document, in the order of its best passage."""
    return "".join(_ris_record(group.hits) for group in group_by_document(hits))


def _ris_record(passages: Sequence[Hit]) -> str:
    first = passages[0]
    tags: list[tuple[str, str]] = [
        ("TY", "JOUR" if first.source == "pubmed" else "GEN"),
        ("TI", first.title),
        *(("AU", author) for author in first.authors),
        ("T2", first.journal or ""),
        ("JO", first.journal or ""),
        ("PY", str(first.year or "")),
        ("DO", first.doi or ""),
        ("AN", first.pmid or ""),
        ("ID", first.pmid or first.doc_id),
        ("UR", pubmed_url(first) or doi_url(first) or ""),
    ]
    if first.facts is not None and summary_line(first.facts):
        tags.append(("N1", f"Study facts (read from the abstract by rules): "
                           f"{summary_line(first.facts)}"))
    for hit in passages:
        where = f", page {hit.page}" if hit.page is not None else ""
        tags.append(("N1", f"Passage (rank {hit.rank}, score {hit.score:.3f}{where}): {hit.text}"))
    lines = [f"{tag}  - {_one_line(value)}" for tag, value in tags if value]
    return "\n".join(lines) + "\nER  - \n\n"


def _cell(value: object) -> str:
    """The formula guard, for every cell: a number stays a number, any other text that a
    spreadsheet would read as a formula is prefixed with an apostrophe."""
    text = "" if value is None else str(value)
    if _NUMBER.fullmatch(text):
        return text
    return "'" + text if text.startswith(_FORMULA_START) else text


def _one_line(text: str) -> str:
    """RIS is line-based: a value must not contain a line break."""
    return " ".join(text.split())
