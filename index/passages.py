"""A paper's best one or two passages, never showing the same sentence twice.

Passages overlap by one sentence, so a paper's two best windows are often neighbours that share
a sentence: shown as two, the reader sees (and the page highlights) that sentence twice. Two
passages that overlap or touch become one span, cut back to the sentences between the first and
the last that carry a query word when the union is longer than either passage; passages apart
from each other stay two.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace

from documents.sentences import sentence_spans
from index.hit import Hit

SECOND_SHOWN = 0.8  # a second passage is shown when it scores at least this share of the best


def choose(
    best: Hit, second: Hit | None, text_of: Callable[[], str], tokens: Collection[str]
) -> tuple[Hit, ...]:
    """The passages to show for a paper, best first; `text_of` gives the document's text."""
    if second is None or second.score < SECOND_SHOWN * best.score or second.score <= 0:
        return (best,)
    if not _touching(best, second, text_of):
        return (best, second)
    if best.page != second.page:
        return (best,)  # never merge across a PDF page: the card cites one page
    return (merged(best, second, text_of(), tokens),)


def _touching(a: Hit, b: Hit, text_of: Callable[[], str]) -> bool:
    """Whether two passages of one document overlap or are separated only by spaces."""
    first, last = (a, b) if a.start <= b.start else (b, a)
    if last.start <= first.end:
        return True
    gap = text_of()[first.end : last.start]
    return len(gap) < 20 and not gap.strip()


def merged(a: Hit, b: Hit, text: str, tokens: Collection[str]) -> Hit:
    """One passage spanning both, trimmed to the sentences that carry the query's words."""
    start, end = min(a.start, b.start), max(a.end, b.end)
    if end - start > max(a.end - a.start, b.end - b.start):
        start, end = _trimmed(text, start, end, set(tokens))
    return replace(
        a,
        text=text[start:end],
        start=start,
        end=end,
        score=max(a.score, b.score),
        dense_score=_high(a.dense_score, b.dense_score),
        lexical_score=_high(a.lexical_score, b.lexical_score),
    )


def _trimmed(text: str, start: int, end: int, tokens: set[str]) -> tuple[int, int]:
    """(start, end) narrowed to the first and last sentence holding a query term. A stem
    inside the lower-cased sentence is enough here ("ketamin" in "Ketamine's"): this only
    decides where to cut, and tokenizing every sentence of every card took 5 ms a query."""
    spans = sentence_spans(text, start, end)
    stems = [t for t in tokens if len(t) >= 3]

    def carries(span: tuple[int, int]) -> bool:
        lowered = text[span[0] : span[1]].lower()
        return any(stem in lowered for stem in stems)

    first = next((i for i, span in enumerate(spans) if carries(span)), None)
    if first is None:
        return start, end
    last = next(i for i in range(len(spans) - 1, first - 1, -1) if carries(spans[i]))
    return spans[first][0], spans[last][1]


def _high(x: float | None, y: float | None) -> float | None:
    values = [v for v in (x, y) if v is not None]
    return max(values) if values else None
