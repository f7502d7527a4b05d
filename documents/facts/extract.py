"""`extract_facts`: the facts of one study from its title and abstract, rule-based and quoted.

Every fact comes with the sentence it was read from; a fact the text does not state stays
empty, because a wrong fact on a card misleads more than a missing one. The design comes from
PubMed's publication types when they decide it, else from the text, and the design gates the
rest (a review has no n, an animal study no participants).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from documents.facts.blinding import blinding
from documents.facts.context import Abstract, Analysed, analyse
from documents.facts.design import design_from_publication_types, design_from_text
from documents.facts.doses import doses
from documents.facts.drugs import interventions_and_comparators
from documents.facts.finding import main_finding
from documents.facts.model import StudyFacts
from documents.facts.participants import participants
from documents.facts.routes import routes
from documents.facts.scales import outcome_scales
from documents.facts.studies import included_studies
from documents.facts.timepoints import timepoints
from documents.facts.vocabulary import load_vocabulary

Found = list[tuple[str, Analysed]]


def extract_facts(title: str, text: str, publication_types: Sequence[str] = (),
                  mesh_terms: Sequence[str] = (), vocabulary: Path | None = None) -> StudyFacts:
    """The facts of the study that `title` and `text` (its abstract) describe."""
    abstract = analyse(title if isinstance(title, str) else "",
                       text if isinstance(text, str) else "", load_vocabulary(vocabulary))
    design = design_from_publication_types(publication_types, mesh_terms, abstract)
    source = "publication_type" if design is not None else "text"
    design = design or design_from_text(abstract)
    evidence: dict[str, str] = {}
    scalars = _scalars(abstract, design, evidence)
    lists = _lists(abstract, design, evidence)
    finding = main_finding(abstract)
    if finding is not None:
        evidence["main_finding"] = finding.sentence.original
    return StudyFacts(
        design=design, design_source=source, **scalars, **lists,
        main_finding=finding.sentence.original if finding is not None else None,
        evidence=tuple(evidence.items()),
    )


def _scalars(abstract: Abstract, design: str, evidence: dict[str, str]) -> dict:
    found = {"blinding": blinding(abstract, design),
             "n_participants": participants(abstract, design),
             "n_studies": included_studies(abstract, design)}
    values = {}
    for name, pair in found.items():
        values[name] = pair[0] if pair is not None else None
        if pair is not None:
            evidence[name] = pair[1].sentence.original
    return values


def _lists(abstract: Abstract, design: str, evidence: dict[str, str]) -> dict:
    interventions, comparators = interventions_and_comparators(abstract, design)
    found: dict[str, Found] = {
        "interventions": interventions, "doses": doses(abstract, design),
        "routes": routes(abstract, design),
        "comparator": comparators, "outcome_scales": outcome_scales(abstract),
        "timepoints": timepoints(abstract),
    }
    values = {}
    for name, pairs in found.items():
        values[name] = tuple(value for value, _ in pairs)
        if pairs:
            evidence[name] = pairs[0][1].sentence.original
    return values
