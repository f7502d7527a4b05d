"""Find headings in plain text and Markdown, and the body sections under them.

Heading lines and web-clipping link lines ("Read more: ...") lie outside every section, so
neither becomes a passage; a section keeps the character offsets of its body in the file text.
Untrusted text: lines are tested with string operations and regular expressions without
adjacent unbounded repeats, and per-line work is done in bulk (comprehensions, bisection), with
Python-level steps only for the few lines that may be headings, so a megabyte of spaces,
newlines or one-letter lines is outlined in a fraction of a second.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

from documents.records import Span

_FENCES = ("```", "~~~")
# Anchored, one unbounded repeat (\s*) followed by characters it cannot match: linear.
_LINK_LINE = re.compile(
    r"(read more|read also|also read|see also|related( articles?| posts?| reading)?|learn more"
    r"|click here)\s*[:>»›]",
    re.IGNORECASE,
)
_NOT_HEADING_END = tuple(".!?:;,")
_SENTENCE_END = tuple(".!?:;…")
_CLOSERS = "\"'’”)]"
_MAX_HEADING_WORDS = 12
_HEADING_WIDTH_SHARE = 0.6
_OPENING_QUOTES = "\"'“‘("


class Line(NamedTuple):
    """A heading or link line: offsets of its stripped text, that text, its kind ("heading" or
    "link") and its Markdown heading level (0 for a heading found in plain text)."""

    start: int
    end: int
    text: str
    kind: str
    level: int = 0


@dataclass(frozen=True)
class Outline:
    """The headings of a text in order, and its body sections labelled by heading."""

    headings: tuple[Line, ...]
    sections: tuple[Span, ...]


class _Lines:
    """The text cut into lines, with each line's stripped text and offset, made in bulk."""

    def __init__(self, text: str) -> None:
        self.raw = text.splitlines(keepends=True)
        self.stripped = [raw.strip() for raw in self.raw]
        self.offsets = list(accumulate(map(len, self.raw), initial=0))
        self.nonblank = [i for i, s in enumerate(self.stripped) if s]
        self.fenced = any(fence in text for fence in _FENCES)

    def line(self, i: int, text: str, kind: str, level: int = 0) -> Line:
        raw = self.raw[i]
        start = self.offsets[i] + len(raw) - len(raw.lstrip())
        return Line(start, self.offsets[i] + len(raw.rstrip()), text, kind, level)


def outline(text: str, markdown: bool) -> Outline:
    """Mark the heading and link lines of `text`; the other non-blank lines are body, grouped
    into sections under the heading above them."""
    lines = _Lines(text)
    marks = _marked(lines)
    if not markdown:
        marks.update(_plain_headings(lines, marks))
    order = sorted(marks)
    headings = tuple(marks[i] for i in order if marks[i].kind == "heading")
    return Outline(headings, _sections(lines, [(i, marks[i]) for i in order]))


def _marked(lines: _Lines) -> dict[int, Line]:
    """Markdown headings and link lines by index, outside fenced code blocks."""
    stripped, fenced = lines.stripped, lines.fenced
    candidates = [i for i in lines.nonblank if stripped[i][0] == "#" or _LINK_LINE.match(
        stripped[i]) or (fenced and stripped[i][:3] in _FENCES)]
    marks: dict[int, Line] = {}
    in_fence = False
    for i in candidates:
        if fenced and _is_fence(lines.raw[i]):
            in_fence = not in_fence
        heading = _atx_heading(lines.raw[i].rstrip("\r\n"))
        if in_fence:
            continue
        if heading is not None:
            marks[i] = lines.line(i, heading[1], "heading", heading[0])
        elif _LINK_LINE.match(stripped[i]):
            marks[i] = lines.line(i, stripped[i], "link")
    return marks


def _is_fence(raw: str) -> bool:
    indent = len(raw) - len(raw.lstrip(" "))
    return indent <= 3 and raw[indent : indent + 3] in _FENCES


def _atx_heading(content: str) -> tuple[int, str] | None:
    """(level, text) of a Markdown heading line ('## Methods ##'), else None."""
    rest = content.lstrip(" ")
    text = rest.lstrip("#")
    level = len(rest) - len(text)
    if len(content) - len(rest) > 3 or not 1 <= level <= 6 or text[:1] not in (" ", "\t"):
        return None
    text = text.rstrip(" \t")
    core = text.rstrip("#")
    if core != text and core[-1] in " \t" and len(core) >= 2:  # a closing '##' after a space
        text = core
    return level, text.strip()


def _plain_headings(lines: _Lines, marks: dict[int, Line]) -> dict[int, Line]:
    """Plain text has no heading markup: a short unpunctuated body line that starts the text, or
    follows a blank line or a finished sentence, and is followed directly by a body line that
    starts like a sentence, is a heading. Only lines short enough to be headings are looked at."""
    stripped = lines.stripped
    body = [i for i in lines.nonblank if i not in marks]
    longest = _longest_heading(sorted(len(stripped[i]) for i in body))
    found: dict[int, Line] = {}
    for i in (i for i in body if len(stripped[i]) <= longest):
        previous = bisect_left(body, i) - 1
        after_break = (previous < 0 or not stripped[i - 1]
                       or _ends_sentence(stripped[body[previous]]))
        following = stripped[i + 1] if i + 1 < len(stripped) and i + 1 not in marks else ""
        if after_break and _looks_like_heading(stripped[i], following):
            found[i] = lines.line(i, stripped[i], "heading")
    return found


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith(_SENTENCE_END)


def _longest_heading(lengths: list[int]) -> float:
    """How long a heading may be: well short of the text's long lines, so that in text wrapped
    at a fixed width (licences, e-mails) a full wrapped line is never taken for a heading."""
    if not lengths:
        return 0.0
    return _HEADING_WIDTH_SHARE * lengths[int(0.9 * (len(lengths) - 1))]


def _looks_like_heading(text: str, following: str) -> bool:
    """`following` is the next line's text when it is a body line, else ""."""
    if len(text.split(None, _MAX_HEADING_WORDS)) > _MAX_HEADING_WORDS:
        return False
    if text.endswith(_NOT_HEADING_END) or not any(char.isalpha() for char in text):
        return False
    if not following:
        return False
    first = following[0]
    return first.isupper() or first.isdigit() or first in _OPENING_QUOTES


def _sections(lines: _Lines, marks: list[tuple[int, Line]]) -> tuple[Span, ...]:
    """The body lines between two marked lines (blank lines inside are kept) form a section,
    labelled by the last heading above it."""
    sections: list[Span] = []
    label, after = "", -1
    for index, mark in [*marks, (len(lines.raw), None)]:
        first = bisect_right(lines.nonblank, after)
        last = bisect_left(lines.nonblank, index) - 1
        if first <= last:
            start = lines.line(lines.nonblank[first], "", "body").start
            end = lines.line(lines.nonblank[last], "", "body").end
            sections.append(Span(label, start, end))
        if mark is not None and mark.kind == "heading":
            label = mark.text
        after = index
    return tuple(sections)
