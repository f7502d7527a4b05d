"""Study facts as the store keeps them: computed once per document at write time, stored as the
extractor's JSON (`StudyFacts.to_json`, each fact with its evidence sentence) beside a plain
`design` column that the design and human-participant filters query.

Facts are read from a PubMed record's title and abstract, and from the first `OPENING_CHARS` of
any other document (a PDF's abstract and first pages, the article's opening): past that a
paper's methods and references would feed the extractor other studies' numbers. A document
whose facts cannot be extracted (it should not happen) is stored with empty facts, never
refused.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

from documents.facts import DESIGNS, JSON_KEYS, StudyFacts, extract_facts

OPENING_CHARS = 3_000  # of a PDF, text file or the article
ABSTRACT_CHARS = 20_000  # of a PubMed record: every real abstract, not a hostile one
HUMAN_DESIGNS = ("rct", "clinical_study", "case_report")  # studies of people, not reviews
EMPTY = "{}"
_log = logging.getLogger(__name__)


def facts_text(source: str, text: str) -> str:
    """The part of a document the facts are read from."""
    if source == "pubmed":
        return text[:ABSTRACT_CHARS]
    opening = text[:OPENING_CHARS]
    cut = opening.rfind(". ")
    return opening[: cut + 1] if len(text) > OPENING_CHARS and cut > OPENING_CHARS // 2 \
        else opening


def compute(title: str, text: str, source: str, publication_types: Sequence[str],
            mesh_terms: Sequence[str]) -> StudyFacts | None:
    """The document's facts, or None when the extractor fails (logged; the document is kept)."""
    try:
        return extract_facts(title, facts_text(source, text), publication_types, mesh_terms)
    except Exception as error:  # any failure: a fact is never worth refusing a document
        _log.warning("study facts of %r could not be read: %s", title[:80], error)
        return None


def to_columns(facts: StudyFacts | None) -> tuple[str, str | None]:
    """(facts JSON, design) as stored; empty facts have no design."""
    if facts is None:
        return EMPTY, None
    return json.dumps(facts.to_json(), ensure_ascii=False), facts.design


def from_column(raw: object) -> StudyFacts | None:
    """The stored JSON back as `StudyFacts`; None for empty, missing or malformed facts."""
    if not isinstance(raw, str) or raw in ("", EMPTY):
        return None
    try:
        data = json.loads(raw)
        return _facts(data) if isinstance(data, dict) else None
    except (ValueError, TypeError):
        return None


def as_json(facts: StudyFacts | None) -> dict[str, Any]:
    """The JSON a hit or paper carries: the extractor's keys, or {} for empty facts."""
    return facts.to_json() if facts is not None else {}


def _facts(data: dict[str, Any]) -> StudyFacts:
    design = data.get("design")
    evidence = data.get("evidence") if isinstance(data.get("evidence"), dict) else {}
    return StudyFacts(
        design=design if design in DESIGNS else "other",
        design_source=str(data.get("design_source") or "text"),
        blinding=_text(data.get("blinding")),
        n_participants=_count(data.get("n_participants")),
        n_studies=_count(data.get("n_studies")),
        interventions=_strings(data.get("interventions")), doses=_strings(data.get("doses")),
        routes=_strings(data.get("routes")), comparator=_strings(data.get("comparator")),
        outcome_scales=_strings(data.get("outcome_scales")),
        timepoints=_strings(data.get("timepoints")),
        main_finding=_text(data.get("main_finding")),
        evidence=tuple((str(k), v) for k, v in (evidence or {}).items()
                       if k in JSON_KEYS and isinstance(v, str)),
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _strings(value: object) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()
