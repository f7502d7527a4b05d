"""The paper view with the real model on the real article plus a real sample of the shared
PubMed records: the problems the issue reported stay fixed."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from documents.sentences import sentence_spans
from index.search import SearchIndex
from index.writer import apply_changes
from ingest.pipeline import load_files

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parents[1]
TOPICS = {"ketamine", "suicidality", "bdnf_trkb", "mtor", "treatment_resistant_depression"}


def sample_records(records: Path, others: int = 30) -> list[dict]:
    """Records on the article's topics, and the first `others` depression records with an
    abstract: small enough to embed in a test, real enough to compete with the article."""
    chosen: list[dict] = []
    extra: list[dict] = []
    with gzip.open(records, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if not record.get("abstract") or not record.get("pmid"):
                continue
            tags = set(record.get("topic_tags") or ())
            if tags & TOPICS:
                chosen.append(record)
            elif "depression" in tags and len(extra) < others:
                extra.append(record)
    return chosen + extra


@pytest.fixture(scope="module")
def sample(shared_data: Path) -> list[dict]:
    records = shared_data / "pubmed" / "records.jsonl.gz"
    if not records.is_file():
        pytest.skip(f"{records} is absent")
    return sample_records(records)


@pytest.fixture(scope="module")
def index(tmp_path_factory, real_embedder, sample: list[dict]) -> SearchIndex:
    folder = tmp_path_factory.mktemp("papers-model")
    lines = folder / "sample.jsonl"
    lines.write_text("".join(json.dumps(r) + "\n" for r in sample), encoding="utf-8")
    batch = load_files([ROOT / "corpus" / "article.txt", lines])
    apply_changes(folder / "index", real_embedder, add=batch.documents, reset=True,
                  provenance=batch.provenance)
    return SearchIndex.open(folder / "index", real_embedder)


def test_the_article_is_one_card_among_others(index: SearchIndex) -> None:
    found = index.search_papers("how quickly does ketamine reduce suicidal thoughts")
    ids = [p.doc_id for p in found.papers]
    assert len(ids) == len(set(ids)) >= 6
    assert sum(p.source == "article" for p in found.papers) == 1
    assert found.papers[0].match in ("strong", "partial") and found.notice is None


def test_no_sentence_is_shown_twice_in_one_paper(index: SearchIndex) -> None:
    for query in ("how does ketamine increase BDNF", "ketamine mTOR synaptogenesis",
                  "suicidal ideation after ketamine infusion"):
        papers = index.search_papers(query, per_page=20).papers
        assert papers, query
        for paper in papers:
            sentences = [
                hit.text[s:e] for hit in paper.passages for s, e in sentence_spans(hit.text)
            ]
            assert len(sentences) == len(set(sentences)), (query, paper.doc_id)


def test_nonsense_gets_a_notice_and_only_weak_matches(index: SearchIndex) -> None:
    found = index.search_papers("zzqx flibber wibble")
    assert found.notice and found.notice.startswith("No document mentions zzqx, flibber")
    assert found.total == 0 and {p.match for p in found.papers} == {"weak"}
    assert found.papers[0].dense_score < 0.3  # absolute, not rescaled to 1


def test_words_no_document_contains_are_named(index: SearchIndex, sample: list[dict]) -> None:
    # Some records say "S-ketamine" (esketamine, by the vocabulary), none says "esketamine".
    found = index.search_papers("esketamine nasal spray dosing")
    assert "esketamine" in found.missing_terms
    texts = [f"{r['title']} {r['abstract']}".lower() for r in sample]
    texts.append((ROOT / "corpus" / "article.txt").read_text(encoding="utf-8").lower())
    for word in found.missing_terms:
        assert not any(re.search(rf"\b{word.lower()}", text) for text in texts), word
    assert found.notice and found.notice.startswith("No document mentions esketamine")
    assert all(p.match != "strong" for p in found.papers)


def test_a_pmid_opens_that_paper_first(index: SearchIndex, sample: list[dict]) -> None:
    pmid = sample[5]["pmid"]
    for query in (pmid, f"pmid:{pmid}"):
        found = index.search_papers(query)
        assert found.lookup == "pmid" and found.papers[0].pmid == pmid


def test_author_filter_keeps_that_authors_papers(index: SearchIndex, sample: list[dict]) -> None:
    surname = next(
        name.split()[-1] for r in sample for name in re.split(r",| and ", r["authors"] or "")
        if len(name.split()) > 1 and len(name.split()[-1]) > 4
    )
    found = index.search_papers(f"depression author:{surname}", per_page=50)
    assert found.papers
    assert all(any(surname.lower() in a.lower() for a in p.authors) for p in found.papers)
    listed = index.search_papers(f"author:{surname}", per_page=50)
    years = [p.year for p in listed.papers if p.year is not None]
    assert years == sorted(years, reverse=True) and listed.total >= len(found.papers)


def test_pages_are_consistent_and_newest_sorts_by_year(index: SearchIndex) -> None:
    query = "ketamine antidepressant effects"
    whole = index.search_papers(query, per_page=40)
    paged = [p.doc_id for n in (1, 2, 3, 4) for p in index.search_papers(query, n, 10).papers]
    assert paged == [p.doc_id for p in whole.papers][: len(paged)]
    assert len(paged) == len(set(paged)) == min(40, whole.total)
    newest = index.search_papers(query, per_page=40, sort="newest").papers
    years = [p.year if p.year is not None else -1 for p in newest]
    dated = [y for y in years if y >= 0]
    assert dated == sorted(dated, reverse=True) and years[: len(dated)] == dated
