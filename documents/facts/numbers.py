"""Counts as abstracts write them: "67", "1,877", "Sixty-seven", "One hundred and eighty-six".

Sentences often open with a number in words ("Twenty-one subjects received..."), which a digit
pattern alone would miss; the words are read here into integers.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SMALL = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_BELOW_100 = rf"(?:{_SMALL})(?:[- ](?:{_SMALL}))?"
WORDS = (rf"(?:{_BELOW_100}|a|one)?(?:[- ]?(?:hundred|thousand))(?:[- ](?:and[- ])?{_BELOW_100})?"
         rf"|{_BELOW_100}")
DIGITS = r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,7}(?![\d.,]\d))(?![^\W\d_])"
NUMBER = rf"(?:{DIGITS}|\b(?:{WORDS})\b)"
_NUMBER = re.compile(NUMBER, re.IGNORECASE)


ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
            "fourteenth": 14, "twenty-eighth": 28}
ORDINAL = "|".join(sorted(ORDINALS, key=len, reverse=True))


def to_int(text: str) -> int | None:
    """The integer a numeral or number phrase stands for, or None."""
    text = text.strip().lower().replace(",", "")
    if text.isdigit():
        return int(text)
    return _words(text)


def _words(text: str) -> int | None:
    total, current = 0, 0
    for word in re.split(r"[- ]", text):
        if word in ("", "and"):
            continue
        if word in ("a", "one") and current == 0:
            current = 1
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total, current = (total + max(current, 1)) * 1000, 0
        else:
            return None
    value = total + current
    return value if value > 0 or text == "zero" else None


def numbers_in(text: str) -> list[tuple[int, int, int]]:
    """(value, start, end) of every count in `text`."""
    found = []
    for match in _NUMBER.finditer(text):
        value = to_int(match.group())
        if value is not None:
            found.append((value, match.start(), match.end()))
    return found
