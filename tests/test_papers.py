"""The paper view on tiny synthetic corpora (hashing embedder): one card per paper, merged
passages, honest strength and notices, identifiers, authors, paging and date order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.errors import BadQuery
from documents.chunking import ChunkingConfig
from documents.records import Document, Span
from index.search import Filters, RankingConfig, SearchIndex
from index.writer import apply_changes

SMALL = ChunkingConfig(target_tokens=18, max_tokens=30, overlap_tokens=12)
LONG = " ".join(f"Synthetic sentence {i} says zebra herds graze item{i} grass." for i in range(12))


def paper(key: str, text: str, year: int | None = None, authors: tuple[str, ...] = (),
          pmid: str | None = None, doi: str | None = None) -> Document:
    return Document(f"text:{key}", "pubmed" if pmid else "text", f"Synthetic paper {key}", text,
                    (Span("", 0, len(text)),), year=year, authors=authors, pmid=pmid, doi=doi)


PAPERS = [
    paper("long", LONG, 2003, ("Ana Núñez", "Bo Li")),
    paper("cobalt", "Synthetic cobalt paint dries on zebra fences.", 2019, ("John Smith",),
          pmid="4242", doi="10.1000/Synth.7"),
    paper("granite", "Synthetic granite mountains erode slowly under zebra hooves.", None,
          ("Jane Smithers",)),
    paper("lantern", "Synthetic lanterns glow above zebra paddocks at night.", 2011),
    paper("violin", "Synthetic violins need zebra hair bows, a synthetic claim.", 2019),
]


@pytest.fixture
def index(tmp_path: Path, fake_embedder) -> SearchIndex:
    apply_changes(tmp_path, fake_embedder, add=PAPERS, chunking=SMALL)
    return SearchIndex.open(tmp_path, fake_embedder)


def test_each_paper_is_one_card(index: SearchIndex) -> None:
    found = index.search_papers("zebra herds graze grass", per_page=10)
    ids = [p.doc_id for p in found.papers]
    assert ids[0] == "text:long" and len(ids) == len(set(ids))
    assert [p.rank for p in found.papers] == list(range(1, len(ids) + 1))
    assert len(index.search("zebra herds graze grass", k=10)) > len(ids)  # passages repeat


def test_a_papers_passages_never_share_a_sentence(index: SearchIndex) -> None:
    for query in ("zebra herds graze item5 item6 grass", "item3 item4", "zebra herds"):
        cards = index.search_papers(query).papers
        assert cards, query
        for card in cards:
            spans = sorted((h.start, h.end) for h in card.passages)
            assert 1 <= len(spans) <= 2
            pairs = zip(spans, spans[1:], strict=False)
            assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairs)
            text, _ = index.document_text(card.doc_id)
            assert all(text[h.start : h.end] == h.text for h in card.passages)


def test_nonsense_is_weak_and_says_which_words_are_missing(index: SearchIndex) -> None:
    found = index.search_papers("Zzqx flibber wibble")
    assert found.missing_terms == ("Zzqx", "flibber", "wibble")
    assert found.notice is not None and found.notice.startswith(
        "No document mentions Zzqx, flibber or wibble")
    assert "every match is weak" in found.notice and found.total == 0
    assert found.papers and {p.match for p in found.papers} == {"weak"}
    assert all(p.coverage == 0 and p.dense_score < 1 for p in found.papers)


def test_an_answered_query_has_no_notice_and_absolute_figures(index: SearchIndex) -> None:
    found = index.search_papers("cobalt paint fences")
    top = found.papers[0]
    assert found.notice is None and found.missing_terms == () and top.doc_id == "text:cobalt"
    assert top.coverage == 1.0 and top.match in ("strong", "partial") and top.lexical_score > 0
    half = index.search_papers("cobalt zzqx").papers[0]
    assert half.doc_id == "text:cobalt" and half.coverage == 0.5


def test_identifiers_open_their_paper(index: SearchIndex) -> None:
    for query in ("4242", "pmid:4242", "PMID:4242", "10.1000/synth.7", "doi:10.1000/SYNTH.7"):
        found = index.search_papers(query)
        assert [p.doc_id for p in found.papers] == ["text:cobalt"], query
        assert found.lookup in ("pmid", "doi") and found.papers[0].match == "strong"
    absent = index.search_papers("pmid:999")
    assert absent.papers == () and absent.total == 0 and absent.lookup is None
    assert absent.notice == "No paper in the collection has PMID 999."
    assert index.search_papers("12345").lookup is None  # bare digits naming nothing: searched


def test_author_filters_accents_and_case_aside(index: SearchIndex) -> None:
    assert [p.doc_id for p in index.search_papers("zebra author:nunez").papers] == ["text:long"]
    only = index.search_papers("zebra", filters=Filters(author="SMITH"))
    assert {p.doc_id for p in only.papers} == {"text:cobalt", "text:granite"}
    listed = index.search_papers("author:smith")
    assert [p.doc_id for p in listed.papers] == ["text:cobalt", "text:granite"]
    assert listed.sort == "newest" and listed.total == 2
    assert index.search_papers('author:"bo li"').total == 1


def test_pages_continue_where_the_last_ended(index: SearchIndex) -> None:
    whole = index.search_papers("synthetic zebra", per_page=50)
    assert whole.total == len(whole.papers) == 5
    pages = [index.search_papers("synthetic zebra", page=n, per_page=2) for n in (1, 2, 3, 4)]
    assert [p.doc_id for page in pages for p in page.papers] == [p.doc_id for p in whole.papers]
    assert [p.rank for page in pages for p in page.papers] == [1, 2, 3, 4, 5]
    assert {page.total for page in pages} == {5} and pages[3].papers == ()


def test_date_sorts_put_undated_papers_last(index: SearchIndex) -> None:
    newest = index.search_papers("synthetic zebra", sort="newest").papers
    assert [p.year for p in newest] == [2019, 2019, 2011, 2003, None]
    oldest = index.search_papers("synthetic zebra", sort="oldest").papers
    assert [p.year for p in oldest] == [2003, 2011, 2019, 2019, None]
    relevance = [p.doc_id for p in index.search_papers("synthetic zebra").papers]
    ties = [p.doc_id for p in newest if p.year == 2019]
    assert ties == [d for d in relevance if d in ties]  # relevance breaks the tie


def test_date_sorts_order_the_matching_papers_and_leave_weak_ones_after(
    index: SearchIndex,
) -> None:
    found = index.search_papers("lanterns glow paddocks night", sort="newest")
    assert found.total == 1 and len(found.papers) == 5
    assert found.papers[0].doc_id == "text:lantern" and found.papers[0].year == 2011
    assert {p.match for p in found.papers[1:]} == {"weak"}  # 2019 papers do not jump ahead


def test_papers_outside_the_candidate_pool_are_counted_and_listed(index: SearchIndex) -> None:
    narrow = RankingConfig(candidates=1)
    found = index.search_papers("zebra", per_page=10, ranking=narrow)
    assert found.total == 5 and len({p.doc_id for p in found.papers}) == 5


def test_json_carries_the_contract(index: SearchIndex) -> None:
    found = index.search_papers("cobalt paint")
    record = json.loads(json.dumps(found.to_json()))
    assert {"query", "papers", "total", "page", "per_page", "sort", "notice",
            "missing_terms", "lookup"} <= set(record)
    card = record["papers"][0]
    assert {"rank", "doc_id", "title", "authors", "journal", "year", "source", "pmid", "doi",
            "study_types", "score", "dense_score", "lexical_score", "match", "coverage",
            "passages", "origin", "note", "publication_types"} <= set(card)
    assert {"text", "chunk_id", "start", "end", "score"} <= set(card["passages"][0])


def test_bad_pages_and_sorts_are_refused(index: SearchIndex) -> None:
    for kwargs in ({"page": 0}, {"per_page": 0}, {"per_page": 1001}, {"sort": "random"}):
        with pytest.raises(BadQuery):
            index.search_papers("zebra", **kwargs)
    with pytest.raises(BadQuery, match="empty query"):
        index.search_papers("  ")


def test_document_text_gives_the_sections(tmp_path: Path, fake_embedder) -> None:
    text = "Intro line one. Intro line two.\nMethods\nSynthetic method one. Method two."
    cut = text.index("Methods")
    doc = Document("text:md", "text", "Synthetic sections", text,
                   (Span("", 0, cut - 1), Span("Methods", cut + 8, len(text))))
    apply_changes(tmp_path, fake_embedder, add=[doc], chunking=SMALL)
    index = SearchIndex.open(tmp_path, fake_embedder)
    whole, sections = index.document_text("text:md")
    assert whole == text
    assert [(label, whole[s:e]) for label, s, e in sections] == [
        ("", "Intro line one. Intro line two."),
        ("Methods", "Synthetic method one. Method two."),
    ]
    with pytest.raises(BadQuery):
        index.document_text("text:absent")


def _hit(start: int, end: int, text: str, score: float, page: int | None = None):
    from index.hit import Hit

    return Hit(rank=1, score=score, text=text[start:end], doc_id="text:x", chunk_id=f"c{start}",
               title="Synthetic", source="text", pmid=None, doi=None, year=None, page=page,
               journal=None, heading="", ordinal=start, start=start, end=end,
               publication_types=(), study_types=(), dense_score=score / 2, lexical_score=score)


def test_overlapping_passages_merge_into_one_span_cut_to_the_query_words() -> None:
    from index.passages import choose

    sentences = ["Synthetic opener here.", "Zebra herds graze.", "Shared zebra sentence.",
                 "Zebra foals play.", "Synthetic closer there."]
    text = " ".join(sentences)
    first_end = text.index("Zebra foals") - 1
    second_start = text.index("Shared")
    a = _hit(0, first_end, text, 1.0)
    b = _hit(second_start, len(text), text, 0.9)
    (merged,) = choose(a, b, lambda: text, {"zebra"})
    assert merged.text == "Zebra herds graze. Shared zebra sentence. Zebra foals play."
    assert merged.text.count("Shared zebra sentence.") == 1
    assert (merged.score, merged.lexical_score, merged.chunk_id) == (1.0, 1.0, "c0")
    apart = _hit(text.index("Synthetic closer"), len(text), text, 0.85)
    assert choose(_hit(0, 22, text, 1.0), apart, lambda: text, {"zebra"}) == (
        _hit(0, 22, text, 1.0), apart)
    assert choose(a, _hit(second_start, len(text), text, 0.5), lambda: text, ()) == (a,)
    on_next_page = _hit(second_start, len(text), text, 0.9, page=2)
    assert choose(a, on_next_page, lambda: text, ()) == (a,)  # never one sentence twice


def test_a_word_found_only_through_a_synonym_is_still_named(
    index: SearchIndex, tmp_path: Path
) -> None:
    vocabulary = tmp_path / "vocabulary.tsv"
    vocabulary.write_text("zebu\tzebra\n", encoding="utf-8")
    found = index.search_papers("zebu herds", ranking=RankingConfig(vocabulary=vocabulary))
    assert found.missing_terms == ("zebu",)
    assert found.notice == "No document mentions zebu; these are the nearest passages."
    assert found.papers[0].doc_id == "text:long" and found.papers[0].coverage == 1.0
