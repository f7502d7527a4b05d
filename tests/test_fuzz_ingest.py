"""Property tests of every parser of untrusted input: random bytes, random text, long runs of
one character, deep nesting and format-shaped noise, through each loader, the tokenizer, the
chunker and the PDF header check. Each must answer (a result, or an `IngestError` naming the
item) within a time bound, never crash. `make test` runs a small fixed budget ("ci" profile);
`make fuzz` runs thousands of examples (HYPOTHESIS_PROFILE=fuzz)."""

from __future__ import annotations

import gzip
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import IngestError, TooLarge
from documents.chunking import ChunkingConfig, chunk_document
from documents.records import Document, LoadResult, Span
from index.lexical import tokenize
from ingest.config import PdfLimits
from ingest.loaders.dispatch import load_path
from ingest.pdf.guard import check_file

pytestmark = pytest.mark.fuzz
BOUND = 2.0  # CPU seconds per example (wall time on a shared machine measures the neighbours)
T = TypeVar("T")

RUN_CHARS = st.sampled_from(list(" \n\t\r#<>[]{}\"'.:;-/&\\*`~\x00\x0b\u2028\u00a0éα🙂") + ["a"])
runs = st.builds(lambda c, n: c * n, RUN_CHARS | st.characters(), st.integers(1, 300_000))
noise = st.text(max_size=3000) | runs | st.binary(max_size=3000).map(
    lambda b: b.decode("latin-1"))
nested_xml = st.integers(1, 12_000).map(
    lambda n: "<PubmedArticleSet><PubmedArticle>" + "<a>" * n + "x" + "</a>" * n
    + "</PubmedArticle></PubmedArticleSet>")
nested_json = st.integers(1, 12_000).map(lambda n: "[" * n + "]" * n + "\n" + "{\"a\":" * n)
FIELDS = ["pmid", "title", "abstract", "doi", "year", "authors", "journal", "mesh", "_id"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=200),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner,
                                                                   max_size=5), max_leaves=20)
jsonl = st.lists(st.dictionaries(st.sampled_from(FIELDS), json_values), max_size=8).map(
    lambda rows: "\n".join(json.dumps(row) for row in rows))
TAGS = ["PMID- ", "TI  - ", "AB  - ", "MH  - ", "AU  - ", "LID - ", "AID - ", "DP  - ", "      "]
medline = st.lists(st.tuples(st.sampled_from(TAGS + [""]), st.text(max_size=80) | runs),
                   max_size=30).map(lambda lines: "PMID- 1\n" + "\n".join(t + v for t, v in lines))
XML_FIELDS = ["PMID", "Article/ArticleTitle", "Article/Abstract/AbstractText",
              "Article/ELocationID", "Article/Journal/JournalIssue/PubDate/Year"]
xml_records = st.lists(st.tuples(st.sampled_from(XML_FIELDS), noise), max_size=6).map(
    lambda fields: "<PubmedArticleSet><PubmedArticle><MedlineCitation>" + "".join(
        _element(path, text) for path, text in fields) + "</MedlineCitation></PubmedArticle>"
    "</PubmedArticleSet>")
CONTENT = {
    ".txt": noise, ".md": noise | st.builds(lambda a, b: f"# {a}\n{b}", noise, noise),
    ".jsonl": noise | nested_json | jsonl, ".nbib": noise | medline,
    ".xml": noise | nested_xml | xml_records, ".jsonl.gz": jsonl | noise,
    ".xml.gz": xml_records | nested_xml,
}


def _element(path: str, text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace("\x00", "")
    names = path.split("/")
    return "".join(f"<{n}>" for n in names) + escaped + "".join(f"</{n}>" for n in names[::-1])


def within_bound(call: Callable[[], T]) -> T:
    started = time.process_time()
    result = call()
    assert time.process_time() - started < BOUND
    return result


def load_written(data: bytes, suffix: str) -> LoadResult | IngestError:
    """Write `data` to a file of that kind (gzipped for '.gz') and load it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
        try:
            return within_bound(lambda: load_path(path))
        except IngestError as error:
            assert "\n" not in str(error) and str(path) in str(error)
            return error


@pytest.mark.parametrize("suffix", CONTENT)
@given(data=st.data())
def test_every_loader_answers_or_refuses_in_one_line(suffix: str, data: st.DataObject) -> None:
    text = data.draw(CONTENT[suffix])
    result = load_written(text.encode("utf-8", "surrogatepass"), suffix)
    if isinstance(result, LoadResult):
        for doc in result.documents:
            assert doc.pmid is None or (doc.pmid.isascii() and doc.pmid.isdigit())
            assert doc.doi is None or doc.doi.startswith("10.")
            for span in doc.sections:
                assert 0 <= span.start <= span.end <= len(doc.text)


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".xml", ".nbib", ".jsonl.gz"])
@given(raw=st.binary(max_size=5000))
def test_random_bytes_are_read_or_refused(suffix: str, raw: bytes) -> None:
    load_written(raw, suffix)


@given(text=noise | runs | st.text(alphabet="aα-/5 é", max_size=5000))
def test_the_tokenizer_is_total_and_linear(text: str) -> None:
    tokens = within_bound(lambda: tokenize(text))
    assert all(isinstance(t, str) and t and not any(c.isspace() for c in t) for t in tokens)


def word_counter(texts: Sequence[str]) -> list[int]:
    return [len(text.split()) for text in texts]


def one_piece_each(texts: Sequence[str]) -> list[int]:
    """What WordPiece says of 100-character words: one unknown piece each, however long."""
    return [1 for _ in texts]


@given(text=noise | runs, cuts=st.lists(st.integers(0, 10**6), max_size=8),
       cap=st.none() | st.integers(1, 20), counter=st.sampled_from([word_counter, one_piece_each]))
def test_the_chunker_keeps_offsets_and_unique_ids(
    text: str, cuts: list[int], cap: int | None, counter: Callable[[Sequence[str]], list[int]]
) -> None:
    bounds = sorted({0, len(text), *(c % (len(text) + 1) for c in cuts)})
    pairs = zip(bounds, bounds[1:], strict=False)
    sections = tuple(Span(f"s{i}", a, b) for i, (a, b) in enumerate(pairs))
    doc = Document("doc:fuzz", "text", "Fuzz", text, sections)
    config = ChunkingConfig(target_tokens=20, max_tokens=30, overlap_tokens=8, max_chars=300)
    try:
        chunks = within_bound(lambda: chunk_document(doc, counter, config, cap))
    except TooLarge as error:
        assert cap is not None and "\n" not in str(error)
        return
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text and chunk.text.strip()
        assert len(chunk.text) <= config.max_chars


@given(raw=st.binary(max_size=2000) | st.binary(max_size=2000).map(lambda b: b"%PDF-" + b))
def test_the_pdf_header_check_passes_only_pdfs(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.pdf"
        path.write_bytes(raw)
        try:
            within_bound(lambda: check_file(path, PdfLimits()))
        except IngestError as error:
            assert not raw.startswith(b"%PDF-") and "\n" not in str(error)
        else:
            assert raw.startswith(b"%PDF-")
