"""Study type of a document, derived only from what PubMed says about it.

Publication types (assigned by NLM indexers) decide trial, review and meta-analysis; MeSH check
tags decide animal or human study. A document PubMed says nothing about is "unknown": we never
guess a study type from the text.
"""

from __future__ import annotations

from collections.abc import Iterable

RCT = "randomized controlled trial"
META = "meta-analysis or systematic review"
REVIEW = "review"
TRIAL = "clinical trial"
ANIMAL = "animal study"
HUMAN = "human study"
UNKNOWN = "unknown"
STUDY_TYPES = (RCT, META, REVIEW, TRIAL, ANIMAL, HUMAN, UNKNOWN)

_BY_PUBLICATION_TYPE = {
    "randomized controlled trial": RCT,
    "meta-analysis": META,
    "systematic review": META,
    "review": REVIEW,
    "clinical trial": TRIAL,
    "controlled clinical trial": TRIAL,
    "pragmatic clinical trial": TRIAL,
    "clinical trial, phase i": TRIAL,
    "clinical trial, phase ii": TRIAL,
    "clinical trial, phase iii": TRIAL,
    "clinical trial, phase iv": TRIAL,
}


def study_types(publication_types: Iterable[str], mesh_terms: Iterable[str]) -> tuple[str, ...]:
    """Every study type the record supports, in the order of STUDY_TYPES; ("unknown",) if none."""
    found = {_BY_PUBLICATION_TYPE[p.strip().lower()] for p in publication_types
             if p.strip().lower() in _BY_PUBLICATION_TYPE}
    mesh = {m.strip().lower() for m in mesh_terms}
    if "animals" in mesh and "humans" not in mesh:
        found.add(ANIMAL)
    if "humans" in mesh:
        found.add(HUMAN)
    return tuple(t for t in STUDY_TYPES if t in found) or (UNKNOWN,)
