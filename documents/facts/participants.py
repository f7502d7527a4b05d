"""n: the number of people this study randomised or enrolled, chosen among the counts it states.

Following the labelling rules (evaluation/facts/RULES.md): randomised beats enrolled, included
or a stated total ("a total of", "a cohort of"), which beat treated or plainly stated counts, then
completers, then subsets ("of the 17 treated", "responders"); screened numbers never count; at
equal rank the earliest sentence wins. Per-arm counts are summed only when no total is given and
no plain count in the aims or methods already states the sample; arm lists of differently
labelled experiments are summed too. A count per group or per study is multiplied by the stated
number of groups or studies, else dropped (`sample`). Healthy controls count outside a trial;
in a trial only when the sentence enrols them with the patients. A secondary analysis that
states its parent trial's sample only in the background ("This open-label study in 10 adults")
is read there when nothing else counts anyone. Reviews, animal and in-vitro work, protocols and
letters have no n (of the "other" papers, only qualitative studies count people); case reports
count their cases (`case_counts`). An approximate count ("over 500") is no count.
"""

from __future__ import annotations

import re

from documents.facts.case_counts import cases_only, interviewed, single_case
from documents.facts.context import Abstract, Analysed
from documents.facts.people import Count, people_counts
from documents.facts.sample import (
    Counted,
    controls_elsewhere,
    described_here,
    per_unit,
    separate_experiments,
    units_stated,
)

_NO_PARTICIPANTS = ("systematic_review", "narrative_review", "animal", "in_vitro")
_QUALITATIVE = re.compile(r"\bqualitative\b|\binterviewed\b|\b(?:semi-?structured|in-depth|"
                          r"individual) interviews\b|\bfocus groups?\b|\bthematic\b",
                          re.IGNORECASE)
_FUTURE = re.compile(r"\bwill\b|\bplanned\b|\bto be (?:enrolled|recruited|randomi)", re.IGNORECASE)
_JOINED = re.compile(r"\b(?:and|as well as|plus)\b")
_NOT_JOINED = re.compile(r"\b(?:were|was|received|completed|of whom|who|than|versus|vs)\b|%",
                         re.IGNORECASE)
_VERB_JOINED = re.compile(r"\b(?:were|was|received|completed|than|versus|vs)\b|%", re.IGNORECASE)
_RANK = {"randomised": 0, "total": 1, "enrolled": 1, "plain": 2, "treated": 2, "completed": 3,
         "subset": 4}


def participants(abstract: Abstract, design: str) -> tuple[int, Analysed] | None:
    """The count and the sentence it was read from, or None when not stated (or not human)."""
    if design in _NO_PARTICIPANTS:
        return None
    if design == "other" and not any(_QUALITATIVE.search(s.text) for s in abstract.sentences):
        return None  # protocols, letters, editorials: planned or cited samples are no n
    counts = per_unit(_counts(abstract.study()) or _counts(described_here(abstract)),
                      units_stated(abstract))
    if design == "case_report":
        counts = cases_only(counts)
    chosen = _best(counts)
    if chosen is None and design == "case_report":
        return single_case(abstract)
    if chosen is None:
        return None
    count, sentence = chosen
    if design == "other":
        count = interviewed(count, sentence)
    controls = controls_elsewhere(counts, sentence) if design != "rct" else 0
    return _with_companions(count, sentence, design) + controls, sentence


def _counts(sentences: list[Analysed]) -> Counted:
    """Stated counts of people, not approximate, not screened, not planned."""
    return [(c, s) for s in sentences if not _FUTURE.search(s.text)
            for c in people_counts(s) if not c.approximate and c.role != "screened"
            and 0 < c.value < 10_000_000]


def _best(counts: Counted) -> tuple[Count, Analysed] | None:
    """Highest-ranked role first, then the earliest sentence; per-arm sums when no total."""
    totals = [pair for pair in counts if pair[0].role != "arm"]
    ranked = sorted(totals, key=lambda pair: (_RANK.get(pair[0].role, 2), pair[1].sentence.index,
                                              pair[0].start))
    if ranked and ranked[0][0].role in ("randomised", "enrolled", "total"):
        return ranked[0]
    arms = _arm_sum(counts)
    if arms is not None and ranked and _describes_sample(ranked[0][1], arms[1]):
        return ranked[0]  # "in 328 outpatients" before the subgroups "(n = 135)", "(n = 97)"
    return arms or (ranked[0] if ranked else None)


def _describes_sample(plain: Analysed, arms: Analysed) -> bool:
    """A plain count in the aims or methods, no later than the arm counts, states the sample."""
    return (plain.section in ("title", "objective", "methods", "body")
            and plain.sentence.index <= arms.sentence.index)


def _arm_sum(counts: list[tuple[Count, Analysed]]) -> tuple[Count, Analysed] | None:
    """Counts given only per arm in one sentence ("ketamine (n = 10) ... placebo (n = 9)")."""
    by_sentence: dict[int, list[tuple[Count, Analysed]]] = {}
    for count, sentence in counts:
        if count.role == "arm":
            by_sentence.setdefault(sentence.sentence.index, []).append((count, sentence))
    groups = list(by_sentence.values())
    listed = [group for group in groups if len(group) >= 2]
    if len(listed) >= 2 and separate_experiments(listed):
        return _summed([pair for group in listed for pair in group])  # experiment 1 + 2
    for group in groups:
        if len(group) >= 2:
            return _summed(group)
    described = [g[0] for g in groups if g[0][1].section in ("methods", "body", "objective")
                 and g[0][0].noun != "n"]
    return _summed(described) if len(described) >= 2 else None


def _summed(group: list[tuple[Count, Analysed]]) -> tuple[Count, Analysed]:
    first, sentence = group[0]
    total = sum(c.value for c, _ in group)
    return Count(total, first.start, "n", "summed", False, False), sentence


def _with_companions(count: Count, sentence: Analysed, design: str) -> int:
    """Add the counts joined to this one by "and" ("30 patients and 30 healthy controls"); in
    a trial, controls only when the sentence enrols them too (they are not randomised)."""
    total = count.value
    if count.role == "summed":
        return total
    others = [c for c in people_counts(sentence) if c.start > count.start and not c.approximate]
    cursor = count.start
    for other in others:
        gap = sentence.text[cursor:other.start]
        joined = (_JOINED.search(gap[-80:]) and len(gap) <= 120 and not re.search(r"[;:]|\. ", gap)
                  and gap.count("(") == gap.count(")"))  # "(12 boys and 8 girls)": a breakdown
        relative = other.noun == count.noun and not _VERB_JOINED.search(gap)
        if not joined or (_NOT_JOINED.search(gap) and not relative):
            break  # "17 patients who ... and 23 patients who ...": two groups, both counted
        if design == "rct" and other.noun == "controls" and count.role in ("plain", "treated"):
            break  # "recorded in 16 patients and 16 matched controls": the trial is 16
        total += other.value
        cursor = other.start
    return total
