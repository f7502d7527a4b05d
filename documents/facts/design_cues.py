"""The cues one design decision rests on, each a yes/no question about the abstract: a case
report, or a paper that reports no study of its own (a letter, an editorial, a qualitative study).

Cues count only where they describe this study: "case reports have described" in a review does
not make it a case report. Each function asks for the authors' own words about their own work.
"""

from __future__ import annotations

import re

from documents.facts.context import Abstract, cites_literature
from documents.facts.design_trials import randomised

_CASE_STRONG = re.compile(
    r"\bwe (?:report|present|describe|discuss) (?:the |a |an |two |three |four |five |six |"
    r"seven |eight |nine |ten |\d{1,2} )?(?:\w+ )?(?:cases?|patients?|wom[ae]n|m[ae]n|girls?|boys?|"
    r"adolescents?|children|individuals?|veterans?)\b|"
    r"\bcase (?:report|series|study|presentation)\b|\b(?:two|three|four|five|six|\d) (?:[\w-]+ )?"
    r"case (?:reports|studies|presentations)\b|"
    r"\b(?:a|this) case (?:of|in|with|where)\b|\b(?:these|our|the following) case (?:reports|"
    r"studies)\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) (?:[\w-]+ )?cases "
    r"(?:are|were) (?:reported|described|presented)\b|"
    r"\b(?:case|patient) 2\b", re.IGNORECASE)  # "Case 1 ... Case 2": reported case by case
_CASE_WEAK = re.compile(
    r"\b(?:an?|one) (?:\d{1,2}|[a-z]+-?[a-z]*)[- ](?:year|yr|month)s?[- ]old\b|"
    r"\b(?:a|an) (?:young |elderly |older |middle-aged |previously healthy |pregnant )?"
    r"(?:man|woman|"
    r"boy|girl|male|female|patient|gentleman|lady) (?:with|who|suffered|presented|was|developed|"
    r"had|experienced|received|admitted)\b", re.IGNORECASE)
_COUNTED_CASES = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d) "
                            r"(?:[\w-]+ ){0,3}cases\b", re.IGNORECASE)  # "Five Open Label Cases"
_LETTER_TITLE = re.compile(  # a reply, an erratum or a lesson is never the study it is about
    r"\b(?:editorial|commentary|erratum|corrigendum|retraction|letter to the editor|appraising|"
    r"how to (?:read|appraise|use|interpret)|tutorial)\b|"
    r"^(?:comments? on|(?:authors'? )?reply|in reply|re:|letter|correction)\b|"
    r"^(?:authors'? )?response to (?:the |a )?(?:letter|comments?|commentary|editorial|critique|"
    r"criticism|reviewers?|[\w-]+ et al)\b", re.IGNORECASE)
_OTHER_TITLE = re.compile(
    r"\b(?:in this issue|guidelines?|consensus statement|"
    r"position statement|position paper|recommendations|proceedings|abstracts|symposium|congress|"
    r"annual meeting|expert opinion|critical appraisal|a guide to|special issue|qualitative "
    r"(?:study|analysis|interview study|investigation|exploration|inquiry))\b", re.IGNORECASE)
_OTHER_TEXT = re.compile(
    r"\b(?:this|our) (?:editorial|commentary|letter|comment)\b|\breports an error in\b|"
    r"^comments? on (?:an?|the) (?:article|paper|study|report)\b|"
    r"\b(?:this|our|a|we conducted a|we used a) qualitative (?:study|analysis|interview|research|"
    r"approach|methods?|design)|\bqualitative interviews\b|"
    r"\b(?:thematic|phenomenological|content|framework) analysis\b|"
    r"\bsemi-?structured (?:[\w-]+ )?interviews\b|"
    r"\bfocus groups\b|\bproceedings contain\b|\bnvivo\b|\bgrounded theory\b|"
    r"\b(?:in|of) this issue\b|\bthis (?:special|themed) issue\b", re.IGNORECASE)


def case_report(abstract: Abstract, review: str | None = None) -> bool:
    """One patient or a small series reported case by case. In a paper that calls itself a
    review, "case reports" in the body are among the literature reviewed, not this paper."""
    title = abstract.title
    if title is not None and re.search(r"\bcase reports?\b", title.text, re.IGNORECASE):
        return True  # the authors' own label, whatever trials the cases were drawn from
    if title is not None and (_CASE_STRONG.search(title.text) or _CASE_WEAK.search(title.text)
                              or _COUNTED_CASES.search(title.text)):
        return not _large_series(abstract)
    if review is not None:
        return False
    sentences = [s for s in abstract.body() if s.section != "background"
                 and not cites_literature(s)]
    if any(_CASE_STRONG.search(s.text) for s in sentences):
        return not _large_series(abstract)
    weak = any(_CASE_WEAK.search(s.text) for s in sentences)
    return weak and not _large_series(abstract) and not randomised(abstract)


def _large_series(abstract: Abstract) -> bool:
    """A "case series" of more than ten patients reported with aggregate statistics."""
    from documents.facts.participants import participants

    count = participants(abstract, "clinical_study")
    return count is not None and count[0] > 10


def other_paper(abstract: Abstract, review: str | None = None) -> bool:
    """Editorials, letters, errata, guidelines, meeting abstracts, qualitative interview studies.
    A paper that calls itself a systematic review stays one whatever else its title says ("a
    critical appraisal and meta-analysis"), unless the title marks a letter or an erratum."""
    title = abstract.title
    if title is not None and _LETTER_TITLE.search(title.text):
        return True
    if review == "systematic_review":
        return False
    if title is not None and _OTHER_TITLE.search(title.text):
        return True
    return any(_OTHER_TEXT.search(s.text) for s in abstract.sentences
               if s.section in ("objective", "methods", "body"))
