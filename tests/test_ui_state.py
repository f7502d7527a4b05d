"""The page state as an address and the widget values read back: ids only, every address falls
back to defaults instead of failing, labels never become values. Pure, no Streamlit run."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from documents.facts import DESIGNS
from documents.records import SOURCES
from documents.study_types import STUDY_TYPES
from index.search import Filters
from webui.facets import facet_counts
from webui.options import PER_PAGE, as_ids, count_label, design_label, source_label
from webui.url_state import Choices, SearchState, clean_text, from_params, number, to_params

CHOICES = Choices(SOURCES, DESIGNS, ("hybrid", "dense", "lexical"), (1950, 2026), PER_PAGE)
DEFAULTS = SearchState()


def lists(params: dict[str, str | list[str]]) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in params.items()}


def test_address_round_trips_and_leaves_defaults_out():
    state = SearchState(
        "BDNF and mTOR", Filters(("pubmed", "pdf"), 2015, 2020, (), "Zarate",
                                 designs=("rct", "animal"), human_only=True),
        sort="newest", page=3, view="table", mode="dense", per_page=20,
    )
    params = to_params(state, DEFAULTS)
    assert params == {
        "q": "BDNF and mTOR", "source": ["pubmed", "pdf"], "design": ["rct", "animal"],
        "human": "1", "from": "2015", "to": "2020", "author": "Zarate", "sort": "newest",
        "page": "3", "view": "table", "mode": "dense", "k": "20",
    }
    assert from_params(lists(params), DEFAULTS, CHOICES) == state
    assert to_params(DEFAULTS, DEFAULTS) == {}


def test_hostile_address_values_fall_back_to_defaults():
    hostile = {
        "k": ["²"], "from": ["¹⁹⁹⁹"], "to": ["١٩٩٩"], "page": ["-1"], "sort": ["random()"],
        "view": ["<script>"], "mode": ["evil"], "source": ["PubMed (55)", "<b>", "pubmed"],
        "type": ["bogus", "unknown"], "design": ["RCT", "<b>"], "human": ["yes"],
        "q": ["  x  "],
    }
    assert from_params(hostile, DEFAULTS, CHOICES) == SearchState(
        "x", Filters(sources=("pubmed",)))
    huge = {"k": ["9" * 400], "page": ["99999999999"], "from": ["30000"], "to": ["1900"]}
    assert from_params(huge, DEFAULTS, CHOICES) == DEFAULTS
    long = from_params({"q": ["a" * 10_000], "author": ["b" * 10_000]}, DEFAULTS, CHOICES)
    assert long.query == "a" * 500 and long.filters.author == "b" * 100
    assert from_params({"k": ["7"]}, DEFAULTS, CHOICES).per_page == 10  # not an offered size
    ends = {"from": ["1950"], "to": ["2026"]}
    assert from_params(ends, DEFAULTS, CHOICES) == DEFAULTS  # the slider's ends are no bound


def test_repeated_parameters_take_the_first_and_reversed_years_are_ordered():
    state = from_params({"q": ["a", "b"], "page": ["2", "9"], "from": ["2020"], "to": ["2010"]},
                        DEFAULTS, CHOICES)
    assert (state.query, state.page) == ("a", 2)
    assert (state.filters.year_min, state.filters.year_max) == (2010, 2020)


def test_number_reads_ascii_digits_only():
    assert number("2015", 1950, 2026) == 2015 and number(" 7 ", 1, 50) == 7
    for raw in ("²", "¹⁹⁹⁹", "١٩٩٩", "-1", "+3", "1e3", "3.0", "", "0x10", "１０"):
        assert number(raw, 0, 10_000) is None, raw


def test_clean_text_drops_control_characters():
    assert clean_text("a\x00b\u202e c\n\td", 100) == "a b c d"


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(
    st.sampled_from(["q", "source", "type", "design", "human", "from", "to", "author", "sort",
                     "page", "view", "mode", "k", "group", "zz"]),
    st.lists(st.text(max_size=40), max_size=3),
))
def test_any_address_gives_a_valid_state_that_round_trips(params):
    state = from_params(params, DEFAULTS, CHOICES)
    f = state.filters
    assert set(f.sources) <= set(SOURCES) and set(f.designs) <= set(DESIGNS) and not f.study_types
    assert state.sort in ("relevance", "newest", "oldest")
    assert state.view in ("papers", "passages", "table")
    assert state.per_page in PER_PAGE and 1 <= state.page <= 1000
    assert f.year_min is None or 1950 < f.year_min < 2026
    assert from_params(lists(to_params(state, DEFAULTS)), DEFAULTS, CHOICES) == state


def test_labels_with_counts_map_back_to_ids():
    labels = ["PubMed (55)", "Web article (1,234)", "pdf", "review (3)", "nonsense", "Text"]
    assert as_ids(labels, SOURCES, source_label) == ["article", "pubmed", "pdf", "text"]
    assert as_ids(["review (3)", "unknown", 5, None], STUDY_TYPES) == ["review", "unknown"]
    designs = ["randomized controlled trial (12)", "animal", "Case report or series", "rcts"]
    assert as_ids(designs, DESIGNS, design_label) == ["rct", "case_report", "animal"]
    label = count_label({"pubmed": 1234}, source_label)
    assert label("pubmed") == "PubMed (1,234)" and label("pdf") == "PDF (0)"
    assert count_label(None, source_label)("article") == "Web article"


def test_same_search_ignores_only_the_page():
    base = SearchState("q", Filters(("pubmed",)))
    assert base.same_search(SearchState("q", Filters(("pubmed",)), page=4))
    assert not base.same_search(SearchState("q", Filters(("pdf",))))
    assert not base.same_search(SearchState("q", Filters(("pubmed",)), sort="newest"))


def test_facet_counts_ask_each_value_with_the_other_filters():
    asked: list[Filters] = []

    def total(filters: Filters) -> int:
        asked.append(filters)
        return len(filters.sources) * 10 + len(filters.designs) + 100 * filters.human_only

    chosen = Filters(sources=("pubmed",), designs=("rct",), year_min=2015)
    counts = facet_counts(total, chosen, ("pubmed", "pdf"), ("rct", "animal"))
    assert counts.sources == {"pubmed": 11, "pdf": 11} and counts.human == 111
    assert Filters(("pdf",), 2015, None, designs=("rct",)) in asked  # design filter kept
    assert Filters(("pubmed",), 2015, None, designs=("animal",)) in asked  # source filter kept
    assert Filters(("pubmed",), 2015, None, designs=("rct",), human_only=True) in asked


def test_old_links_with_study_types_open_the_nearest_design_search():
    def read(*types: str, **more: list[str]) -> Filters:
        return from_params({"q": ["x"], "type": list(types), **more}, DEFAULTS, CHOICES).filters

    assert read("randomized controlled trial").designs == ("rct",)
    assert read("review").designs == ("systematic_review", "narrative_review")
    assert read("clinical trial", "meta-analysis or systematic review").designs == (
        "rct", "clinical_study", "systematic_review")
    assert read("animal study", design=["rct"]).designs == ("rct", "animal")
    assert read("human study") == Filters(human_only=True)
    assert read("unknown", "<script>", "Review (3)") == Filters()
    state = from_params({"q": ["x"], "type": ["review"]}, DEFAULTS, CHOICES)
    params = to_params(state, DEFAULTS)
    assert "type" not in params and params["design"] == ["systematic_review", "narrative_review"]
