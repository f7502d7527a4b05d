"""Split a document into passages sized for the embedding model.

A pure function of the document and a token counter: sentences are packed greedily up to a token
budget measured with the model's own tokenizer, a passage never crosses a section (so each knows
its heading), and the last sentence of a passage opens the next one, so an answer that spans the
boundary is still found whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from documents.records import Chunk, Document, Span
from documents.sentences import sentence_spans

TokenCounter = Callable[[Sequence[str]], list[int]]


@dataclass(frozen=True)
class ChunkingConfig:
    """Passage sizes in model word pieces.

    `target_tokens` is where packing stops (about 120 words, the size that ranked best);
    `max_tokens` is the hard limit, which leaves room in the model's 256-piece window for the
    title and heading prefixed at embedding time; `overlap_tokens` caps the carried-over sentence.
    """

    target_tokens: int = 160
    max_tokens: int = 200
    overlap_tokens: int = 60


def chunk_id(doc_id: str, text: str) -> str:
    """Stable id of a passage: the same document and text always give the same id."""
    return hashlib.sha1(f"{doc_id}\x00{text}".encode()).hexdigest()[:20]


def embedding_text(title: str, heading: str, text: str) -> str:
    """What the model sees for a passage: title and section give context a passage may lack."""
    context = ". ".join(part for part in (title.strip(), heading.strip()) if part)
    return f"{context}.\n{text}" if context else text


def chunk_document(
    doc: Document, count_tokens: TokenCounter, config: ChunkingConfig = ChunkingConfig()
) -> list[Chunk]:
    """All passages of `doc`, in reading order."""
    chunks: list[Chunk] = []
    for section in doc.sections:
        for start, end in _section_windows(doc.text, section, count_tokens, config):
            text = doc.text[start:end]
            chunks.append(
                Chunk(
                    chunk_id=chunk_id(doc.doc_id, text),
                    doc_id=doc.doc_id,
                    text=text,
                    start=start,
                    end=end,
                    page=doc.page_at(start),
                    heading=section.label,
                    ordinal=len(chunks),
                )
            )
    return chunks


def _section_windows(
    text: str, section: Span, count_tokens: TokenCounter, config: ChunkingConfig
) -> list[tuple[int, int]]:
    """(start, end) of each passage in one section."""
    units = _units(text, section, count_tokens, config.max_tokens)
    if not units:
        return []
    windows: list[list[tuple[int, int, int]]] = [[]]
    for unit in units:
        current = windows[-1]
        if current and sum(u[2] for u in current) + unit[2] > config.target_tokens:
            carried = current[-1] if current[-1][2] <= config.overlap_tokens else None
            fits = carried is not None and carried[2] + unit[2] <= config.max_tokens
            windows.append([carried] if carried is not None and fits and len(current) > 1 else [])
        windows[-1].append(unit)
    _merge_short_tail(windows, config)
    return [(window[0][0], window[-1][1]) for window in windows]


def _merge_short_tail(windows: list[list[tuple[int, int, int]]], config: ChunkingConfig) -> None:
    """Fold a small last passage into the one before it when both fit in the window together."""
    if len(windows) < 2:
        return
    tail, before = windows[-1], windows[-2]
    new_units = [u for u in tail if u not in before]
    tail_tokens = sum(u[2] for u in new_units)
    fits = sum(u[2] for u in before) + tail_tokens <= config.max_tokens
    if tail_tokens < config.target_tokens // 4 and fits:
        before.extend(new_units)
        windows.pop()


def _units(
    text: str, section: Span, count_tokens: TokenCounter, max_tokens: int
) -> list[tuple[int, int, int]]:
    """Sentences of a section as (start, end, tokens); a sentence longer than the window is
    split at word boundaries, the one case where a sentence must be divided."""
    spans = sentence_spans(text, section.start, section.end)
    counts = count_tokens([text[s:e] for s, e in spans]) if spans else []
    units: list[tuple[int, int, int]] = []
    for (start, end), tokens in zip(spans, counts, strict=True):
        if tokens <= max_tokens:
            units.append((start, end, tokens))
        else:
            units.extend(_split_long(text, start, end, tokens, max_tokens))
    return units


def _split_long(
    text: str, start: int, end: int, tokens: int, max_tokens: int
) -> list[tuple[int, int, int]]:
    """Cut an over-long sentence into word-aligned pieces of at most about `max_tokens`."""
    pieces = -(-tokens // max_tokens)
    words = [(m_start, m_end) for m_start, m_end in _word_spans(text, start, end)]
    per_piece = -(-len(words) // pieces)
    result = []
    for i in range(0, len(words), per_piece):
        group = words[i : i + per_piece]
        share = round(tokens * len(group) / len(words))
        result.append((group[0][0], group[-1][1], share))
    return result


def _word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of whitespace-separated words between `start` and `end`."""
    spans, i = [], start
    while i < end:
        while i < end and text[i].isspace():
            i += 1
        j = i
        while j < end and not text[j].isspace():
            j += 1
        if j > i:
            spans.append((i, j))
        i = j
    return spans
