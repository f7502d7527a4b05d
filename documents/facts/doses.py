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
        r"0?\.\d+ ?ml)| ?[\u00b7.x]? ?(?:kg|h|d|min) ?(?:-1|\(-1\)|\^-1))")
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
_STATISTIC_AFTER = re.compile(r"^ ?(?:\[ ?\d|\( ?(?:SD|SE|s\.d\.|IQR|range|95%)|\u00b1|\+/-)",
                              re.IGNORECASE)
_STATISTIC_BEFORE = re.compile(r"\b(?:mean|median|average)\b(?: [\w-]+){0,4} (?:was|were|of|=|:)"
                               r" ?$|\b(?:mean|median|average) ?=? ?$|(?:\+/-|\u00b1) ?$",
                               re.IGNORECASE)
_CONCENTRATION_AFTER = re.compile(r"^(?: [\w-]+){0,3} (?:in|per) (?:\d+(?:\.\d+)? ?)?(?:ml|l|litre|"
                                  r"liter)\b", re.IGNORECASE)
_WEIGHT = re.compile(r"\bweigh(?:t|ts|ing|ed)\b", re.IGNORECASE)
_ZERO_LEAD = re.compile(r"^0(?:\.0+)?(?:, ?| and | or )")


def doses(abstract: Abstract, design: str) -> list[tuple[str, Analysed]]:
    """Each dose once, in order of first mention, with the sentence it is written in."""
    found: dict[str, tuple[str, Analysed]] = {}
    covered: set[tuple[str, str]] = set()
    for sentence in abstract.sentences:
        if sentence.section in ("background", "limitations") or given_to_all(sentence, design):
            continue
        for dose in _doses_in(sentence.text):
            parts = _parts(dose)
            if _key(dose) not in found and not parts <= covered:
                found[_key(dose)] = (dose, sentence)
            covered |= parts
    return list(found.values())


def _parts(dose: str) -> set[tuple[str, str]]:
    """(number or range, unit) pairs a dose names, the unit without "/day": "40 and 120 mg/day"
    names 40 mg and 120 mg, so a later "120 mg/day" repeats a dose already listed."""
    numbers = re.match(r"[\d.,\s\u2013-]*(?:(?:and|or|to) [\d.]+)*", dose)
    unit = dose[numbers.end():] if numbers else dose
    unit = re.sub(r"/(?:day|d)$| per day$", "", unit.strip().lower())
    items = re.split(r", ?(?:and |or )?| and | or ", numbers.group() if numbers else "")
    return {(re.sub(r" ?(?:to|-|\u2013) ?", "-", i.strip()), unit) for i in items if i.strip()}


def _doses_in(text: str) -> list[str]:
    items = []
    for match in _DOSE.finditer(text):
        before = text[max(0, match.start() - 20):match.start()]
        if _THRESHOLD.search(before) or _THRESHOLD_AFTER.search(text[match.end():match.end() + 20]):
            continue
        if _NOT_GIVEN.search(text[max(0, match.start() - 30):match.end() + 10]):
            continue
        if _CONCENTRATION_AFTER.search(text[match.end():match.end() + 40]):
            continue  # "25 µg LSD base in 1 mL ethanol": a formulation, not a dose
        if _WEIGHT.search(text[max(0, match.start() - 80):match.start()]):
            continue
        if (_STATISTIC_AFTER.search(text[match.end():match.end() + 12])
                or _STATISTIC_BEFORE.search(text[max(0, match.start() - 50):match.start()])):
            continue  # "median = 27 mg", "9.9 mg (SD = 4.2)": a measured amount, not a dose
        nums = _ZERO_LEAD.sub("", match.group("nums"))
        if re.fullmatch(r"0(?:\.0+)?", nums) or not re.search(r"[1-9]", nums):
            continue
        items.append(f"{_tidy_numbers(nums)} {_tidy_unit(match.group('unit'))}")
    return items


def _tidy_numbers(nums: str) -> str:
    return re.sub(r"(?<![\d.])\.(\d)", r"0.\1", nums.strip())


def _tidy_unit(unit: str) -> str:
    """"mg kg-1 h-1", "mg\u00b7kg(-1)" and "mg x kg(-1)" become "mg/kg/h"; spaces around "/" go."""
    unit = re.sub(r" ?[\u00b7.x]? ?(kg|h|d|min) ?(?:-1|\(-1\)|\^-1)", r"/\1", unit)
    return re.sub(r" ?/ ?", "/", unit)


def _key(dose: str) -> str:
    return re.sub(r"\s+", "", dose.lower())
