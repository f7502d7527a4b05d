"""Whitespace normalisation shared by loaders and duplicate detection.

Kept outside `ingest.loaders` so that code comparing documents does not import every loader
(and with them pypdf).
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")


def squash(text: object) -> str:
    """Collapse every whitespace run to one space and strip; None and non-strings give ""."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        return ""
    return _SPACE.sub(" ", text).strip()
