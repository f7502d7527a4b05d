"""Find headings in plain text and Markdown, and the body sections under them.

Heading lines and web-clipping link lines ("Read more: ...") lie outside every section, so
neither becomes a passage; a section keeps the character offsets of its body in the file text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from documents.records import Span

_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_LINK_LINE = re.compile(
    r"^(read more|read also|also read|see also|related( articles?| posts?| reading)?|learn more"
    r"|click here)\s*[:>»›]",
    re.IGNORECASE,
)
_NOT_HEADING_END = tuple(".!?:;,")
_SENTENCE_END = re.compile(r"[.!?:;…][\"'’”)\]]*$")
_MAX_HEADING_WORDS = 12
_HEADING_WIDTH_SHARE = 0.6
_OPENING_QUOTES = "\"'“‘("


@dataclass(frozen=True)
class Line:
    """One line of the text: offsets of its stripped text, that text, and its kind."""

    start: int
    end: int
    text: str
    kind: str  # "blank", "body", "heading" or "link"
    level: int = 0  # Markdown heading level; 0 for a heading found in plain text


@dataclass(frozen=True)
class Outline:
    """The headings of a text in order, and its body sections labelled by heading."""

    headings: tuple[Line, ...]
    sections: tuple[Span, ...]


def outline(text: str, markdown: bool) -> Outline:
    """Classify the lines of `text` and group body lines into sections under their headings."""
    lines = _classify(text)
    if not markdown:
        lines = _mark_plain_headings(lines)
    headings = tuple(line for line in lines if line.kind == "heading")
    return Outline(headings, _sections(lines))


def _split_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, raw line) with offsets around the line's text, outer whitespace excluded."""
    spans, offset = [], 0
    for raw in text.splitlines(keepends=True):
        content = raw.rstrip("\r\n")
        start = offset + len(content) - len(content.lstrip())
        spans.append((start, max(start, offset + len(content.rstrip())), content))
        offset += len(raw)
    return spans


def _classify(text: str) -> list[Line]:
    """Blank, link, Markdown heading or body: what one line shows by itself."""
    lines, in_fence = [], False
    for start, end, content in _split_lines(text):
        stripped = content.strip()
        heading = _ATX_HEADING.match(content)
        if _FENCE.match(content):
            in_fence = not in_fence
        if not stripped:
            lines.append(Line(start, end, "", "blank"))
        elif heading and not in_fence:
            level = len(heading.group(1))
            lines.append(Line(start, end, heading.group(2).strip(), "heading", level))
        elif _LINK_LINE.match(stripped) and not in_fence:
            lines.append(Line(start, end, stripped, "link"))
        else:
            lines.append(Line(start, end, stripped, "body"))
    return lines


def _mark_plain_headings(lines: list[Line]) -> list[Line]:
    """Plain text has no heading markup: a short unpunctuated line that starts the text, or
    follows a blank line or a finished sentence, and is followed directly by a body line that
    starts like a sentence, is a heading."""
    marked = list(lines)
    longest = _longest_heading(lines)
    previous: Line | None = None
    for index, line in enumerate(lines):
        if line.kind != "body":
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        after_break = (
            previous is None
            or lines[index - 1].kind == "blank"
            or bool(_SENTENCE_END.search(previous.text))
        )
        if after_break and _looks_like_heading(line.text, following, longest):
            marked[index] = replace(line, kind="heading")
        previous = line
    return marked


def _longest_heading(lines: list[Line]) -> float:
    """How long a heading may be: well short of the text's long lines, so that in text wrapped
    at a fixed width (licences, e-mails) a full wrapped line is never taken for a heading."""
    lengths = sorted(len(line.text) for line in lines if line.kind == "body")
    if not lengths:
        return 0.0
    return _HEADING_WIDTH_SHARE * lengths[int(0.9 * (len(lengths) - 1))]


def _looks_like_heading(text: str, following: Line | None, longest: float) -> bool:
    if len(text) > longest or len(text.split()) > _MAX_HEADING_WORDS:
        return False
    if text.endswith(_NOT_HEADING_END) or not any(char.isalpha() for char in text):
        return False
    if following is None or following.kind != "body":
        return False
    first = following.text[0]
    return first.isupper() or first.isdigit() or first in _OPENING_QUOTES


def _sections(lines: list[Line]) -> tuple[Span, ...]:
    """Runs of body lines (blank lines inside a run are kept) labelled by the heading above."""
    sections: list[Span] = []
    label, start, end = "", None, None
    for line in lines:
        if line.kind == "body":
            start = line.start if start is None else start
            end = line.end
        elif line.kind in ("heading", "link"):
            if start is not None and end is not None:
                sections.append(Span(label, start, end))
            start = end = None
            label = line.text if line.kind == "heading" else label
    if start is not None and end is not None:
        sections.append(Span(label, start, end))
    return tuple(sections)
