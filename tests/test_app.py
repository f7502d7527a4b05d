"""The search page, run by Streamlit's AppTest: messages, results, examples, filters, the page
address, context and grouping; and the page's pure helpers (cards, address, counts, context)."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest
from fakes import HashingEmbedder
from streamlit.testing.v1 import AppTest

from documents.study_types import STUDY_TYPES
from index import layout
from index.hit import Hit
from index.search import Filters
from ingest.pipeline import add_files, build_corpus
from webui import cards
from webui.context import surrounding_text
from webui.facets import facet_counts
from webui.url_state import Choices, SearchState, from_params, to_params

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
ARTICLE_TITLE = "How Ketamine Brings Rapid Relief in Treatment-Resistant Depression"
CHOICES = Choices(("article", "pubmed", "pdf", "text"), STUDY_TYPES, ("hybrid", "dense", "lexical"),
                  (1950, 2026), 50)
DEFAULTS = SearchState(k=10)


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
    return [m.value for m in at.markdown if 'class="kls-title"' in m.value]


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
        holding.wait(10)
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
    )
    html = cards.citation_html(hit, 2)
    assert "<b>" not in html and "&#60;b&#62;Bold" in html and "2. " in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/12345678/"' in html
    assert 'href="https://doi.org/10.1000/a%22b%3Cc%3E"' in html
    assert ">PubMed</span>" in html and "2021" in html and "J &#38; Co" in html
    assert "section&#58; Methods" not in html and "section: Methods" in html
    assert "page 3" in html and ">review<" in html and ">human study<" in html


def test_citation_shows_unknown_study_type_and_the_pdf_file():
    hit = make_hit(source="pdf", doc_id="pdf:guide", page=2, study_types=())
    html = cards.citation_html(hit, 1)
    assert ">study type unknown<" in html and "file guide" in html and "page 2" in html
    assert ">PDF</span>" in html


def test_citation_drops_a_pmid_that_is_not_a_number():
    html = cards.citation_html(make_hit(pmid='1" onclick="x'), 1)
    assert "pubmed.ncbi" not in html and "onclick" not in html


def test_passage_html_puts_escaped_context_around_the_passage():
    html = cards.passage_html("<mark>m</mark>", before="<i>b</i>", after="a")
    assert html.startswith('<div class="kls-context">&#60;i&#62;b')
    assert '<div class="kls-passage"><mark>m</mark></div>' in html and html.endswith("a</div>")


def test_address_round_trips_and_leaves_defaults_out():
    state = SearchState("BDNF and mTOR", ("pubmed", "pdf"), 2015, 2020, ("review",), "dense", 5,
                        True)
    params = to_params(state, DEFAULTS)
    assert params == {"q": "BDNF and mTOR", "source": ["pubmed", "pdf"], "from": "2015",
                      "to": "2020", "type": ["review"], "mode": "dense", "k": "5", "group": "1"}
    lists = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    assert from_params(lists, DEFAULTS, CHOICES) == SearchState(
        "BDNF and mTOR", ("pubmed", "pdf"), 2015, 2020, ("review",), "dense", 5, True)
    assert to_params(DEFAULTS, DEFAULTS) == {}


def test_address_from_anyone_is_checked_not_trusted():
    state = from_params({
        "q": ["  x  "], "source": ["pubmed", "<script>", "pubmed"], "from": ["2030"],
        "to": ["1900"], "type": ["bogus", "review"], "mode": ["evil"], "k": ["999999"],
    }, DEFAULTS, CHOICES)
    assert state == SearchState("x", ("pubmed",), None, None, ("review",), "hybrid", 50, False)
    ends = {"from": ["1950"], "to": ["2026"], "k": ["abc"]}
    assert from_params(ends, DEFAULTS, CHOICES) == DEFAULTS
    assert from_params({"q": ["a" * 600]}, DEFAULTS, CHOICES).query == "a" * 500


def test_facet_counts_count_documents_and_ignore_their_own_filter():
    pool = [
        make_hit(doc_id="p1", source="pubmed", year=2019, study_types=("review",)),
        make_hit(doc_id="p1", source="pubmed", year=2019, study_types=("review",)),
        make_hit(doc_id="p2", source="pubmed", year=2010, study_types=("animal study",)),
        make_hit(doc_id="a", source="article", year=None, study_types=("unknown",)),
    ]
    counts = facet_counts(pool, Filters(sources=("pubmed",), study_types=("review",)))
    assert counts.sources == {"pubmed": 1}  # the type filter applies, the source one does not
    assert counts.study_types == {"review": 1, "animal study": 1}
    assert counts.years == (2019, 2019) and counts.undated == 0
    everything = facet_counts(pool, Filters())
    assert everything.sources == {"pubmed": 2, "article": 1} and everything.undated == 1
    assert facet_counts(pool, Filters(year_min=2015)).sources == {"pubmed": 1}


def test_context_is_cut_at_the_passage_so_nothing_repeats():
    doc = "One. Two. Three. Four. Five."
    def part(ordinal: int, start: int, end: int) -> Hit:
        return make_hit(ordinal=ordinal, start=start, end=end, text=doc[start:end])

    hit = part(1, 5, 16)  # "Two. Three."
    before, after = surrounding_text(hit, [part(0, 0, 9), hit, part(2, 10, 22)])
    assert (before, after) == ("One.", "Four.")
    assert surrounding_text(hit, [hit]) == ("", "")


@pytest.mark.model
def test_empty_query_prompts_gently_and_shows_index_health(monkeypatch, article_index):
    at = page(monkeypatch, article_index)
    assert not at.error and not passages(at)
    assert "Type a question" in at.info[0].value
    assert at.button(key="example:Is ketamine addictive?")
    health = " ".join(c.value for c in at.sidebar.caption)
    assert "1 document ·" in health and "all-MiniLM-L6-v2" in health and "built" in health


@pytest.mark.model
def test_bdnf_query_finds_the_article_paragraph_first_highlighted(monkeypatch, article_index):
    at = search(page(monkeypatch, article_index), "BDNF and mTOR")
    first = passages(at)[0]
    marked = '<mark class="kls-best">The increase in brain-derived neurotrophic factor (BDNF)'
    assert marked in first
    assert ARTICLE_TITLE in citations(at)[0] and ">Article</span>" in citations(at)[0]
    status = r"· search \d+ ms · highlighting \d+ ms$"
    assert any(re.search(status, c.value) for c in at.caption)
    assert at.query_params["q"] == "BDNF and mTOR"


@pytest.mark.model
def test_example_question_click_runs_that_search(monkeypatch, article_index):
    at = page(monkeypatch, article_index)
    at.button(key="example:How fast does ketamine work?").click().run()
    assert not at.exception
    assert at.text_input(key="query").value == "How fast does ketamine work?"
    assert passages(at) and ARTICLE_TITLE in citations(at)[0]


@pytest.mark.model
def test_link_with_a_filter_opens_that_search_and_offers_to_clear_it(monkeypatch, article_index):
    at = page(monkeypatch, article_index, q="BDNF and mTOR", source="pubmed")
    assert at.text_input(key="query").value == "BDNF and mTOR"
    assert at.multiselect(key="sources").value == ["pubmed"]
    assert not passages(at) and not at.error
    assert "No passages match" in at.info[0].value
    at.button[-1].click().run()
    assert at.multiselect(key="sources").value == [] and passages(at)
    assert "source" not in at.query_params


@pytest.mark.model
def test_filter_labels_count_the_matching_papers(monkeypatch, article_index):
    at = search(page(monkeypatch, article_index), "ketamine")
    sources = at.multiselect(key="sources")
    assert sources.format_func("article") == "Article (1)"
    assert sources.format_func("pubmed") == "PubMed (0)"
    assert at.multiselect(key="types").format_func("unknown") == "unknown (1)"


@pytest.mark.model
def test_ranking_modes_all_find_the_bdnf_paragraph(monkeypatch, article_index):
    at = page(monkeypatch, article_index)
    for mode in ("dense", "lexical"):
        at.radio(key="mode").set_value(mode)
        search(at, "BDNF and mTOR")
        assert "brain-derived neurotrophic factor (BDNF)" in passages(at)[0], mode
        assert at.query_params["mode"] == mode


@pytest.mark.model
def test_show_context_adds_the_neighbouring_text_in_place(monkeypatch, article_index):
    at = search(page(monkeypatch, article_index), "BDNF and mTOR")
    assert 'class="kls-context"' not in passages(at)[0]
    toggle = next(t for t in at.toggle if str(t.key).startswith("context:"))
    toggle.set_value(True).run()
    first = passages(at)[0]
    assert first.count('class="kls-context"') == 2 and "neuroplasticity" in first
    assert '<mark class="kls-best">' in first


@pytest.mark.model
def test_one_card_per_paper_groups_the_passages(monkeypatch, article_index):
    at = search(page(monkeypatch, article_index), "ketamine")
    assert len(citations(at)) > 3  # the article's passages, one card each
    at.toggle(key="group").set_value(True).run()
    assert len(citations(at)) == 1 and len(passages(at)) == 3
    assert at.query_params["group"] == "1"


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
