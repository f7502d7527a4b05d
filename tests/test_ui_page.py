"""The search page's state under Streamlit's AppTest, with the fast hashing model: filters hold
through any sequence of searches, counts and view changes; the address holds ids; paging,
sort and author go into it; hostile addresses open the page; no warning on normal use."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from fakes import HashingEmbedder
from streamlit.testing.v1 import AppTest

from ingest.pipeline import build_corpus

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "browser"
APP = str(ROOT / "app.py")


@pytest.fixture(scope="module")
def fake_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The article and the synthetic PubMed records, indexed with the hashing model."""
    corpus = tmp_path_factory.mktemp("ui-corpus")
    for source in [*(ROOT / "corpus").glob("article.txt*"), FIXTURES / "trials.nbib"]:
        shutil.copy(source, corpus / source.name)
    records = [
        {"pmid": str(91000000 + i), "year": 1990 + i, "journal": "Synthetic paging journal",
         "title": f"Synthetic ketamine paging record {i}", "authors": [f"Pager {i}"],
         "abstract": f"Synthetic record {i}: ketamine dose number {i} and mood after it."}
        for i in range(24)
    ]
    (corpus / "paging.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    index_dir = tmp_path_factory.mktemp("ui-index")
    assert not build_corpus(corpus, index_dir, HashingEmbedder).errors
    return index_dir


@pytest.fixture
def open_page(
    fake_index: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> Iterator[object]:
    """Opens the page (address `params`) on the fake index; afterwards, no warning was logged."""
    monkeypatch.setenv("KLS_INDEX_DIR", str(fake_index))
    monkeypatch.delenv("KLS_TOP_K", raising=False)
    monkeypatch.setattr("index.embed.SentenceTransformerEmbedder",
                        lambda threads=1: HashingEmbedder())
    st.cache_resource.clear()

    def opened(**params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update(params)
        return run(at)

    with caplog.at_level(logging.WARNING, logger="streamlit"):
        yield opened
    st.cache_resource.clear()
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("streamlit")]
    assert not [m for m in logged if "missing ScriptRunContext" not in m], logged


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def ask(at: AppTest, query: str) -> AppTest:
    at.text_input(key="query").input(query)
    return run(at)


def param(at: AppTest, name: str) -> list[str]:
    value = at.query_params.get(name, [])
    return value if isinstance(value, list) else [value]


def titles(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if 'class="kls-paper"' in m.value]


def status(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption if "search" in c.value and "ms" in c.value)


def test_source_filter_holds_through_searches_counts_and_view_changes(open_page):
    """AppTest sends a multiselect's labels as the browser does, so a count that changes
    between questions ("PubMed (25)" then "PubMed (1)") tests the stale-label path."""
    at = ask(open_page(), "ketamine")
    at.sidebar.multiselect(key="sources").select("pubmed")
    run(at)
    labels = set()
    for query in ("synaptogenesis in rats", "ketamine dose", "esketamine nasal spray"):
        labels.add(at.sidebar.multiselect(key="sources").format_func("pubmed"))
        ask(at, query)
        assert at.sidebar.multiselect(key="sources").value == ["pubmed"], query
        assert param(at, "source") == ["pubmed"], query
    assert len(labels) > 1, labels  # the counts did change
    at.sidebar.slider(key="years").set_value((2000, 2020))
    run(at)
    at.sidebar.radio(key="view").set_value("passages")
    run(at)
    assert at.sidebar.multiselect(key="sources").value == ["pubmed"]
    assert param(at, "from") == ["2000"] and param(at, "to") == ["2020"]
    assert param(at, "view") == ["passages"] and param(at, "source") == ["pubmed"]


def test_counts_are_in_labels_only(open_page):
    at = ask(open_page(), "ketamine")
    sources = at.sidebar.multiselect(key="sources")
    assert sources.options[0].endswith(")") and "(" in sources.format_func("pubmed")
    sources.select("pubmed")
    run(at)
    assert at.query_params["source"] == "pubmed"


def test_a_shared_link_opens_exactly_that_search(open_page):
    at = open_page(q="ketamine", source="pubmed", design="rct", sort="newest",
                   author="fixturewright", k="5")
    assert at.sidebar.multiselect(key="sources").value == ["pubmed"]
    assert at.sidebar.multiselect(key="designs").value == ["rct"]
    assert at.sidebar.radio(key="sort").value == "newest"
    assert at.sidebar.text_input(key="author").value == "fixturewright"
    assert at.sidebar.selectbox(key="k").value == 5
    assert "1 matching paper · page 1 of 1 · newest first" in status(at)
    assert "Synthetic randomized trial" in titles(at)[0]


@pytest.mark.parametrize("params", [
    {"q": "ketamine", "k": "²", "from": "¹⁹⁹⁹", "page": "-1"},
    {"q": "ketamine", "page": "99999999999999", "to": "99999", "source": "PubMed (55)"},
    {"q": "k" * 10_000, "author": "x" * 10_000, "type": "<script>", "view": "evil"},
    {"q": "ketamine", "sort": "random", "mode": "../../etc", "k": "0"},
])
def test_hostile_addresses_open_the_page_with_defaults(open_page, params):
    at = open_page(**params)
    assert at.text_input(key="query").value
    assert at.sidebar.multiselect(key="sources").value == []


def test_paging_goes_into_the_address_and_a_new_question_starts_at_page_one(open_page):
    at = open_page(q="ketamine", k="5")
    assert "page 1 of" in status(at)
    at.button(key="page-next").click()
    run(at)
    assert at.query_params["page"] == "2" and "page 2 of" in status(at)
    assert titles(at)[0].startswith('<span class="kls-anchor" id="paper-6">')
    at.button(key="page-prev").click()
    run(at)
    assert "page" not in at.query_params
    at.button(key="page-next").click()
    ask(run(at), "synaptogenesis")
    assert "page" not in at.query_params and "page 1 of" in status(at)


def test_back_to_a_later_page_of_another_order_keeps_its_page(open_page):
    at = open_page(q="ketamine", k="5", page="2")
    at.sidebar.radio(key="sort").set_value("newest")
    run(at)
    assert "page" not in at.query_params  # a new order starts at page 1
    at.query_params.clear()
    at.query_params.update({"q": "ketamine", "k": "5", "page": "2"})  # as Back does
    run(at)
    assert at.query_params["page"] == "2" and "page 2 of" in status(at)
    assert at.sidebar.radio(key="sort").value == "relevance"


def test_a_page_past_the_end_offers_the_last_page(open_page):
    at = open_page(q="ketamine", page="40")
    assert "past the last page" in at.info[0].value
    at.button(key="page-back").click()
    run(at)
    assert titles(at) and at.query_params.get("page", "1") != "40"


def test_sort_and_author_go_into_the_address(open_page):
    at = ask(open_page(), "ketamine")
    at.sidebar.radio(key="sort").set_value("oldest")
    run(at)
    assert at.query_params["sort"] == "oldest" and "oldest first" in status(at)
    at.sidebar.text_input(key="author").input("Fixturewright")
    run(at)
    assert at.query_params["author"] == "Fixturewright"


def test_clear_filters_empties_every_filter(open_page):
    at = open_page(q="ketamine", source="pdf", author="nobody-at-all")
    assert "No papers match" in at.info[0].value
    at.button(key="clear-filters").click()
    run(at)
    assert at.sidebar.multiselect(key="sources").value == [] and titles(at)
    assert "source" not in at.query_params and "author" not in at.query_params


def test_sidebar_names_the_pages_search_and_curator(open_page):
    source = Path(APP).read_text(encoding="utf-8")
    assert 'title="Search"' in source and 'title="Curator"' in source
    at = open_page()
    assert at.text_input(key="query").value == ""
