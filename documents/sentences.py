"""Sentence boundaries with character offsets, so passages never cut a sentence in half.

`sentencex` (a maintained rule-based segmenter that knows abbreviations such as "e.g.", "et al."
and "i.v.") splits the text; we map each sentence back to its offsets in the original string.
The segmenter looks for the closing mark of every opening quote, so its time grows with the
square of a run of unmatched ones (360,000 backticks: 33 s); text with more than
`MAX_QUOTES` of them is split with the quotes blanked out, which keeps every offset.
"""

from __future__ import annotations

import sentencex

OPENING_QUOTES = "'`«»‘“„‹"
MAX_QUOTES = 1000
_BLANK_QUOTES = str.maketrans(OPENING_QUOTES, " " * len(OPENING_QUOTES))


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text[start:end]`, trimmed of surrounding spaces."""
    end = len(text) if end is None else end
    view = _readable(text[start:end])
    spans: list[tuple[int, int]] = []
    cursor = 0
    for sentence in sentencex.segment("en", view):
        stripped = sentence.strip()
        if not stripped:
            continue
        found = view.find(stripped, cursor)
        if found < 0:  # the segmenter normalised something: fall back to the raw advance
            found = cursor + (len(sentence) - len(sentence.lstrip()))
        spans.append((start + found, start + found + len(stripped)))
        cursor = found + len(stripped)
    return spans


def _readable(view: str) -> str:
    """`view`, or with its opening quotes blanked when there are too many for the segmenter."""
    if sum(view.count(mark) for mark in OPENING_QUOTES) <= MAX_QUOTES:
        return view
    return view.translate(_BLANK_QUOTES)
