"""n: the number of people this study randomised or enrolled, chosen among the counts it states.

Following the labelling rules (evaluation/facts/RULES.md): randomised beats enrolled, included
or a stated total ("a total of", "a cohort of"), which beat treated or plainly stated counts, then
completers, then subsets ("of the 17 treated", "responders"); screened numbers and raters ("scored
by 5 surgeons") never count; at equal rank the earliest sentence wins. A count referred back to
in two sentences ("The 96 participants ... Among the 96 participants"), or an "all N" larger
than the chosen count ("All 20 participants completed"), is the whole sample. Per-arm counts are
summed only when no total is given and no plain count in the aims or methods already states the
sample; arm lists of differently labelled experiments, and the samples of "Study 1: ... Study 2:
...", are summed too; groups joined to the chosen count are added (`companions`). A count per
group or per study is multiplied by the stated number of groups or studies, else dropped
(`sample`). Healthy controls count outside a trial; in a trial only when the sentence enrols them
with the patients. A secondary analysis that states its parent trial's sample only in the
background ("This open-label study in 10 adults") is read there when nothing else counts anyone.
Reviews, animal and in-vitro work, protocols and letters have no n (of the "other" papers, only
qualitative studies count people); case reports count their cases (`case_counts`). An
approximate count ("over 500") is no count.
"""

from __future__ import annotations

import re

from documents.facts.case_counts import cases_only, interviewed, single_case
from documents.facts.companions import with_companions
from documents.facts.context import Abstract, Analysed
from documents.facts.people import Count, people_counts
from documents.facts.sample import (
    Counted,
    all_of_them,
    by_experiment,
    controls_elsewhere,
    described_here,
    per_unit,
    restated,
    separate_experiments,
    units_stated,
)

_NO_PARTICIPANTS = ("systematic_review", "narrative_review", "animal", "in_vitro")
_QUALITATIVE = re.compile(r"\bqualitative\b|\binterviewed\b|\b(?:semi-?structured|in-depth|"
                          r"individual) interviews\b|\bfocus groups?\b|\bthematic\b",
                          re.IGNORECASE)
_FUTURE = re.compile(r"\bwill\b|\bplanned (?:sample|enrol|recruit|to (?:enrol|recruit|randomi))|"
                     r"\bproposed (?:[\w-]+ ){0,3}(?:study|trial|sample)|"
                     r"\bto be (?:enrolled|recruited|randomi)", re.IGNORECASE)
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
    experiments = _experiments(counts, design) if design != "case_report" else None
    if experiments is not None:
        return experiments
    chosen = _best(counts)
    if chosen is None and design == "case_report":
        return single_case(abstract)
    if chosen is None:
        return None
    count, sentence = chosen
    if design == "other":
        count = interviewed(count, sentence)
    controls = controls_elsewhere(counts, sentence) if design != "rct" else 0
    return with_companions(count, sentence, design) + controls, sentence


def _experiments(counts: Counted, design: str) -> tuple[int, Analysed] | None:
    """"Study 1: ... 56 adults. Study 2: 40 adults ...": separate samples, summed."""
    chosen = [pair for pair in map(_best, by_experiment(counts)) if pair is not None]
    if len(chosen) < 2:
        return None
    return sum(with_companions(c, s, design) for c, s in chosen), chosen[0][1]


def _counts(sentences: list[Analysed]) -> Counted:
    """Stated counts of people, not approximate, not screened, not planned."""
    return [(c, s) for s in sentences if not _FUTURE.search(s.text)
            for c in people_counts(s) if not c.approximate and c.role not in ("screened", "rater")
            and 0 < c.value < 10_000_000]


def _best(counts: Counted) -> tuple[Count, Analysed] | None:
    """Highest-ranked role first, then the earliest sentence; per-arm sums when no total."""
    totals = [pair for pair in counts if pair[0].role != "arm"]
    ranked = sorted(totals, key=lambda pair: (_RANK.get(pair[0].role, 2), pair[1].sentence.index,
                                              pair[0].start))
    if ranked and ranked[0][0].role in ("randomised", "enrolled", "total"):
        return all_of_them(totals, ranked[0])
    whole = restated(totals)
    if whole is not None:
        return whole
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
