"""What a typed query asks for besides its words: an author, PMIDs and DOIs."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from index.query_parse import ParsedQuery, fold, parse_query


def test_plain_questions_pass_through() -> None:
    assert parse_query("how does ketamine increase BDNF") == ParsedQuery(
        "how does ketamine increase BDNF")
    assert parse_query("ketamine 2019 trials").identifiers == ()  # digits among words: words


def test_pmids_and_dois_are_recognised() -> None:
    assert parse_query("21867718") == ParsedQuery("21867718", "", (("pmid", "21867718"),), False)
    assert parse_query("pmid:021867718").identifiers == (("pmid", "21867718"),)
    assert parse_query("PMID:5").explicit
    doi = parse_query("https://doi.org/10.1038/NATURE11243.")
    assert doi.identifiers == (("doi", "10.1038/nature11243"),) and doi.explicit
    assert parse_query("doi:10.1000/x.y 4242").identifiers == (
        ("doi", "10.1000/x.y"), ("pmid", "4242"))
    assert parse_query("10.1038 is a number").identifiers == ()


def test_author_is_taken_out_of_the_text() -> None:
    assert parse_query("ketamine author:Zarate suicide") == ParsedQuery(
        "ketamine suicide", "Zarate")
    assert parse_query('author:"van den  Berg" BDNF') == ParsedQuery("BDNF", "van den Berg")
    assert parse_query("Author:smith") == ParsedQuery("", "smith")
    assert parse_query("coauthor:smith").author == ""  # only a word that starts with author:


def test_names_fold_accents_and_case() -> None:
    assert fold("  Montgomery-Åsberg ") == "montgomery-asberg"
    assert fold("NÚÑEZ") == fold("nunez") == "nunez"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses(text: str) -> None:
    parsed = parse_query(text)
    assert isinstance(parsed.text, str) and len(parsed.text) <= len(text) + 1


def test_adversarial_input_parses_in_linear_time() -> None:
    for hostile in ("author:" * 20_000, '"' * 50_000, "10." + "1" * 50_000 + "/",
                    "pmid:" + "9" * 50_000, "a " * 50_000):
        started = time.perf_counter()
        parse_query(hostile)
        assert time.perf_counter() - started < 1.0
