"""Sentence boundaries with character offsets, so passages never cut a sentence in half.

`sentencex` (a maintained rule-based segmenter that knows abbreviations such as "e.g.", "et al."
and "i.v.") splits the text; we map each sentence back to its offsets in the original string.
"""

from __future__ import annotations

import sentencex


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text[start:end]`, trimmed of surrounding spaces."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for sentence in sentencex.segment("en", text[start:end]):
        stripped = sentence.strip()
        if not stripped:
            continue
        found = text.find(stripped, cursor, end)
        if found < 0:  # the segmenter normalised something: fall back to the raw advance
            found = cursor + (len(sentence) - len(sentence.lstrip()))
        spans.append((found, found + len(stripped)))
        cursor = found + len(stripped)
    return spans
