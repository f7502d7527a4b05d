"""Match strength from absolute evidence, the notice sentence, and the query's content words."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.match import MatchThresholds, levels, notice, rarest_held, strength
from index.terms import content_words
from index.vocabulary import Vocabulary, load_vocabulary

LIMITS = MatchThresholds(strong_dense=0.6, strong_coverage=0.7, partial_dense=0.4,
                         partial_coverage=0.5)


def test_strength_needs_meaning_and_words_to_be_strong() -> None:
    assert strength(0.65, 0.8, LIMITS) == "strong"
    assert strength(0.65, 0.2, LIMITS) == "partial"  # close in meaning, few of the words
    assert strength(0.2, 0.6, LIMITS) == "partial"  # the words, little of the meaning
    assert strength(0.3, 0.3, LIMITS) == "weak"
    found = levels(np.array([0.65, 0.45, 0.1]), np.array([0.9, 0.0, 0.0]), LIMITS)
    assert found.tolist() == [2, 1, 0]


def test_a_paper_without_the_rarest_word_needs_more_meaning_to_match() -> None:
    limits = MatchThresholds(partial_dense=0.45, rare_dense=0.50, partial_coverage=0.6)
    assert strength(0.47, 0.5, limits, has_rarest=True) == "partial"
    assert strength(0.47, 0.5, limits, has_rarest=False) == "weak"  # close, but not on it
    assert strength(0.52, 0.5, limits, has_rarest=False) == "partial"
    assert strength(0.2, 0.75, limits, has_rarest=False) == "partial"  # most words still do


def test_the_rarest_word_is_the_one_fewest_documents_hold() -> None:
    common, rare, absent = (np.array(flags, dtype=bool) for flags in
                            ([1, 1, 1, 0], [0, 1, 0, 0], [0, 0, 0, 0]))
    assert rarest_held([common, rare, absent], 4).tolist() == [False, True, False, False]
    assert rarest_held([absent], 4).tolist() == [True] * 4  # no word anywhere: no one lacks it


def test_notice_names_missing_words_and_weak_pages() -> None:
    assert notice((), all_weak=False) is None
    assert notice(("esketamine",), all_weak=False) == (
        "No document mentions esketamine; these are the nearest passages.")
    assert notice(("a", "b", "c"), all_weak=True) == (
        "No document mentions a, b or c; every match is weak; these are the nearest passages.")
    assert notice((), all_weak=True) == (
        "Every match is weak: nothing in the collection answers this closely; "
        "these are the nearest passages.")


def test_content_words_keep_the_typed_form_and_drop_question_words() -> None:
    words = content_words("How quickly does Ketamine reduce ketamine's effects?", Vocabulary())
    assert [w.typed for w in words] == ["quickly", "Ketamine", "reduce", "effects"]
    assert content_words("how does it do that", Vocabulary()) == ()


def test_hyphenated_words_need_their_joined_form_unless_each_part_means_something() -> None:
    (short,) = content_words("S-ketamine", Vocabulary())
    assert short.alternatives == (("sketamine",),)
    (long,) = content_words("treatment-resistant", Vocabulary())
    assert long.alternatives == (("treatmentresistant",), ("treatment", "resist"))


def test_vocabulary_synonyms_count_as_finding_a_word(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.tsv"
    path.write_text("SI\tsuicidal ideation\tsuicidal thoughts\nBDNF\tbrain factor\n", "utf-8")
    vocabulary = load_vocabulary(path)
    suicidal, thoughts = content_words("suicidal thoughts", vocabulary)
    assert ("si",) in thoughts.alternatives and ("suicid", "ideat") in thoughts.alternatives
    assert ("si",) in suicidal.alternatives
    (bdnf,) = content_words("BDNF", vocabulary)
    assert bdnf.alternatives == (("bdnf",), ("brain", "factor"))
