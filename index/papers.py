"""The records of the paper view: one card per paper, and one page of them with its totals.

People judge papers, not passages: a paper's six sections or three overlapping windows of one
abstract are one result. Field names are the `--papers --json` contract and the page's API;
add fields, never rename or remove one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from documents.facts import StudyFacts
from index import facts_column
from index.hit import Hit

SORTS = ("relevance", "newest", "oldest")


@dataclass(frozen=True)
class Paper:
    """One ranked paper with its best one or two passages (overlapping ones merged).

    `score` is the fused ranking score (comparable within one query only). `dense_score` (best
    cosine of a passage), `lexical_score` (best BM25 of a passage), `coverage` (share of the
    query's content words the paper contains) and `match` are absolute: the same figure means
    the same in every query. `facts` are the paper's study facts (None: empty; `{}` in JSON).
    """

    rank: int
    doc_id: str
    title: str
    authors: tuple[str, ...]
    journal: str | None
    year: int | None
    source: str
    pmid: str | None
    doi: str | None
    origin: str
    note: str
    study_types: tuple[str, ...]
    publication_types: tuple[str, ...]
    score: float
    dense_score: float
    lexical_score: float
    coverage: float
    match: str
    passages: tuple[Hit, ...]
    facts: StudyFacts | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready: tuples become lists, passages their hits' JSON."""
        record = asdict(self)
        for name in ("authors", "study_types", "publication_types"):
            record[name] = list(record[name])
        record["passages"] = [hit.to_json() for hit in self.passages]
        record["facts"] = facts_column.as_json(self.facts)
        return record


@dataclass(frozen=True)
class PaperResults:
    """One page of papers. `total` counts the matching papers on all pages (README: "How
    strong a match is"); `notice` is the sentence to show above them, or None; `missing_terms`
    are the query's words that no document contains, as typed; `lookup` is "pmid" or "doi"
    when the query named papers by identifier."""

    query: str
    papers: tuple[Paper, ...]
    total: int
    page: int
    per_page: int
    sort: str
    notice: str | None
    missing_terms: tuple[str, ...]
    lookup: str | None

    def to_json(self) -> dict[str, Any]:
        record = asdict(self)
        record["papers"] = [paper.to_json() for paper in self.papers]
        record["missing_terms"] = list(self.missing_terms)
        return record
