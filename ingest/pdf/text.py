"""Tidy text pulled out of PDFs and pick a title for them.

Extraction leaves ligatures ("ﬁ"), NUL bytes and runs of spaces; PDF metadata titles are often
a file or job name ("Binder1.pdf", "ipg1300180a"), so they are used only when they read as words.
"""

from __future__ import annotations

import re
import unicodedata

from documents.text import MAX_TITLE_CHARS, shorten, squash
from ingest.loaders.common import parse_year

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_HORIZONTAL_SPACE = re.compile(r"[ \t\u00a0]+")
_WORD = re.compile(r"[^\W\d_]{2,}")
_FILE_NAME = re.compile(r"\.(pdf|docx?|tex|dvi|indd|qxd|ps)\b", re.IGNORECASE)
_MIN_TITLE_WORDS = 3


def clean_page_text(text: str) -> str:
    """NFKC (ligatures to letters), no control characters, single spaces, no blank line runs."""
    text = _CONTROL.sub("", unicodedata.normalize("NFKC", text))
    lines = [_HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def metadata_title(info: dict[str, object]) -> str:
    """The metadata /Title when it reads like a title: a few words, not a file name."""
    title = squash(_CONTROL.sub("", str(info.get("/Title") or "")))
    if len(_WORD.findall(title)) < _MIN_TITLE_WORDS or _FILE_NAME.search(title):
        return ""
    return shorten_title(title)


def first_line_title(text: str) -> str:
    """The first line of the first page that has words and is not letter-spaced
    ('R E S E A R C H  A R T I C L E' banners), cut to at most 200 characters."""
    for line in text.splitlines():
        words = line.split()
        single_letters = sum(1 for word in words if len(word) == 1)
        if _WORD.search(line) and single_letters * 2 < len(words):
            return shorten_title(squash(line))
    return ""


def creation_year(info: dict[str, object]) -> int | None:
    """The year of /CreationDate ('D:20140103205321+08'00'')."""
    return parse_year(str(info.get("/CreationDate") or ""))


def shorten_title(text: str) -> str:
    """`text` cut at a word boundary to at most about 200 characters."""
    return shorten(text, MAX_TITLE_CHARS)
