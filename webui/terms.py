"""The query terms a person would recognise as the question's content words.

The lexical channel keeps question words ("how", "does", "why") as terms, which is harmless for
ranking (every passage has them equally often) but misleading for highlighting: "How fast does
ketamine work?" would mark a sentence about "how ketamine works" over one about hours.
"""

from __future__ import annotations

from index.lexical import tokenize

QUESTION_WORDS = (
    "how what why when where which who whom whose do does did doing done can could should "
    "would may might must shall has have had having am were been being"
)
_QUESTION_TERMS = frozenset(tokenize(QUESTION_WORDS))


def content_terms(text: str) -> list[str]:
    """The lexical channel's terms of `text`, in order, question words left out."""
    return [term for term in tokenize(text) if term not in _QUESTION_TERMS]
