"""n_studies: how many studies a systematic review or meta-analysis included.

Records retrieved or screened are not included studies ("1734 records were identified" is not
the answer, "13 met the inclusion criteria" is). Only systematic reviews carry the count.
"""

from __future__ import annotations

import re

from documents.facts.context import Abstract, Analysed
from documents.facts.numbers import NUMBER, to_int

_STUDY_NOUN = (r"(?:studies|study|trials?|RCTs?|articles?|reports?|publications?|papers?|reviews?|"
               r"meta-analys[ie]s|cohorts?|datasets?)")
_ADJECTIVE = (r"(?:randomi[sz]ed|controlled|clinical|independent|eligible|primary|original|"
              r"published|unpublished|relevant|placebo-controlled|double-blind|observational|"
              r"cohort|case-control|cross-sectional|open-label|prospective|retrospective|human|"
              r"animal|preclinical|separate|additional|individual|high-quality|systematic|"
              r"qualitative|quantitative|comparative|head-to-head|short-term|long-term|"
              r"peer-reviewed|full-text|interventional|experimental|distinct|unique|good-quality|"
              r"parallel|crossover|cross-over|pediatric|paediatric|adult|single|single-arm|"
              r"non-?randomi[sz]ed|uncontrolled|pilot|completed|(?-i:[A-Z]{2,6}s?))")
_COUNT = re.compile(rf"(?P<n>{NUMBER})(?P<between>(?: {_ADJECTIVE}){{0,4}}) {_STUDY_NOUN}\b"
                    r"(?! (?:authors?|process|team|protocol|question|groups?)\b)", re.IGNORECASE)
_BARE = re.compile(rf"(?:^|[,;:] )(?P<n>{NUMBER}) (?:of (?:them|these) )?(?:were|was|met|fulfilled)"
                   r" (?:finally |ultimately |eventually )?(?:included|eligible|selected|retained|"
                   r"the inclusion criteria|the eligibility criteria)\b", re.IGNORECASE)
_INCLUDED = re.compile(r"\b(?:included|includes|including|inclusion|met|eligible|selected|"
                       r"retained|comprising|involving|representing|enrolling|analy[sz]ed|pooled|"
                       r"were used|qualified|fulfilled|final|contributed|yielded)\b", re.IGNORECASE)
_RETRIEVED = re.compile(r"\b(?:records|citations|hits|screened|retrieved|identified|potentially|"
                        r"full-text|full text|abstracts|titles|searched|excluded|references)\b",
                        re.IGNORECASE)
_NOUN = re.compile(rf"\b{_STUDY_NOUN}\b", re.IGNORECASE)
_BAD_BETWEEN = re.compile(r"\b(?:of|and|or|with|in|patients|participants|subjects|years|mg)\b",
                          re.IGNORECASE)


def included_studies(abstract: Abstract, design: str) -> tuple[int, Analysed] | None:
    """The number of included studies, with its sentence; None unless a systematic review."""
    if design != "systematic_review":
        return None
    plain: tuple[int, Analysed] | None = None
    for sentence in abstract.body():
        if sentence.section == "background":
            continue
        for match in _COUNT.finditer(sentence.text):
            value = to_int(match.group("n"))
            if value is None or _BAD_BETWEEN.search(match.group("between")):
                continue
            clause = _clause(sentence.text, match.start(), match.end())
            if _RETRIEVED.search(clause) and not _INCLUDED.search(clause):
                continue
            if _INCLUDED.search(clause):
                return value + _joined_counts(sentence.text, match.end()), sentence
            plain = plain or (value, sentence)
        bare = _BARE.search(sentence.text) if _NOUN.search(sentence.text) else None
        if bare is not None and to_int(bare.group("n")):  # "... RCTs, seven were included"
            return to_int(bare.group("n")) or 0, sentence
    return plain


def _joined_counts(text: str, end: int) -> int:
    """Counts of further study sets joined by "and" ("124 RCTs ... and 18 studies"): summed."""
    extra = 0
    for match in _COUNT.finditer(text, end):
        gap = text[end:match.start()]
        if not re.search(r"\band $|, $", gap) or re.search(r"[;:.]|\bof\b", gap):
            break
        value = to_int(match.group("n"))
        extra += value or 0
        end = match.end()
    return extra


def _clause(text: str, start: int, end: int) -> str:
    """The words around a count, up to the nearest clause boundary on each side."""
    left = max(text.rfind(";", 0, start), text.rfind(",", 0, start), text.rfind(":", 0, start))
    stops = [i for i in (text.find(";", end), text.find(":", end)) if i >= 0]
    right = min(stops) if stops else len(text)
    return text[left + 1 : right]
