"""The search page, run by Streamlit's AppTest: messages, results, examples, filters, escaping."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import app
from fakes import HashingEmbedder
from index import layout
from index.hit import Hit
from ingest.pipeline import add_files, build_corpus

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
ARTICLE_TITLE = "How Ketamine Brings Rapid Relief in Treatment-Resistant Depression"


def page(monkeypatch: pytest.MonkeyPatch, index_dir: Path) -> AppTest:
    """The page pointed at `index_dir`, after its first run."""
    monkeypatch.setenv("KLS_INDEX_DIR", str(index_dir))
    monkeypatch.delenv("KLS_TOP_K", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def cards(at: AppTest) -> list[str]:
    """The HTML of the result cards, best first."""
    return [m.value for m in at.markdown if 'class="kls-hit"' in m.value]


def search(at: AppTest, query: str) -> AppTest:
    at.text_input(key="query").input(query).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def copy_index(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


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


def test_corrupt_index_shows_the_checksum_error_not_a_traceback(monkeypatch, tmp_path):
    index_dir = tmp_path / "index"
    build_corpus(ROOT / "corpus", index_dir, HashingEmbedder())
    flip_byte(layout.live_version(index_dir) / "vectors.faiss")
    at = page(monkeypatch, index_dir)
    assert len(at.error) == 1
    assert "checksum mismatch" in at.error[0].value
    assert "vectors" in at.error[0].value and not cards(at)


def test_card_escapes_document_text_and_builds_citation_links():
    hit = make_hit(
        title="<b>Bold</b> title", text="<script>alert(1)</script>\n\n**not bold** $x$ :red[y]",
        pmid="12345678", doi='10.1000/a"b<c>', year=2021, journal="J & Co", heading="Methods",
        page=3,
    )
    html = app.card_html(hit)
    assert "<script>" not in html and "<b>" not in html and "**" not in html
    assert "&#60;script&#62;" in html and "\n" not in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/12345678/"' in html
    assert 'href="https://doi.org/10.1000/a%22b%3Cc%3E"' in html
    assert "PubMed" in html and "2021" in html and "J &#38; Co" in html
    assert "Section: Methods" in html
    assert "page 3" in html and "score 0.500" in html


def test_card_drops_a_pmid_that_is_not_a_number():
    html = app.card_html(make_hit(pmid='1" onclick="x'))
    assert "pubmed.ncbi" not in html and "onclick" not in html


@pytest.mark.model
def test_empty_query_prompts_gently_and_shows_index_health(monkeypatch, article_index):
    at = page(monkeypatch, article_index)
    assert not at.error and not cards(at)
    assert "Type a question" in at.info[0].value
    health = " ".join(c.value for c in at.sidebar.caption)
    assert "1 document ·" in health and "all-MiniLM-L6-v2" in health and "built" in health


@pytest.mark.model
def test_bdnf_query_finds_the_article_paragraph_first(monkeypatch, article_index):
    at = search(page(monkeypatch, article_index), "BDNF and mTOR")
    first = cards(at)[0]
    assert "brain-derived neurotrophic factor (BDNF)" in first and "mTOR pathway" in first
    assert ARTICLE_TITLE in first and ">Article</span>" in first and "score" in first
    assert any(c.value.endswith(" ms") for c in at.caption)


@pytest.mark.model
def test_example_question_click_runs_that_search(monkeypatch, article_index):
    at = page(monkeypatch, article_index)
    at.button(key="example:How fast does ketamine work?").click().run()
    assert not at.exception
    assert at.text_input(key="query").value == "How fast does ketamine work?"
    assert cards(at) and ARTICLE_TITLE in cards(at)[0]


@pytest.mark.model
def test_pubmed_filter_on_the_article_only_index_shows_no_results(monkeypatch, article_index):
    at = page(monkeypatch, article_index)
    at.multiselect(key="sources").set_value(["pubmed"])
    search(at, "BDNF and mTOR")
    assert not cards(at) and not at.error
    assert "No passages match" in at.info[0].value


@pytest.mark.model
def test_ranking_modes_all_find_the_bdnf_paragraph(monkeypatch, article_index):
    at = page(monkeypatch, article_index)
    for mode in ("dense", "lexical"):
        at.radio(key="mode").set_value(mode)
        search(at, "BDNF and mTOR")
        assert "brain-derived neurotrophic factor (BDNF)" in cards(at)[0], mode


@pytest.mark.model
def test_index_built_with_another_model_shows_the_mismatch(monkeypatch, tmp_path):
    index_dir = tmp_path / "index"
    build_corpus(ROOT / "corpus", index_dir, HashingEmbedder())
    at = page(monkeypatch, index_dir)
    assert len(at.error) == 1 and "rebuild the index" in at.error[0].value


@pytest.mark.model
def test_newly_published_version_is_picked_up_on_the_next_rerun(
    monkeypatch, tmp_path, article_index, real_embedder
):
    index_dir = copy_index(article_index, tmp_path / "index")
    at = page(monkeypatch, index_dir)
    assert "1 document ·" in at.sidebar.caption[0].value
    note = tmp_path / "esketamine-note.txt"
    note.write_text("Esketamine nasal spray was approved for treatment-resistant depression.\n")
    add_files([note], index_dir, real_embedder)
    search(at, "esketamine nasal spray")
    assert "2 documents ·" in at.sidebar.caption[0].value
    assert "Esketamine nasal spray" in cards(at)[0]
