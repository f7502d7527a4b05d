"""The real model on the article: the questions users ask find the paragraphs that answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.search import SearchIndex

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def index(article_index: Path, real_embedder) -> SearchIndex:
    return SearchIndex.open(article_index, real_embedder)


def test_bdnf_and_mtor_finds_that_paragraph_first(index: SearchIndex) -> None:
    top = index.search("BDNF and mTOR", k=3)[0]
    assert "brain-derived neurotrophic factor (BDNF)" in top.text and "mTOR" in top.text
    assert top.heading == "The Neuroplasticity Connection" and top.source == "article"


def test_is_ketamine_addictive_finds_the_misconceptions_paragraph(index: SearchIndex) -> None:
    hits = index.search("is ketamine addictive", k=3)
    assert any("non-addictive" in h.text for h in hits)
    assert any(h.heading == "Addressing Misconceptions About Ketamine" for h in hits)


def test_how_fast_does_it_work_finds_rapid_relief(index: SearchIndex) -> None:
    hits = index.search("how fast does ketamine work", k=3)
    assert any("within hours" in h.text or "few hours" in h.text for h in hits)


def test_the_article_has_a_title_and_no_heading_passage(index: SearchIndex) -> None:
    hits = index.search("ketamine", k=50)
    assert {h.title for h in hits} == {
        "How Ketamine Brings Rapid Relief in Treatment-Resistant Depression"
    }
    headings = {
        "How Ketamine Differs from Traditional Antidepressants",
        "Conclusion",
        "Why Rapid Relief Matters",
    }
    assert all(h.text.strip() not in headings for h in hits)
    glutamate = [h for h in hits if "glutamate system" in h.text]
    assert glutamate, "the paragraph on the glutamate system is among the hits"
    assert all(h.heading for h in glutamate)
