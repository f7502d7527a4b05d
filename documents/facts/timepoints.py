"""Timepoints: when outcomes were assessed ("24 hours", "day 28", "4 weeks"), in a short form.

Two shapes: a number then a unit ("at 24 h", "a 6-week trial", "4, 24 and 48 hours later"), and
a unit then a number ("on day 28", "at weeks 1 and 4"). Lists are split into items; "h" is
written "hours", number words become digits. The context decides what is an assessment time:
infusion and session lengths, dosing intervals, washouts, windows ("within 2 h"), ages and
durations of illness are not.
"""

from __future__ import annotations

import itertools
import re

from documents.facts.context import Abstract, Analysed
from documents.facts.numbers import ORDINAL, ORDINALS, WORDS
from documents.facts.time_context import same_time_key, verdict
from documents.facts.time_forms import ascending, items, number_unit, unit_number

_UNITS = {"h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
          "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
          "d": "day", "day": "day", "days": "day", "wk": "week", "wks": "week", "week": "week",
          "weeks": "week", "mo": "month", "mos": "month", "month": "month", "months": "month",
          "yr": "year", "yrs": "year", "year": "year", "years": "year"}
_UNIT = r"(?:hours?|hrs?|h|minutes?|mins?|min|days?|d|weeks?|wks?|wk|months?|mos?|years?|yrs?)"
_N = r"\d{1,4}(?:\.\d)?"
_JOIN = r"(?:, ?(?:and |or )?| (?:and|or|to) | ?- ?)"
_NOT_AFTER_UNIT = r"(?<!day )(?<!days )(?<!week )(?<!weeks )(?<!month )(?<!hour )(?<!visit )"
_NUMBER_UNIT = re.compile(rf"(?<![\w.,/-]){_NOT_AFTER_UNIT}"
                          rf"(?P<nums>{_N}(?:{_JOIN}{_N}){{0,9}}|\b(?:{WORDS})(?: to (?:{WORDS}))?)"
                          rf"(?:-| )?(?P<unit>{_UNIT})(?![\w/])(?!-[A-Za-z])", re.IGNORECASE)
_COUNTED = r"(?! ?\(\d| (?:participants?|patients?|subjects?|of)\b)"  # "17 (71%)": people
_UNIT_NUMBER = re.compile(rf"\b(?P<unit>days?|weeks?|months?|hours?|visits?|pod)\.? "
                          rf"(?:\([A-Z]{{2,4}}\) )?"  # "postoperative days (POD) 1 and 2"
                          rf"(?P<nums>\d{{1,4}}(?:{_JOIN}\d{{1,4}}(?!\d){_COUNTED}){{0,12}})(?![\w.]\d)",
                          re.IGNORECASE)
_RESTATED = re.compile(r"\((?:at |on |i\.e\.,? |approximately |about |or )?$", re.IGNORECASE)
_ORDINAL = re.compile(rf"\b(?:at|on|by|until|after) the (?P<nums>(?:{ORDINAL})(?:,? (?:and |or )?"
                      rf"(?:{ORDINAL})){{0,5}}) (?P<unit>day|week|month)s?\b(?! of (?:life|age))",
                      re.IGNORECASE)  # "at the sixth week", "on the first and third day"
MAX_PER_SENTENCE = 60  # real sentences state a handful of times; this bounds adversarial input
_SECTIONS = ("title", "objective", "methods", "results", "body", "conclusions")


def timepoints(abstract: Abstract) -> list[tuple[str, Analysed]]:
    """Each assessment time once, in the form of its first mention, with its sentence."""
    found: dict[str, tuple[str, Analysed]] = {}
    for sentence in abstract.sentences:
        if sentence.section not in _SECTIONS:
            continue
        for item in _times_in(sentence.text):
            found.setdefault(same_time_key(item, _UNITS), (item, sentence))
    return list(found.values())


def _times_in(text: str) -> list[str]:
    found: list[tuple[int, str]] = []
    groups = sorted(((group, shape) for shape, pattern in (("number_unit", _NUMBER_UNIT),
                                                           ("unit_number", _UNIT_NUMBER))
                     for group in _lists(text, pattern)), key=lambda pair: pair[0][0].start())
    last_end = -100
    for group, shape in groups:
        verdicts = [verdict(text, m.start(), m.end(), _unit(m, shape), shape) for m in group]
        if verdicts[0] == "no" or "yes" not in verdicts:
            continue  # one list, one decision: "30 min and 3 h after" keeps both
        start = group[0].start()
        restated = _RESTATED.search(text[max(0, start - 16):start])
        if restated and 0 <= start - last_end <= 40 and not re.search(
                r"\b(?:and|or)\b|[,;]", text[last_end:start]):
            continue  # "24 hours post-dose (day 2)": the same time said again
        last_end = group[-1].end()
        for match in group:
            unit, numbers = _unit(match, shape), items(match.group("nums"))
            if shape == "unit_number":
                numbers = ascending(numbers)
            found += [(match.start(), _form(shape, n, unit)) for n in numbers]
    for match in itertools.islice(_ORDINAL.finditer(text), MAX_PER_SENTENCE):
        unit = match.group("unit").lower()
        found += [(match.start(), f"{unit} {ORDINALS[word.lower()]}")
                  for word in re.findall(ORDINAL, match.group("nums"), re.IGNORECASE)]
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def _lists(text: str, pattern: re.Pattern[str]) -> list[list[re.Match[str]]]:
    """Matches grouped into lists ("0-12 h, 12-24 h and 0-48 h" is one list)."""
    groups: list[list[re.Match[str]]] = []
    for match in itertools.islice(pattern.finditer(text), MAX_PER_SENTENCE):
        if groups and re.fullmatch(r",? ?(?:and |or )?", text[groups[-1][-1].end():match.start()]):
            groups[-1].append(match)
        else:
            groups.append([match])
    return groups


def _unit(match: re.Match[str], shape: str) -> str:
    written = "pod" if "(POD)" in match.group() else match.group("unit").lower()
    return _UNITS[written] if shape == "number_unit" else written.rstrip("s")


def _form(shape: str, number: str, unit: str) -> str:
    return number_unit(number, unit) if shape == "number_unit" else unit_number(unit, number)
