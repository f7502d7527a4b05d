"""Links made before the design filter: `type=` named PubMed study types
(`documents.study_types`). Each is read as the designs it stands for, so an old link opens the
nearest search there is instead of an error; "unknown" and anything else is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from documents import study_types as old

DESIGNS_OF_TYPE = {
    old.RCT: ("rct",),
    old.META: ("systematic_review",),
    old.REVIEW: ("systematic_review", "narrative_review"),  # PubMed's "Review" covers both
    old.TRIAL: ("rct", "clinical_study"),  # "Clinical Trial" includes randomized ones
    old.ANIMAL: ("animal",),
}


def designs_of_types(given: Sequence[object] | None) -> list[str]:
    """The designs the old study types in `given` stand for (in no particular order)."""
    found: list[str] = []
    for value in given or ():
        if isinstance(value, str):
            found.extend(DESIGNS_OF_TYPE.get(value.strip().lower(), ()))
    return found


def human_of_types(given: Sequence[object] | None) -> bool:
    """Whether an old link asked for human studies (now: human participants only)."""
    return any(isinstance(v, str) and v.strip().lower() == old.HUMAN for v in given or ())
