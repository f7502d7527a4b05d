"""Study facts in the store (hashing model, invented trials in tests/fixtures/facts_store): written
at ingest, read back on hits and papers, filled in by a rebuild for a document whose source is
gone, read as empty from a store written before the facts columns, filtered by design and human
participants, and in the CLI's JSON."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from fake_pubmed import OfflinePubmed
from fakes import HashingEmbedder

from documents.records import Document, Span
from index import facts_column, layout, store, store_facts
from index.cli import main as index_main
from index.search import Filters, SearchIndex
from ingest.cli import main as ingest_main

FIXTURES = Path(__file__).parent / "fixtures" / "facts_store"
QUESTION = "ketamine depression synthetic"


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The invented trials (JSON Lines) and an invented report (text), indexed."""
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus)
    index_dir = tmp_path / "index"
    argv = ["build", "--corpus", str(corpus), "--index", str(index_dir), "--quiet"]
    assert ingest_main(argv, embedder_factory=HashingEmbedder) == 0
    return index_dir


def opened(index_dir: Path) -> SearchIndex:
    return SearchIndex.open(index_dir, HashingEmbedder())


def designs_of(index: SearchIndex, filters: Filters) -> dict[str, str | None]:
    found = index.search_papers(QUESTION, per_page=50, filters=filters).papers
    return {p.doc_id: p.facts.design if p.facts else None for p in found}


def test_facts_are_stored_and_read_back_on_hits_and_papers(built: Path) -> None:
    index = opened(built)
    hits = index.search("randomized double-blind ketamine midazolam", k=20)
    trial = next(h for h in hits if h.doc_id == "pmid:99200001")
    assert trial.facts is not None and trial.facts.design == "rct"
    assert trial.facts.n_participants == 67 and trial.facts.comparator == ("midazolam",)
    assert dict(trial.facts.evidence)["n_participants"].startswith("In this randomized")
    as_json = trial.to_json()["facts"]
    assert as_json["design"] == "rct" and as_json["evidence"]["blinding"]
    paper = next(p for p in index.search_papers("ketamine midazolam").papers
                 if p.doc_id == "pmid:99200001")
    assert paper.facts == trial.facts and paper.to_json()["facts"] == as_json
    assert paper.to_json()["passages"][0]["facts"] == as_json
    report = next(p for p in index.search_papers("invented veterans placebo").papers
                  if p.doc_id.startswith("text:"))
    assert report.facts is not None and report.facts.design == "rct"  # no PubMed types: text
    assert report.facts.design_source == "text" and report.facts.n_participants == 40


def test_design_and_human_filters_on_passages_and_papers(built: Path) -> None:
    index = opened(built)
    everything = designs_of(index, Filters())
    assert {"rct", "clinical_study", "case_report", "animal", "systematic_review"} <= set(
        everything.values())
    only_rct = designs_of(index, Filters(designs=("rct",)))
    assert set(only_rct.values()) == {"rct"} and len(only_rct) == 2
    two = designs_of(index, Filters(designs=("animal", "case_report")))
    assert set(two.values()) == {"animal", "case_report"}
    human = designs_of(index, Filters(human_only=True))
    assert set(human.values()) == {"rct", "clinical_study", "case_report"}
    assert designs_of(index, Filters(designs=("animal",), human_only=True)) == {}
    hits = index.search(QUESTION, k=50, filters=Filters(human_only=True))
    assert hits and {h.facts.design for h in hits if h.facts} <= set(facts_column.HUMAN_DESIGNS)
    assert index.search(QUESTION, k=50, filters=Filters(designs=("in_vitro",))) == []


def test_rebuild_fills_facts_for_a_document_whose_source_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    note = tmp_path / "gone-trial.txt"
    shutil.copy(FIXTURES / "invented-trial.txt", note)
    index_dir = tmp_path / "index"
    common = ["--index", str(index_dir), "--quiet"]
    monkeypatch.setenv("KLS_PUBMED_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(facts_column, "extract_facts", _broken)
    assert ingest_main(["add", str(note), *common], embedder_factory=HashingEmbedder) == 0
    assert _stored_facts(index_dir)["text:gone-trial"] == ("{}", None)  # stored all the same
    monkeypatch.undo()
    note.unlink()
    empty = tmp_path / "empty-corpus"
    empty.mkdir()
    code = ingest_main(["rebuild", "--corpus", str(empty), *common],
                       embedder_factory=HashingEmbedder, client=OfflinePubmed())
    assert code == 1 and "text:gone-trial: kept as stored" in capsys.readouterr().err
    raw, design = _stored_facts(index_dir)["text:gone-trial"]
    assert design == "rct" and json.loads(raw)["n_participants"] == 40


def test_a_store_written_before_the_facts_columns(built: Path, tmp_path: Path) -> None:
    """Read as empty facts (never an error); a writer adds the columns and fills them."""
    old = tmp_path / "old.sqlite"
    shutil.copy(layout.require_live_version(built) / layout.STORE_FILE, old)
    with sqlite3.connect(old) as conn:
        conn.execute("ALTER TABLE documents DROP COLUMN facts")
        conn.execute("ALTER TABLE documents DROP COLUMN design")
    reader = store.connect(old, readonly=True)
    rows = store.hit_rows(reader, [0, 1])
    assert {r["facts"] for r in rows.values()} == {"{}"}
    assert store.rows_matching(reader, (), None, None, designs=("rct",)) == []
    reader.close()
    writer = sqlite3.connect(old)
    store_facts.ensure_columns(writer)
    assert store_facts.refill(writer, everything=False) == 6
    assert store_facts.refill(writer, everything=False) == 0  # nothing left unfilled
    designs = dict(writer.execute("SELECT doc_id, design FROM documents").fetchall())
    assert designs["pmid:99200004"] == "animal"
    writer.close()


def test_a_pdf_gives_facts_from_its_opening_only() -> None:
    opening = (FIXTURES / "invented-trial.txt").read_text(encoding="utf-8")
    filler = " The invented clinic kept its invented records in order." * 60
    text = opening + filler + " A later trial randomized 999 patients to 80 mg/kg of another drug."
    assert len(facts_column.facts_text("pdf", text)) <= facts_column.OPENING_CHARS
    assert facts_column.facts_text("pubmed", text) == text
    facts = facts_column.compute("Synthetic report", text, "pdf", (), ())
    assert facts is not None and facts.n_participants == 40 and "80 mg/kg" not in facts.doses
    doc = Document("pdf:x", "pdf", "Synthetic report", text, (Span("", 0, len(text)),))
    assert facts_column.to_columns(facts)[1] == "rct" and doc.source == "pdf"


def test_malformed_stored_facts_read_as_empty_or_cleaned() -> None:
    for raw in (None, "", "{}", "[1]", "{not json", 5):
        assert facts_column.from_column(raw) is None
    odd = facts_column.from_column(json.dumps({
        "design": "bogus", "n_participants": "12", "doses": ["1 mg", 3], "evidence": {"x": 1}}))
    assert odd is not None and odd.design == "other" and odd.n_participants is None
    assert odd.doses == ("1 mg",) and odd.evidence == ()


def test_cli_json_carries_facts_and_honours_design_and_human(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def search(*args: str) -> list[dict]:
        capsys.readouterr()
        assert index_main(["search", QUESTION, "--index", str(built), "--json", *args],
                          embedder_factory=HashingEmbedder) == 0
        return list(json.loads(capsys.readouterr().out))

    hits = search("-k", "50")
    assert hits and all("facts" in h and "study_types" in h and "rank" in h for h in hits)
    assert {h["facts"]["design"] for h in hits} >= {"rct", "animal"}
    rcts = search("-k", "50", "--design", "rct", "--design", "clinical_study")
    assert {h["facts"]["design"] for h in rcts} == {"rct", "clinical_study"}
    papers = search("--papers", "--human")
    assert {p["facts"]["design"] for p in papers} == {"rct", "clinical_study", "case_report"}
    assert all(p["passages"] and "facts" in p["passages"][0] for p in papers)
    with pytest.raises(SystemExit) as refused:  # an unknown design: argparse's usage line
        index_main(["search", QUESTION, "--index", str(built), "--design", "rat"])
    assert refused.value.code == 2


def _broken(*args: object, **kwargs: object) -> None:
    raise RuntimeError("synthetic extractor failure")


def _stored_facts(index_dir: Path) -> dict[str, tuple[str, str | None]]:
    conn = store.connect(layout.require_live_version(index_dir) / layout.STORE_FILE, True)
    try:
        return {r[0]: (r[1], r[2]) for r in conn.execute(
            "SELECT doc_id, facts, design FROM documents")}
    finally:
        conn.close()
