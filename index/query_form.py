"""What form a query takes: a question, a claim (a statement, as SciFact's), or a few keywords.

The two channels do not help every form equally: a question's filler words blur BM25 while
its meaning is what the dense channel reads, so a question gets its own dense share
(`RankingConfig.question_dense_weight`); a claim or a few keywords get `dense_weight` (a
separate keyword weight was tried and did not help: README, "Ranking quality"). The learned
fusion experiment (`evaluation.ltr_features`) also reads the form. Told apart by surface only
(no model): a question starts
with a question word or auxiliary or ends with "?"; keywords are at most `KEYWORD_WORDS`
words with no function word among them and no closing full stop; anything else is a claim.
"""

from __future__ import annotations

import re

QUESTION, CLAIM, KEYWORDS = "question", "claim", "keywords"
FORMS = (QUESTION, CLAIM, KEYWORDS)
KEYWORD_WORDS = 6
_OPENER_WORDS = (
    "how what why which who whom whose when where does do did is are was were can could "
    "should would will shall may might must has have had isn't aren't doesn't don't can't"
)
_FUNCTION_WORDS = (
    "a an the of in on at for with by from to and or but as is are was were be been being "
    "that this these those it its than into over under between after before during without "
    "versus vs not no"
)
_OPENERS = frozenset(_OPENER_WORDS.split())
_FUNCTION = frozenset(_FUNCTION_WORDS.split())
_WORD = re.compile(r"[^\W_]+(?:['’\-/][^\W_]+)*")


def query_form(query: str) -> str:
    """QUESTION, CLAIM or KEYWORDS."""
    words = [w.casefold() for w in _WORD.findall(query)]
    if not words:
        return KEYWORDS
    if query.rstrip().endswith("?") or words[0] in _OPENERS:
        return QUESTION
    if query.rstrip().endswith("."):
        return CLAIM
    if len(words) <= KEYWORD_WORDS and not any(w in _FUNCTION for w in words):
        return KEYWORDS
    return CLAIM
