"""Never show the same sentence twice on a paper's card.

Passages carry one sentence of overlap with their neighbours (chunking does, for context), and
a paper's two best passages may both hold its key sentence. Reading it twice, marked twice,
looks like two findings; so later passages lose the sentences shown before them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from documents.sentences import sentence_spans
from index.hit import Hit


def sentence_key(text: str) -> str:
    """A sentence compared without case and spacing."""
    return " ".join(text.lower().split())


def without_repeats(hits: Sequence[Hit]) -> list[Hit]:
    """The passages in order, each without sentences an earlier one showed; a passage with
    nothing new is left out."""
    seen: set[str] = set()
    kept: list[Hit] = []
    for hit in hits:
        spans = sentence_spans(hit.text) or [(0, len(hit.text))]
        keys = [sentence_key(hit.text[a:b]) for a, b in spans]
        fresh = [i for i, key in enumerate(keys) if key and key not in seen]
        seen.update(keys)
        if fresh:
            kept.append(_keep(hit, spans, fresh))
    return kept


def _keep(hit: Hit, spans: list[tuple[int, int]], fresh: list[int]) -> Hit:
    """The passage cut down to its sentences `fresh` (a contiguous run keeps its offsets)."""
    if len(fresh) == len(spans):
        return hit
    if fresh == list(range(fresh[0], fresh[-1] + 1)):
        begin, finish = spans[fresh[0]][0], spans[fresh[-1]][1]
        return replace(hit, text=hit.text[begin:finish], start=hit.start + begin,
                       end=hit.start + finish)
    return replace(hit, text=" ".join(hit.text[slice(*spans[i])].strip() for i in fresh))
