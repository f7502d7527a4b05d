"""Chunking properties: offsets exact, sentences whole, every sentence covered, ids stable."""

from __future__ import annotations

from documents.chunking import ChunkingConfig, chunk_document, embedding_text
from documents.records import Document, Span
from documents.sentences import sentence_spans


def word_counter(texts):
    return [len(t.split()) for t in texts]


def synthetic_document(doc_id: str = "text:synthetic") -> Document:
    """Two headed sections of numbered synthetic sentences (no medical content)."""
    heading_a, heading_b = "First Synthetic Section", "Second Synthetic Section"
    body_a = " ".join(
        f"Synthetic sentence number {i} says alpha beta gamma delta." for i in range(30)
    )
    body_b = " ".join(
        f"Another filler line {i} has e.g. two parts, i.e. it is plain." for i in range(12)
    )
    text = f"{heading_a}\n{body_a}\n{heading_b}\n{body_b}\n"
    a_start = len(heading_a) + 1
    b_start = a_start + len(body_a) + 1 + len(heading_b) + 1
    sections = (
        Span(heading_a, a_start, a_start + len(body_a)),
        Span(heading_b, b_start, b_start + len(body_b)),
    )
    return Document(doc_id=doc_id, source="text", title="Synthetic", text=text, sections=sections)


CONFIG = ChunkingConfig(target_tokens=40, max_tokens=60, overlap_tokens=15)


def test_offsets_point_at_the_passage_text() -> None:
    doc = synthetic_document()
    chunks = chunk_document(doc, word_counter, CONFIG)
    assert len(chunks) > 3
    for chunk in chunks:
        assert doc.text[chunk.start : chunk.end] == chunk.text


def test_every_sentence_is_covered_and_none_is_cut() -> None:
    doc = synthetic_document()
    chunks = chunk_document(doc, word_counter, CONFIG)
    assert len(doc.sections) == 2
    for section in doc.sections:
        sentences = sentence_spans(doc.text, section.start, section.end)
        starts = {s for s, _ in sentences}
        ends = {e for _, e in sentences}
        inside = [c for c in chunks if section.start <= c.start < section.end]
        assert len(sentences) >= 12 and inside, section.label
        assert all(c.start in starts and c.end in ends for c in inside)
        for s, e in sentences:
            assert any(c.start <= s and e <= c.end for c in inside)


def test_passages_respect_the_token_budget_and_overlap() -> None:
    chunks = chunk_document(synthetic_document(), word_counter, CONFIG)
    assert len(chunks) > 3
    assert all(len(c.text.split()) <= CONFIG.max_tokens for c in chunks)
    same_section = [
        (a, b) for a, b in zip(chunks, chunks[1:], strict=False) if a.heading == b.heading
    ]
    assert any(b.start < a.end for a, b in same_section)


def test_heading_is_carried_and_never_a_passage() -> None:
    doc = synthetic_document()
    chunks = chunk_document(doc, word_counter, CONFIG)
    headings = {s.label for s in doc.sections}
    assert {c.heading for c in chunks} == headings
    assert all(h not in c.text for c in chunks for h in headings)
    assert "First Synthetic Section" in embedding_text(doc.title, chunks[0].heading, chunks[0].text)


def test_chunk_ids_are_stable_and_depend_on_the_document() -> None:
    first = chunk_document(synthetic_document(), word_counter, CONFIG)
    again = chunk_document(synthetic_document(), word_counter, CONFIG)
    other = chunk_document(synthetic_document("text:other"), word_counter, CONFIG)
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    assert len({c.chunk_id for c in first}) == len(first)
    assert not {c.chunk_id for c in first} & {c.chunk_id for c in other}
    assert [c.ordinal for c in first] == list(range(len(first)))


def test_a_sentence_longer_than_the_window_is_split_at_words() -> None:
    text = " ".join(f"w{i}" for i in range(150)) + "."
    doc = Document("text:long", "text", "Long", text, (Span("", 0, len(text)),))
    chunks = chunk_document(doc, word_counter, CONFIG)
    assert len(chunks) >= 3
    assert all(len(c.text.split()) <= CONFIG.max_tokens for c in chunks)
    assert " ".join(c.text for c in chunks).split() == text.split()


def test_pdf_pages_are_kept() -> None:
    text = "Page one sentence here.\n\nPage two sentence here."
    doc = Document(
        "pdf:x",
        "pdf",
        "X",
        text,
        (Span("", 0, len(text)),),
        pages=(Span("1", 0, 25), Span("2", 25, len(text))),
    )
    chunks = chunk_document(doc, word_counter, ChunkingConfig(target_tokens=4, max_tokens=8))
    assert [c.page for c in chunks] == [1, 2]


def _paragraphs_document(lengths: list[int]) -> Document:
    """One section of synthetic paragraphs, each `n` numbered filler sentences of 5 words."""
    paragraphs = [" ".join(f"Paragraph {p} filler {i} here." for i in range(n))
                  for p, n in enumerate(lengths)]
    text = "\n".join(paragraphs)
    return Document(doc_id="text:paragraphs", source="text", title="Synthetic", text=text,
                    sections=(Span("", 0, len(text)),))


def test_a_paragraph_break_ends_a_passage_once_it_holds_enough() -> None:
    config = ChunkingConfig(target_tokens=160, max_tokens=200, overlap_tokens=60,
                            paragraph_tokens=20)
    doc = _paragraphs_document([6, 6, 2, 2])  # 30, 30, 10 and 10 words
    chunks = chunk_document(doc, word_counter, config)
    firsts = [c.text.split(".")[0] for c in chunks]
    assert firsts == ["Paragraph 0 filler 0 here", "Paragraph 1 filler 0 here"]
    assert chunks[0].end < chunks[1].start  # no sentence carried over a paragraph break
    assert "Paragraph 3" in chunks[1].text  # short paragraphs still share a passage


def test_without_paragraph_breaks_passages_pack_to_the_target() -> None:
    config = ChunkingConfig(target_tokens=160, max_tokens=200, overlap_tokens=60,
                            paragraph_tokens=20)
    one = _paragraphs_document([12])
    assert len(chunk_document(one, word_counter, config)) == 1
