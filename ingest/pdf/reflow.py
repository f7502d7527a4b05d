"""Join the lines of a PDF page into paragraphs, the way the article was written.

PDF text comes out one printed line at a time: a sentence is cut wherever its column ended and
words are hyphenated at line ends ("antidepres-" / "sant"). Left as they are, passages hold
stray line breaks and half words that neither the model nor BM25 recognise. A line break inside
a paragraph becomes a space; a hyphen at a line end is removed when a lower-case word goes on
("antidepressant") and kept before a capital or digit ("5-HT2A", "anti-NMDA") or where the
document shows the word is a compound ("dose-response"). A paragraph ends at a blank line,
after a short line that ends a sentence, and around a heading. Each seam looks only at the two
lines that meet, so the work is linear in the page.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

SHORT_LINE = 0.75  # a line shorter than this share of the page's usual line ends its paragraph
HEADING_LINE = 0.6  # a heading is shorter still
MAX_HEADING_CHARS = 60
_CLOSERS = "\"'’”)]"
_DASHES = ("–", "—")
_HYPHENATED_PREFIXES = frozenset({"self", "non"})  # "self-reported", "non-responders"
_SUSPENDED = frozenset({"and", "or", "nor", "to"})  # "first- and second-line"
_MIN_PART = 4  # letters each part of a compound needs to be trusted as a word of its own
_WINDOW = 64  # characters before a line-end hyphen searched for the word it ends
_LETTERS = r"[^\W\d_]"
_WORD = re.compile(rf"{_LETTERS}+(?:-{_LETTERS}+)*")
_SPLIT = re.compile(rf"(?<!{_LETTERS}){_LETTERS}+-\n{_LETTERS}+")  # a word cut at a line end
_TAIL = re.compile(rf"{_LETTERS}+$")
_HEAD = re.compile(rf"{_LETTERS}+")


@dataclass
class Vocabulary:
    """The words a document writes whole, to tell a line-end hyphen that splits a word
    ("antidepres-" / "sant") from one that belongs to it ("dose-" / "response")."""

    plain: set[str] = field(default_factory=set)
    hyphenated: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, texts: Iterable[str]) -> Vocabulary:
        """The words of `texts` (raw page text), leaving out the halves of words cut at a
        line end, which are not words."""
        vocabulary = cls()
        for text in texts:
            for word in _WORD.findall(_SPLIT.sub(" ", text).lower()):
                (vocabulary.hyphenated if "-" in word else vocabulary.plain).add(word)
        return vocabulary

    def keeps_hyphen(self, left: str, right: str) -> bool:
        """Whether 'left-' at a line end and 'right' on the next line form a compound."""
        left, right = left.lower(), right.lower()
        if f"{left}{right}" in self.plain:
            return False
        if f"{left}-{right}" in self.hyphenated or left in _HYPHENATED_PREFIXES:
            return True
        return min(len(left), len(right)) >= _MIN_PART and {left, right} <= self.plain


def ends_sentence(line: str) -> bool:
    """Whether `line` ends with '.', '!' or '?', closing quotes and brackets aside."""
    return line.rstrip(_CLOSERS).endswith((".", "!", "?"))


def reflow(lines: list[str], vocabulary: Vocabulary) -> str:
    """The page's paragraphs, separated by one blank line; blank lines in `lines` end one."""
    typical = _typical_length(lines)
    paragraphs: list[str] = []
    pieces: list[str] = []
    for index, line in enumerate(lines):
        if line and pieces:
            cut, separator = seam(pieces[-1], line, vocabulary)
            pieces[-1] = pieces[-1][: len(pieces[-1]) - cut] + separator
        if line:
            pieces.append(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if pieces and (not line or _ends_paragraph(line, following, typical)):
            paragraphs.append("".join(pieces))
            pieces = []
    paragraphs.append("".join(pieces))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def seam(before: str, after: str, vocabulary: Vocabulary) -> tuple[int, str]:
    """(characters to take off the end of `before`, text to put between) where two lines of
    one sentence meet: one space, or nothing where a hyphen or dash ends `before`."""
    if before.endswith("\u00ad"):  # a soft hyphen only ever marks a break
        return 1, ""
    if before.endswith("-") and len(before) > 1 and before[-2].isalnum():
        head, tail = _HEAD.match(after), _TAIL.search(before[-_WINDOW:-1])
        if not (head and after[0].islower()):
            return 0, ""  # "5-" + "HT2A", "anti-" + "NMDA": the hyphen stays
        if head.group() in _SUSPENDED:
            return 0, " "
        keep = tail is not None and vocabulary.keeps_hyphen(tail.group(), head.group())
        return (0, "") if keep else (1, "")
    if before.endswith(_DASHES) and not before[:-1].endswith(" "):
        return 0, ""
    return 0, " "


def _ends_paragraph(line: str, following: str, typical: float) -> bool:
    """After a short line that ends a sentence, before a heading, and after a heading."""
    if not line or not following:
        return False
    starts_block = following[0].isupper() or following[0].isdigit() or following[0] in "•[("
    if ends_sentence(line):
        short = len(line) < SHORT_LINE * typical
        return starts_block and (short or _is_heading(following, typical))
    return starts_block and _is_heading(line, typical) and following[0].isupper()


def _is_heading(line: str, typical: float) -> bool:
    """A short line that starts with a capital and does not end a sentence or a clause."""
    return (
        len(line) <= min(MAX_HEADING_CHARS, HEADING_LINE * typical)
        and line[0].isupper()
        and not ends_sentence(line)
        and not line.endswith((",", ";", "-", ":"))
    )


def _typical_length(lines: list[str]) -> float:
    lengths = [len(line) for line in lines if len(line) > 1]
    return statistics.median(lengths) if lengths else 0.0
