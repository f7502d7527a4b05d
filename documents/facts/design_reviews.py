"""Whether the paper is a review, in the authors' own words: systematic or narrative.

"A recent meta-analysis found" in the background does not make a trial a meta-analysis; a title
that calls the paper a review does, unless the paper reports people of its own (a survey, a
chart review). A drug profile ("Perospirone.", "<drug> is a ...") is a narrative review too.
"""

from __future__ import annotations

import re

from documents.facts.context import Abstract, Analysed, cites_literature
from documents.facts.design_trials import PROTOCOL, SELF
from documents.facts.people import people_counts

_SEARCH = re.compile(r"\b(?:searched|search(?:es)? (?:of|in|was|were)|databases?|pubmed|medline|"
                     r"embase|cochrane|psycinfo|web of science|prisma|prospero|"
                     r"inclusion criteria)\b",
                     re.IGNORECASE)
_SEARCHED = re.compile(r"\b(?:searched|pubmed|medline|embase|cochrane|psycinfo|web of science|"
                       r"prisma|prospero)\b", re.IGNORECASE)
_FOUND = re.compile(r"\b(?:articles|studies|trials|papers|publications|reports)\b[^.;]{0,60}?"
                    r"\b(?:were|was) (?:identified|included|screened|retrieved|selected)\b",
                    re.IGNORECASE)
_OTHERS_BEFORE = re.compile(r"\b(?:recent|previous|prior|earlier|published|existing|several|many|"
                            r"other|few|numerous|multiple|of|from|by|in|appraising|conducted)"
                            r"(?: \w+)? ?$|, ?$", re.IGNORECASE)
_OTHERS_IN_TITLE = re.compile(r"\b(?:recent|previous|prior|earlier|published|existing|other)"
                              r"(?: \w+)? ?$", re.IGNORECASE)
_NARRATIVE_SELF = re.compile(
    r"\b(?:this|the present|the current|our|in this|the following) (?:narrative |brief |short |"
    r"mini-?|critical |comprehensive |selective |literature |clinical )?(?:review|overview)\b|"
    r"\b(?:we|the authors) (?:briefly )?(?:review|summari[sz]e (?:the|recent|current|what)|"
    r"discuss (?:the|recent|current)|provide an? (?:overview|review|summary))\b|"
    r"\b(?:is|are) (?:briefly |critically )?"
    r"reviewed\b|\b(?:article|paper|chapter) (?:has |have )?(?:reviews|reviewed|summari[sz]e[sd]|"
    r"provides an overview)\b|"
    r"\breview (?:of )?(?:the|recent|current) (?:literature|evidence|research|data|findings)\b|"
    r"\b(?:aim|purpose|objective|goal) of (?:this|the present) (?:paper|article|chapter) is to "
    r"(?:review|present|summari[sz]e|discuss|describe|provide|give|outline)",
    re.IGNORECASE)
_NARRATIVE_TITLE = re.compile(r"\b(?:review|overview|update|primer|perspectives?|state of the art|"
                              r"revisited|a clinical guide|what (?:we|do we) know)\b",
                              re.IGNORECASE)
# a drug profile: the title is the drug's name ("Perospirone.", "SLI-381 (Adderall XR).") or
# defines it ("Atomoxetine: a selective noradrenaline reuptake inhibitor for ADHD", "Drug X for
# the treatment of breast cancer"), and the abstract opens "Drug X is a ..."
_PROFILE_TITLE = re.compile(r"^(?P<name>[\w-]+(?: [\w-]+)?)(?: \([^()]{1,40}\))?(?:\.?$|: an? |"
                            r" (?:for|in) the (?:treatment|management) of )")
_DEFINES = re.compile(r"^(?P<name>[\w-]+)(?: [\w-]+)?(?: \([^()]{1,60}\))?,? (?:is|are) "
                      r"(?:an?|the) ")
_OWN_WORK = re.compile(r"\b(?:we|our|here|this (?:study|trial)|the (?:present|current) "
                       r"(?:study|trial)|(?:were|was) (?:randomi[sz]ed|randomly|enrolled|recruited|"
                       r"allocated|analy[sz]ed)|randomi[sz]ed to)\b", re.IGNORECASE)
_OWN_DATA_TITLE = re.compile(r"\b(?:chart|records?|retrospective|follow-up|case) review\b|"
                             r"\bsurveys?\b|\binterviews?\b|\bquestionnaires?\b", re.IGNORECASE)

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
    if title is not None and (_NARRATIVE_TITLE.search(title.text) or title.has(
            "design", "narrative_review")) and not _own_sample(abstract, title):
        return "narrative_review"
    if any(_NARRATIVE_SELF.search(s.text) for s in abstract.sentences) or _drug_profile(abstract):
        return "narrative_review"
    if searched and any(_FOUND.search(s.text) for s in own):
        return "narrative_review"  # a literature search it never calls systematic
    return None


def _drug_profile(abstract: Abstract) -> bool:
    """A drug profile: the title names or defines a drug, the abstract opens "<drug> is a ...",
    and nothing in it speaks of the authors' own study."""
    title, body = abstract.title, abstract.body()
    named = _PROFILE_TITLE.match(title.text) if title is not None else None
    opening = _DEFINES.match(body[0].text) if body else None
    if named is None or opening is None:
        return False
    if named.group("name").split()[0].lower() != opening.group("name").lower():
        return False
    return not any(_OWN_WORK.search(s.text) for s in body)


def _own_sample(abstract: Abstract, title: Analysed) -> bool:
    """People this paper enrolled, treated or surveyed ("Perspectives on ...: 200 participants
    took part" is a survey; "a chart review" is a study), not a trial it cites ("(n = 198)")."""
    if _OWN_DATA_TITLE.search(title.text):
        return True
    return any(c.role not in ("plain", "subset", "arm") and not c.approximate
               for s in abstract.study() if s is not title and not cites_literature(s)
               for c in people_counts(s))


def _systematic_cue(sentence: Analysed, others: re.Pattern[str] = _OTHERS_BEFORE) -> bool:
    """A systematic-review cue that is not about other authors' reviews ("recent meta-analyses");
    a title names its own paper ("Results from a meta-analysis") unless it says whose."""
    return any(m.canonical == "systematic_review" and not others.search(
        sentence.text[max(0, m.start - 30):m.start]) for m in sentence.of("design"))
