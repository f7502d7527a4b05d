"""The record the extractor returns: the facts of one study, each with the sentence it came from.

A frozen dataclass like `Document` and `Chunk`, so facts can be stored, compared and cached; lists
are tuples. `to_json` gives the stable shape the store, the CLI and the page read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DESIGNS = ("rct", "clinical_study", "case_report", "systematic_review", "animal", "in_vitro",
           "narrative_review", "other")
DESIGN_LABELS = {
    "rct": "randomized controlled trial",
    "clinical_study": "non-randomized clinical study",
    "case_report": "case report or series",
    "systematic_review": "systematic review or meta-analysis",
    "animal": "animal study",
    "in_vitro": "in vitro study",
    "narrative_review": "narrative review",
    "other": "other",
}
BLINDINGS = ("double-blind", "single-blind", "open-label")
JSON_KEYS = ("design", "design_source", "blinding", "n_participants", "n_studies",
             "interventions", "doses", "routes", "comparator", "outcome_scales", "timepoints",
             "main_finding", "evidence")


@dataclass(frozen=True)
class StudyFacts:
    """What a clinician wants to know before opening a study; an unstated fact stays empty.

    `design_source` is "publication_type" when PubMed's publication types decided the design and
    "text" when the title and abstract did. `evidence` pairs each filled field with the sentence
    it was read from, so a card can show why.
    """

    design: str = "other"
    design_source: str = "text"
    blinding: str | None = None
    n_participants: int | None = None
    n_studies: int | None = None
    interventions: tuple[str, ...] = ()
    doses: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()
    comparator: tuple[str, ...] = ()
    outcome_scales: tuple[str, ...] = ()
    timepoints: tuple[str, ...] = ()
    main_finding: str | None = None
    evidence: tuple[tuple[str, str], ...] = ()

    @property
    def design_label(self) -> str:
        """The design as a person reads it ("randomized controlled trial")."""
        return DESIGN_LABELS.get(self.design, "other")

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types with exactly the keys of JSON_KEYS; evidence as field -> sentence."""
        return {
            "design": self.design,
            "design_source": self.design_source,
            "blinding": self.blinding,
            "n_participants": self.n_participants,
            "n_studies": self.n_studies,
            "interventions": list(self.interventions),
            "doses": list(self.doses),
            "routes": list(self.routes),
            "comparator": list(self.comparator),
            "outcome_scales": list(self.outcome_scales),
            "timepoints": list(self.timepoints),
            "main_finding": self.main_finding,
            "evidence": dict(self.evidence),
        }
