"""Study design: from PubMed's publication types when they decide it, else from the text.

Publication types are assigned by NLM indexers and beat any reading of the text. Without them,
the design follows the authors' own words about *this* study: a review that calls itself
systematic, a report of one patient, participants "randomly assigned", rats in the methods.
Cue phrases live in the vocabulary (kind `design`); the order in which they are weighed, and
where they must appear, is the logic below.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from documents.facts.context import Abstract, cites_literature
from documents.facts.design_cues import case_report, other_paper
from documents.facts.design_reviews import self_review
from documents.facts.design_subjects import (
    animal_study,
    in_vitro_study,
    in_vitro_title,
    molecular_only,
)
from documents.facts.design_trials import (
    is_protocol,
    pooled_without_comparison,
    randomised,
    title_says_randomised,
)
from documents.facts.people import counted_people

_BY_TYPE = (  # first match wins
    ("case reports", "case_report"),
    ("systematic review", "systematic_review"),
    ("meta-analysis", "systematic_review"),
    ("network meta-analysis", "systematic_review"),
    ("randomized controlled trial", "rct"),
    ("equivalence trial", "rct"),
    ("clinical trial protocol", "other"),
    ("editorial", "other"),
    ("comment", "other"),
    ("letter", "other"),
    ("guideline", "other"),
    ("practice guideline", "other"),
    ("news", "other"),
    ("published erratum", "other"),
    ("observational study", "clinical_study"),
    ("clinical trial", "clinical_study"),
    ("clinical trial, phase i", "clinical_study"),
    ("clinical trial, phase ii", "clinical_study"),
    ("clinical trial, phase iii", "clinical_study"),
    ("clinical trial, phase iv", "clinical_study"),
    ("controlled clinical trial", "clinical_study"),
    ("review", "narrative_review"),
)


_PEOPLE = re.compile(r"\b(?:patients|participants|subjects|volunteers|adults|individuals|women|"
                     r"men|children|adolescents|veterans|users|respondents|outpatients|"
                     r"inpatients)\b", re.IGNORECASE)


_LITERATURE = re.compile(r"\b(?:research|studies|trials|evidence|literature|clinical use)\b",
                         re.IGNORECASE)
_REFERENCE = re.compile(r"\[\d{1,3}(?:(?:, ?|-)\d{1,3}){0,5}\]")
_WE_MEASURED = re.compile(r"\bwe (?:analy[sz]ed|measured|collected|obtained|assessed|studied|"
                          r"conducted|performed|applied|used|recorded|tested|compared|"
                          r"examined)\b", re.IGNORECASE)
# this study's own conduct: "comparing drug A and placebo in a double-blind, cross-over design
# trial", a title "A pilot cross-over design study"
_OWN_DESIGN = re.compile(r"\bin an? (?:[\w-]+,? ){0,3}(?:double-blind|placebo-controlled|"
                         r"cross-?over|within-subjects?)\b|^(?:an? )?(?:[\w-]+ ){0,2}"
                         r"(?:double-blind|placebo-controlled|cross-?over)(?: design)? "
                         r"(?:study|trial)\b", re.IGNORECASE)
_CONTROLLED = re.compile(r"\b(?:double-blind|placebo-controlled|within-subjects?|cross-?over|"
                         r"healthy (?:volunteers|subjects|participants))\b", re.IGNORECASE)


def design_from_publication_types(types: Sequence[str], mesh: Sequence[str],
                                  abstract: Abstract) -> str | None:
    """The design PubMed's indexing states, or None when it says nothing decisive."""
    given = {t.strip().lower() for t in types}
    mesh_terms = {m.strip().lower() for m in mesh}
    if "animals" in mesh_terms and "humans" not in mesh_terms and "case reports" not in given:
        return "animal"
    for name, design in _BY_TYPE:
        if name in given:
            return _refine(design, abstract)
    if "in vitro techniques" in mesh_terms and "humans" not in mesh_terms:
        return "in_vitro"
    return None


def _refine(design: str, abstract: Abstract) -> str:
    """A "Review" that calls itself systematic, or a "Clinical Trial" that randomised."""
    if design == "narrative_review" and self_review(abstract) == "systematic_review":
        return "systematic_review"
    if design == "clinical_study" and randomised(abstract):
        return "rct"
    return design


def design_from_text(abstract: Abstract) -> str:
    """The design the title and abstract state, in order of how decisive each cue is."""
    review = self_review(abstract)
    if other_paper(abstract, review) or is_protocol(abstract):
        return "other"
    if review == "systematic_review":
        return "systematic_review"
    if title_says_randomised(abstract):
        return "clinical_study" if pooled_without_comparison(abstract) else "rct"
    if case_report(abstract, review):
        return "case_report"
    if review == "narrative_review":
        return "narrative_review"
    if in_vitro_title(abstract):
        return "in_vitro"
    if animal_study(abstract):
        return "animal"
    if in_vitro_study(abstract):
        return "in_vitro"
    if randomised(abstract):
        return "clinical_study" if pooled_without_comparison(abstract) else "rct"
    if _clinical(abstract):
        return "clinical_study"
    if _reads_like_review(abstract):
        return "narrative_review"
    return "in_vitro" if molecular_only(abstract) else "other"


def _clinical(abstract: Abstract) -> bool:
    """Original data about people: a design cue, or people counted in the study's sentences."""
    for sentence in abstract.study():
        if any(m.canonical == "clinical_study" for m in sentence.of("design")):
            return True
        if counted_people(sentence) or (_PEOPLE.search(sentence.text)
                                        and re.search(r"\d", sentence.text)):
            return True
        if sentence.section in ("methods", "results") and sentence.has("participant"):
            return True  # a structured report of original data about people
        ours = sentence.has("participant") or _WE_MEASURED.search(sentence.text)
        if _OWN_DESIGN.search(sentence.text) or (ours and _CONTROLLED.search(sentence.text)
                                                 and not cites_literature(sentence)):
            return True  # "we analyzed plasma samples from a placebo-controlled crossover study";
    return False  # not "findings from a randomized cross-over study in patients suggest"


def _reads_like_review(abstract: Abstract) -> bool:
    """A review cue, numbered references ("... requiring treatment [1]"), or no data of its own
    but treatments and the state of research discussed in several sentences ("X is showing
    promise ... is being tested ... further research")."""
    if any(m.canonical == "narrative_review" for s in abstract.sentences for m in s.of("design")):
        return True
    if sum(1 for s in abstract.body() if _REFERENCE.search(s.text)) >= 2:
        return True
    about = [s for s in abstract.body() if s.has("drug") or _LITERATURE.search(s.text)]
    return len(about) >= 3 and not any((s.has("species") or s.has("in_vitro"))
                                       and not cites_literature(s) for s in abstract.sentences)
