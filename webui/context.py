"""The text around a passage in its document, for "Show context" and "Show whole section".

Neighbouring passages overlap the hit by a sentence (chunking carries one over), so each is cut
at the hit's character offsets: the reader sees the document once, in order, with no repeats.
"""

from __future__ import annotations

from collections.abc import Sequence

from index.hit import Hit


def surrounding_text(hit: Hit, neighbours: Sequence[Hit]) -> tuple[str, str]:
    """(text before the hit, text after it) from the neighbouring passages, in reading order."""
    before = sorted((n for n in neighbours if n.ordinal < hit.ordinal), key=lambda n: n.ordinal)
    after = sorted((n for n in neighbours if n.ordinal > hit.ordinal), key=lambda n: n.ordinal)
    return _stitch(before, before[0].start if before else 0, hit.start), _stitch(after, hit.end)


def _stitch(passages: Sequence[Hit], cursor: int, limit: int | None = None) -> str:
    """The passages' text from document offset `cursor` up to `limit`, each stretch once."""
    pieces = []
    for passage in passages:
        end = passage.end if limit is None else min(passage.end, limit)
        begin = max(cursor, passage.start)
        if end > begin:
            pieces.append(passage.text[begin - passage.start : end - passage.start].strip())
            cursor = end
    return " ".join(p for p in pieces if p)


Section = tuple[str, int, int]
MAX_SECTION = 20_000


def section_around(text: str, sections: Sequence[Section], start: int) -> Section:
    """The (label, start, end) of the section holding offset `start`; the whole text when no
    section does (an abstract). Cut to MAX_SECTION characters around the passage."""
    label, begin, end = next(
        ((name, a, b) for name, a, b in sections if a <= start < b), ("", 0, len(text))
    )
    begin, end = max(0, begin), min(len(text), end)
    if end - begin > MAX_SECTION:
        begin = max(begin, start - MAX_SECTION // 2)
        end = min(end, begin + MAX_SECTION)
    return label, begin, end
