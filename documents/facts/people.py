"""People counted in a sentence: "Sixty-seven patients", "150 pregnant women", "adults (n = 60)".

A count is a number close before a participant noun (a few adjectives may stand between:
"28 healthy male volunteers"), or an "n = 60" right after one. Each count carries what the
sentence says about it (randomised, enrolled, screened, a subset...), which `participants`
weighs to choose the number a clinician means by "n".
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from documents.facts.context import Analysed
from documents.facts.numbers import DIGITS, numbers_in, to_int

_BETWEEN_MAX_WORDS = 4
MAX_PER_SENTENCE = 40  # counts looked at per sentence: bounds the work on adversarial text
_BLOCKERS = frozenset((
    "of", "with", "to", "at", "for", "per", "than", "in", "by", "were", "was", "had",
    "have", "has", "from", "on", "into", "between", "among", "years", "year", "months", "month",
    "weeks", "week", "days", "day", "hours", "hour", "minutes", "mg", "kg", "ml", "times",
    "sessions", "studies", "trials", "articles", "groups", "group", "arms", "arm", "cohorts",
    "doses", "items", "sites", "centers", "centres", "countries", "hospitals"))
_AGE = re.compile(r"\d{1,3}(?:-? ?(?:to|-) ?-?\d{1,3})?[- ]?(?:year|yr|month|week)s?[- ]old",
                  re.IGNORECASE)
_ASIDE = re.compile(r"\([^()\d]{1,15}\)")
_IN_GROUP = re.compile(r"^ ?(?:were )?(?:in|into|of|from) the [\w+-]{1,20}(?: [\w+-]{1,20}){0,2} "
                       r"(?:group|arm)\b", re.IGNORECASE)
_ASIDES = re.compile(r"\([^()]{0,80}\)|\[[^\[\]]{0,80}\]")
_SUBSET_NOUN = re.compile(r"\b(?:responders|non-?responders|remitters|completers)\b",
                          re.IGNORECASE)
_VERB = re.compile(r"\b(?:were|was|are|is|received|receiving|randomi[sz]ed|assigned|allocated|"
                   r"to|versus|vs)\b", re.IGNORECASE)
_BARE = re.compile(rf"(?<![\w.,])(?P<n>{DIGITS}) (?:were|was) (?:then )?(?:randomi[sz]ed|randomly|"
                   r"enrolled|included|allocated|assigned|recruited)\b", re.IGNORECASE)
_CLAUSE_START = re.compile(r"(?:^|[,;:] |\band |\bwhom |\bthem, |\bthese, )$", re.IGNORECASE)
_PER_ARM = re.compile(r"^\s?(?:per|in each|each) (?:group|arm)", re.IGNORECASE)
_N_EQUALS = re.compile(r"\b[nN] ?= ?(\d{1,3}(?:,\d{3})+|\d{1,7})(?![\d.])")
_APPROX = re.compile(r"(?:over|more than|approximately|about|around|nearly|almost|roughly|up to|"
                     r"at least|fewer than|less than|~|>|<|estimated|some) ?$", re.IGNORECASE)
_ROLES = (  # strongest first: "recruited and randomised" is randomised
    ("randomised", re.compile(r"\brandomi[sz]ed|\brandomly\b|\ballocated\b|\bassigned\b", re.I)),
    ("screened", re.compile(r"\b(?:screened|assessed for eligibility|approached|contacted|"
                            r"invited|eligible|excluded|declined|refused)\b", re.I)),
    ("enrolled", re.compile(r"\b(?:enrolled|included|recruited|participated|entered|comprised|"
                            r"consisted|involved|took part|underwent|treated|received|were given|"
                            r"were studied|were evaluated|were assessed|were examined|"
                            r"were administered|were dosed|"
                            r"were investigated|were interviewed|were followed)\b", re.I)),
    ("completed", re.compile(r"\b(?:completed|finished|analy[sz]ed|remained)\b", re.I)),
)
_TOTAL = re.compile(r"\b(?:a total of|in total|overall,?|total|sample of|cohort of|"
                    r"group of|series of|consisting of|comprising) ?$", re.IGNORECASE)
_SUBSET_BEFORE = re.compile(r"(?:\(|(?<!total )(?<!sample )(?<!cohort )(?<!group )(?<!series )"
                            r"(?<!consisting )(?<!\d )\b(?:of|among)) ?$", re.IGNORECASE)
_EACH_OF = re.compile(r"\beach of (?:the )?(\w+) (?:[\w-]+ )?(?:groups|arms|cohorts|conditions)\b",
                      re.IGNORECASE)
_TIMED = re.compile(r"\b(?:day|days|week|weeks|month|months|hours?|minutes?|time ?points?|"
                    r"follow-up|baseline|visit)\b[^()]{0,12}\($", re.IGNORECASE)
_SUBSET = re.compile(r"^\s?\(\s?\d+(?:\.\d+)? ?%|^\s?(?:\(|,)? ?(?:of whom|of these|of them)\b",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Count:
    """A number of people in a sentence and what the sentence says happened to them."""

    value: int
    start: int
    noun: str
    role: str  # randomised|enrolled|completed|screened|subset|total|plain|arm|summed
    approximate: bool
    per_arm: bool


def counted_people(sentence: Analysed) -> bool:
    """Whether the sentence counts people ("13 participants", "patients (n = 60)")."""
    return any(not c.approximate for c in people_counts(sentence))


def people_counts(sentence: Analysed) -> list[Count]:
    """Every count of people in the sentence, in order."""
    text = sentence.text
    found: dict[int, Count] = {}
    for match in sentence.of("participant")[:MAX_PER_SENTENCE]:
        number = _number_before(text, match.start)
        if number is not None:
            value, start = number
            found.setdefault(start, _count(text, value, start, match.end,
                                           text[match.start:match.end].lower()))
    if sentence.of("participant"):  # "Of 126 patients screened, 67 were randomized"
        for bare in itertools.islice(_BARE.finditer(text), MAX_PER_SENTENCE):
            opens_clause = _CLAUSE_START.search(text[max(0, bare.start() - 12):bare.start()])
            if bare.start() not in found and opens_clause:
                value = int(bare.group("n").replace(",", ""))
                found[bare.start()] = _count(text, value, bare.start(), bare.end("n"), "implied")
    for equals in itertools.islice(_N_EQUALS.finditer(text), MAX_PER_SENTENCE):
        if equals.start() in found:
            continue
        value = int(equals.group(1).replace(",", ""))
        noun = _noun_before(sentence, equals.start())
        if noun is None and equals.group().startswith("N"):
            noun = "N"  # a capital N states the whole sample
        if noun is None and len(_N_EQUALS.findall(text)) == 1 and sentence.of("participant"):
            first = sentence.of("participant")[0]
            noun = text[first.start:first.end].lower() if first.end <= equals.start() else None
        if noun is not None:
            found[equals.start()] = _count(text, value, equals.start(), equals.end(), noun)
        elif _TIMED.search(text[max(0, equals.start() - 30):equals.start()]):
            found[equals.start()] = Count(value, equals.start(), "n", "subset", False, False)
        else:  # "ketamine (n = 10)": one arm
            found[equals.start()] = Count(value, equals.start(), "n", "arm", False, True)
    return [found[k] for k in sorted(found)]


def _number_before(text: str, noun_start: int) -> tuple[int, int] | None:
    """The number that opens the noun phrase ending at `noun_start`, if it is close enough."""
    window_start = max(0, noun_start - 90)
    window = _mask(text[window_start:noun_start])
    numbers = numbers_in(window)
    if not numbers:
        return None
    value, start, end = numbers[-1]
    between = window[end:]
    words = [w for w in re.split(r"[\s-]+", between) if w]
    if len(words) > _BETWEEN_MAX_WORDS or re.search(r"[%;:()\[\]=]|\d", between):
        return None
    if any(w.strip(",.").lower() in _BLOCKERS for w in words) or "," in between:
        return None
    return value, window_start + start


def _mask(window: str) -> str:
    """Blank out ages ("6- to 12-year-old") and short asides ("(DSM-IV)"), keeping offsets."""
    window = _AGE.sub(lambda m: " " * len(m.group()), window)
    return _ASIDE.sub(lambda m: " " * len(m.group()), window)


def _noun_before(sentence: Analysed, at: int) -> str | None:
    """The participant noun an "n = 60" belongs to: within the same clause, just before."""
    nouns = [m for m in sentence.of("participant") if m.end <= at and at - m.end < 60]
    gap = sentence.text[nouns[-1].end:at] if nouns else ""
    if not nouns or re.search(r"[;,)\]]|\d", gap) or _VERB.search(gap):
        return None
    return sentence.text[nouns[-1].start:nouns[-1].end].lower()


def _count(text: str, value: int, start: int, noun_end: int, noun: str) -> Count:
    before = text[max(0, start - 25):start]
    clause = _clause_after(text, noun_end)
    role = _role(clause, before)
    groups = _EACH_OF.search(clause)
    if groups is not None and to_int(groups.group(1)):  # "eight subjects ... to each of 4 groups"
        value *= to_int(groups.group(1)) or 1
    if role == "screened":
        pass
    elif (_SUBSET.search(text[noun_end:noun_end + 20]) or _SUBSET_BEFORE.search(before)
            or _SUBSET_NOUN.search(noun) or _inside_parentheses(text, start)):
        role = "subset"
    elif role == "plain" and _TOTAL.search(before):
        role = "total"
    if _IN_GROUP.search(text[noun_end:noun_end + 50]) and role != "subset":
        role = "arm"  # "52 patients in the ketamine group"
    per_arm = role == "arm" or bool(_PER_ARM.search(text[noun_end:noun_end + 20]))
    return Count(value, start, noun, role, bool(_APPROX.search(before)), per_arm)


def _inside_parentheses(text: str, start: int) -> bool:
    """"20 children (12 males, 8 females)": a count inside brackets breaks a count down."""
    before = text[max(0, start - 60):start]
    return before.count("(") > before.count(")") or before.count("[") > before.count("]")


def _clause_after(text: str, noun_end: int) -> str:
    """The words after a count's noun, up to the clause's end or the next number."""
    after = text[noun_end:noun_end + 200]
    for _ in range(2):  # asides first: "adults (mean age 67; n = 30) received"
        after = _ASIDES.sub(" ", after)
    return re.split(r"[;:]|\. |\(?\b\d|\b[nN] ?=", after)[0]


def _role(clause: str, before: str) -> str:
    """What the sentence says happened to the counted people, the strongest statement first."""
    for role, pattern in _ROLES:
        if pattern.search(clause):
            return role
    for role, pattern in _ROLES:
        if pattern.search(before):
            return role
    return "plain"
