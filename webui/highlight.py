"""Mark the sentences of a passage that best answer the query; the rest stays, only dimmer.

Pure functions of text, sentence spans and scores, so they are tested without a model. Every
character of document text is escaped before any markup is added: highlighting wraps escaped
text in our own tags and can never let document HTML or Markdown through.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

# HTML, Markdown and Streamlit markup characters, written as entities so none can format text.
_LITERAL = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_[]{}$~:#|!"})
_NEWLINE = re.compile(r"\r\n|\r|\n")
# A runner-up sentence is marked too when its similarity is this close to the best one's.
CLOSENESS = 0.05


def escape(text: str) -> str:
    """Document text as literal HTML: tags, entities, Markdown and line breaks all neutralised.

    Line breaks become <br> so a card stays one HTML block (a blank line would end it).
    """
    return _NEWLINE.sub("<br>", text.translate(_LITERAL))


def term_overlap(query_terms: Collection[str], sentence_terms: Collection[str]) -> float:
    """Share of the query's distinct terms that occur in the sentence (0 for a term-less query)."""
    wanted = set(query_terms)
    return len(wanted & set(sentence_terms)) / len(wanted) if wanted else 0.0


def undecided(overlaps: Sequence[float]) -> tuple[int, ...]:
    """Sentences that share the best term overlap: only meaning can choose among them.

    Empty when one sentence has more query terms than any other (the terms decide).
    """
    if not overlaps:
        return ()
    top = max(overlaps)
    tied = tuple(i for i, overlap in enumerate(overlaps) if overlap == top)
    return tied if len(tied) > 1 else ()


def best_sentences(
    overlaps: Sequence[float], cosines: Mapping[int, float], closeness: float = CLOSENESS
) -> tuple[int, ...]:
    """The sentence with most query terms, ties broken by similarity to the query; a tied
    runner-up whose similarity is within `closeness` is marked too. Indexes in text order."""
    tied = undecided(overlaps)
    if not tied:
        return (max(range(len(overlaps)), key=overlaps.__getitem__),) if overlaps else ()
    ranked = sorted(tied, key=lambda i: -cosines.get(i, 0.0))
    best, runner_up = ranked[0], ranked[1]
    close = cosines.get(best, 0.0) - cosines.get(runner_up, 0.0) <= closeness
    return tuple(sorted((best, runner_up))) if close else (best,)


def highlight_html(
    text: str, spans: Sequence[tuple[int, int]], chosen: Collection[int]
) -> str:
    """The passage as HTML: chosen sentences in <mark>, everything else (gaps too) dimmed."""
    if not spans:
        return escape(text)
    runs: list[tuple[bool, int, int]] = []  # (marked, start, end), adjacent kinds merged
    cursor = 0
    for index, (start, end) in enumerate(spans):
        marked = index in chosen
        inside = runs and runs[-1][0] and marked  # the gap between two marked sentences
        _extend(runs, bool(inside), cursor, start)
        _extend(runs, marked, start, end)
        cursor = end
    _extend(runs, False, cursor, len(text))
    return "".join(_wrap(marked, text[start:end]) for marked, start, end in runs)


def _extend(runs: list[tuple[bool, int, int]], marked: bool, start: int, end: int) -> None:
    if end <= start:
        return
    if runs and runs[-1][0] == marked and runs[-1][2] == start:
        runs[-1] = (marked, runs[-1][1], end)
    else:
        runs.append((marked, start, end))


def _wrap(marked: bool, piece: str) -> str:
    if marked:
        return f'<mark class="kls-best">{escape(piece)}</mark>'
    return f'<span class="kls-dim">{escape(piece)}</span>'
