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
_EXPLICIT_SINGLE = re.compile(r"\bsingle[- ]?(?:blind|mask)", re.IGNORECASE)
# "we compared patients with data from healthy participants who participated in a randomized,
# double-blind trial": the blinding of another trial, which only supplied a comparison group
_OTHER_TRIAL = re.compile(r"\bwith data from [^.;]{0,60}?\bwho (?:had )?(?:previously )?"
                          r"(?:participated|took part|were enrolled) in (?:a|an|the) [^.;]{0,80}?"
                          r"(?:trial|study)\b", re.IGNORECASE)


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
        text = _OTHER_TRIAL.sub(" ", sentence.text)
        for level, pattern in _LEVELS:
            if pattern.search(text):
                found.append((level, sentence))
    if not found:
        return None
    if design == "rct":
        stated = [f for f in found if not _rater_only(f, found)]
        blind = [f for f in stated if f[0] != "open-label"]
        return blind[0] if blind else stated[0]
    return found[0]


def _rater_only(level: tuple[str, Analysed], found: list[tuple[str, Analysed]]) -> bool:
    """"randomised, open-label, rater-blinded": blinded raters alone make a trial single-blind
    only when it is not called open-label."""
    return (level[0] == "single-blind" and not _EXPLICIT_SINGLE.search(level[1].text)
            and any(f[0] == "open-label" for f in found))
