"""Whether a count of people is a part of a larger group or one of several like units.

"5 of the 20 patients", "a subgroup of 12", "20 children (12 males, 8 females)" name parts;
"a study of 37 patients" names the whole; "eight subjects per group" and "each study included 16
subjects" name one unit among several. `roles.count` asks these questions of every count.
"""

from __future__ import annotations

import re

from documents.facts.numbers import to_int

# the lead word is bounded ({1,30}): an unbounded run before "$" backtracks quadratically on a
# long run of word characters
_PARTITIVE = re.compile(r"(?:^|(?P<lead>[\w,-]{1,30}) )(?:out )?(?:of|among)(?P<the> the| these| "
                        r"those)? ?$", re.IGNORECASE)
_PER_ARM = re.compile(r"^\s?(?:per|in each|each) (?:group|arm)", re.IGNORECASE)
_PER_STUDY = re.compile(r"\beach (?:study|experiment)\b(?: [a-z]+){0,3} ?$", re.IGNORECASE)
_SUBSET_LEADS = frozenset(("subset", "subgroup", "subsample", "portion", "proportion", "majority",
                           "minority", "most", "some", "none", "half", "each", "any", "all",
                           "both", "remaining", "rest", "percent", "%", "one", "two", "three"))
_GROUP_WORDS = frozenset(("cohorts", "groups", "batches", "pairs", "teams", "dyads", "sets"))
_TOTAL_WORDS = frozenset(("total", "sample", "cohort", "group", "series", "consisting",
                          "comprising", "study", "trial", "analysis", "survey", "population",
                          "dataset", "data", "investigation", "evaluation"))


def per_unit_of(text: str, start: int, noun_end: int) -> str:
    """"eight subjects per group", "each study included 16 subjects": a count of one unit
    among several, which `participants` multiplies by the stated number of units."""
    if _PER_ARM.search(text[noun_end:noun_end + 20]):
        return "group"
    return "study" if _PER_STUDY.search(text[max(0, start - 40):start]) else ""


def partitive_role(text: str, start: int, role: str) -> str | None:
    """"of" or "among" just before the number: None when absent, "total" after a study word ("a
    study of 37 patients"), "subset" after a part word ("a subgroup of 12", "half of 30",
    "cohorts of four") or a definite article that refers back ("of the 17 treated"; "of the 60
    randomized" stays), else "" and the clause decides ("5 of 27 patients", "records of 41
    patients", "Of 126 screened")."""
    match = _PARTITIVE.search(text[max(0, start - 40):start])
    if match is None:
        return None
    lead = (match.group("lead") or "").lower().strip(",")
    if lead in _TOTAL_WORDS:
        return "total"
    if match.group("the") and role not in ("randomised", "enrolled") and to_int(lead) is None:
        return "subset"
    return "subset" if lead in _SUBSET_LEADS or lead in _GROUP_WORDS else ""


def inside_brackets(text: str, start: int) -> bool:
    """"20 children (12 males, 8 females)": a count inside brackets breaks a count down."""
    before = text[max(0, start - 60):start]
    return before.count("(") > before.count(")") or before.count("[") > before.count("]")
