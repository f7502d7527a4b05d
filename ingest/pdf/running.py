"""Find running headers and footers: lines set at the top or bottom of most pages.

"Rehabilitation Research and Practice 3", "148 A. Sundström et al.", "Smith et al. BMC Health
Services Research 2014, 14:1 Page 2 of 10": repeated on every page, they would make passages
that rank first for any query naming the journal. A line is compared with digits and
"Page n of m" taken out, so the page number does not hide the repeat; a line counts when its
form is found on at least a third of the pages (journals alternate two heads on odd and even
pages), and an OCR misreading of it ("VICKSBUEG") still matches by similarity.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from difflib import SequenceMatcher

from documents.text import squash

ZONE_LINES = 3  # lines at the top and at the bottom of a page where running heads sit
MIN_PAGES = 3  # fewer pages give too little evidence of a repeat
SIMILAR = 0.85  # SequenceMatcher ratio above which two heads are the same one misread
_MAX_KEY_CHARS = 120  # keeps each comparison cheap
_MIN_KEY_LETTERS = 4
_PAGE_OF = re.compile(r"\bpage \d{1,4} of \d{1,4}\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


def drop_running(pages: list[list[str]]) -> list[list[str]]:
    """Each page's lines without the running headers and footers found across `pages`."""
    if len(pages) < MIN_PAGES:
        return pages
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({key for key in (_key(lines[i]) for i in _zone(lines)) if key})
    needed = max(2, math.ceil(len(pages) / 3))
    frequent = [key for key, count in counts.items() if count >= needed]
    if not frequent:
        return pages
    return [_without(lines, frequent) for lines in pages]


def _without(lines: list[str], frequent: list[str]) -> list[str]:
    running = {i for i in _zone(lines) if _is_running(_key(lines[i]), frequent)}
    return [line for i, line in enumerate(lines) if i not in running]


def _zone(lines: list[str]) -> list[int]:
    """Indexes of the first and last few lines with text: at most a third of a short page,
    so a page of a few lines is never taken for all header."""
    filled = [i for i, line in enumerate(lines) if line]
    size = max(1, min(ZONE_LINES, len(filled) // 3))
    if len(filled) <= 2 * size:
        return filled
    return filled[:size] + filled[-size:]


def _key(line: str) -> str:
    """The line as compared across pages: no page numbers, lower case, at most 120 characters;
    "" when fewer than four letters are left (a lone number or a symbol is not a header)."""
    key = squash(_DIGITS.sub(" ", _PAGE_OF.sub(" ", line))).lower().strip(" .,:;|-–—")
    return key[:_MAX_KEY_CHARS] if sum(c.isalpha() for c in key) >= _MIN_KEY_LETTERS else ""


def _is_running(key: str, frequent: list[str]) -> bool:
    if not key:
        return False
    if key in frequent:
        return True
    matchers = (SequenceMatcher(None, key, known, autojunk=False) for known in frequent)
    return any(
        m.real_quick_ratio() >= SIMILAR and m.quick_ratio() >= SIMILAR and m.ratio() >= SIMILAR
        for m in matchers
    )
