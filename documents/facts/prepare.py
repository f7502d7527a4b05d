"""Title and abstract as a list of sentences, each tagged with the abstract section it sits in.

Facts depend on where a sentence stands: a dose in BACKGROUND describes earlier work, a count in
METHODS describes this study. Structured abstracts name their sections; for the others we infer
background (before the aim) and conclusions (the closing "suggest" sentences). Characters are
folded one for one (dashes, spaces, accents), so offsets into the original text stay valid and
evidence is quoted as written. Input is capped so any text is processed in bounded time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from documents.facts.headings import HEADING, HEADINGS, section_of
from documents.facts.section_cues import AIM, AIM_OF_THIS, CLOSING, FUTURE_WORK
from documents.sentences import sentence_spans

MAX_TITLE = 1_000
MAX_TEXT = 20_000


@dataclass(frozen=True)
class Sentence:
    """One sentence: `text` folded for matching, `original` as written, and its section."""

    text: str
    original: str
    section: str
    index: int


def fold(text: str) -> str:
    """Same-length text with dashes, odd spaces and accented Latin letters made plain."""
    return text.translate(_fold_table())


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table = {c: "-" for c in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE63)}
    table.update({c: " " for c in (0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)})
    table.update({0x03BC: "\u00b5", 0x00D7: "x", 0x2264: "<", 0x2265: ">"})
    for code in range(0x00C0, 0x0250):
        base = unicodedata.normalize("NFKD", chr(code))[:1]
        if base.isascii() and base.isalpha():
            table[code] = base
    return table


def sentences(title: str, text: str) -> list[Sentence]:
    """The title (section "title") then the abstract's sentences, with sections assigned."""
    title, text = title[:MAX_TITLE].strip(), text[:MAX_TEXT]
    found: list[Sentence] = []
    if title:
        found.append(Sentence(fold(title), title, "title", 0))
    pieces = [piece for start, end in sentence_spans(text)
              for piece in _split_headings(text[start:end])]
    structured = any(HEADINGS.get(heading.lower()) in ("methods", "results", "conclusions")
                     for heading, _ in pieces)
    section = "body"
    for heading, body in pieces:
        section = section_of(heading, section) if heading else section
        if body.strip():
            found.append(Sentence(fold(body), body, section, len(found)))
    if structured:
        return [_future_work(s) for s in _aim_is_objective(found)]
    plain = [Sentence(s.text, s.original, "title" if s.section == "title" else "body", s.index)
             for s in found]
    return [_future_work(s) for s in _infer_sections(plain)]


def _split_headings(sentence: str) -> list[tuple[str, str]]:
    """(heading, body) pieces: a sentence may start with, or run into, a section heading."""
    pieces: list[tuple[str, str]] = []
    heading, cursor = "", 0
    for match in HEADING.finditer(sentence):
        if not _is_heading(sentence, match):
            continue
        pieces.append((heading, sentence[cursor:match.start()].strip()))
        heading, cursor = match.group(1), match.end()
    pieces.append((heading, sentence[cursor:].strip()))
    return [(h, b) for h, b in pieces if h or b]


def _is_heading(sentence: str, match: re.Match[str]) -> bool:
    """A heading is upper case, or followed by a colon, or opens the sentence in Title case."""
    word = match.group(1)
    colon = match.group(0).rstrip().endswith(":")
    if word.isupper() and len(word) > 3:
        return True
    if match.start() == 0:
        return colon or (word[0].isupper() and word[1:].islower())
    return colon and word[0].isupper()


def _aim_is_objective(found: list[Sentence]) -> list[Sentence]:
    """A BACKGROUND section often ends with the aim ("This trial aimed to..."): that sentence,
    and any that follow it under the same heading ("Healthy adult males (n = 80) completed ..."),
    are about this study."""
    marked, aim_seen = [], False
    for sentence in found:
        aim_seen = sentence.section == "background" and (aim_seen or bool(
            AIM_OF_THIS.search(sentence.text)))
        if aim_seen:
            sentence = Sentence(sentence.text, sentence.original, "objective", sentence.index)
        marked.append(sentence)
    return marked


def _future_work(sentence: Sentence) -> Sentence:
    """"Randomized trials are warranted": a recommendation describes no fact of this study."""
    if sentence.section != "title" and FUTURE_WORK.search(sentence.text):
        return Sentence(sentence.text, sentence.original, "limitations", sentence.index)
    return sentence


def _infer_sections(found: list[Sentence]) -> list[Sentence]:
    """Unstructured abstract: background before the aim sentence, conclusions at the close."""
    body = [s for s in found if s.section != "title"]
    aim = next((i for i, s in enumerate(body) if AIM.search(s.text)), None)
    limit = max(1, (len(body) * 3) // 5)
    labelled: list[Sentence] = [s for s in found if s.section == "title"]
    for i, s in enumerate(body):
        section = "body"
        if aim is not None and aim <= limit and i < aim:
            section = "background"
        elif i >= len(body) - 2 and i > 0 and CLOSING.search(s.text):
            section = "conclusions"
        labelled.append(Sentence(s.text, s.original, section, s.index))
    return labelled
