"""Drop the lines of a PDF page that belong to the journal, not to the article's prose.

Page numbers, DOI lines, copyright and licence notes, received/accepted dates and
correspondence addresses are set on every article; left in, they become passages that match
any query about "open access" or a year and push real answers down the list. A copyright,
licence or correspondence note often runs over several lines, so the lines after it are dropped
too until one ends a sentence (a "Cite this article as" note: until one ends with its volume
number), at most a few. A publisher's advertisement for itself ends the page. Lines are matched
at their start, with no unbounded repeats next to each other (linear time).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from ingest.pdf.reflow import ends_sentence

MAX_NOTE_LINES = 6  # a note and the lines that continue it
_DASHES = "\\-–—|"
# "12", "- 12 -", "Page 3 of 10", "3/10": a line that is only a page number.
MAX_PAGE_NUMBER_CHARS = 40
_PAGE_NUMBER = re.compile(
    rf"[{_DASHES} ]*(?:page ?)?\d{{1,4}}(?: ?(?:of|/) ?\d{{1,4}})?[{_DASHES} ]*", re.IGNORECASE
)
# A line that is only a DOI: "doi:10.1/x", "DOI 10.1/x", "https://doi.org/10.1/x".
_DOI = re.compile(r"(?:doi ?:? ?(?:org/)?|(?:https?://)?(?:dx\.)?doi\.org/)10\.\S*", re.IGNORECASE)
_ONE_LINE = re.compile(
    r"(?:Received|Accepted|Revised|Published|Published online|Available online) ?:? ?"
    r"(?:\d|[A-Z][a-z]{2,9}\.? \d)"
    r"|(?:Academic|Handling) [Ee]ditor ?:|Edited by ?:|E-?mail ?:"
    r"|Full list of author information"
)
# Case matters: a wrapped sentence may start a line with "correspondence between ...".
_NOTE_START = re.compile(
    r"\*? ?(?:Correspondence|CORRESPONDENCE|Corresponding [Aa]uthor)\b|Copyright\b|COPYRIGHT\b"
    r"|\([Cc]\) ?\d{4}|Open Access This article"
    r"|This (?:is an [Oo]pen [Aa]ccess )?article is (?:an [Oo]pen [Aa]ccess article )?"
    r"(?:distributed|licensed)"
)
_NOTE_ANYWHERE = re.compile(r"©|creativecommons\.org|Creative Commons Attribution")
_CITATION = re.compile(r"Cite this article\b", re.IGNORECASE)
_ADVERT = re.compile(r"Submit your (?:next )?manuscript|Publish with BioMed Central")


def drop_boilerplate(lines: Iterable[str]) -> list[str]:
    """`lines` without page numbers, rules, DOI lines and journal notes; blank lines are kept,
    since they mark paragraphs."""
    return list(_kept(lines))


def is_page_number(line: str) -> bool:
    """A page number line is short ("12", "Page 3 of 10", "– 7 –"); bounding the length keeps
    the match linear on hostile lines of thousands of spaces or dashes."""
    return len(line) <= MAX_PAGE_NUMBER_CHARS and _PAGE_NUMBER.fullmatch(line) is not None


def _kept(lines: Iterable[str]) -> Iterator[str]:
    note_ends: Callable[[str], bool] = ends_sentence  # what ends the note being dropped
    note_left = 0  # how many more lines may continue it
    for line in lines:
        if _ADVERT.match(line):
            return
        if not line:
            note_left = 0
            yield line
        elif (starts := _note_end(line)) is not None:
            note_ends = starts
            note_left = 0 if note_ends(line) else MAX_NOTE_LINES - 1
        elif note_left:
            note_left = 0 if note_ends(line) else note_left - 1
        elif not _is_junk(line):
            yield line


def _note_end(line: str) -> Callable[[str], bool] | None:
    """What ends the note `line` starts, or None when it starts none."""
    if _CITATION.match(line):
        return _ends_citation
    if _NOTE_START.match(line) or _NOTE_ANYWHERE.search(line):
        return ends_sentence
    return None


def _ends_citation(line: str) -> bool:
    """'... Outcomes 2010 4:1.': a citation ends with its volume or page number."""
    return line.endswith(".") and line[-2:-1].isdigit()


def _is_junk(line: str) -> bool:
    """A line with no letter or digit (rules of dots), a page number, a DOI, a date or e-mail."""
    return (
        not any(char.isalnum() for char in line)
        or is_page_number(line)
        or _DOI.fullmatch(line) is not None
        or _ONE_LINE.match(line) is not None
    )
