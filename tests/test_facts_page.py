"""Study facts on the search page (hashing model, invented trials): the facts line and "Why these
facts" on cards, escaped; the evidence table and the chart of matching papers; the design and
human filters in the address, with counts in labels only; old `type=` links mapped."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from fakes import HashingEmbedder
from streamlit.testing.v1 import AppTest
from test_ui_page import param, run, status

from documents.facts import StudyFacts
from ingest.pipeline import build_corpus
from webui.evidence_chart import chart_rows
from webui.evidence_table import table_frame, table_rows
from webui.facts_view import facts_line_html, why_facts_html

FIXTURES = Path(__file__).resolve().parent / "fixtures"
QUESTION = "ketamine depression trial"
HOSTILE = StudyFacts(
    design="rct", blinding="double-blind", interventions=("<img src=x onerror=alert(1)>",),
    evidence=(("interventions", 'Given <script>x()</script> and [a](javascript:y) "q".'),
              ("secret_field", "never shown")),
)


@pytest.fixture(scope="module")
def fake_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The browser fixtures' records and the invented trials, with the hashing model."""
    corpus = tmp_path_factory.mktemp("facts-corpus")
    for source in [FIXTURES / "browser" / "trials.nbib", *(FIXTURES / "facts_store").iterdir()]:
        shutil.copy(source, corpus / source.name)
    records = [{"pmid": str(93000000 + i), "year": 2000 + i, "title": f"Synthetic ketamine "
                f"depression trial record {i}", "abstract": f"Invented record {i}: ketamine "
                "in depression, an invented trial."} for i in range(12)]
    (corpus / "more.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    index_dir = tmp_path_factory.mktemp("facts-index")
    assert not build_corpus(corpus, index_dir, HashingEmbedder).errors
    return index_dir


def test_facts_line_and_reasons_escape_document_text():
    line = facts_line_html(HOSTILE)
    assert line.startswith('<div class="kls-facts">RCT · double-blind · ')
    assert "<img" not in line and "&#60;img" in line
    why = why_facts_html(HOSTILE)
    assert "<script>" not in why and "&#60;script&#62;" in why and "javascript&#58;" in why
    assert "<b>Intervention</b>" in why and "secret_field" not in why and "never shown" not in why
    assert "<b>Design</b>: randomized controlled trial — read from the title" in why
    assert facts_line_html(None) == "" and facts_line_html(StudyFacts()) == ""


def test_table_rows_and_chart_rows_are_plain_values():
    from test_ui_cards import make_paper

    papers = [make_paper(title="<b>T</b>", pmid="12", year=2020, facts=StudyFacts(
        design="rct", n_participants=67, interventions=("ketamine",), doses=("0.5 mg/kg",),
        routes=("intravenous",), comparator=("midazolam",), outcome_scales=("MADRS",))),
        make_paper(doc_id="pdf:x", source="pdf", title="", facts=None)]
    rows = table_rows(papers, first=11)
    assert rows[0] | {"#": 11, "Title": "<b>T</b>", "Design": "RCT", "N": 67} == rows[0]
    assert rows[0]["Link"] == "https://pubmed.ncbi.nlm.nih.gov/12/"
    assert rows[0]["Intervention"] == "ketamine · 0.5 mg/kg · intravenous"
    assert rows[1]["Link"] is None and rows[1]["N"] is None and rows[1]["Design"] == ""
    frame = table_frame(rows)
    assert str(frame["N"].dtype) == "Int64" and frame["N"].isna().tolist() == [False, True]
    counted = chart_rows([(2020, "rct"), (2020, "rct"), (2019, "animal"), (None, "rct"),
                          (2020, None)])
    assert [(r["year"], r["design"], r["papers"]) for r in counted] == [
        (2019, "animal study", 1), (2020, "randomized controlled trial", 2),
        (2020, "no facts", 1)]


def page(fake_index: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv("KLS_INDEX_DIR", str(fake_index))
    monkeypatch.setattr("index.embed.SentenceTransformerEmbedder",
                        lambda threads=1: HashingEmbedder())
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"),
                           default_timeout=60)
    at.query_params.update(params)
    return run(at)


def test_cards_show_the_facts_line_and_why_these_facts(fake_index, monkeypatch):
    at = page(fake_index, monkeypatch, q="randomized double-blind ketamine midazolam")
    lines = [m.value for m in at.markdown if 'class="kls-facts"' in m.value]
    assert any("RCT · double-blind · n = 67 · ketamine 0.5 mg/kg IV vs midazolam · MADRS"
               in line for line in lines), lines
    why = [m.value for m in at.markdown if "<b>Design</b>" in m.value]
    assert why and any("“In this randomized, double-blind trial, 67 adults" in w for w in why)
    heads = " ".join(m.value for m in at.markdown if 'class="kls-meta"' in m.value)
    assert "unknown" not in heads and ">randomized controlled trial<" in heads


def test_evidence_table_view_with_the_chart_of_all_matching_papers(fake_index, monkeypatch,
                                                                  caplog):
    with caplog.at_level(logging.WARNING, logger="streamlit"):
        at = page(fake_index, monkeypatch, q=QUESTION, view="table", k="5")
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("streamlit")]
    assert not [m for m in logged if "missing ScriptRunContext" not in m], logged
    assert at.sidebar.radio(key="view").value == "table"
    frame = at.dataframe[0].value
    assert list(frame.columns)[:7] == ["#", "Title", "Link", "Year", "Design", "Blinding", "N"]
    assert len(frame) == 5 and frame["#"].tolist() == [1, 2, 3, 4, 5]
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    said = " ".join(c.value for c in at.caption)
    total = int(status(at).split(" ", 1)[0])
    assert f"{total} matching papers by year and design" in said and total > 5  # not one page
    at.button(key="page-next").click()
    run(at)
    assert param(at, "view") == ["table"] and at.dataframe[0].value["#"].tolist()[0] == 6


def test_design_and_human_filters_go_into_the_address(fake_index, monkeypatch):
    at = page(fake_index, monkeypatch, q=QUESTION)
    designs = at.sidebar.multiselect(key="designs")
    assert designs.format_func("rct").startswith("randomized controlled trial (")
    assert designs.options and all(option.endswith(")") for option in designs.options)
    designs.select("animal")
    run(at)
    assert param(at, "design") == ["animal"] and at.sidebar.multiselect(
        key="designs").value == ["animal"]
    heads = [m.value for m in at.markdown if 'class="kls-meta"' in m.value]
    assert heads and all(">animal study<" in head for head in heads), heads
    at.sidebar.multiselect(key="designs").unselect("animal")
    at.sidebar.checkbox(key="human").check()
    run(at)
    assert param(at, "human") == ["1"] and "design" not in at.query_params
    assert at.sidebar.checkbox(key="human").label.startswith("Human participants only (")
    heads = [m.value for m in at.markdown if 'class="kls-meta"' in m.value]
    human = (">randomized controlled trial<", ">non-randomized clinical study<",
             ">case report or series<")
    assert heads and all(any(kind in head for kind in human) for head in heads), heads


@pytest.mark.parametrize(("old", "designs", "human"), [
    ("randomized controlled trial", ["rct"], False),
    ("review", ["systematic_review", "narrative_review"], False),
    ("human study", [], True),
    ("unknown", [], False),
    ("<script>", [], False),
])
def test_old_type_links_open_the_nearest_design_search(fake_index, monkeypatch, old, designs,
                                                       human):
    at = page(fake_index, monkeypatch, q=QUESTION, type=old)
    assert at.sidebar.multiselect(key="designs").value == designs
    assert at.sidebar.checkbox(key="human").value is human
