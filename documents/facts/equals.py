"""Counts written "n = 60": whose they are, and whether they list arms or give the whole sample.

An "n = 60" right after a participant noun counts that noun ("adults (n = 60)"); a capital
"N = 60" alone in its sentence states the whole sample. Several in one sentence list the arms
("ketamine (n = 10) or placebo (n = 9)", "users (N = 18), controls (N = 19)"), unless the first
is the sum of the others ("children (n = 282) ... placebo (n = 90), A (n = 97) or B (n = 95)"),
which makes it the total; so does a last one that sums the others ("(total N = 165)"). An "n"
after a time ("at week 4 (n = 20)") counts those assessed then; a list of them per assessment
("N = 654, N = 315 ... respectively") is the sample shrinking over follow-up.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from documents.facts.context import Analysed
from documents.facts.roles import Count, count

_N_EQUALS = re.compile(r"\b[nN] ?= ?(\d{1,3}(?:,\d{3})+|\d{1,7})(?![\d.])")
_VERB = re.compile(r"\b(?:were|was|are|is|received|receiving|randomi[sz]ed|assigned|allocated|"
                   r"to|versus|vs)\b", re.IGNORECASE)
_TIMED = re.compile(r"(?<!/)\b(?:day|days|week|weeks|month|months|hours?|minutes?|time ?points?|"
                    r"follow-up|baseline|visit)\b[^()]{0,12}\($", re.IGNORECASE)
_STUDY = r"(?:study|trial|sample|cohort|survey|experiment|investigation)"
_STUDY_AFTER = re.compile(rf"^\)? ?(?:[\w-]+,? ){{0,6}}{_STUDY}\b", re.IGNORECASE)
_STUDY_BEFORE = re.compile(rf"\b{_STUDY} \($", re.IGNORECASE)
_NOT_IN_LIST = ("subset", "screened")
# "at 1 week, 2 weeks and 2 years after (N = 654, N = 315 and N = 64, respectively)": the
# sample at each assessment, the first one the whole sample
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_PER_TIME = re.compile(r"\btime ?points?\b|\b(?:follow-ups|assessments|waves)\b|\b(?:weeks?|"
                       r"months?|years?) (?:after|later|post)", re.IGNORECASE)


def equals_counts(sentence: Analysed, limit: int) -> list[Count]:
    """The sentence's "n = ..." counts, in order, arms marked as arms."""
    text = sentence.text
    matches = list(itertools.islice(_N_EQUALS.finditer(text), limit))
    counts = [_one(sentence, match, len(matches)) for match in matches]
    listed = [i for i, c in enumerate(counts) if c.role not in _NOT_IN_LIST]
    if len(listed) < 2:
        return counts
    if _RESPECTIVELY.search(text) and _PER_TIME.search(text):
        return [replace(c, role="total" if i == listed[0] else "subset", per_arm=False)
                for i, c in enumerate(counts)]
    whole = _sum_of_others([counts[i].value for i in listed])
    for position in listed:
        if whole is not None and position == listed[whole]:
            counts[position] = replace(counts[position], role="total", per_arm=False)
        else:
            counts[position] = replace(counts[position], role="arm", per_arm=True)
    return counts


def _sum_of_others(values: list[int]) -> int | None:
    """The position of the first or last value that is the sum of the others ("(n = 282) ...
    (n = 90), (n = 97), (n = 95)"; "n = 40, n = 39 and n = 86 (total N = 165)"), or None."""
    for position in (0, len(values) - 1):
        others = values[:position] + values[position + 1:]
        if len(others) >= 2 and values[position] == sum(others):
            return position
    return None


def _one(sentence: Analysed, match: re.Match[str], how_many: int) -> Count:
    text = sentence.text
    value = int(match.group(1).replace(",", ""))
    noun = _noun_before(sentence, match.start())
    if noun is None and match.group().startswith("N"):
        noun = "N"  # a capital N states the whole sample
    if noun is None and how_many == 1 and sentence.of("participant"):
        first = sentence.of("participant")[0]
        noun = text[first.start:first.end].lower() if first.end <= match.start() else None
    if noun is not None:
        return count(text, value, match.start(), match.end(), noun)
    before = text[max(0, match.start() - 30):match.start()]
    if _TIMED.search(before):
        return Count(value, match.start(), "n", "subset", False, False)
    if how_many == 1 and (_STUDY_AFTER.search(text[match.end():match.end() + 70])
                          or _STUDY_BEFORE.search(before)):
        return count(text, value, match.start(), match.end(), "n")  # "a small (n = 12) study"
    return Count(value, match.start(), "n", "arm", False, True)  # "ketamine (n = 10)": one arm


def _noun_before(sentence: Analysed, at: int) -> str | None:
    """The participant noun an "n = 60" belongs to: within the same clause, just before."""
    nouns = [m for m in sentence.of("participant") if m.end <= at and at - m.end < 60]
    gap = sentence.text[nouns[-1].end:at] if nouns else ""
    if not nouns or re.search(r"[;,)\]]|\d", gap) or _VERB.search(gap):
        return None
    return sentence.text[nouns[-1].start:nouns[-1].end].lower()
