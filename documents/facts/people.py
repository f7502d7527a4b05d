"""People counted in a sentence: "Sixty-seven patients", "150 pregnant women", "adults (n = 60)".

A count is a number close before a participant noun (a few adjectives may stand between:
"28 healthy male volunteers", "49 acutely psychotic, drug-naive patients"), a bare number that
opens a clause ("67 were randomized"), or an "n = 60" (`equals`). Each count carries what the
sentence says about it (`roles`), which `participants` weighs to choose the number a clinician
means by "n".
"""

from __future__ import annotations

import re

from documents.facts.context import Analysed
from documents.facts.equals import equals_counts
from documents.facts.numbers import NUMBER, numbers_in, to_int
from documents.facts.roles import Count, count
from documents.facts.unnamed import unnamed_counts

__all__ = ["Count", "counted_people", "people_counts"]

_BETWEEN_MAX_WORDS = 5  # whitespace words: "ten sex- and age-matched healthy participants"
MAX_PER_SENTENCE = 40  # counts looked at per sentence: bounds the work on adversarial text
_BLOCKERS = frozenset((
    "of", "with", "to", "at", "for", "per", "than", "in", "by", "were", "was", "had",
    "have", "has", "from", "on", "into", "between", "among", "years", "year", "months", "month",
    "weeks", "week", "days", "day", "hours", "hour", "minutes", "mg", "kg", "ml", "times",
    "sessions", "studies", "trials", "articles", "groups", "group", "arms", "arm", "cohorts",
    "doses", "items", "sites", "centers", "centres", "countries", "hospitals"))
_AGE = re.compile(r"\d{1,3}(?:-? ?(?:to|-) ?-?\d{1,3})?[- ]?(?:year|yr|month|week)s?[- ]old",
                  re.IGNORECASE)
_ASIDE = re.compile(r"\([^()\d]{1,40}\)")
_ASA = re.compile(r"\bASA(?: physical status| grade| class)?(?: ?[IV]{1,3}(?:(?: ?[-,/]| and| or|"
                  r" to) ?[IV]{1,3}){0,3})?")  # "29 ASA physical status I and II patients"
_LABEL_BEFORE = re.compile(r"\b(?:experiment|study|group|phase|part|arm|cohort|stage|step|"
                           r"type|grade|class|level|figure|table|visit|day|week|month|year|"
                           r"session|trial|wave|site|no|number)\.? ?$", re.IGNORECASE)
_NOT_PEOPLE_AFTER = re.compile(r"[ -](?:treatment|sessions?|visits?|records?|charts?|encounters?|"
                               r"samples?|clinics?|settings?|characteristics|data|files|"
                               r"populations?|care|services|units?|programs?|cent(?:er|re)s?|"
                               r"sites?|hospitals?|practices|departments?|wards?|facilities|"
                               r"groups?)\b|-(?:years?|months?|days?)\b",  # "person-years"
                               re.IGNORECASE)
_EQUALS = re.compile(r"\b[nN] ?= ?\d")
_LISTED_EQUALS = re.compile(r"(?:[(,;:]|\band) ?[nN] ?= ?$")  # a number in a list of "n ="
_PER_BEFORE = re.compile(r"\bper $", re.IGNORECASE)
_SPACED = re.compile(r"(?<!\d )(?<![\w.,])(\d{1,3}) $")
_PAIRED = re.compile(rf"(?<![\w.,])({NUMBER}) ((?:[\w-]+,? ){{1,2}})and $", re.IGNORECASE)
_LISTED = re.compile(rf"(?<![\w.,])({NUMBER}) ((?:[\w-]+ ){{0,1}}[\w-]+, )$", re.IGNORECASE)
_BREAKDOWN = re.compile(r"\((\d{1,5}) (?:males?|men|boys|women|females?|girls)(?:,| and) (\d{1,5}) "
                        r"(?:males?|men|boys|women|females?|girls)\)", re.IGNORECASE)


def counted_people(sentence: Analysed) -> bool:
    """Whether the sentence counts people ("13 participants", "patients (n = 60)")."""
    return any(not c.approximate for c in people_counts(sentence))


def people_counts(sentence: Analysed) -> list[Count]:
    """Every count of people in the sentence, in order."""
    text = sentence.text
    found: dict[int, Count] = {}
    listed = len(_EQUALS.findall(text)) >= 2
    for match in sentence.of("participant")[:MAX_PER_SENTENCE]:
        if _NOT_PEOPLE_AFTER.match(text, match.end):
            continue  # "1,486,213 outpatient treatment sessions": the noun is an adjective
        number = _number_before(text, match.start)
        if number is not None and listed and _LISTED_EQUALS.search(text[:number[1]][-12:]):
            continue  # "n = 233, n = 66 and n = 44 participants": the list is read as "n ="
        if number is not None:
            value, start = _paired(sentence, *number)
            found.setdefault(start, count(text, value, start, match.end,
                                          text[match.start:match.end].lower()))
    for unnamed in unnamed_counts(sentence, set(found), MAX_PER_SENTENCE):
        found.setdefault(unnamed.start, unnamed)
    for match in sentence.of("participant")[:MAX_PER_SENTENCE]:  # "Subjects (12 men, 4 women)"
        split = _BREAKDOWN.match(text, match.end + 1)
        if split is not None and not any(match.start - c.start < 40 for c in found.values()
                                         if c.start < match.start):
            value = int(split.group(1)) + int(split.group(2))
            found.setdefault(match.start, count(text, value, match.start, split.end(),
                                                text[match.start:match.end].lower()))
    for equals in equals_counts(sentence, MAX_PER_SENTENCE):
        found.setdefault(equals.start, equals)
    return [found[k] for k in sorted(found)]


def _number_before(text: str, noun_start: int) -> tuple[int, int] | None:
    """The number that opens the noun phrase ending at `noun_start`, if it is close enough: a
    few words, which may include one comma between adjectives but no other punctuation."""
    window_start = max(0, noun_start - 90)
    window = _mask(text[window_start:noun_start])
    numbers = numbers_in(window)
    if not numbers:
        return None
    value, start, end = numbers[-1]
    if window[max(0, start - 2):start].rstrip(" ").endswith(tuple("0123456789")):
        spaced = _SPACED.search(window[:start])  # "19 637 patients": thousands set off by a space
        if spaced is None or not re.fullmatch(r"\d{3}", window[start:end]):
            return None
        value, start = int(spaced.group(1)) * 1000 + value, spaced.start(1)
    if _LABEL_BEFORE.search(window[max(0, start - 12):start]) or _PER_BEFORE.search(window[:start]):
        return None  # "in experiment 1 healthy volunteers": a label; "per 100 persons": a rate
    between = window[end:]
    words = between.split()
    if (len(words) > _BETWEEN_MAX_WORDS or re.search(r"[%;:()\[\]=]|\d", between)
            or between.startswith("-")):
        return None  # "a 5-week outpatient regimen": the number qualifies another word
    if any(w.strip(",.").lower() in _BLOCKERS for w in words):
        return None
    if "," in between and (between.count(",") > 1 or not between.split(",")[0].strip()):
        return None  # "In 2010, patients": a comma straight after the number ends the phrase
    return value, window_start + start


def _paired(sentence: Analysed, value: int, start: int) -> tuple[int, int]:
    """"15 male and 15 female volunteers", "64 RCU, 29 DCU and 66 control subjects": groups
    that share one noun are counted together, from the first number on."""
    pattern = _PAIRED
    for _ in range(5):
        window_start = max(0, start - 50)
        match = pattern.search(sentence.text[window_start:start])
        if match is None or any(w.strip(",").lower() in _BLOCKERS
                                for w in match.group(2).split()):
            break
        first = to_int(match.group(1))
        if first is None or first < 2 or any(window_start + match.start(2) <= m.start < start
                                for m in sentence.of("participant")):
            break  # "12 boys and 8 girls": each group has its own noun
        value, start, pattern = first + value, window_start + match.start(1), _LISTED
    return value, start


def _mask(window: str) -> str:
    """Blank out ages ("6- to 12-year-old"), ASA classes and short asides ("(DSM-IV)"), keeping
    offsets."""
    window = _AGE.sub(lambda m: " " * len(m.group()), window)
    window = _ASA.sub(lambda m: " " * len(m.group()), window)
    return _ASIDE.sub(lambda m: " " * len(m.group()), window)
