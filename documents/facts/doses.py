"""Doses as written: "0.5 mg/kg", "56 or 84 mg", "0.1, 0.2, 0.3, 0.4, and 0.5 mg/kg", "20 mg/70 kg".

Alternatives and ranges that share one unit stay one item; only the spelling is tidied (one space
before the unit, a leading zero, "mg kg-1" written "mg/kg"). Concentrations (µM, ng/mL, %),
thresholds ("doses above 0.2 mg/kg"), amounts consumed (rescue morphine) and doses of earlier
work in the background are not doses of this study. A zero dose (the vehicle) is dropped.
"""

from __future__ import annotations

import re

from documents.facts.context import Abstract, Analysed, given_to_all

_NUM = r"(?:\d{1,5}(?:\.\d{1,4})?|\.\d{1,4})"
_JOIN = r"(?:, ?(?:and |or )?| (?:and|or|to) |-|/(?=\d)| ?\u2013 ?| - )"
_MASS = (r"(?:mg|g|\u00b5g|mcg|ug|microg(?:rams?)?|micrograms?|milligrams?|grams?|ng|"
         r"nanograms?|IU)")
_PER = (r"(?:(?: ?/ ?| per )(?:kg|m2|m\^2|\d{1,3} ?kg|day|d|h|hr|hour|min|dose|week|wk|"
        r"0?\.\d+ ?ml)| ?[\u00b7.]? ?(?:kg|h|d|min) ?(?:-1|\(-1\)|\^-1))")
_DOSE = re.compile(rf"(?<![\w.,/-])(?P<nums>{_NUM}(?:{_JOIN}{_NUM}){{0,9}})(?:-| ?)"
                   rf"(?P<unit>{_MASS}(?:{_PER}){{0,3}})(?![\w/%])")
_THRESHOLD = re.compile(r"(?:[<>]|=<|>=|above|below|greater than|less than|more than|higher than|"
                        r"lower than|exceeding|over|under|at least|doses of up to) ?$",
                        re.IGNORECASE)
_THRESHOLD_AFTER = re.compile(r"^\)? ?(?:and|or) (?:higher|above|more|greater|lower|less|below)\b",
                              re.IGNORECASE)
_NOT_GIVEN = re.compile(r"\b(?:consum|rescue|requirement|cumulative|equivalent|approximate|"
                        r"plasma|serum|concentration|blood levels?)",
                        re.IGNORECASE)
_WEIGHT = re.compile(r"\bweigh(?:t|ts|ing|ed)\b", re.IGNORECASE)
_ZERO_LEAD = re.compile(r"^0(?:\.0+)?(?:, ?| and | or )")


def doses(abstract: Abstract, design: str) -> list[tuple[str, Analysed]]:
    """Each dose once, in order of first mention, with the sentence it is written in."""
    found: dict[str, tuple[str, Analysed]] = {}
    for sentence in abstract.sentences:
        if sentence.section in ("background", "limitations") or given_to_all(sentence, design):
            continue
        for dose in _doses_in(sentence.text):
            found.setdefault(_key(dose), (dose, sentence))
    return list(found.values())


def _doses_in(text: str) -> list[str]:
    items = []
    for match in _DOSE.finditer(text):
        before = text[max(0, match.start() - 20):match.start()]
        if _THRESHOLD.search(before) or _THRESHOLD_AFTER.search(text[match.end():match.end() + 20]):
            continue
        if _NOT_GIVEN.search(text[max(0, match.start() - 30):match.end() + 10]):
            continue
        if _WEIGHT.search(text[max(0, match.start() - 80):match.start()]):
            continue
        nums = _ZERO_LEAD.sub("", match.group("nums"))
        if re.fullmatch(r"0(?:\.0+)?", nums) or not re.search(r"[1-9]", nums):
            continue
        items.append(f"{_tidy_numbers(nums)} {_tidy_unit(match.group('unit'))}")
    return items


def _tidy_numbers(nums: str) -> str:
    return re.sub(r"(?<![\d.])\.(\d)", r"0.\1", nums.strip())


def _tidy_unit(unit: str) -> str:
    """"mg kg-1 h-1" and "mg\u00b7kg(-1)" become "mg/kg/h"; spaces around "/" go."""
    unit = re.sub(r" ?[\u00b7.]? ?(kg|h|d|min) ?(?:-1|\(-1\)|\^-1)", r"/\1", unit)
    return re.sub(r" ?/ ?", "/", unit)


def _key(dose: str) -> str:
    return re.sub(r"\s+", "", dose.lower())
