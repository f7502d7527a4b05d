"""Split a document into passages sized for the embedding model.

A pure function of the document and a token counter: sentences are packed greedily up to a token
budget measured with the model's own tokenizer, a passage never crosses a section (so each knows
its heading), and the last sentence of a passage opens the next one, so an answer that spans the
boundary is still found whole.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.errors import TooLarge
from documents.records import Chunk, Document, Span
from documents.sentences import sentence_spans

TokenCounter = Callable[[Sequence[str]], list[int]]
Unit = tuple[int, int, int]  # (start, end, tokens) of a sentence or a piece of one
CONTEXT_CHARS = 1000
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class ChunkingConfig:
    """Passage sizes in model word pieces, and in characters.

    `target_tokens` is where packing stops (about 120 words, the size that ranked best);
    `max_tokens` is the hard limit, which leaves room in the model's 256-piece window for the
    title and heading prefixed at embedding time; `overlap_tokens` caps the carried-over sentence.
    `max_chars` bounds a passage whatever the tokenizer says: 200 pieces of prose take about
    1,200 characters, but a 100-character "word" is one unknown piece, so without it a passage
    of such words could hold 20,000 characters and an add's memory would follow.
    `paragraph_tokens`: once a passage holds this many, a paragraph break ends it (with no
    carried sentence), so a paragraph of a full text gets its own vector instead of sharing one
    with half of the next; short paragraphs still pack together. Abstracts have no such breaks.
    """

    target_tokens: int = 160
    max_tokens: int = 200
    overlap_tokens: int = 60
    max_chars: int = 4000
    paragraph_tokens: int = 48


@dataclass(frozen=True)
class PassageLimits:
    """Most passages one document, and one change (add, build, rebuild), may bring: checked
    while chunking, before anything is embedded, so a runaway input costs no model time."""

    max_passages_per_document: int = 10_000
    max_passages_per_add: int = 50_000


def chunk_id(doc_id: str, start: int, text: str) -> str:
    """Stable id of a passage: the same document, offset and text always give the same id. The
    offset tells apart a passage a document repeats word for word (trial registries do)."""
    return hashlib.sha1(f"{doc_id}\x00{start}\x00{text}".encode()).hexdigest()[:20]


def embedding_text(title: str, heading: str, text: str) -> str:
    """What the model sees for a passage: title and section give context a passage may lack.
    Each is cut at `CONTEXT_CHARS` (the model reads 256 pieces anyway), so a runaway title is
    not copied into every passage of its document."""
    parts = (title.strip()[:CONTEXT_CHARS], heading.strip()[:CONTEXT_CHARS])
    context = ". ".join(part for part in parts if part)
    return f"{context}.\n{text}" if context else text


def chunk_document(
    doc: Document, count_tokens: TokenCounter, config: ChunkingConfig = ChunkingConfig(),
    max_passages: int | None = None,
) -> list[Chunk]:
    """All passages of `doc`, in reading order; `TooLarge` past `max_passages`."""
    chunks: list[Chunk] = []
    for section in doc.sections:
        windows = _section_windows(doc.text, section, count_tokens, config)
        if max_passages is not None and len(chunks) + len(windows) > max_passages:
            raise TooLarge(doc.doc_id, f"more than {max_passages:,} passages (the cap per "
                           "document, KLS_MAX_PASSAGES_PER_DOCUMENT)")
        for start, end in windows:
            text = doc.text[start:end]
            chunks.append(
                Chunk(
                    chunk_id=chunk_id(doc.doc_id, start, text),
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
    units = _units(text, section, count_tokens, config)
    if not units:
        return []
    windows: list[list[Unit]] = [[]]
    total = 0  # tokens of the current window, kept as a running sum (linear in the units)
    for unit in units:
        current = windows[-1]
        if current and total >= config.paragraph_tokens and "\n" in text[current[-1][1]:unit[0]]:
            windows.append([])  # a paragraph is the author's unit: no carried sentence either
            total = 0
        elif current and not _fits(current[0], unit, total + unit[2], config.target_tokens,
                                   config):
            carried = current[-1]
            keep = (len(current) > 1 and carried[2] <= config.overlap_tokens
                    and _fits(carried, unit, carried[2] + unit[2], config.max_tokens, config))
            windows.append([carried] if keep else [])
            total = carried[2] if keep else 0
        windows[-1].append(unit)
        total += unit[2]
    _merge_short_tail(windows, config)
    return [(window[0][0], window[-1][1]) for window in windows]


def _fits(first: Unit, last: Unit, tokens: int, budget: int, config: ChunkingConfig) -> bool:
    """Whether a window from `first` to `last` with `tokens` stays within both budgets."""
    return tokens <= budget and last[1] - first[0] <= config.max_chars


def _merge_short_tail(windows: list[list[Unit]], config: ChunkingConfig) -> None:
    """Fold a small last passage into the one before it when both fit in the window together."""
    if len(windows) < 2:
        return
    tail, before = windows[-1], windows[-2]
    new_units = tail[1:] if tail[0] == before[-1] else tail
    tail_tokens = sum(u[2] for u in new_units)
    together = sum(u[2] for u in before) + tail_tokens
    if tail_tokens < config.target_tokens // 4 and _fits(before[0], tail[-1], together,
                                                         config.max_tokens, config):
        before.extend(new_units)
        windows.pop()


def _units(
    text: str, section: Span, count_tokens: TokenCounter, config: ChunkingConfig
) -> list[Unit]:
    """Sentences of a section as (start, end, tokens); a sentence longer than the window is
    split at word boundaries, the one case where a sentence must be divided."""
    spans = sentence_spans(text, section.start, section.end)
    counts = count_tokens([text[s:e] for s, e in spans]) if spans else []
    units: list[Unit] = []
    for (start, end), tokens in zip(spans, counts, strict=True):
        if tokens <= config.max_tokens and end - start <= config.max_chars:
            units.append((start, end, tokens))
        else:
            units.extend(_split_long(text, start, end, tokens, config))
    return units


def _split_long(text: str, start: int, end: int, tokens: int, config: ChunkingConfig) -> list[Unit]:
    """Cut an over-long sentence into word-aligned pieces of at most about `max_tokens` and at
    most `max_chars` (a word longer than that is cut too: no tokenizer reads it whole)."""
    words = [span for word in _WORD.finditer(text, start, end) for span in _cut(word.span(),
                                                                               config.max_chars)]
    per_piece = max(1, -(-len(words) // -(-tokens // config.max_tokens)))
    groups: list[list[tuple[int, int]]] = [[]]
    for word in words:
        group = groups[-1]
        if group and (len(group) >= per_piece or word[1] - group[0][0] > config.max_chars):
            groups.append([])
        groups[-1].append(word)
    return [(g[0][0], g[-1][1], round(tokens * len(g) / len(words))) for g in groups if g]


def _cut(span: tuple[int, int], size: int) -> list[tuple[int, int]]:
    """A word's span, in pieces of at most `size` characters."""
    return [(at, min(at + size, span[1])) for at in range(span[0], span[1], size)]
