"""Counts written "n = 60": whose they are, and whether they list arms or give the whole sample.

An "n = 60" right after a participant noun counts that noun ("adults (n = 60)"); a capital
"N = 60" alone in its sentence states the whole sample. Several in one sentence list the arms
("ketamine (n = 10) or placebo (n = 9)", "users (N = 18), controls (N = 19)"), unless the first
is the sum of the others ("children (n = 282) ... placebo (n = 90), A (n = 97) or B (n = 95)"),
which makes it the total. An "n" after a time ("at week 4 (n = 20)") counts those assessed then.
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


def equals_counts(sentence: Analysed, limit: int) -> list[Count]:
    """The sentence's "n = ..." counts, in order, arms marked as arms."""
    text = sentence.text
    matches = list(itertools.islice(_N_EQUALS.finditer(text), limit))
    counts = [_one(sentence, match, len(matches)) for match in matches]
    listed = [i for i, c in enumerate(counts) if c.role not in _NOT_IN_LIST]
    if len(listed) < 2:
        return counts
    first, rest = counts[listed[0]], [counts[i] for i in listed[1:]]
    total = len(rest) >= 2 and first.value == sum(c.value for c in rest)
    for position in listed:
        if total and position == listed[0]:
            counts[position] = replace(first, role="total", per_arm=False)
        else:
            counts[position] = replace(counts[position], role="arm", per_arm=True)
    return counts


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
