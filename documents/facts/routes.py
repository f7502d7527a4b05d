"""Routes of administration, normalised: "i.v." and "infusion" give intravenous, "nasal spray"
intranasal, "tablets" oral.

A route word states a route; a hint ("infusion", "capsules") implies one unless a route word
qualifies it ("subcutaneous infusion") or it goes into the brain ("infused into the
hippocampus"). Capital abbreviations are checked for what stands before them: the "IV" of
"phase IV" or "DSM-IV" is no route. Background sentences (earlier work) give no route.
"""

from __future__ import annotations

import re

from documents.facts.context import Abstract, Analysed, cites_literature, given_to_all
from documents.facts.vocabulary import Match

_NOT_ROUTE_BEFORE = re.compile(r"(?:phase|dsm|version|edition|type|grade|stage|class|level|caps|"
                               r"part|study|"
                               r"schedule|trial|figure|table|cohort|group|arm|section|[-/(]|"
                               r"\bI{1,3},? (?:and|or|to))"  # "stages III and IV"
                               r" ?$",
                               re.IGNORECASE)
_INTO_BRAIN = re.compile(r"^\w* ?(?:into|in) the (?!\w+ (?:vein|arm)\b)", re.IGNORECASE)
_ABBREVIATIONS = ("IV", "IM", "IP", "IN", "ICV", "SC")
_BACKGROUND_AFTER = re.compile(r"^ ?(?:\(\w+\) )?(?:[\w-]+ (?=an(?:a)?esthe|sedation|analgesia))?"
                               r"(?:standard |conventional |"
                               r"newly (?:initiated|started) |"
                               r"ongoing )?(?:antidepressants?|ADs?\b|SSRIs?|SNRIs?|an(?:a)?esthe|"
                               r"analgesia|sedation|block)", re.IGNORECASE)
# "pain control with oral oxycodone", "analgesia was provided with intravenous morphine"
_BACKGROUND_BEFORE = re.compile(r"\b(?:analgesia|pain control|pain relief|premedication|"
                                r"premedicated|rescue medication)\b[\w\s-]{0,30}\b(?:with|using|"
                                r"by)\s$", re.IGNORECASE)
_NOT_ADMINISTRATION = re.compile(
    r"^ (?:temperature|mucosa|mucosal|cavity|health|hygiene|symptoms?|congestion|discomfort|"
    r"exam\w*|presentations?|swabs?|epithelium|epithelial|microbiome|lesions?|polyps?|bleeding|"
    r"irritation|glucose tolerance|contraceptives?|history|communication|fluency|passages?|"
    r"clamp|clamping|tests?|testing|recordings?|secretions?|intake|inhibition|facilitation|"
    r"excitability|neurons?|circuits?|connectivity)\b",
    re.IGNORECASE)
_ANAESTHESIA = re.compile(r"\ban(?:a)?esthe(?:si|ti|tiz|tis)|\bxylazine\b|\bsedat",
                          re.IGNORECASE)


def routes(abstract: Abstract, design: str) -> list[tuple[str, Analysed]]:
    """Each route once, in order of first mention, with its sentence."""
    found: dict[str, tuple[str, Analysed]] = {}
    other = _abbreviations_of_other_things(abstract)
    background = _background_routes(abstract, design)
    title = abstract.title
    study = {m.canonical for m in title.of("drug")} if title is not None else set()
    for sentence in abstract.sentences:
        if sentence.section in ("background", "limitations") or given_to_all(sentence, design):
            continue
        if sentence.section in ("body", "objective") and cites_literature(sentence):
            continue  # "most studies to date used IV ketamine": the literature, not this study
        for route in _routes_in(sentence, design, other, background, study):
            found.setdefault(route, (route, sentence))
    return list(found.values())


def _background_routes(abstract: Abstract, design: str) -> set[str]:
    """"oral" when the abstract names it for background treatment ("plus an oral
    antidepressant"): a dosage form ("capsules", "tablets") then implies the background drug,
    not a study drug. An infusion stays the study drug's even beside "intravenous anaesthesia"."""
    return {m.canonical for s in abstract.sentences for m in s.of("route")
            if m.canonical == "oral" and _background_use(s.text, m, design)}


def _abbreviations_of_other_things(abstract: Abstract) -> set[str]:
    """"indomethacin (IM)", "immunoprecipitation (IP)": an abbreviation the abstract defines for
    something that is not a route is no route anywhere in it."""
    found = set()
    for sentence in abstract.sentences:
        for match in sentence.of("route"):
            written = sentence.text[match.start:match.end]
            before = sentence.text[max(0, match.start - 30):match.start]
            defined_after_route = any(m.end <= match.start and match.start - m.end <= 3
                                      for m in sentence.of("route"))
            if written in _ABBREVIATIONS and before.endswith("(") and not defined_after_route:
                found.add(written)
    return found


def _routes_in(sentence: Analysed, design: str, other: set[str], background: set[str],
               study: set[str]) -> list[str]:
    text = sentence.text
    stated = [m for m in sentence.of("route") if _is_route(sentence, m, design)
              and text[m.start:m.end] not in other and not _for_care(sentence, m, study)]
    hinted = [m for m in sentence.of("route_hint") if _is_hint(text, m, stated)
              and m.canonical not in background and not _background_use(text, m, design)
              and not _NOT_ADMINISTRATION.search(text[m.end:])
              and not (m.canonical == "other" and stated)]  # "buccal ... transmucosal"
    return [m.canonical for m in sorted(stated + hinted, key=lambda m: m.start)]


def _for_care(sentence: Analysed, route: Match, study: set[str]) -> bool:
    """"pain control with oral oxycodone": the route of a drug given as care, unless the drug
    is one the title names as studied ("analgesia with intravenous ketamine")."""
    if not _BACKGROUND_BEFORE.search(sentence.text[max(0, route.start - 50):route.start]):
        return False
    drug = next((d for d in sentence.of("drug") if 0 <= d.start - route.end <= 30), None)
    return drug is not None and drug.canonical not in study


def _is_route(sentence: Analysed, match: Match, design: str) -> bool:
    text = sentence.text
    written = text[match.start:match.end]
    if _background_use(text, match, design) or _NOT_ADMINISTRATION.search(text[match.end:]):
        return False
    if written == "IN":  # only as "intranasal (IN)" or "IN ketamine"
        return text[match.end:match.end + 1] == ")" or any(
            0 < d.start - match.end <= 2 for d in sentence.of("drug"))
    if written in _ABBREVIATIONS:
        return not _NOT_ROUTE_BEFORE.search(text[max(0, match.start - 12):match.start])
    return True


def _background_use(text: str, match: Match, design: str) -> bool:
    """Oral antidepressants continued in every arm, anaesthesia for a procedure or an animal's
    surgery: routes of background treatment, not of the study's interventions."""
    after = text[match.end:match.end + 30]
    if _BACKGROUND_AFTER.search(after):
        return True
    return design == "animal" and bool(_ANAESTHESIA.search(text[max(0, match.start - 40):
                                                                 match.end + 40]))


def _is_hint(text: str, hint: Match, stated: list[Match]) -> bool:
    """A hint counts unless a route word qualifies it or it goes into a brain region."""
    if any(0 <= hint.start - r.end <= 2 or r.start <= hint.start < r.end for r in stated):
        return False
    return not _INTO_BRAIN.search(text[hint.end:hint.end + 40])
