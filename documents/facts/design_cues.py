"""The cues one design decision rests on, each a yes/no question about the abstract.

Cues count only where they describe this study: "a recent meta-analysis found" in the
background does not make a trial a meta-analysis, and "randomized trials have shown" in a review
does not make it a trial. Each function asks for the authors' own words about their own work.
"""

from __future__ import annotations

import re

from documents.facts.context import Abstract, Analysed, cites_literature
from documents.facts.design_trials import PROTOCOL, SELF, randomised
from documents.facts.people import counted_people

_SEARCH = re.compile(r"\b(?:searched|search(?:es)? (?:of|in|was|were)|databases?|pubmed|medline|"
                     r"embase|cochrane|psycinfo|web of science|prisma|prospero|"
                     r"inclusion criteria)\b",
                     re.IGNORECASE)
_SEARCHED = re.compile(r"\b(?:searched|pubmed|medline|embase|cochrane|psycinfo|web of science|"
                       r"prisma|prospero)\b", re.IGNORECASE)
_OTHERS_BEFORE = re.compile(r"\b(?:recent|previous|prior|earlier|published|existing|several|many|"
                            r"other|few|numerous|multiple|of|from|by|in|appraising|conducted)"
                            r"(?: \w+)? ?$|, ?$", re.IGNORECASE)
_OTHERS_IN_TITLE = re.compile(r"\b(?:recent|previous|prior|earlier|published|existing|other)"
                              r"(?: \w+)? ?$", re.IGNORECASE)
_NARRATIVE_SELF = re.compile(
    r"\b(?:this|the present|the current|our|in this|the following) (?:narrative |brief |short |"
    r"mini-?|critical |comprehensive |selective |literature |clinical )?(?:review|overview)\b|"
    r"\bwe (?:briefly )?(?:review|summari[sz]e (?:the|recent|current|what)|discuss (?:the|recent|"
    r"current)|provide an? (?:overview|review|summary))\b|\b(?:is|are) (?:briefly |critically )?"
    r"reviewed\b|\b(?:article|paper|chapter) (?:has |have )?(?:reviews|reviewed|summari[sz]e[sd]|"
    r"provides an overview)\b|"
    r"\breview (?:of )?(?:the|recent|current) (?:literature|evidence|research|data|findings)\b|"
    r"\b(?:aim|purpose|objective|goal) of (?:this|the present) (?:paper|article|chapter) is to "
    r"(?:review|present|summari[sz]e|discuss|describe|provide|give|outline)",
    re.IGNORECASE)
_NARRATIVE_TITLE = re.compile(r"\b(?:review|overview|update|primer|perspectives?|state of the art|"
                              r"revisited|a clinical guide|what (?:we|do we) know)\b",
                              re.IGNORECASE)
_CASE_STRONG = re.compile(
    r"\bwe (?:report|present|describe|discuss) (?:the |a |an |two |three |four |five |six |"
    r"seven |eight |nine |ten |\d{1,2} )?(?:\w+ )?(?:cases?|patients?|wom[ae]n|m[ae]n|girls?|boys?|"
    r"adolescents?|children|individuals?|veterans?)\b|"
    r"\bcase (?:report|series|study|presentation)\b|"
    r"\b(?:a|this) case (?:of|in|with|where)\b|\bcase reports?\b", re.IGNORECASE)
_CASE_WEAK = re.compile(
    r"\b(?:an?|one) (?:\d{1,2}|[a-z]+-?[a-z]*)[- ](?:year|yr|month)s?[- ]old\b|"
    r"\b(?:a|an) (?:young |elderly |older |middle-aged |previously healthy |pregnant )?"
    r"(?:man|woman|"
    r"boy|girl|male|female|patient|gentleman|lady) (?:with|who|suffered|presented|was|developed|"
    r"had|experienced|received|admitted)\b", re.IGNORECASE)
_OTHER_TITLE = re.compile(
    r"\b(?:editorial|commentary|erratum|corrigendum|in this issue|guidelines?|consensus statement|"
    r"position statement|position paper|recommendations|proceedings|abstracts|symposium|congress|"
    r"annual meeting|expert opinion|retraction|letter to the editor|appraising|critical appraisal|"
    r"how to (?:read|appraise|use|interpret)|a guide to|tutorial|special issue|qualitative "
    r"(?:study|analysis|interview study|investigation|exploration|inquiry))\b|"
    r"^(?:comments? on|response to|reply|in reply|re:|letter|correction)\b", re.IGNORECASE)
_OTHER_TEXT = re.compile(
    r"\b(?:this|our) (?:editorial|commentary|letter|comment)\b|\breports an error in\b|"
    r"\b(?:this|our|a|we conducted a|we used a) qualitative (?:study|analysis|interview|research|"
    r"approach|methods?|design)|\bqualitative interviews\b|"
    r"\b(?:thematic|phenomenological|content|framework) analysis\b|\bsemi-?structured interviews\b|"
    r"\bfocus groups\b|\bproceedings contain\b|\bnvivo\b|\bgrounded theory\b|"
    r"\bthis (?:special |themed )?issue\b", re.IGNORECASE)


def self_review(abstract: Abstract) -> str | None:
    """"systematic_review" or "narrative_review" when the authors call their paper one."""
    title = abstract.title
    if title is not None and re.search(r"\bnarrative review\b", title.text, re.IGNORECASE):
        return "narrative_review"
    if title is not None and _systematic_cue(title, _OTHERS_IN_TITLE) and not PROTOCOL.search(
            title.text):
        return "systematic_review"
    own = [s for s in abstract.body() if s.section not in ("background", "conclusions",
                                                              "limitations")]
    searched = any(_SEARCHED.search(s.text) for s in own)
    for sentence in own:
        if _systematic_cue(sentence) and (SELF.search(sentence.text) or _SEARCH.search(
                sentence.text) or sentence.section == "methods" or searched):
            return "systematic_review"
    if title is not None and (_NARRATIVE_TITLE.search(title.text)
                              or title.has("design", "narrative_review")) and not any(
            counted_people(s) for s in abstract.study() if s is not title):
        return "narrative_review"  # "Perspectives on ...: 200 participants took part" is a survey
    if any(_NARRATIVE_SELF.search(s.text) for s in abstract.sentences):
        return "narrative_review"
    return None


def _systematic_cue(sentence: Analysed, others: re.Pattern[str] = _OTHERS_BEFORE) -> bool:
    """A systematic-review cue that is not about other authors' reviews ("recent meta-analyses");
    a title names its own paper ("Results from a meta-analysis") unless it says whose."""
    return any(m.canonical == "systematic_review" and not others.search(
        sentence.text[max(0, m.start - 30):m.start]) for m in sentence.of("design"))


def case_report(abstract: Abstract, review: str | None = None) -> bool:
    """One patient or a small series reported case by case. In a paper that calls itself a
    review, "case reports" in the body are among the literature reviewed, not this paper."""
    title = abstract.title
    if title is not None and re.search(r"\bcase reports?\b", title.text, re.IGNORECASE):
        return True  # the authors' own label, whatever trials the cases were drawn from
    if title is not None and (_CASE_STRONG.search(title.text) or _CASE_WEAK.search(title.text)):
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


def other_paper(abstract: Abstract) -> bool:
    """Editorials, letters, errata, guidelines, meeting abstracts, qualitative interview studies."""
    title = abstract.title
    if title is not None and _OTHER_TITLE.search(title.text):
        return True
    return any(_OTHER_TEXT.search(s.text) for s in abstract.sentences
               if s.section in ("objective", "methods", "body"))
