"""The current results as files: CSV (one row per passage) and RIS (one record per document).

CSV keeps the query, rank, score, passage and citation fields for a spreadsheet; a text cell
that starts like a formula (=, +, -, @) gets a leading apostrophe, so a document cannot run a
formula in the reader's spreadsheet. RIS is what Zotero, EndNote and Mendeley import: each
document once, with its best passages as notes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from index.hit import Hit
from webui.cards import doi_url, pdf_name, pubmed_url
from webui.grouping import group_by_document

CSV_COLUMNS = (
    "query", "rank", "score", "passage", "title", "source", "year", "journal", "study_types",
    "pmid", "doi", "pubmed_url", "doi_url", "pdf_file", "page", "section", "doc_id", "chunk_id",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def results_csv(query: str, hits: Sequence[Hit]) -> str:
    """One row per passage, in rank order, with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for hit in hits:
        row = (
            _cell(query), hit.rank, f"{hit.score:.6f}", _cell(hit.text), _cell(hit.title),
            hit.source, hit.year or "", _cell(hit.journal or ""), "; ".join(hit.study_types),
            hit.pmid or "", _cell(hit.doi or ""), pubmed_url(hit) or "", doi_url(hit) or "",
            _cell(pdf_name(hit)) if hit.source == "pdf" else "",
            "" if hit.page is None else hit.page, _cell(hit.heading), hit.doc_id, hit.chunk_id,
        )
        writer.writerow(row)
    return out.getvalue()


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
    for hit in passages:
        where = f", page {hit.page}" if hit.page is not None else ""
        tags.append(("N1", f"Passage (rank {hit.rank}, score {hit.score:.3f}{where}): {hit.text}"))
    lines = [f"{tag}  - {_one_line(value)}" for tag, value in tags if value]
    return "\n".join(lines) + "\nER  - \n\n"


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _one_line(text: str) -> str:
    """RIS is line-based: a value must not contain a line break."""
    return " ".join(text.split())
