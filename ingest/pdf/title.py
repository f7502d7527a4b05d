"""Find a paper's title on its first page by font size.

Journal PDFs open with banners and running heads ("R E S E A R C H  A R T I C L E",
"Hindawi Publishing Corporation"), so the first line is rarely the title; the title is the text
set in the largest type, when that type is clearly larger than the body text.
"""

from __future__ import annotations

import math
from collections import Counter

from pypdf import PageObject

from documents.text import squash

_TITLE_TO_BODY_RATIO = 1.25  # OCR layers and plain documents have no distinctly larger type
_SAME_SIZE = 0.5  # points


def largest_type_text(page: PageObject) -> str:
    """The text in the page's largest type, or "" when no type stands out from the body."""
    runs: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            runs.append((round(size * scale, 1), text))

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # a broken first page has no title to find; the caller falls back
        return ""
    if not runs:
        return ""
    largest = max(size for size, _ in runs)
    if largest < _TITLE_TO_BODY_RATIO * _body_size(runs):
        return ""
    return squash(" ".join(text for size, text in runs if size >= largest - _SAME_SIZE))


def _body_size(runs: list[tuple[float, str]]) -> float:
    """The type size carrying the most characters."""
    characters: Counter[float] = Counter()
    for size, text in runs:
        characters[size] += len(text.strip())
    return characters.most_common(1)[0][0]
