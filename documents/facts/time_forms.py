"""Time expressions written in their short normalised form: "4, 24 and 48" becomes three items,
number words become digits, "h" becomes "hours", "POD 1" becomes "postoperative day 1".

Kept apart from `timepoints`, which finds the expressions and decides which to keep.
"""

from __future__ import annotations

import re

from documents.facts.numbers import WORDS, to_int

_WORD_NUMBER = re.compile(rf"\b(?:{WORDS})\b", re.IGNORECASE)


def items(nums: str) -> list[str]:
    """"4, 24 and 48" -> ["4", "24", "48"]; a range "2-4" or "2 to 4" stays one item."""
    nums = _WORD_NUMBER.sub(lambda m: _digits(m.group()) or m.group(), nums)
    if re.match(r"0(?:\.0)? ?(?:-|to)", nums):
        return []  # "0-24 h" is a window, not a time
    parts = re.split(r", ?(?:and |or )?| and | or ", nums)
    parts = [p for p in parts if not re.fullmatch(r"0+(?:\.0)?", p.strip())]  # "week 0": baseline
    if any(re.search(r"\.[1-46-9]", p) for p in parts):
        return []  # "1.7 h", "20.5 hours": a measured result (Tmax, a half-life), not a schedule
    items = []
    for part in parts:
        bounds = re.split(r" ?- ?| to ", part)
        values = [_digits(b) for b in bounds]
        if all(values):
            items.append("-".join(v for v in values if v))
    return items


def ascending(items: list[str]) -> list[str]:
    """"day 7 and 1 and 3 months": a list of days runs upwards; what falls back is another list."""
    kept: list[str] = []
    for item in items:
        value = float(item.split("-")[0])
        if kept and value <= float(kept[-1].split("-")[-1]):
            break
        kept.append(item)
    return kept


def _digits(number: str) -> str:
    """A numeral or number word as digits, or "" when it is neither."""
    number = number.strip()
    if re.fullmatch(r"\d+(?:\.\d)?", number):
        return number
    value = to_int(number)
    return str(value) if value is not None else ""


def number_unit(number: str, unit: str) -> str:
    """"24" and "hour" -> "24 hours"; one of a unit stays singular ("1 week")."""
    return f"{number} {unit if number == '1' else unit + 's'}"


def unit_number(unit: str, number: str) -> str:
    """"day" and "28" -> "day 28"; "POD 1" is written out as "postoperative day 1"."""
    if unit == "pod":
        return f"postoperative day {number}"
    return f"{unit} {number}"
