"""The main finding: the sentence where the authors state their result or conclusion.

Quoted as written, never generated: the first sentence of CONCLUSIONS when the abstract has one,
else the closing sentence that reports or concludes something.
"""

from __future__ import annotations

import re

from documents.facts.context import Abstract, Analysed

_STATES_RESULT = re.compile(
    r"\b(?:suggests?|indicates?|conclude|demonstrated?|shows?|showed|found|associated|improv|"
    r"reduc|increas|decreas|effective|efficacy|significant|support|superior|inferior|"
    r"no difference|did not)", re.IGNORECASE)
_MAX_LENGTH = 600


def main_finding(abstract: Abstract) -> Analysed | None:
    """The sentence a card quotes as the study's result, or None."""
    body = abstract.body()
    conclusions = [s for s in body if s.section == "conclusions"]
    for sentence in conclusions:
        if _STATES_RESULT.search(sentence.text) and len(sentence.text) <= _MAX_LENGTH:
            return sentence
    if conclusions and len(conclusions[0].text) <= _MAX_LENGTH:
        return conclusions[0]
    for sentence in reversed(body[1:]):
        if sentence.section in ("results", "body") and _STATES_RESULT.search(sentence.text):
            return sentence if len(sentence.text) <= _MAX_LENGTH else None
    return None
