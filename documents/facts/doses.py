"""Doses as written: "0.5 mg/kg", "56 or 84 mg", "0.1, 0.2, 0.3, 0.4, and 0.5 mg/kg", "20 mg/70 kg".

Alternatives and ranges that share one unit stay one item; only the spelling is tidied (one space
before the unit, a leading zero, "mg kg-1" written "mg/kg"). Concentrations (µM, ng/mL, %),
thresholds ("doses above 0.2 mg/kg"), amounts consumed (rescue morphine) and doses of earlier
work in the background are not doses of this study. A zero dose (the vehicle) is dropped.
"""

from __future__ import annotations

import re

from documents.facts.context import Abstract, Analysed, given_to_all
from documents.facts.dose_context import (
    augmented_drugs,
    not_administered,
    of_drug,
    same_regimen,
)

_NUM = r"(?:\d{1,5}(?:\.\d{1,6})?|\.\d{1,6})"
_JOIN = r"(?:, ?(?:and |or )?|-? (?:and|or|to|then) | ?& ?|-|/(?=\d)| ?\u2013 ?| - )"
_MASS = (r"(?:mg|g|\u00b5g|mcg|ug|microg(?:rams?)?|micrograms?|milligrams?|grams?|ng|"
         r"nanograms?|IU)")
_PER = (r"(?:(?: ?/ ?| per )(?:(?i:kg)|m2|m\^2|\d{1,3} ?kg|day|d|h|hr|hour|min|dose|week|"
        r"wk|site|0?\.\d+ ?ml)| ?[\u00b7.x]? ?(?:kg|h|d|min) ?(?:-1|\(-1\)|\^-1)|"
        r"\u00b7(?:kg|h|d|min)\b)")  # "2.0 µg·kg" whose exponent was lost
_OF_DRUG = r"(?: of [A-Za-z-]{2,15}(?= ?/ ?kg))?"  # "0.85 mg of DMT/kg"
_DOSE = re.compile(rf"(?<![\w.,/-])(?P<nums>{_NUM}(?:{_JOIN}{_NUM}){{0,9}})(?:-| ?)"
                   rf"(?P<unit>{_MASS}{_OF_DRUG}(?:{_PER}){{0,3}})(?![\w/%])")
_DECIMAL_COMMA = re.compile(r"^0,(\d{1,3})$")  # "0,5 mg/kg" is 0.5 mg/kg; "0, 20 mg/kg" is a list
_ZERO_LEAD = re.compile(r"^0(?:\.0+)?(?:, ?| and | or )")


def doses(abstract: Abstract, design: str) -> list[tuple[str, Analysed]]:
    """Each dose once, in order of first mention, with the sentence it is written in."""
    found: dict[str, tuple[str, Analysed]] = {}
    covered: set[tuple[str, str]] = set()
    augmented = augmented_drugs(abstract)
    for sentence in abstract.sentences:
        if sentence.section in ("background", "limitations") or given_to_all(sentence, design):
            continue
        for dose in _doses_in(sentence, augmented):
            parts = _parts(dose)
            if _key(dose) not in found and not parts <= covered:
                found[_key(dose)] = (dose, sentence)
            covered |= parts | _ranges(parts)
    return list(found.values())


def _parts(dose: str) -> set[tuple[str, str]]:
    """(number or range, unit) pairs a dose names, the unit without "/day": "40 and 120 mg/day"
    names 40 mg and 120 mg, so a later "120 mg/day" repeats a dose already listed."""
    numbers = re.match(r"[\d.,\s\u2013&-]*(?:(?:and|or|to|then) [\d.]+)*", dose)  # "8 then 16": one
    unit = dose[numbers.end():] if numbers else dose
    unit = re.sub(r"/(?:day|d)$| per day$|/\d{1,3} ?kg$", "", unit.strip().lower())
    items = re.split(r", ?(?:and |or )?| (?:and|or) | ?& ?", numbers.group() if numbers else "")
    return {(re.sub(r" ?(?:to|-|\u2013) ?", "-", i.strip()), unit) for i in items if i.strip()}


def _doses_in(sentence: Analysed, augmented: set[str]) -> list[str]:
    items = []
    text, background_end = sentence.text, -1
    for match in _DOSE.finditer(text):
        if not_administered(text, match.start(), match.end()):
            continue
        if augmented and (of_drug(sentence, match.start(), match.end(), augmented) or (
                background_end >= 0 and same_regimen(sentence, background_end, match.start()))):
            background_end = match.end()  # "escitalopram 10 mg/day" in an augmentation trial
            continue
        nums = _DECIMAL_COMMA.sub(r"0.\1", match.group("nums"))
        nums = _ZERO_LEAD.sub("", nums)
        if re.fullmatch(r"0(?:\.0+)?", nums) or not re.search(r"[1-9]", nums):
            continue
        items.append(f"{_tidy_numbers(nums)} {_tidy_unit(match.group('unit'))}")
    return items


def _ranges(parts: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Ranges between the doses of one list: "2.5 to 10 mg" after "2.5, 5.0 or 10 mg/70 kg"
    restates doses already listed."""
    return {(f"{a}-{b}", unit) for a, unit in parts for b, other in parts
            if other == unit and a != b and "-" not in a + b}


def _tidy_numbers(nums: str) -> str:
    """A leading zero (".5" is "0.5"); "100- or 125-mg" is "100 or 125 mg"."""
    nums = re.sub(r"- (and|or|to) ", r" \1 ", nums.strip())
    return re.sub(r"(?<![\d.])\.(\d)", r"0.\1", nums)


def _tidy_unit(unit: str) -> str:
    """"mg kg-1 h-1", "mg\u00b7kg(-1)" and "mg x kg(-1)" become "mg/kg/h"; spaces around "/" go."""
    unit = re.sub(r" ?[\u00b7.x]? ?(kg|h|d|min) ?(?:-1|\(-1\)|\^-1)|\u00b7(kg|h|d|min)\b",
                  lambda m: f"/{m.group(1) or m.group(2)}", unit)
    return re.sub(r" ?/ ?", "/", unit)


def _key(dose: str) -> str:
    return re.sub(r"\s+", "", dose.lower())
