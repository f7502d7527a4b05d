"""Ranking: the dense share by query form, the lexical query, the tokenizer, the paper listing,
the paired comparison, and (slow) the dev set's held-out split and SciFact test pinned."""

from __future__ import annotations

import numpy as np
import pytest

from core.errors import ConfigError
from evaluation.paired import compare, sign_flip_p
from evaluation.runs import parse_variant
from index.lexical import MAX_JOINED, tokenize
from index.paper_rank import Pool, listed
from index.query_form import CLAIM, KEYWORDS, QUESTION, query_form
from index.query_terms import lexical_query
from index.ranking import RankingConfig, dense_weight, fuse
from index.vocabulary import Vocabulary

# Measured with the defaults, once, by `python -m index eval --dev --split heldout`,
# `python -m index eval --dev evaluation/dev_records --split heldout`,
# `python -m index eval --dev --collection records` (known items) and
# `python -m index eval --beir ../shared/data/scifact` (README, "Ranking quality").
PINNED_DEV_HELDOUT = 0.6860
PINNED_RECORDS_HELDOUT = 0.8024
PINNED_KNOWN_ITEMS_OVER_RECORDS = 19  # of 20
PINNED_SCIFACT_TEST = 0.7460
TOLERANCE = 0.005


@pytest.mark.parametrize(("query", "form"), [
    ("how quickly does ketamine work for suicidal thoughts", QUESTION),
    ("Is esketamine addictive", QUESTION),
    ("ketamine relapse after ECT?", QUESTION),
    ("esketamine TRD relapse", KEYWORDS),
    ("Ketamine reduces suicidal ideation within hours.", CLAIM),
    ("ketamine vs ECT for severe depression", CLAIM),
])
def test_query_forms_are_told_apart_by_surface(query: str, form: str) -> None:
    assert query_form(query) == form


def test_questions_lean_on_the_dense_channel_claims_and_keywords_do_not() -> None:
    ranking = RankingConfig()
    assert dense_weight(ranking, QUESTION) == ranking.question_dense_weight == 0.8
    assert dense_weight(ranking, CLAIM) == dense_weight(ranking, KEYWORDS) == 0.6
    dense, lexical = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    assert fuse(dense, lexical, ranking, QUESTION).tolist() == pytest.approx([0.8, 0.2])
    assert fuse(dense, lexical, ranking, CLAIM).tolist() == pytest.approx([0.6, 0.4])


def test_the_question_weight_is_checked() -> None:
    with pytest.raises(ConfigError, match="KLS_QUESTION_DENSE_WEIGHT"):
        RankingConfig(question_dense_weight=1.5)


def test_the_lexical_query_is_the_terms_then_their_synonyms() -> None:
    group = (tuple(tokenize("suicidal ideation")), tuple(tokenize("suicidal thoughts")))
    vocabulary = Vocabulary((group,), (0,))
    query = lexical_query("suicidal thoughts", vocabulary, RankingConfig(expansion_weight=0.5))
    assert query.groups[0] == (tuple(tokenize("suicidal thoughts")), 1.0)
    assert query.groups[1] == (tuple(tokenize("ideation")), 0.5)


def test_words_with_non_ascii_letters_stay_whole() -> None:
    assert tokenize("Körper") == ["körper"]
    assert tokenize("Sjögren syndrome") == ["sjögren", "syndrom"]
    assert tokenize("β-arrestin") == ["betaarrestin", "beta", "arrestin"]
    assert tokenize("5-HT2A receptors") == ["5ht2a", "5", "ht2a", "receptor"]


def test_hyphenated_terms_are_bounded() -> None:
    chain = tokenize("-".join(["x1"] * 1000))
    assert max(map(len, chain)) <= MAX_JOINED
    assert chain.count("x1") == 1000
    long_parts = tokenize("-".join(["abcdefghijklmnop"] * 3))
    assert "abcdefghijklmnop" * 3 not in long_parts


def test_weak_pool_papers_follow_the_matching_ones() -> None:
    docs = np.array([4, 1, 3, 0])
    pool = Pool(np.zeros(0, int), np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0, int),
                docs, np.zeros(4), np.zeros(4))
    levels = np.array([2, 0, 1, 0])
    worded = np.zeros(6, dtype=bool)
    worded[[5, 1]] = True
    order, total = listed(pool, levels, worded, np.arange(6, dtype=float))
    assert order.tolist() == [4, 3, 5, 1, 0] and total == 3
    order, total = listed(pool, np.zeros(4, int), np.zeros(6, dtype=bool), np.zeros(6))
    assert order.tolist() == [4, 1, 3, 0] and total == 0


def test_paired_comparison_counts_and_tests() -> None:
    a = {str(i): 0.5 for i in range(30)}
    b = {str(i): 0.6 for i in range(30)}
    result = compare(a, b)
    assert (result.up, result.down, result.same) == (30, 0, 0)
    assert result.delta == pytest.approx(0.1) and result.p_value < 0.001
    assert compare(a, a).p_value == 1.0
    assert sign_flip_p(np.array([0.1, -0.1] * 10)) > 0.5


def test_variants_set_ranking_and_paper_fields() -> None:
    variant = parse_variant("question_dense_weight=0.7,second_share=0.1")
    assert variant.ranking.question_dense_weight == 0.7
    assert variant.papers.second_share == 0.1
    with pytest.raises(ValueError):
        parse_variant("no_such_setting=1")


@pytest.mark.model
@pytest.mark.slow
def test_dev_heldout_ndcg_is_pinned(real_embedder, shared_data) -> None:
    from evaluation.cli import DEFAULT_CACHE
    from evaluation.dev_eval import evaluate_dev
    from evaluation.devset import DEV_DIR, load_devset

    devset = load_devset(DEV_DIR, "heldout")
    report = evaluate_dev(devset, real_embedder, DEFAULT_CACHE, RankingConfig(), "heldout")
    assert report.by_type["all"]["ndcg@10"] == pytest.approx(PINNED_DEV_HELDOUT, abs=TOLERANCE)


@pytest.mark.model
@pytest.mark.slow
def test_records_dev_heldout_ndcg_and_known_items_are_pinned(real_embedder, shared_data) -> None:
    """Over the article plus the PubMed records; its index starts from the dev index's vectors."""
    from evaluation.cli import DEFAULT_CACHE
    from evaluation.dev_eval import evaluate_dev
    from evaluation.devset import DEV_DIR, RECORDS_DEV_DIR, load_devset

    devset = load_devset(RECORDS_DEV_DIR, "heldout")
    report = evaluate_dev(devset, real_embedder, DEFAULT_CACHE, RankingConfig(), "heldout")
    assert report.collection == "records"
    assert report.by_type["all"]["ndcg@10"] == pytest.approx(PINNED_RECORDS_HELDOUT,
                                                            abs=TOLERANCE)
    known = evaluate_dev(load_devset(DEV_DIR).known_only(), real_embedder, DEFAULT_CACHE,
                         RankingConfig(), collection_name="records")
    assert known.known_items["found_in_top3"] >= PINNED_KNOWN_ITEMS_OVER_RECORDS


@pytest.mark.model
@pytest.mark.slow
def test_scifact_test_ndcg_is_pinned(real_embedder, shared_data) -> None:
    from evaluation import beir
    from evaluation.cli import DEFAULT_CACHE
    from evaluation.evaluate import evaluate

    dataset = beir.load(beir.find_paths(shared_data / "scifact", "test"))
    report = evaluate(dataset, real_embedder, DEFAULT_CACHE)
    assert report.queries == 300
    assert report.metrics["ndcg@10"] == pytest.approx(PINNED_SCIFACT_TEST, abs=TOLERANCE)
