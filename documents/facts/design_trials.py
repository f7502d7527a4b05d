"""Trial cues: whether participants were randomised, and whether the paper is a protocol.

"Randomized" counts where it describes this study (the title, the methods, "were randomly
assigned"), not where a review cites randomised trials, a conclusion asks for them, or a
comparison group comes from another trial. A crossover that never says it randomised is not
randomised (the labelling rules ask for random assignment). A protocol speaks in the future
tense and reports no result.
"""

from __future__ import annotations

import re

from documents.facts.context import Abstract, cites_literature
from documents.facts.people import counted_people

SELF = re.compile(r"\b(?:we|our|this|these|the present|the current|here|herein|aims?|aimed|"
                   r"objectives?|purpose)\b", re.IGNORECASE)
_RANDOM = re.compile(r"\brandomi[sz]|\brandomly (?:assigned|allocated|divided|distributed|split|"
                     r"received|given|chosen to receive|inserted|ordered)|"
                     r"\brandom (?:assignment|allocation|sequence|insertion)|\brandom[- ]order|"
                     r"\bRCTs?\b|\brandom number\b", re.IGNORECASE)
_NOT_RANDOM = re.compile(r"\bnon-?randomi[sz]|\bwithout randomi[sz]|\bnot randomi[sz]",
                         re.IGNORECASE)
# a comparison group drawn from another trial: "we compared 28 patients with data from 28
# healthy participants who participated in a randomized trial" (a secondary analysis of the
# trial's own participants stays randomised)
_ELSEWHERE = re.compile(r"\bwith data from [^.;]{0,60}?\bwho (?:had )?(?:previously )?"
                        r"(?:participated|took part|were enrolled) in (?:a|an|the) [^.;]{0,50}?"
                        r"randomi[sz]ed\b", re.IGNORECASE)
_RANDOM_PASSIVE = re.compile(r"\b(?:were|was|being|are|is|been) (?:then |subsequently |"
                             r"double-blind |prospectively )?(?:randomi[sz]ed|randomly)\b|"
                             r"\brandomi[sz]ed (?:to|into|in a|in an|at|using|with|1:1|2:1)\b|"
                             r"\brandomi[sz]ed,", re.IGNORECASE)
_THIS_RANDOMISED = re.compile(r"\b(?:this|our|the present|the current) (?:[\w-]+ ){0,3}"
                              r"randomi[sz]ed\b", re.IGNORECASE)
_OTHER_WORK = re.compile(r"\b(?:previous|prior|earlier|other|existing|future|recent|several|many|"
                         r"numerous|a number of|"
                         r"have shown|has shown|have been|literature|unlike|reported|designs|"
                         r"for example|e\.g\.)\b|"
                         r"\brandomi[sz]ed(?: [\w-]+){0,3} (?:trials|studies|RCTs)\b",
                         re.IGNORECASE)
PROTOCOL = re.compile(r"\b(?:study|trial) protocol\b|\bprotocol (?:for|of) (?:a|an|the)\b|"
                       r"\bdesign and rationale\b|\brationale and design\b|\bthis protocol\b",
                       re.IGNORECASE)
_REGISTERED = re.compile(r"\bregistered\b|\bregistration\b|\bPROSPERO\b", re.IGNORECASE)
_FUTURE = re.compile(r"\bwill be (?:randomi[sz]ed|randomly|recruited|enrolled|assessed|allocated|"
                     r"assigned|included|measured|evaluated|conducted|an?|provided|administered|"
                     r"given|treated|asked|collected|performed|followed|invited|offered|scanned|"
                     r"tested)\b|\bwe will\b|"
                     r"\b(?:study|trial|project|investigators|participants|subjects|patients) "
                     r"will (?:receive|involve|compare|assess|examine|evaluate|investigate|test|"
                     r"determine|enrol|enroll|recruit|randomi[sz]e|conduct|be)\b|"
                     r"\b(?:study|trial|it|results|findings) will (?:enhance|provide|inform|"
                     r"contribute|advance|improve)\b", re.IGNORECASE)
_REPORTS_RESULT = re.compile(r"\b[pP] ?[<=>] ?0?\.\d|\d%|\b(?:was|were) (?:significantly|"
                             r"associated|observed|found)\b|95% CI", re.IGNORECASE)


def randomised(abstract: Abstract) -> bool:
    """Participants of this study were randomly assigned (or the registry says so)."""
    for sentence in abstract.sentences:
        if sentence.section in ("background", "limitations") or _NOT_RANDOM.search(sentence.text):
            continue
        if sentence.section == "conclusions" and not (_RANDOM_PASSIVE.search(sentence.text)
                                                      or _THIS_RANDOMISED.search(sentence.text)):
            continue  # "this should be tested in a randomized trial"
        if not _RANDOM.search(_ELSEWHERE.sub(" ", sentence.text)):
            continue
        if sentence.section == "title" or abstract.registry:
            return True
        if sentence.section == "body" and cites_literature(sentence) and not SELF.search(
                sentence.text):
            continue  # "there are numerous randomized, double-blind trials showing ..."
        if _RANDOM_PASSIVE.search(sentence.text) or SELF.search(sentence.text):
            return True
        if counted_people(sentence) or sentence.section == "methods":
            return True
        if sentence.section == "body" and not _OTHER_WORK.search(sentence.text):
            return True
    return False


_POOLED = re.compile(r"\bpooled (?:data|analys[ie]s)\b|\bwere pooled\b|"
                     r"\bpooled (?:\w+ )?data from\b|\bsecondary analysis of (?:\d+|two|three|four|"
                     r"five|six|seven|eight|nine|ten) (?:[\w-]+ ){0,5}(?:trials|studies)\b",
                     re.IGNORECASE)
_SEVERAL = re.compile(r"\b(?:trials|studies)\b", re.IGNORECASE)
# arms set against each other ("vs placebo"), not "compared with negative effects"
_COMPARED = re.compile(r"\b(?:vs|versus|(?:compared (?:with|to)|than|over|relative to) "
                       r"(?:the |an? )?(?:[\w-]+ ){0,3}(?:placebo|controls?|groups?|arms?))\b",
                       re.IGNORECASE)


def pooled_without_comparison(abstract: Abstract) -> bool:
    """Data pooled from several trials to study predictors or incidence, with no arm set against
    another: the randomised comparison is not kept, so the analysis is a clinical study."""
    own = [s for s in abstract.study()]
    pooled = any(_POOLED.search(s.text) and _SEVERAL.search(s.text) for s in own
                 if s.section in ("title", "objective", "methods", "body"))
    return pooled and not any(_COMPARED.search(s.text) for s in own)


def title_says_randomised(abstract: Abstract) -> bool:
    """"A randomized controlled trial" in the title, about people (no animal named there)."""
    title = abstract.title
    if title is None or title.has("species") or _NOT_RANDOM.search(title.text):
        return False
    return bool(re.search(r"\brandomi[sz]|\bRCT\b", title.text, re.IGNORECASE))


def is_protocol(abstract: Abstract) -> bool:
    """A protocol paper: the title says so, or the methods speak in the future tense more than
    the abstract reports results; a short summary with one planned step and no result too."""
    if abstract.registry:
        return False
    title = abstract.title
    if title is not None and PROTOCOL.search(title.text):
        return True
    if any(PROTOCOL.search(s.text) and SELF.search(s.text) and not _REGISTERED.search(s.text)
           for s in abstract.body() if s.section != "background"):
        return True  # not "This study protocol was registered in PROSPERO": a finished review
    body = abstract.body()
    future = [s for s in body if s.section != "background" and _FUTURE.search(s.text)]
    results = sum(1 for s in body if _REPORTS_RESULT.search(s.text))
    if future and results == 0:  # a registry-style summary of a planned study
        return True
    return len(future) >= 2 and len(future) > 2 * results
