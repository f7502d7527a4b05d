"""Groups counted beside the chosen count that belong to the same sample: "30 patients and 30
healthy controls", "24 volunteers and 27 patients took part", "61 patients ... were matched with
61 patients", "75 patients treated with A and 69 treated with B".

A group joins when "and" (or a list's commas closed by "and") links it to the chosen count within
one clause, without a verb that makes it a different set ("17 patients who ... and 23 patients
who ..." are two groups, both counted; "Of 86 assessed, 51 were included" is one). In a trial,
controls join only when the sentence enrols them too: they are not randomised.
"""

from __future__ import annotations

import re

from documents.facts.context import Analysed
from documents.facts.people import Count, people_counts

_JOINED = re.compile(r"\b(?:and|as well as|plus)\b")
_NOT_JOINED = re.compile(r"\b(?:were|was|received|completed|of whom|who|than|versus|vs)\b|%",
                         re.IGNORECASE)
_VERB_JOINED = re.compile(r"\b(?:were|was|received|completed|than|versus|vs)\b|%", re.IGNORECASE)
# "Forty-two abstinent users and ": a count, a few words naming the group and "and", no verb
_GROUP = (r"(?!.*\b(?:the|an?|were|was|had|has|have|who|which|that|of|to|in|for|from|by|"
          r"at|due)\b)[\w,-]+(?: [\w-]+){0,5}(?: \([^()]{0,40}\))?")
_NOUN_PHRASE_AND = re.compile(_GROUP + r",? and $", re.IGNORECASE)
_NOUN_PHRASE_LISTED = re.compile(_GROUP + r", $", re.IGNORECASE)
_MATCHED = re.compile(r"\bmatched (?:with|to) (?:\w+ )?$", re.IGNORECASE)


def with_companions(count: Count, sentence: Analysed, design: str) -> int:
    """The count plus the groups joined to it before ("24 volunteers and 27 patients took
    part") and after ("30 patients and 30 healthy controls") in its sentence."""
    if count.role == "summed":
        return count.value
    counts = [c for c in people_counts(sentence) if not c.approximate]
    return (count.value + _before(count, counts, sentence)
            + _after(count, counts, sentence, design))


def _before(count: Count, counts: list[Count], sentence: Analysed) -> int:
    """Plain counts naming other groups just before, up to "and": "A users, B users and ..."."""
    total, joiner = 0, _NOUN_PHRASE_AND
    for earlier in reversed([c for c in counts if c.start < count.start]):
        gap = sentence.text[earlier.start:count.start]
        if earlier.role != "plain" or len(gap) > 150 or not joiner.match(gap):
            break
        total, joiner = total + earlier.value, _NOUN_PHRASE_LISTED
    return total


def _after(count: Count, counts: list[Count], sentence: Analysed, design: str) -> int:
    """Counts joined after it; a comma list ("30 users, 25 users, and 30 controls") counts once
    "and" closes it."""
    total, pending, cursor = 0, 0, count.start
    for other in (c for c in counts if c.start > count.start):
        gap = sentence.text[cursor:other.start]
        if len(gap) <= 80 and _NOUN_PHRASE_LISTED.match(gap):
            pending, cursor = pending + other.value, other.start
            continue
        relative = other.noun == count.noun and not _VERB_JOINED.search(gap)
        matched = len(gap) <= 120 and _MATCHED.search(gap[-40:])  # "were matched with 61 ..."
        if not matched and (not _joined(gap) or (_NOT_JOINED.search(gap) and not relative)):
            break  # "17 patients who ... and 23 patients who ...": two groups, both counted
        if design == "rct" and other.noun == "controls" and count.role in ("plain", "treated"):
            break  # "recorded in 16 patients and 16 matched controls": the trial is 16
        total, pending, cursor = total + pending + other.value, 0, other.start
    return total


def _joined(gap: str) -> bool:
    """Two counts joined by "and" in one clause; "(12 boys and 8 girls)" is a breakdown."""
    return bool(_JOINED.search(gap[-80:]) and len(gap) <= 120 and not re.search(r"[;:]|\. ", gap)
                and gap.count("(") == gap.count(")"))
