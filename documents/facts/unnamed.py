"""Counts of people written without a participant noun: "Of 126 screened, 67 were randomized",
"a sample of 1247 completed treatment", "68 in cohort 1, 106 in cohort 2".

The verb or the frame says the number counts people: randomised, enrolled or recruited in a
clause of its own, a sample or total, or numbered cohorts listed together.
"""

from __future__ import annotations

import itertools
import re

from documents.facts.context import Analysed
from documents.facts.numbers import DIGITS
from documents.facts.roles import Count, count

_BARE = re.compile(rf"(?<![\w.,])(?P<n>{DIGITS}) (?:of (?:them|these|those) "
                   r"(?:\(\d{1,3}(?:\.\d{1,2})? ?%\) )?)?(?:(?:[a-z-]+ ){1,4}and )?(?:were|was) "
                   r"(?:then )?(?P<verb>randomi[sz]ed|randomly|enrolled|included|allocated|"
                   r"assigned|recruited)\b",
                   re.IGNORECASE)  # "67 were randomized", "19 met the criteria and were enrolled",
# "77 of them (66%) were included"
# "68 in cohort 1, 106 in cohort 2": counts of numbered groups with no noun, listed together
_IN_NUMBERED = re.compile(rf"(?<![\w.,])(?P<n>{DIGITS}) (?:were )?in (?:the )?(?:cohort|group|arm|"
                          r"experiment|study|phase|part) (?:\d{1,2}|[A-D]|I{1,3}|one|two|three)\b",
                          re.IGNORECASE)
_SAMPLE = re.compile(rf"\b(?:a total of|sample of|cohort of) (?P<n>{DIGITS}) (?=[a-z]+ed\b|were\b)",
                     re.IGNORECASE)  # "a sample of 1247 completed treatment"
# "75 patients treated with A and 69 treated with B": a second group with the noun left out
_AND_BARE = re.compile(rf"\band (?P<n>{DIGITS}) (?:were |who were )?(?:treated|receiving|received|"
                       r"given|assigned|randomi[sz]ed|allocated|taking)\b", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"\d (?:and|to) $")
_CLAUSE_START = re.compile(r"(?:^|[,;:] |\band |\bwhom |\bthem, |\bthese, )$", re.IGNORECASE)


def unnamed_counts(sentence: Analysed, taken: set[int], limit: int) -> list[Count]:
    """The sentence's counts with no noun, at offsets not in `taken`."""
    text, found = sentence.text, {}
    for bare in itertools.islice(_BARE.finditer(text), limit):
        if bare.start() not in taken and _bare_people(sentence, bare):
            value = int(bare.group("n").replace(",", ""))
            found[bare.start()] = count(text, value, bare.start(), bare.end("n"), "implied")
    for sample in itertools.islice(_SAMPLE.finditer(text), limit):
        start = sample.start("n")
        if start not in taken and start not in found:
            value = int(sample.group("n").replace(",", ""))
            found[start] = count(text, value, start, sample.end("n"), "implied")
    for bare in itertools.islice(_AND_BARE.finditer(text), limit):
        start = bare.start("n")
        if any(t < start for t in taken) and start not in found:
            value = int(bare.group("n").replace(",", ""))
            found[start] = count(text, value, start, bare.end("n"), "implied")
    groups = list(itertools.islice(_IN_NUMBERED.finditer(text), limit))
    for group in groups if len(groups) >= 2 else []:  # one "in group 2" is a label, not a list
        start = group.start("n")
        if start not in taken:
            found.setdefault(start, Count(int(group.group("n").replace(",", "")), start, "n",
                                          "arm", False, True))
    return list(found.values())


def _bare_people(sentence: Analysed, bare: re.Match[str]) -> bool:
    """"Of 126 patients screened, 67 were randomized": a bare number opening a clause counts
    people when the sentence names them, or when only people are enrolled or recruited ("Of 70
    approached, 19 met the criteria and were enrolled")."""
    text = sentence.text
    before = text[max(0, bare.start() - 16):bare.start()]
    if not _CLAUSE_START.search(before) or _RANGE_BEFORE.search(before):
        return False  # "children aged between 1 and 6 were enrolled": the end of a range
    return bool(sentence.of("participant")) or bare.group("verb").lower() in ("enrolled",
                                                                              "recruited")
