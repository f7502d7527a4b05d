"""Interventions and comparators: which drugs the study gives, and against what.

A drug is an intervention when the study's own sentences name it; it is the comparator when the
text sets it against another ("ketamine versus midazolam", "midazolam-controlled", "compared
with ECT", "active placebo (midazolam)"). Control conditions that are not drugs (placebo, saline,
sham, waitlist) come from the vocabulary's `control` kind; "saline" only when the
control is never called a placebo; active non-drug treatments (ECT, psychotherapy; vocabulary
kind `comparator`) only when set against the intervention. Anaesthesia for animal surgery is no
intervention.
"""

from __future__ import annotations

import re

from documents.facts.context import Abstract, Analysed, given_to_all
from documents.facts.vocabulary import Match

_REFERENCE_BEFORE = re.compile(
    r"(?:\bversus|\bvs\.?|\bcompared (?:with|to)|\bcomparison (?:with|to)|\brelative to|"
    r"\bagainst|\bthan|\bcontrary to|\binstead of|\bactive placebo,?|\bcontrol(?: group)?"
    r"(?: received| receiving)?:?|\bplacebo \(|\bcomparator,?) (?:[\w.-]+ ){0,3}$", re.IGNORECASE)
_REFERENCE_AFTER = re.compile(r"^(?:-| )?(?:controlled|as (?:an? )?(?:active )?(?:placebo|control|"
                              r"comparator)|\(active placebo|group served as)", re.IGNORECASE)
_SECOND_ARM = re.compile(r"\b(?:randomi[sz]ed|assigned|allocated|receive|received|either)\b"
                         r"[^.;]{0,80}\bor (?:[\w.-]+ ){0,3}$", re.IGNORECASE)
_ANAESTHESIA = re.compile(r"\ban(?:a)?esthe(?:si|ti)|\bsedat|\bxylazine\b", re.IGNORECASE)
_STUDY_SECTIONS = ("title", "objective", "methods", "results", "body", "conclusions")


Found = list[tuple[str, Analysed]]


def interventions_and_comparators(abstract: Abstract, design: str) -> tuple[Found, Found]:
    """(interventions, comparators), each a list of (name, sentence) in order of mention."""
    drugs: dict[str, tuple[str, Analysed]] = {}
    references: dict[str, tuple[str, Analysed]] = {}
    for sentence in _study_sentences(abstract):
        if given_to_all(sentence, design):
            continue
        for match in sentence.of("drug", "comparator"):
            if design == "animal" and _ANAESTHESIA.search(_around(sentence.text, match, 40)):
                continue
            if match.kind == "drug":
                drugs.setdefault(match.canonical, (match.canonical, sentence))
            if _is_reference(sentence.text, match):
                references.setdefault(match.canonical, (match.canonical, sentence))
    main = _main_drugs(abstract, drugs)
    comparators = [pair for name, pair in references.items() if name not in main]
    controls = _control_conditions(abstract)
    if comparators and _active_placebo(abstract):  # "active placebo (midazolam)": named by its drug
        controls = [pair for pair in controls if pair[0] != "placebo"]
    comparators += controls
    named = {name for name, _ in comparators}
    interventions = [pair for name, pair in drugs.items() if name not in named]
    return interventions, _dedupe(comparators)


def _study_sentences(abstract: Abstract) -> list[Analysed]:
    return [s for s in abstract.sentences if s.section in _STUDY_SECTIONS]


def _around(text: str, match: Match, width: int) -> str:
    return text[max(0, match.start - width):match.end + width]


def _is_reference(text: str, match: Match) -> bool:
    """Set against another: "versus X", "X-controlled", the second arm of "randomized to A or X"."""
    before = text[max(0, match.start - 40):match.start]
    if _REFERENCE_BEFORE.search(before) or _REFERENCE_AFTER.search(text[match.end:]):
        return True
    return bool(_SECOND_ARM.search(text[max(0, match.start - 100):match.start]))


def _main_drugs(abstract: Abstract, drugs: dict[str, tuple[str, Analysed]]) -> set[str]:
    """The drugs the study is about: those in the title, else the first one named."""
    title = abstract.title
    in_title = set() if title is None else {
        m.canonical for m in title.of("drug") if not _is_reference(title.text, m)}
    if in_title:
        return in_title
    return {next(iter(drugs))} if drugs else set()


def _control_conditions(abstract: Abstract) -> list[tuple[str, Analysed]]:
    """Placebo, saline, sham, waitlist... named in the study's sentences."""
    found: dict[str, tuple[str, Analysed]] = {}
    for sentence in _study_sentences(abstract):
        for match in sentence.of("control"):
            found.setdefault(match.canonical, (match.canonical, sentence))
    if "placebo" in found:
        found.pop("saline", None)
    return list(found.values())


def _active_placebo(abstract: Abstract) -> bool:
    return any(re.search(r"\bactive placebo", s.text, re.IGNORECASE) for s in abstract.sentences)


def _dedupe(pairs: list[tuple[str, Analysed]]) -> list[tuple[str, Analysed]]:
    seen: dict[str, tuple[str, Analysed]] = {}
    for name, sentence in pairs:
        seen.setdefault(name, (name, sentence))
    return list(seen.values())
