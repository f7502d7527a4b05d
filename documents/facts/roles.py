"""What a sentence says happened to a counted group of people: randomised, enrolled, treated,
screened, completed, a subset of a larger group, one arm, or the whole sample.

Abstracts signal the role with a few stable constructions: the verb of the clause ("67 were
randomized", "18 completed"), a total marker ("a total of", "a cohort of", "a study of"), a
partitive ("5 of the 20 patients", "of whom 12"), or an arm marker ("in group 1, 12 subjects",
"52 patients in the ketamine group"). Each is one pattern here; `participants` ranks the roles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from documents.facts.numbers import to_int

_ROLES = (  # strongest first: "recruited and randomised" is randomised
    ("randomised", re.compile(r"\brandomi[sz]ed|\brandomly\b|\ballocated\b|\bassigned\b", re.I)),
    ("screened", re.compile(r"\b(?:screened|assessed for eligibility|approached|contacted|"
                            r"invited|eligible|excluded|declined|refused)\b", re.I)),
    ("enrolled", re.compile(r"\b(?:enrolled|included|recruited|participated|entered|comprised|"
                            r"consisted|involved|took part|were studied)\b", re.I)),
    ("treated", re.compile(r"\b(?:treated|received|underwent|were given|were evaluated|"
                           r"were assessed|were examined|were administered|were dosed|"
                           r"were investigated|were interviewed|were followed)\b", re.I)),
    ("completed", re.compile(r"\b(?:completed|finished|analy[sz]ed|remained)\b", re.I)),
    ("subset", re.compile(r"\b(?:withdrew|dropped out|discontinued|left (?:the )?(?:study|trial|"
                          r"treatment)|were lost|died|were withdrawn)\b", re.I)),
)
_TOTAL = re.compile(r"\b(?:a total of|in total|overall,?|total|sample of|cohort of|group of|"
                    r"series of|consisting of|comprising|(?:participants|subjects|patients|"
                    r"sample|cohort) (?:were|was|comprised|included)|(?:study|trial|analysis|"
                    r"survey|investigation|evaluation|review|population|dataset|experiment) "
                    r"(?:of|in|with|among|involving|including|enrolling)(?: the)?) ?$",
                    re.IGNORECASE)
_PARTITIVE = re.compile(r"(?:^|(?P<lead>[\w,-]+) )(?:out )?(?:of|among)(?P<the> the| these| "
                        r"those)? ?$", re.IGNORECASE)
_BRACKET_OPEN = re.compile(r"\( ?$")
_DEFINITE = re.compile(r"\b(?:the|these|those) $", re.IGNORECASE)
_SUBSET_AFTER = re.compile(r"^\s?\(\s?\d+(?:\.\d+)? ?%\)|^\s?(?:\(|,)? ?(?:of whom|of these|"
                           r"of them)"
                           r"\b", re.IGNORECASE)
_SUBSET_NOUN = re.compile(r"\b(?:responders|non-?responders|remitters|completers)\b",
                          re.IGNORECASE)
# "52 patients in the ketamine group", "30 were assigned to the psilocybin group"; not "to the
# ketamine or placebo group", which names every arm
_IN_GROUP_AFTER = re.compile(r"^ ?(?:were )?(?:[a-z]+ )?(?:in|into|of|from|to) the "
                             r"(?!(?:(?!(?:group|arm)\b)[\w+-]+ ){1,2}(?:or|and)\b)"
                             r"[\w+-]{1,20}(?: [\w+-]{1,20}){0,2} (?:group|arm)\b", re.IGNORECASE)
_IN_GROUP_BEFORE = re.compile(r"\b(?:in|for) (?:the )?(?:group|arm|cohort|experiment|part|phase|"
                              r"study) [\w-]{1,8},? ?$", re.IGNORECASE)
_PER_ARM = re.compile(r"^\s?(?:per|in each|each) (?:group|arm)", re.IGNORECASE)
_EACH_OF = re.compile(r"\beach of (?:the )?(\w+) (?:[\w-]+ )?(?:groups|arms|cohorts|conditions)\b",
                      re.IGNORECASE)
_APPROX = re.compile(r"(?:over|more than|approximately|about|around|nearly|almost|roughly|up to|"
                     r"at least|fewer than|less than|~|>|<|estimated|some) ?$", re.IGNORECASE)
_ASIDES = re.compile(r"\([^()]{0,80}\)|\[[^\[\]]{0,80}\]")
_SUBSET_LEADS = frozenset(("subset", "subgroup", "subsample", "portion", "proportion", "majority",
                           "minority", "most", "some", "none", "half", "each", "any", "all",
                           "both", "remaining", "rest", "percent", "%", "one", "two", "three"))
_GROUP_WORDS = frozenset(("cohorts", "groups", "batches", "pairs", "teams", "dyads", "sets"))
_TOTAL_WORDS = frozenset(("total", "sample", "cohort", "group", "series", "consisting",
                          "comprising", "study", "trial", "analysis", "survey", "population",
                          "dataset", "data", "investigation", "evaluation"))


@dataclass(frozen=True)
class Count:
    """A number of people in a sentence and what the sentence says happened to them."""

    value: int
    start: int
    noun: str
    role: str  # randomised|enrolled|treated|completed|screened|subset|total|plain|arm|summed
    approximate: bool
    per_arm: bool


def count(text: str, value: int, start: int, noun_end: int, noun: str) -> Count:
    """The count of `value` people written at text[start:noun_end], with its role."""
    before = text[max(0, start - 40):start]
    clause = _clause_after(text, noun_end)
    role = _role(clause, text[start:noun_end], before[-25:])
    groups = _EACH_OF.search(clause)
    if groups is not None and to_int(groups.group(1)):  # "eight subjects ... to each of 4 groups"
        value *= to_int(groups.group(1)) or 1
    partitive = _partitive(text, start, role)
    equals = text[start:start + 1] in ("n", "N")  # "adults (n = 60)": brackets are its form
    if role == "screened":
        pass
    elif partitive is not None:
        role = partitive or role
    elif (_SUBSET_AFTER.search(text[noun_end:noun_end + 20]) or _SUBSET_NOUN.search(noun)
          or (not equals and (_BRACKET_OPEN.search(before) or _inside_brackets(text, start)))):
        role = "subset"
    elif role in ("plain", "treated") and _TOTAL.search(before):
        role = "total"
    if role in ("randomised", "treated") and _DEFINITE.search(before):
        role = "subset"  # "the 12 children randomized to risperidone": a group named before
    arm = _IN_GROUP_AFTER.search(text[noun_end:noun_end + 50]) or _IN_GROUP_BEFORE.search(before)
    if arm and role != "subset":
        role = "arm"  # "52 patients in the ketamine group", "In group 1, 12 subjects"
    per_arm = role == "arm" or bool(_PER_ARM.search(text[noun_end:noun_end + 20]))
    return Count(value, start, noun, role, bool(_APPROX.search(before)), per_arm)


def _partitive(text: str, start: int, role: str) -> str | None:
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


def _inside_brackets(text: str, start: int) -> bool:
    """"20 children (12 males, 8 females)": a count inside brackets breaks a count down."""
    before = text[max(0, start - 60):start]
    return before.count("(") > before.count(")") or before.count("[") > before.count("]")


def _clause_after(text: str, noun_end: int) -> str:
    """The words after a count's noun, up to the clause's end or the next number."""
    after = text[noun_end:noun_end + 200]
    for _ in range(2):  # asides first: "adults (mean age 67; n = 30) received"
        after = _ASIDES.sub(" ", after)
    return re.split(r"[;:]|\. |\(?\b\d|\b[nN] ?=", after)[0]


def _role(*contexts: str) -> str:
    """What the sentence says happened to the counted people, the strongest statement first, read
    in the clause after the noun, then between number and noun ("29 enrolled patients"), then
    before the number."""
    for context in contexts:
        for role, pattern in _ROLES:
            if pattern.search(context):
                return role
    return "plain"
