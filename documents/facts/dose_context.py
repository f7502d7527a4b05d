"""Whether an amount written like a dose was given as a dose of this study, read from its context.

Abstracts write many amounts that are not the study's doses: thresholds and results ("seizures
at doses > or = 600 mg/d"), hypothetical equivalents ("25 mg should approximate"), concentrations,
statistics ("median = 27 mg"), amounts of a side-effect medication compared between arms, and
background treatment every arm gets ("100 µg sufentanil in both groups", the antidepressant a
trial augments). The RULES exclude them all; each is one pattern here.
"""

from __future__ import annotations

import bisect
import re

from documents.facts.context import Abstract, Analysed

_THRESHOLD = re.compile(r"(?:[<>]|=<|>=|[<>] ?or ?=|[<>] ?/ ?=|above|below|greater than|less than|"
                        r"more than|higher than|lower than|exceeding|over|under|at least|"
                        r"doses of up to) ?$",
                        re.IGNORECASE)
_AFTER = re.compile(r"^\)? ?(?:and|or) (?:higher|above|more|greater|lower|less|below)\b|"
                    r"^\)? ?(?:should|would|might) (?!be (?:given|administered|used|repeated))",
                    re.IGNORECASE)  # "25 mg should approximate 0.3 mg/kg": not given
_NOT_GIVEN = re.compile(r"\b(?:consum|rescue|requirement|cumulative|equivalent|approximate|"
                        r"plasma|serum|concentration|blood levels?)", re.IGNORECASE)
_STATISTIC_AFTER = re.compile(r"^ ?(?:\[ ?\d|\( ?(?:SD|SE|s\.d\.|IQR|range|95%)|\u00b1|\+/-)",
                              re.IGNORECASE)
_STATISTIC_BEFORE = re.compile(r"\b(?:mean|median|average)\b(?: [\w-]+){0,6} (?:was|were|of|=|:)"
                               r" ?$|\b(?:mean|median|average) ?=? ?$|(?:\+/-|\u00b1) ?$",
                               re.IGNORECASE)
# "a mean final dose of 904 mg/day (range, 300-1800 mg/day)": the spread of doses taken, not
# a regimen as "risperidone (dose range 0.5-4 mg)" is
_RANGE_OF_MEAN = re.compile(r"\b(?:mean|median|average)\b[^.;]{0,60}\(range:?,? ?$", re.IGNORECASE)
# "25 ug base in 1 mL ethanol" is a strength; "150 mg in 50 mL of water" is a dose
_CONCENTRATION_AFTER = re.compile(r"^(?: [\w-]+){0,3} (?:in|per) (?:(?:1|1\.0|100) ?)?"
                                  r"(?:ml|l|litre|liter)\b", re.IGNORECASE)
_WEIGHT = re.compile(r"\bweigh(?:t|ts|ing|ed)\b", re.IGNORECASE)
_EVERY_ARM_AFTER = re.compile(r"^[^.;()]{0,30}\bin (?:both|all|each|all (?:three|four)) "
                              r"(?:of the )?(?:groups|arms)\b", re.IGNORECASE)
_AMOUNT_USED = re.compile(r"\b(?:more|less|fewer|greater|lower|higher) [\w-]+ (?:was|were) "
                          r"(?:used|needed|required|consumed)\b", re.IGNORECASE)
_AUGMENTED = re.compile(r"\b(?:augmentation of|added to|add-on to|adjunct(?:ive)? to|on top of|"
                        r"augment(?:ing)?) (?:(?:newly initiated|ongoing|stable|standard|"
                        r"existing|their|an?) )?$", re.IGNORECASE)

_JOINED = re.compile(r"\b(?:plus|and|or|with|versus|vs)\b|\+")


def not_administered(text: str, start: int, end: int) -> bool:
    """Whether the amount at text[start:end] is not a dose the study gave (see module doc)."""
    before, after = text[max(0, start - 20):start], text[end:end + 60]
    return bool(
        _THRESHOLD.search(before) or _AFTER.search(after[:20])
        or _EVERY_ARM_AFTER.search(after) or _AMOUNT_USED.search(text[max(0, start - 150):start])
        or _NOT_GIVEN.search(text[max(0, start - 30):end + 10])
        or _CONCENTRATION_AFTER.search(after[:40])  # "25 µg base in 1 mL ethanol"
        or _WEIGHT.search(text[max(0, start - 80):start])
        or _STATISTIC_AFTER.search(after[:12])  # "9.9 mg (SD = 4.2)", "median = 27 mg"
        or _STATISTIC_BEFORE.search(text[max(0, start - 50):start])
        or _RANGE_OF_MEAN.search(text[max(0, start - 100):start]))


def augmented_drugs(abstract: Abstract) -> set[str]:
    """Drugs the study augments ("ketamine augmentation of escitalopram"): every arm takes
    them, so they are background treatment and their doses are not labelled."""
    found = set()
    for sentence in abstract.sentences:
        if sentence.section in ("title", "objective", "methods", "body"):
            for match in sentence.of("drug"):
                if _AUGMENTED.search(sentence.text[max(0, match.start - 40):match.start]):
                    found.add(match.canonical)
    return found


def of_drug(sentence: Analysed, start: int, end: int, drugs: set[str]) -> bool:
    """Whether the dose at [start, end) belongs to one of `drugs`: the drug named just before
    it ("escitalopram 10 mg/day", "venlafaxine (4 weeks, 75 mg/day") or right after it."""
    text, named = sentence.text, sentence.of("drug")
    before = bisect.bisect_right([m.end for m in named], start) - 1  # ends rise with starts
    if before >= 0 and start - named[before].end <= 25 and not _JOINED.search(
            text[named[before].end:start]):  # not "ropivacaine plus 25 µg"
        return named[before].canonical in drugs
    after = bisect.bisect_left([m.start for m in named], end)
    return after < len(named) and named[after].start - end <= 6 and named[after].canonical in drugs


def same_regimen(sentence: Analysed, start: int, end: int) -> bool:
    """"venlafaxine 75 mg/day in week 1 and 150 mg/day after": the next dose of one regimen,
    joined by "and" or "then" within a few words, with no other drug or clause between."""
    gap = sentence.text[start:end]
    return (len(gap) <= 40 and bool(re.search(r"\b(?:and|then|followed by)\b", gap))
            and not re.search(r"[;:,]", gap)
            and not any(start <= m.start < end for m in sentence.of("drug")))
