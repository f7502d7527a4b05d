"""Turn the raw text of a PDF's pages into the document's text and its page map.

Each page is cleaned on its own (journal notes dropped, lines re-flowed) so every character
keeps its page; running heads are found across all pages first. Where a sentence runs on from
one page to the next, the pages are joined with a space (or with the split word rejoined)
instead of a paragraph break, so no passage is cut at a page turn.
"""

from __future__ import annotations

from documents.records import Span
from ingest.pdf.boilerplate import drop_boilerplate
from ingest.pdf.reflow import Vocabulary, ends_sentence, reflow, seam
from ingest.pdf.running import drop_running

PAGE_BREAK = "\n\n"


def tidy_pages(pages: list[tuple[str, str]]) -> tuple[str, tuple[Span, ...]]:
    """The text of (page label, raw page text) pairs and the span of each page in it; pages
    with nothing left after cleaning have no span. ("", ()) when nothing is left at all."""
    vocabulary = Vocabulary.of(["\n".join(text for _, text in pages)])  # words cut at page ends
    lines = drop_running([drop_boilerplate(text.splitlines()) for _, text in pages])
    labels = [label for label, _ in pages]
    tidy = [(label, reflow(page, vocabulary)) for label, page in zip(labels, lines, strict=True)]
    return join_pages([(label, text) for label, text in tidy if text], vocabulary)


def join_pages(
    parts: list[tuple[str, str]], vocabulary: Vocabulary
) -> tuple[str, tuple[Span, ...]]:
    """Pages joined into one text, with the spans where each lies in it."""
    pieces: list[str] = []
    spans: list[Span] = []
    offset = 0
    for label, text in parts:
        if pieces:
            cut, separator = _seam(pieces[-1], text, vocabulary)
            if cut:
                pieces[-1] = pieces[-1][:-cut]
                spans[-1] = Span(spans[-1].label, spans[-1].start, spans[-1].end - cut)
                offset -= cut
            pieces.append(separator)
            offset += len(separator)
        pieces.append(text)
        spans.append(Span(label, offset, offset + len(text)))
        offset += len(text)
    return "".join(pieces), tuple(spans)


def _seam(before: str, after: str, vocabulary: Vocabulary) -> tuple[int, str]:
    """(characters to take off the end of `before`, separator) where two pages meet: a page
    break, unless the sentence goes on in lower case on the next page."""
    if ends_sentence(before) or not after[:1].islower():
        return 0, PAGE_BREAK
    return seam(before, after, vocabulary)
