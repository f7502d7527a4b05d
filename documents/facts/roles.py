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

from documents.facts.count_parts import inside_brackets, partitive_role, per_unit_of
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
_BRACKET_OPEN = re.compile(r"\( ?$")
_DEFINITE = re.compile(r"\b(?:the|these|those) $", re.IGNORECASE)
_RATER_BEFORE = re.compile(r"\b(?:scored|rated|assessed|evaluated|reviewed|coded|read|judged|"
                           r"performed|conducted|delivered|administered) by (?:the )?$",
                           re.IGNORECASE)
_EXCLUDING_BEFORE = re.compile(r"\bexcluding (?:the )?$", re.IGNORECASE)
_SHARE_AFTER = re.compile(r"\s?\(\s?\d+(?:\.\d+)? ?%\)")
_SUBSET_AFTER = re.compile(r"^\s?(?:\(|,)? ?(?:of whom|of these|of them)\b", re.IGNORECASE)
_SUBSET_NOUN = re.compile(r"\b(?:responders|non-?responders|remitters|completers)\b",
                          re.IGNORECASE)
# "52 patients in the ketamine group", "30 were assigned to the psilocybin group"; not "to the
# ketamine or placebo group", which names every arm
_IN_GROUP_AFTER = re.compile(r"^ ?(?:were )?(?:[a-z]+ )?(?:in|into|of|from|to) the "
                             r"(?!(?:(?!(?:group|arm)\b)[\w+-]{1,20} ){1,2}(?:or|and)\b)"
                             r"[\w+-]{1,20}(?: [\w+-]{1,20}){0,2} (?:group|arm)\b", re.IGNORECASE)
_IN_GROUP_BEFORE = re.compile(r"\b(?:in|for) (?:the )?(?:group|arm|cohort|experiment|part|phase|"
                              r"study) [\w-]{1,8},? ?$", re.IGNORECASE)
_SHARE_BEFORE = re.compile(r"\d ?% ?[(\[] ?$")  # "of whom 54% (N = 43)": a share of a group
_EACH_OF = re.compile(r"\beach of (?:the )?(\w+) (?:[\w-]+ )?(?:groups|arms|cohorts|conditions)\b",
                      re.IGNORECASE)
_APPROX = re.compile(r"(?:over|more than|approximately|about|around|nearly|almost|roughly|up to|"
                     r"at least|fewer than|less than|~|>|<|estimated|some) ?$", re.IGNORECASE)
_ASIDES = re.compile(r"\([^()]{0,80}\)|\[[^\[\]]{0,80}\]")


@dataclass(frozen=True)
class Count:
    """A number of people in a sentence and what the sentence says happened to them."""

    value: int
    start: int
    noun: str
    role: str  # randomised|enrolled|treated|completed|screened|rater|subset|total|plain|arm|summed
    approximate: bool
    per_arm: bool
    per: str = ""  # "group" or "study": one of several like units ("eight per group")


def count(text: str, value: int, start: int, noun_end: int, noun: str) -> Count:
    """The count of `value` people written at text[start:noun_end], with its role."""
    before = text[max(0, start - 40):start]
    clause = _clause_after(text, noun_end)
    role = _role(clause, text[start:noun_end], before[-25:])
    groups = _EACH_OF.search(clause)
    multiplied = groups is not None and bool(to_int(groups.group(1)))
    if groups is not None and multiplied:  # "eight subjects ... to each of 4 groups"
        value *= to_int(groups.group(1)) or 1
    partitive = partitive_role(text, start, role)
    equals = text[start:start + 1] in ("n", "N")  # "adults (n = 60)": brackets are its form
    if _RATER_BEFORE.search(before):
        role = "rater"  # "scored by 5 surgeons": the people who rated, not the sample
    elif _EXCLUDING_BEFORE.search(before):
        role = "screened"  # "after excluding 23 addicts, 500 took part"
    elif role == "screened":
        pass
    elif _SHARE_AFTER.match(text, noun_end) and partitive != "":
        role = "subset"  # "a total of 39 participants (41%)": a share; not "14 of 67 (21%)"
    elif partitive is not None:
        role = partitive or role
    elif ((_SUBSET_AFTER.search(text[noun_end:noun_end + 20]) and not _selected(noun, role))
          or _SUBSET_NOUN.search(noun)
          or _SHARE_BEFORE.search(before)
          or (not equals and (_BRACKET_OPEN.search(before) or inside_brackets(text, start)))):
        role = "subset"
    elif role in ("plain", "treated") and _TOTAL.search(before):
        role = "total"
    if role in ("randomised", "treated") and _DEFINITE.search(before):
        role = "subset"  # "the 12 children randomized to risperidone": a group named before
    arm = _IN_GROUP_AFTER.search(text[noun_end:noun_end + 50]) or _IN_GROUP_BEFORE.search(before)
    if arm and role != "subset":
        role = "arm"  # "52 patients in the ketamine group", "In group 1, 12 subjects"
    per = "" if multiplied or role == "arm" else per_unit_of(text, start, noun_end)
    return Count(value, start, noun, role, bool(_APPROX.search(before)),
                 role == "arm" or bool(per), per)


def _selected(noun: str, role: str) -> bool:
    """"77 of them were included": the part of an earlier group that this study took."""
    return noun == "implied" and role in ("randomised", "enrolled")


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
