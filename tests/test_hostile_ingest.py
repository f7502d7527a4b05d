"""Hostile input through ingestion: runs of whitespace that made regular expressions quadratic,
decompression bombs and runaway lines, identifiers that are formulas, PubMed replies that are
not what was asked for, and a real export whose repeats once sank the whole import."""

from __future__ import annotations

import gzip
import io
import json
import time
import tracemalloc
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from fakes import HashingEmbedder

from core.errors import IngestError, PubmedError, PubmedUnavailable, TooLarge
from documents.chunking import PassageLimits, chunk_document, embedding_text
from documents.identity import valid_doi, valid_pmid
from documents.records import Document, LoadResult, Span
from index.writer import apply_changes
from ingest.config import IngestLimits, PubmedConfig
from ingest.curation import list_documents
from ingest.loaders.dispatch import load_path
from ingest.pipeline import LoadOptions, add_files
from ingest.pubmed.cache import PubmedCache
from ingest.pubmed.client import EntrezClient
from ingest.pubmed.fetch import fetch_documents

BOUND = 2.0  # CPU seconds (not wall time, which a busy machine inflates); cases take milliseconds
RUNS = {"spaces": " " * 40_000, "newlines": "\n" * 40_000, "tabs": "\t" * 40_000,
        "1MB of a": "a" * 1_000_000, "1MB of spaces": " " * 1_000_000,
        "1MB of newlines": "\n" * 1_000_000, "1MB of a-newline": "a\n" * 500_000}


def hostile_files(run: str) -> dict[str, str]:
    """One file per loader, with `run` where each loader's patterns look."""
    title = f"a{run}<i>b</i>{run}\n{run}c"
    return {
        "plain.txt": f"Heading{run}x\n\n{run}Body text.{run}\nNext line\n{run}",
        "heading.md": f"# a{run}b\n#{run}#\n{run}\n## x {run}##\nBody.{run}",
        "records.jsonl": json.dumps({"pmid": "1", "title": f"a{run}b", "abstract": run + "x",
                                     "authors": f"A{run}and{run}B,{run}C"}) + f"\n{run}\n",
        "export.nbib": f"PMID- 1\nTI  - a{run}b\nAB  - {run}x\nMH  - a\n{'      b' * 3}\n",
        "set.xml": ("<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
                    f"<ArticleTitle>{title}</ArticleTitle></Article></MedlineCitation>"
                    "</PubmedArticle></PubmedArticleSet>"),
    }


DEFAULTS = IngestLimits()


def load_timed(path: Path, limits: IngestLimits = DEFAULTS) -> LoadResult | IngestError:
    started = time.process_time()
    try:
        outcome: LoadResult | IngestError = load_path(path, limits=limits)
    except IngestError as error:
        assert "\n" not in str(error)
        outcome = error
    assert time.process_time() - started < BOUND, path.name
    return outcome


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("name", list(hostile_files("")))
def test_runs_of_one_character_take_linear_time_in_every_loader(
    tmp_path: Path, run: str, name: str
) -> None:
    path = tmp_path / name
    path.write_text(hostile_files(RUNS[run])[name], encoding="utf-8")
    load_timed(path)


def test_a_small_gzip_of_xml_whitespace_is_quick(tmp_path: Path) -> None:
    """The 5 KB .xml.gz that held hours of work for the old layout-break expression."""
    body = hostile_files(" \n" * 2_000_000)["set.xml"]
    path = tmp_path / "bomb.xml.gz"
    path.write_bytes(gzip.compress(body.encode()))
    assert path.stat().st_size < 20_000
    assert isinstance(load_timed(path), TooLarge)  # 4 MB in one record: over the record cap
    assert isinstance(load_timed(path, IngestLimits(max_record_chars=10**8)), LoadResult)


def test_medline_continuations_are_joined_in_linear_time(tmp_path: Path) -> None:
    path = tmp_path / "long.nbib"
    path.write_text("PMID- 1\nTI  - t\nMH  - a\n" + "      b\n" * 200_000, encoding="utf-8")
    result = load_timed(path)
    assert isinstance(result, LoadResult) and len(result.documents[0].mesh_terms[0]) > 200_000


def test_a_gzip_bomb_stops_at_the_uncompressed_cap(tmp_path: Path) -> None:
    path = tmp_path / "zeros.jsonl.gz"
    path.write_bytes(gzip.compress(b"0" * 30_000_000))
    refused = load_timed(path, IngestLimits(max_uncompressed_mb=5))
    assert isinstance(refused, TooLarge) and "KLS_MAX_UNCOMPRESSED_MB" in str(refused)
    tracemalloc.start()
    result = load_timed(path)  # within the caps: one runaway line, skipped while streaming
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert isinstance(result, IngestError) or "KLS_MAX_LINE_CHARS" in result.skipped[0]
    assert peak < 20_000_000


def test_file_line_record_and_count_caps_refuse_in_one_line(tmp_path: Path) -> None:
    lines = [json.dumps({"pmid": str(n), "title": f"Title {n}", "abstract": "x " * n * 100})
             for n in range(1, 4)]
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cases = [(IngestLimits(max_file_mb=0.0001), "KLS_MAX_FILE_MB"),
             (IngestLimits(max_records_per_file=2), "KLS_MAX_RECORDS_PER_FILE")]
    for limits, name in cases:
        refused = load_timed(path, limits)
        assert isinstance(refused, TooLarge) and name in str(refused)
    kept = load_timed(path, IngestLimits(max_line_chars=500, max_record_chars=300))
    assert isinstance(kept, LoadResult) and [d.pmid for d in kept.documents] == ["1"]
    assert [s.split(": ", 1)[0] for s in kept.skipped] == ["line 2 (PMID 2)", "line 3"]
    text = tmp_path / "big.txt"
    text.write_text("word " * 1000, encoding="utf-8")
    refused = load_timed(text, IngestLimits(max_record_chars=4000))
    assert isinstance(refused, TooLarge) and "KLS_MAX_RECORD_CHARS" in str(refused)


def long_doc(doc_id: str, sentences: int) -> Document:
    text = " ".join(f"Sentence {n} says something new about ketamine." for n in range(sentences))
    return Document(doc_id, "text", doc_id, text, (Span("", 0, len(text)),), origin=doc_id)


def test_passage_caps_refuse_before_anything_is_embedded(tmp_path: Path) -> None:
    spy = HashingEmbedder()
    docs = [long_doc("text:big", 400), long_doc("text:small", 5), long_doc("text:other", 6)]
    report = apply_changes(tmp_path / "a", spy, add=docs, limits=PassageLimits(5, 100))
    assert report.added == ["text:small", "text:other"] and len(report.refused) == 1
    assert "text:big" in report.refused[0] and "KLS_MAX_PASSAGES_PER_DOCUMENT" in report.refused[0]
    spy = HashingEmbedder()
    with pytest.raises(TooLarge, match="KLS_MAX_PASSAGES_PER_ADD"):
        apply_changes(tmp_path / "b", spy, add=docs, limits=PassageLimits(100, 10))
    assert spy.embedded_texts == [] and not (tmp_path / "b" / "CURRENT").exists()


def test_the_text_a_batch_holds_is_capped(tmp_path: Path) -> None:
    paths = []
    for n in range(3):
        paths.append(tmp_path / f"note{n}.txt")
        paths[-1].write_text(f"Note {n}. " + "Ketamine acts fast. " * 30_000, encoding="utf-8")
    options = LoadOptions(caps=IngestLimits(max_add_mb=1.2))
    result = add_files(paths, tmp_path / "index", HashingEmbedder, options=options)
    assert len(result.documents) == 2 and len(result.errors) == 1
    assert "note2.txt" in result.errors[0] and "KLS_MAX_ADD_MB" in result.errors[0]


@pytest.mark.parametrize("value, pmid", [("12345", "12345"), ("=HYPERLINK(\"x\",\"1\")", None),
                                         ("1234567890", None), ("٣٤", None), ("0", None),
                                         ("12 3", None), (" 42 ", "42")])
def test_pmids_are_1_to_9_ascii_digits(value: str, pmid: str | None) -> None:
    assert valid_pmid(value) == pmid


@pytest.mark.parametrize("value, doi", [
    ("10.1038/s41386-019-0545-y", "10.1038/s41386-019-0545-y"),
    ("https://doi.org/10.1000/x(1)", "10.1000/x(1)"), ("doi: 10.1/a", "10.1/a"),
    ("=HYPERLINK(\"https://doi.org/10.1/x\")", None), ("10.1000/a b", None), ("11.1/x", None),
    ("10.1000/", None), ("10.1/\u202e", None), ("10.1/" + "x" * 300, None)])
def test_dois_are_checked(value: str, doi: str | None) -> None:
    assert valid_doi(value) == doi


def test_a_formula_never_reaches_the_store_as_a_pmid(tmp_path: Path) -> None:
    formula = '=HYPERLINK("https://pubmed.ncbi.nlm.nih.gov/123","123")'
    path = tmp_path / "sheet.jsonl"
    rows = [{"pmid": formula, "doi": formula, "title": "Kept without its bad ids",
             "abstract": "Ketamine."}, {"pmid": "77", "doi": "10.1/ok", "title": "Fine"}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = add_files([path], tmp_path / "index", HashingEmbedder)
    assert len(result.documents) == 2 and len(result.skipped) == 2
    assert all("dropped, record kept" in line for line in result.skipped)
    stored = {d.title: d for d in list_documents(tmp_path / "index")}
    assert stored["Kept without its bad ids"].pmid is None
    assert stored["Kept without its bad ids"].doi is None
    assert [d.pmid for d in stored.values() if d.pmid] == ["77"]


def test_xml_and_medline_ids_are_checked_too(tmp_path: Path) -> None:
    xml = tmp_path / "s.xml"
    xml.write_text(hostile_files("x")["set.xml"].replace("<PMID>1</PMID>", "<PMID>1e9</PMID>"))
    nbib = tmp_path / "e.nbib"
    nbib.write_text("PMID- 1234567890\nTI  - t\nLID - 10.1/x y [doi]\n", encoding="utf-8")
    for path in (xml, nbib):
        result = load_timed(path)
        assert isinstance(result, LoadResult) and result.documents[0].pmid is None
        assert result.documents[0].doi is None and "dropped" in result.skipped[0]


class Reply(io.BytesIO):
    def __init__(self, body: bytes, kind: str) -> None:
        super().__init__(body)
        self.url = "https://eutils.example/x"
        self.headers = Message()
        self.headers["Content-Type"] = kind


class Opener:
    """Answers every request with one reply (bytes, or an exception to raise on read)."""

    def __init__(self, body: bytes | Exception, kind: str = "text/xml") -> None:
        self.body, self.kind, self.calls = body, kind, 0

    def __call__(self, request: Any, timeout: float) -> Any:
        self.calls += 1
        if isinstance(self.body, Exception):
            broken = Reply(b"", self.kind)
            broken.read = self._raise  # type: ignore[method-assign]
            return broken
        return Reply(self.body, self.kind)

    def _raise(self, *args: object) -> bytes:
        assert isinstance(self.body, Exception)
        raise self.body


DTD = b'<!DOCTYPE eSearchResult SYSTEM "http://127.0.0.1:9/evil.dtd">'
LAUGHS = b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
BAD_SEARCH_REPLIES = {
    "html": b"<html><body><h1>502 Bad Gateway</h1><p>upstream<br></body></html>",
    "entities": LAUGHS + b"<eSearchResult><IdList><Id>&b;</Id></IdList></eSearchResult>",
    "external entity": b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
    "foreign dtd, undefined entity": DTD + b"<eSearchResult>&nbsp;</eSearchResult>",
    "not xml": bytes(range(256)) * 4,
    "empty": b"",
    "error": b"<eSearchResult><ERROR>Invalid query\nsyntax</ERROR></eSearchResult>",
    "not a pmid": b"<eSearchResult><IdList><Id>=HYPERLINK(1)</Id></IdList></eSearchResult>",
    "other root": b"<eLinkResult/>",
    "too large": b"<eSearchResult>" + b" " * 2_000_000 + b"</eSearchResult>",
}


def entrez(opener: Opener) -> EntrezClient:
    config = PubmedConfig(pubmed_retries=0, pubmed_max_reply_mb=1.0)
    return EntrezClient(config, opener, sleep=lambda seconds: None)


@pytest.mark.parametrize("name", BAD_SEARCH_REPLIES)
def test_a_bad_search_reply_is_one_line(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import Bio.Entrez.Parser

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a DTD or entity was fetched from the network")

    monkeypatch.setattr(Bio.Entrez.Parser, "urlopen", no_network, raising=False)
    monkeypatch.setattr("urllib.request.urlopen", no_network)
    opener = Opener(BAD_SEARCH_REPLIES[name])
    with pytest.raises(PubmedError) as caught:
        entrez(opener).search("ketamine", 5)
    assert "\n" not in str(caught.value) and opener.calls == 1


def test_a_foreign_dtd_is_never_fetched_and_a_valid_body_is_read() -> None:
    reply = DTD + b"<eSearchResult><IdList><Id>31</Id><Id>7</Id></IdList></eSearchResult>"
    assert entrez(Opener(reply)).search("x", 5) == ["31", "7"]
    assert entrez(Opener(reply, "text/plain")).search("x", 1) == ["31"]
    deep = b"<eSearchResult>" + b"<a>" * 10_000 + b"</a>" * 10_000 + b"</eSearchResult>"
    assert entrez(Opener(deep)).search("x", 5) == []


def test_a_broken_connection_or_undecodable_text_is_one_line() -> None:
    from http.client import IncompleteRead

    with pytest.raises(PubmedUnavailable):
        entrez(Opener(IncompleteRead(b"<eSearch", 100))).search("x", 5)
    with pytest.raises(PubmedError, match="unexpected reply"):
        entrez(Opener(b"\xff\xfe<x>", "text/plain")).search("x", 5)


def test_a_bad_fetch_reply_is_an_error_line_and_nothing_is_cached(tmp_path: Path) -> None:
    replies = [BAD_SEARCH_REPLIES["html"], b"<PubmedArticleSet><PubmedArticle><Med",
               LAUGHS + b"<PubmedArticleSet>&b;</PubmedArticleSet>",
               b"<PubmedArticleSet>" + b"<a>" * 5_000 + b"</a>" * 5_000 + b"</PubmedArticleSet>",
               b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>../../x</PMID>"
               b"</MedlineCitation></PubmedArticle></PubmedArticleSet>"]
    for reply in replies:
        cache = PubmedCache(tmp_path / "cache")
        fetched = fetch_documents(["5"], entrez(Opener(reply)), cache, "test")
        assert fetched.documents == [] and len(fetched.errors) == 1
        assert "\n" not in fetched.errors[0]
        assert not list((tmp_path / "cache").rglob("*.xml"))


def test_passages_stay_small_whatever_the_tokenizer_counts() -> None:
    """100-character words are one unknown word piece each: passages are cut by characters."""
    text = ("x" * 150 + " ") * 2000 + "y" * 100_000
    doc = Document("doc:w", "text", "t" * 10**6, text, (Span("", 0, len(text)),))
    chunks = chunk_document(doc, lambda texts: [1 for _ in texts])
    assert len(chunks) >= len(text) // 4000 and max(len(c.text) for c in chunks) <= 4000
    assert len(embedding_text(doc.title, "h" * 10**6, chunks[0].text)) < 7000


@pytest.mark.parametrize("mark", list("'`«»‘“„‹"))
def test_runs_of_opening_quotes_are_split_into_sentences_in_linear_time(mark: str) -> None:
    """The sentence splitter seeks the close of every opening quote: 360,000 took 33 s."""
    text = mark * 360_000 + " Words after the quotes. " + f"{mark} a " * 120_000
    doc = Document("doc:q", "text", "t", text, (Span("", 0, len(text)),))
    started = time.process_time()
    chunk_document(doc, HashingEmbedder().count_tokens)
    assert time.process_time() - started < BOUND


def test_a_repeated_passage_gets_its_own_chunk_id() -> None:
    text = "The same sentence. " * 3 + "Other words. " * 200 + "The same sentence. " * 3
    doc = Document("doc:1", "text", "t", text, (Span("", 0, len(text) - 1),))
    chunks = chunk_document(doc, HashingEmbedder().count_tokens)
    assert len({c.chunk_id for c in chunks}) == len(chunks) > 2
    assert chunk_document(doc, HashingEmbedder().count_tokens) == chunks  # stable


def test_records_of_one_batch_sharing_a_doi_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "supplement.jsonl"
    rows = [{"doi": "10.1/supp", "title": f"Poster {n}", "abstract": f"Finding {n}."}
            for n in range(3)] + [{"pmid": "9", "doi": "10.1/SUPP", "title": "Other"}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    report = add_files([path], tmp_path / "index", HashingEmbedder).report
    assert report is not None and report.added == ["doi:10.1/supp"]
    assert len(report.duplicates) == 3
    assert all("already present as doi:10.1/supp (same DOI" in d for d in report.duplicates)


def test_the_psychedelics_export_imports_with_its_duplicates_reported(
    tmp_path: Path, shared_data: Path
) -> None:
    source = shared_data / "psychedelics" / "records.jsonl.gz"
    if not source.is_file():
        pytest.skip(f"{source} is absent")
    result = add_files([source], tmp_path / "index", HashingEmbedder)
    report = result.report
    assert report is not None and result.errors == [] and report.refused == []
    assert len(report.added) + len(report.duplicates) == len(result.documents) == 4723
    assert len(report.duplicates) >= 28  # conference supplements share a DOI
    assert all(": already present as " in line for line in report.duplicates)
    assert report.documents == len(report.added) > 4600
