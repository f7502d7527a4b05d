"""Blinding as the study states it of itself: double-blind, single-blind or open-label.

Only primary studies, protocols and registry records carry blinding; a review citing
double-blind trials is not itself blinded. A bare "blinded" names no level and gives nothing.
"""

from __future__ import annotations

import re

from documents.facts.context import Abstract, Analysed

_LEVELS = (
    ("double-blind", re.compile(r"\b(?:double|triple|quadruple)[- ]?(?:blind|mask|dummy)|"
                                r"\b(?:patient|participant|subject)s?[- ]and[- ](?:rater|"
                                r"investigator|assessor|clinician|observer)s?[- ]blind",
                                re.IGNORECASE)),
    ("single-blind", re.compile(r"\bsingle[- ]?(?:blind|mask)|\b(?:rater|assessor|evaluator|"
                                r"observer)s?[- ](?:blind|mask)|\bblinded (?:raters?|assessors?|"
                                r"evaluators?|outcome assessors?|observers?)\b", re.IGNORECASE)),
    ("open-label", re.compile(r"\bopen[- ]label|\bopen (?:study|trial|design|pilot|phase|fashion|"
                              r"manner|treatment|extension)|\btreated openly\b|\bunblinded\b|"
                              r"\bnon-?blinded\b", re.IGNORECASE)),
)
_BLINDED_DESIGNS = ("rct", "clinical_study", "other")


def blinding(abstract: Abstract, design: str) -> tuple[str, Analysed] | None:
    """The level the study states, from the earliest sentence about this study that states one.

    A randomised phase beats its open-label extension: in an RCT a double- or single-blind
    statement anywhere wins over "open-label".
    """
    if design not in _BLINDED_DESIGNS:
        return None
    found: list[tuple[str, Analysed]] = []
    for sentence in abstract.sentences:
        if sentence.section in ("background", "limitations"):
            continue
        for level, pattern in _LEVELS:
            if pattern.search(sentence.text):
                found.append((level, sentence))
    if not found:
        return None
    if design == "rct":
        blind = [f for f in found if f[0] != "open-label"]
        return blind[0] if blind else found[0]
    return found[0]
