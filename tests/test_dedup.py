"""No duplicates: the same PMID, DOI or text is reported as present; unchanged input embeds
nothing; a changed document re-embeds only its own passages (spy: HashingEmbedder)."""

from __future__ import annotations

import json
from pathlib import Path

from fakes import HashingEmbedder

from documents.records import Document, Span
from index.writer import apply_changes
from ingest.curation import list_documents
from ingest.pipeline import add_files, build_corpus

CORPUS = Path(__file__).parent / "fixtures" / "cli_corpus"


def doc(doc_id: str, text: str, origin: str, **fields: object) -> Document:
    return Document(doc_id=doc_id, source="pubmed", title=f"Title of {doc_id}", text=text,
                    sections=(Span("", 0, len(text)),), origin=origin, **fields)  # type: ignore[arg-type]


def record(pmid: str, doi: str, abstract: str) -> str:
    return json.dumps({"pmid": pmid, "doi": doi, "title": f"Synthetic record {pmid}",
                       "abstract": abstract, "year": 2020})


def test_reingesting_an_unchanged_corpus_embeds_nothing(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_corpus(CORPUS, index_dir, HashingEmbedder)
    spy = HashingEmbedder()
    rebuilt = build_corpus(CORPUS, index_dir, lambda: spy)
    added = add_files(sorted(CORPUS.iterdir()), index_dir, lambda: spy)
    assert spy.embedded_texts == []
    assert rebuilt.report and rebuilt.report.embedded == 0
    assert added.report and sorted(added.report.unchanged) == ["text:harbour", "text:orchard"]


def test_a_changed_document_re_embeds_only_its_own_passages(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("harbour.txt", "orchard.md"):
        (corpus / name).write_text((CORPUS / name).read_text())
    index_dir = tmp_path / "index"
    build_corpus(corpus, index_dir, HashingEmbedder)
    (corpus / "harbour.txt").write_text("Synthetic fixture: the harbour now has a new blue crane.")
    spy = HashingEmbedder()
    result = build_corpus(corpus, index_dir, lambda: spy)
    assert result.report and (result.report.embedded, result.report.reused) == (1, 3)
    assert len(spy.embedded_texts) == 1 and "blue crane" in spy.embedded_texts[0]


def test_same_pmid_doi_or_text_from_another_source_is_present_not_added(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    first = tmp_path / "first.jsonl"
    first.write_text(record("111", "10.1/ABC", "Ketamine raised BDNF within hours.") + "\n")
    add_files([first], index_dir, HashingEmbedder)
    spy = HashingEmbedder()
    report = apply_changes(index_dir, spy, add=[
        doc("pmid:111", "A different abstract.", "second.xml", pmid="111"),
        doc("doi:x", "Another abstract again.", "third.xml", doi="10.1/abc"),
        doc("text:copy", "Ketamine  raised bdnf within hours.", "copy.txt"),
        doc("text:new", "Esketamine was approved in 2019.", "new.txt"),
    ])
    assert report.added == ["text:new"] and len(spy.embedded_texts) == 1
    assert report.duplicates == [
        "second.xml (pmid:111): already present as pmid:111 (added from first.jsonl)",
        "third.xml (doi:x): already present as pmid:111 (same DOI 10.1/abc)",
        "copy.txt (text:copy): already present as pmid:111 (same text)",
    ]
    assert len(list_documents(index_dir)) == 2


def test_duplicates_inside_one_batch_are_caught_too(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(record(pmid, "", "Same words here.") + "\n" for pmid in "12"))
    result = add_files([batch], tmp_path / "index", HashingEmbedder)
    assert result.report and result.report.added == ["pmid:1"]
    assert result.report.duplicates == [
        "batch.jsonl (pmid:2): already present as pmid:1 (same text)"
    ]


def test_rereading_the_same_file_updates_its_documents(tmp_path: Path) -> None:
    source = tmp_path / "records.jsonl"
    source.write_text(record("7", "", "First version of the abstract.") + "\n")
    index_dir = tmp_path / "index"
    add_files([source], index_dir, HashingEmbedder)
    source.write_text(record("7", "", "Corrected version of the abstract.") + "\n")
    result = add_files([source], index_dir, HashingEmbedder)
    assert result.report and result.report.replaced == ["pmid:7"] and not result.report.duplicates
