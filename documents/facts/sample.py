"""How a sample is spread over units the abstract counts elsewhere: groups, studies, experiments.

"Eight subjects per group" is n only once the number of groups is known ("all three treatment
groups"), and "each study included 16 subjects" once the number of studies is ("five randomized
studies"); when the abstract never says, the per-unit count is no n and is dropped, because
a wrong n misleads more than a missing one. Arms listed in separate sentences are summed only
when those sentences name different experiments or cohorts ("Experiment 1 ... Experiment 2").
A count restated in several sentences, or an "all N" above the chosen count, is the whole sample.
"""

from __future__ import annotations

import re
from dataclasses import replace

from documents.facts.context import Abstract, Analysed
from documents.facts.numbers import NUMBER, to_int
from documents.facts.roles import Count

_UNITS = re.compile(rf"\b(?P<n>{NUMBER})[- ](?:[a-z]+[- ]){{0,3}}?(?P<unit>arms?|groups|studies|"
                    r"experiments|trials)\b", re.IGNORECASE)
_KIND = {"arm": "group", "arms": "group", "groups": "group", "studies": "study",
         "experiments": "study", "trials": "study"}
_LABEL = re.compile(r"\b(?:experiment|study|cohort|sample) ?(\d|I{1,3}|one|two|three)\b|"
                    r"\b(first|second|third) (?:experiment|study|cohort|sample)\b", re.IGNORECASE)
_OPENS_WITH_LABEL = re.compile(r"(?:in )?(?:experiment|study|cohort) (\d|I{1,3}|one|two|three)\b",
                               re.IGNORECASE)
_ALL = re.compile(r"\ball (?:of )?(?:the )?$", re.IGNORECASE)
_THIS_STUDY = re.compile(r"^(?:in )?(?:this|the present|the current|our)\b[\w ,-]{0,60}?"
                         r"\b(?:study|trial|analysis)\b", re.IGNORECASE)

_PART = re.compile(r"(?:\b(?:the|these|those)|\d (?:out )?of) $", re.IGNORECASE)
_EARLIER = re.compile(r"\b(?:reported|described|published) (?:earlier|previously|elsewhere)\b|"
                      r"\bpreviously (?:reported|described|published)\b", re.IGNORECASE)
_NEW_GROUP = ("plain", "enrolled", "total", "treated")

Counted = list[tuple[Count, Analysed]]


def units_stated(abstract: Abstract) -> dict[str, int]:
    """Groups and studies the study's own sentences count, by kind; a kind counted twice
    with different numbers is left out, as it cannot say which units a count belongs to."""
    seen: dict[str, set[int]] = {}
    for sentence in abstract.study():
        for match in _UNITS.finditer(sentence.text):
            value = to_int(match.group("n"))
            if value is not None and 1 < value < 20:
                seen.setdefault(_KIND[match.group("unit").lower()], set()).add(value)
    return {kind: next(iter(values)) for kind, values in seen.items() if len(values) == 1}


def per_unit(counts: Counted, units: dict[str, int]) -> Counted:
    """Per-group or per-study counts multiplied by the stated number of units, else dropped."""
    scaled = []
    for count, sentence in counts:
        if count.per and count.role != "arm":
            if count.per not in units:
                continue
            count = replace(count, value=count.value * units[count.per], per="", per_arm=False)
        scaled.append((count, sentence))
    return scaled


def separate_experiments(groups: list[Counted]) -> bool:
    """Whether arm lists in different sentences belong to differently labelled experiments."""
    labels = []
    for group in groups:
        match = _LABEL.search(group[0][1].text)
        if match is None:
            return False
        labels.append((match.group(1) or match.group(2)).lower())
    return len(set(labels)) == len(labels)


def by_experiment(counts: Counted) -> list[Counted]:
    """Counts grouped by the experiment their sentence opens with ("Study 1: ... 56 adults.
    Study 2: 40 adults ..."): separate samples, each counted; [] unless two or more."""
    groups: dict[str, Counted] = {}
    for count, sentence in counts:
        match = _OPENS_WITH_LABEL.match(sentence.text)
        if match is not None and count.role not in ("arm", "subset"):
            groups.setdefault(match.group(1).lower(), []).append((count, sentence))
    return list(groups.values()) if len(groups) >= 2 else []


def described_here(abstract: Abstract) -> list[Analysed]:
    """Background sentences about this study ("This open-label study in 12 adults..."), read
    when no sentence of the aims, methods or results counts anyone: a secondary analysis
    restates the sample of its parent trial there."""
    return [s for s in abstract.sentences if s.section == "background"
            and _THIS_STUDY.search(s.text)]


def controls_elsewhere(counts: Counted, chosen: Analysed) -> int:
    """"Ten patients underwent imaging. ... compared with 15 healthy controls": outside a
    trial, controls counted alone in another sentence of the aims or methods are participants
    too, unless the chosen sentence already speaks of controls or the controls are a part
    ("1 of 7 controls") or another study's ("controls reported earlier")."""
    if re.search(r"\bcontrol", chosen.text, re.IGNORECASE):
        return 0
    found = [c.value for c, s in counts if c.noun == "controls" and s is not chosen
             and s.section in ("objective", "methods", "body") and c.role in _NEW_GROUP
             and not _PART.search(s.text[max(0, c.start - 12):c.start])
             and not _EARLIER.search(s.text)
             and all(other.noun == "controls" for other, t in counts if t is s
                     and other.role != "subset")]
    return found[0] if len(found) == 1 else 0


def restated(counts: Counted) -> tuple[Count, Analysed] | None:
    """"The 96 participants received ... Among the 96 participants, ...": the largest count,
    referred back to in two sentences, is the whole sample even without a total marker."""
    if not counts:
        return None
    largest = max(c.value for c, _ in counts)
    pairs = [pair for pair in counts if pair[0].value == largest]
    return pairs[0] if len({s.sentence.index for _, s in pairs}) >= 2 else None


def all_of_them(counts: Counted, chosen: tuple[Count, Analysed]) -> tuple[Count, Analysed]:
    """"Ten were randomised to A, while 10 received B. All 20 participants completed": more
    people in "all N" than the chosen count means the chosen count was one group."""
    larger = [pair for pair in counts if pair[0].value > chosen[0].value
              and _ALL.search(pair[1].text[max(0, pair[0].start - 12):pair[0].start])]
    return larger[0] if larger else chosen
