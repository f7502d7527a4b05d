"""n in the papers that count people their own way: case reports and qualitative studies.

A case report of k patients has n = k ("5 cases drawn from two trials of 457 smokers" is 5, not
the trials' samples); one described patient is 1; a "case series" that never says how many is
no n. A qualitative study counts the people interviewed or analysed ("interviews from 19 of 24
participants were analysed" is 19), following the labelling rules.
"""

from __future__ import annotations

import re
from dataclasses import replace

from documents.facts.context import Abstract, Analysed
from documents.facts.numbers import NUMBER, to_int
from documents.facts.roles import Count

Counted = list[tuple[Count, Analysed]]

_SINGLE_CASE = re.compile(
    r"\b(?:an?|one) (?:\d{1,2}|[a-z]+-?[a-z]*)[- ](?:year|yr|month)s?[- ]old\b|"
    r"\ba case\b(?! series)|"
    r"\b(?:a|this|our|the) patient\b|\b(?:a|an) (?:young |elderly |older |middle-aged |"
    r"previously healthy |pregnant )?(?:man|woman|boy|girl|gentleman|lady)\b", re.IGNORECASE)
_CASES = re.compile(r"\bcase series\b|\b(?:these|our|several|multiple|two|three|four|five) "
                    r"(?:[\w-]+ )?cases\b", re.IGNORECASE)
_PART_OF = re.compile(rf"\b({NUMBER}) (?:out )?of $", re.IGNORECASE)


def cases_only(counts: Counted) -> Counted:
    """The counts of cases, when a case report states them; else every count."""
    cases = [pair for pair in counts if pair[0].noun == "cases"]
    return cases or counts


def single_case(abstract: Abstract) -> tuple[int, Analysed] | None:
    """1 for a report of one patient; None when it speaks of several cases it does not count."""
    if any(_CASES.search(sentence.text) for sentence in abstract.sentences):
        return None
    for sentence in abstract.sentences:
        if _SINGLE_CASE.search(sentence.text):
            return 1, sentence
    return None


def interviewed(count: Count, sentence: Analysed) -> Count:
    """The part of "19 of 24 participants" a qualitative study interviewed or analysed."""
    part = _PART_OF.search(sentence.text[max(0, count.start - 20):count.start])
    value = to_int(part.group(1)) if part is not None else None
    return replace(count, value=value) if value else count
