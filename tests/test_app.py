"""The search page, run by Streamlit's AppTest with the real model: messages, papers first,
top findings, examples, filters, the passage view with its context; and the passage card and
context helpers. The page state under every address is in test_ui_state.py and
test_ui_page.py."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest
from fakes import HashingEmbedder
from streamlit.testing.v1 import AppTest

from documents.facts import StudyFacts
from index import layout
from index.hit import Hit
from ingest.pipeline import add_files, build_corpus
from webui import cards
from webui.context import surrounding_text

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
ARTICLE_TITLE = "How Ketamine Brings Rapid Relief in Treatment-Resistant Depression"


def page(monkeypatch: pytest.MonkeyPatch, index_dir: Path, **params: str) -> AppTest:
    """The page pointed at `index_dir` (opened with address `params`), after its first run."""
    monkeypatch.setenv("KLS_INDEX_DIR", str(index_dir))
    monkeypatch.delenv("KLS_TOP_K", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def passages(at: AppTest) -> list[str]:
    """The HTML of the shown passages, best first."""
    return [m.value for m in at.markdown if 'class="kls-passage"' in m.value]


def citations(at: AppTest) -> list[str]:
    """Passage view: the citation under each passage."""
    return [m.value for m in at.markdown if 'class="kls-title"' in m.value]


def papers(at: AppTest) -> list[str]:
    """Papers view: the head of each paper's card (title heading, badges, byline)."""
    return [m.value for m in at.markdown if 'class="kls-paper"' in m.value]


def status(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption if " · search " in c.value)


def search(at: AppTest, query: str) -> AppTest:
    at.text_input(key="query").input(query).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def make_hit(**fields: object) -> Hit:
    base: dict[str, object] = dict(
        rank=1, score=0.5, text="text", doc_id="d", chunk_id="c", title="T", source="pubmed",
        pmid=None, doi=None, year=None, page=None, journal=None, heading="", ordinal=0,
        start=0, end=4, publication_types=(), study_types=("unknown",), dense_score=None,
        lexical_score=None,
    )
    return Hit(**{**base, **fields})  # type: ignore[arg-type]


def test_missing_index_shows_how_to_build_without_loading_the_model(monkeypatch, tmp_path):
    def no_model() -> None:
        raise AssertionError("the model must not load when there is no index")

    monkeypatch.setattr("index.embed.SentenceTransformerEmbedder", no_model)
    at = page(monkeypatch, tmp_path / "nothing-here")
    assert len(at.warning) == 1
    assert "No index yet: run `make run` or `python -m ingest build`" in at.warning[0].value
    assert not at.error and not at.text_input


def test_index_being_built_says_so_instead_of_missing(monkeypatch, tmp_path):
    index_dir = tmp_path / "index"
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with layout.writer_lock(index_dir):
            holding.set()
            release.wait(30)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert holding.wait(10), "the writer never took the lock"
        at = page(monkeypatch, index_dir)
        assert "being built right now" in at.info[0].value and not at.warning
    finally:
        release.set()
        thread.join()


def test_corrupt_index_shows_the_checksum_error_not_a_traceback(monkeypatch, tmp_path):
    index_dir = tmp_path / "index"
    build_corpus(ROOT / "corpus", index_dir, HashingEmbedder)
    flip_byte(layout.require_live_version(index_dir) / "vectors.faiss")
    at = page(monkeypatch, index_dir)
    assert len(at.error) == 1
    assert "checksum mismatch" in at.error[0].value
    assert "vectors" in at.error[0].value and not passages(at)


def test_citation_escapes_document_fields_and_builds_links():
    hit = make_hit(
        title="<b>Bold</b> title", pmid="12345678", doi='10.1000/a"b<c>', year=2021,
        journal="J & Co", heading="Methods", page=3, study_types=("review", "human study"),
        facts=StudyFacts(design="narrative_review", design_source="publication_type"),
    )
    html = cards.citation_html(hit, 2)
    assert "<b>" not in html and "&#60;b&#62;Bold" in html and "2. " in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/12345678/"' in html
    assert 'href="https://doi.org/10.1000/a%22b%3Cc%3E"' in html
    assert ">PubMed</span>" in html and "2021" in html and "J &#38; Co" in html
    assert "section&#58; Methods" not in html and "section: Methods" in html
    assert "page 3" in html and ">narrative review<" in html and "human study" not in html
    assert ">Web article</span>" in cards.citation_html(make_hit(source="article"), 1)


def test_citation_shows_the_design_read_from_a_pdf_and_its_file():
    hit = make_hit(source="pdf", doc_id="pdf:guide", page=2, study_types=("unknown",),
                   facts=StudyFacts(design="rct", design_source="text"))
    html = cards.citation_html(hit, 1)
    assert ">randomized controlled trial<" in html and "file guide" in html and "page 2" in html
    assert ">PDF</span>" in html and "unknown" not in html
    assert "unknown" not in cards.citation_html(make_hit(study_types=()), 1)  # no facts: none


def test_citation_drops_a_pmid_that_is_not_a_number():
    html = cards.citation_html(make_hit(pmid='1" onclick="x'), 1)
    assert "pubmed.ncbi" not in html and "onclick" not in html


def test_passage_html_puts_escaped_context_around_the_passage():
    html = cards.passage_html("<mark>m</mark>", before="<i>b</i>", after="a")
    assert html.startswith('<div class="kls-context">&#60;i&#62;b')
    assert '<div class="kls-passage"><mark>m</mark></div>' in html and html.endswith("a</div>")


def test_context_is_cut_at_the_passage_so_nothing_repeats():
    doc = "One. Two. Three. Four. Five."
    def part(ordinal: int, start: int, end: int) -> Hit:
        return make_hit(ordinal=ordinal, start=start, end=end, text=doc[start:end])

    hit = part(1, 5, 16)  # "Two. Three."
    before, after = surrounding_text(hit, [part(0, 0, 9), hit, part(2, 10, 22)])
    assert (before, after) == ("One.", "Four.")
    assert surrounding_text(hit, [hit]) == ("", "")


@pytest.mark.model
def test_empty_query_prompts_and_says_how_to_add_literature(monkeypatch, article_index):
    at = page(monkeypatch, article_index)
    assert not at.error and not passages(at)
    assert "Type a question" in at.info[-1].value
    hint = at.info[0].value
    assert "holds only the clinic's web article" in hint and "make run" in hint
    assert "python -m ingest add ../shared/data/pubmed/records.jsonl.gz" in hint
    assert "Curator" in hint and "PMID" in hint
    assert at.button(key="example:Is ketamine addictive?")
    health = " ".join(c.value for c in at.sidebar.caption)
    assert "1 document ·" in health and "all-MiniLM-L6-v2" in health and "built" in health


@pytest.mark.model
def test_bdnf_query_shows_the_article_as_a_paper_labelled_not_peer_reviewed(
    monkeypatch, article_index
):
    at = search(page(monkeypatch, article_index), "BDNF and mTOR")
    head = papers(at)[0]
    assert ARTICLE_TITLE in head and "Web article (not peer-reviewed)" in head
    assert "About this source: The seed article" in head and "Weak match" not in head
    marked = '<mark class="kls-best">The increase in brain-derived neurotrophic factor (BDNF)'
    assert any(marked in p for p in passages(at)) and len(passages(at)) <= 2
    assert re.search(r"^1 matching paper · page 1 of 1 · by relevance · search \d+ ms", status(at))
    assert at.query_params["q"] == "BDNF and mTOR"


@pytest.mark.model
def test_top_findings_quote_the_answer_and_cite_its_card(monkeypatch, article_index):
    at = search(page(monkeypatch, article_index), "How fast does ketamine work?")
    findings = [m.value for m in at.markdown if 'class="kls-findings"' in m.value]
    assert len(findings) == 1 and 'href="#paper-1"' in findings[0] and ">[1]</a>" in findings[0]
    assert '<span class="kls-anchor" id="paper-1"></span>' in papers(at)[0]


@pytest.mark.model
def test_nonsense_gets_the_weak_notice_and_no_findings(monkeypatch, article_index):
    at = search(page(monkeypatch, article_index), "zzqx flibber wibble")
    notice = " ".join(w.value for w in at.warning)
    assert "No document mentions" in notice and "zzqx" in notice
    assert not [m for m in at.markdown if 'class="kls-findings"' in m.value]
    assert "Weak match" in papers(at)[0] and status(at).startswith("No paper matches closely")
    assert passages(at) and not any("kls-best" in p for p in passages(at))  # nothing marked


@pytest.mark.model
def test_example_question_click_runs_that_search(monkeypatch, article_index):
    at = page(monkeypatch, article_index)
    at.button(key="example:How fast does ketamine work?").click().run()
    assert not at.exception
    assert at.text_input(key="query").value == "How fast does ketamine work?"
    assert passages(at) and ARTICLE_TITLE in papers(at)[0]


@pytest.mark.model
def test_link_with_a_filter_opens_that_search_and_offers_to_clear_it(monkeypatch, article_index):
    at = page(monkeypatch, article_index, q="BDNF and mTOR", source="pubmed")
    assert at.text_input(key="query").value == "BDNF and mTOR"
    assert at.sidebar.multiselect(key="sources").value == ["pubmed"]
    assert not passages(at) and not at.error
    assert "No papers match" in at.info[-1].value
    at.button(key="clear-filters").click().run()
    assert at.sidebar.multiselect(key="sources").value == [] and passages(at)
    assert "source" not in at.query_params


@pytest.mark.model
def test_filter_labels_count_the_matching_papers(monkeypatch, article_index):
    at = search(page(monkeypatch, article_index), "ketamine")
    sources = at.sidebar.multiselect(key="sources")
    assert sources.format_func("article") == "Web article (1)"
    assert sources.format_func("pubmed") == "PubMed (0)"
    designs = at.sidebar.multiselect(key="designs")
    assert designs.format_func("narrative_review") == "narrative review (1)"  # the article
    assert designs.format_func("rct") == "randomized controlled trial (0)"
    assert at.sidebar.checkbox(key="human").label == "Human participants only (0)"


@pytest.mark.model
def test_ranking_modes_all_find_the_bdnf_paragraph(monkeypatch, article_index):
    at = page(monkeypatch, article_index)
    for mode in ("dense", "lexical"):
        at.sidebar.radio(key="mode").set_value(mode)
        search(at, "BDNF and mTOR")
        assert any("brain-derived neurotrophic factor (BDNF)" in p for p in passages(at)), mode
        assert at.query_params["mode"] == mode


@pytest.mark.model
def test_show_whole_section_opens_the_articles_section_in_place(monkeypatch, article_index):
    at = search(page(monkeypatch, article_index), "BDNF and mTOR")
    toggle = next(t for t in at.toggle if str(t.key).startswith("section:"))
    assert toggle.label == "Show whole section"
    toggle.set_value(True).run()
    section = [m.value for m in at.markdown if 'class="kls-section"' in m.value]
    assert len(section) == 1 and '<span class="kls-here">' in section[0]
    assert "brain-derived neurotrophic factor" in section[0]


@pytest.mark.model
def test_passage_view_shows_a_card_per_passage_with_context(monkeypatch, article_index):
    at = search(page(monkeypatch, article_index), "ketamine")
    assert len(papers(at)) == 1
    at.sidebar.radio(key="view").set_value("passages").run()
    assert len(citations(at)) > 3 and at.query_params["view"] == "passages"
    assert status(at).startswith("Passages 1–")
    assert 'class="kls-context"' not in passages(at)[0]
    toggle = next(t for t in at.toggle if str(t.key).startswith("context:"))
    toggle.set_value(True).run()
    assert passages(at)[0].count('class="kls-context"') >= 1


@pytest.mark.model
def test_index_built_with_another_model_shows_the_mismatch(monkeypatch, tmp_path):
    index_dir = tmp_path / "index"
    build_corpus(ROOT / "corpus", index_dir, HashingEmbedder)
    at = page(monkeypatch, index_dir)
    assert len(at.error) == 1 and "rebuild the index" in at.error[0].value


@pytest.mark.model
def test_newly_published_version_is_picked_up_on_the_next_rerun(
    monkeypatch, tmp_path, article_index, real_embedder
):
    index_dir = tmp_path / "index"
    shutil.copytree(article_index, index_dir)
    at = page(monkeypatch, index_dir)
    assert "1 document ·" in at.sidebar.caption[0].value
    note = tmp_path / "esketamine-note.txt"
    note.write_text("Esketamine nasal spray was approved for treatment-resistant depression.\n")
    add_files([note], index_dir, lambda: real_embedder)
    search(at, "esketamine nasal spray")
    assert "2 documents ·" in at.sidebar.caption[0].value
    assert "Esketamine nasal spray" in passages(at)[0]
