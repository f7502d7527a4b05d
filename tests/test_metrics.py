"""Metrics on small hand-computed cases, following trec_eval / BEIR definitions."""

from __future__ import annotations

import math

import pytest

from evaluation.metrics import mean_metrics, ndcg, recall, reciprocal_rank


def test_perfect_ranking_scores_one_everywhere() -> None:
    run = {"q": ["a", "b", "c"]}
    means, scored = mean_metrics(run, {"q": {"a": 2, "b": 1}})
    assert scored == 1
    assert means == pytest.approx({"ndcg@10": 1.0, "recall@10": 1.0, "recall@100": 1.0,
                                   "mrr@10": 1.0})


def test_graded_ndcg_uses_the_grade_as_gain_and_a_log2_discount() -> None:
    # DCG of [b(1), a(2)] = 1/log2(2) + 2/log2(3); ideal [a(2), b(1)] = 2/log2(2) + 1/log2(3)
    expected = (1 + 2 / math.log2(3)) / (2 + 1 / math.log2(3))
    assert ndcg(["b", "a", "x"], {"a": 2, "b": 1}, 10) == pytest.approx(expected)
    assert expected == pytest.approx(0.859719, abs=1e-6)


def test_single_relevant_document_at_rank_three() -> None:
    ranking, judged = ["x", "y", "a"], {"a": 1}
    assert ndcg(ranking, judged, 10) == pytest.approx(0.5)  # 1 / log2(4)
    assert reciprocal_rank(ranking, judged, 10) == pytest.approx(1 / 3)
    assert recall(ranking, judged, 10) == 1.0


def test_cut_offs_count_only_the_first_k() -> None:
    ranking = [f"x{i}" for i in range(10)] + ["a"]
    judged = {"a": 1, "b": 1}
    assert recall(ranking, judged, 10) == 0.0
    assert recall(ranking, judged, 100) == 0.5
    assert reciprocal_rank(ranking, judged, 10) == 0.0
    assert ndcg(ranking, judged, 10) == 0.0


def test_ideal_dcg_is_cut_at_k_too() -> None:
    judged = {f"d{i}": 1 for i in range(12)}
    assert ndcg([f"d{i}" for i in range(10)], judged, 10) == pytest.approx(1.0)


def test_judged_non_relevant_documents_gain_nothing() -> None:
    assert ndcg(["n", "a"], {"n": 0, "a": 1}, 10) == pytest.approx(1 / math.log2(3))
    assert reciprocal_rank(["n", "a"], {"n": 0, "a": 1}, 10) == 0.5


def test_queries_without_relevant_documents_are_ignored_not_zeroed() -> None:
    run = {"q1": ["a"], "q2": ["b"], "q3": ["c"]}
    qrels = {"q1": {"a": 1}, "q2": {"b": 0}}  # q2: nothing relevant; q3: not judged at all
    means, scored = mean_metrics(run, qrels)
    assert scored == 1
    assert means["ndcg@10"] == 1.0
    assert means["mrr@10"] == 1.0


def test_means_average_over_scored_queries() -> None:
    run = {"q1": ["a"], "q2": ["x", "b"]}
    means, scored = mean_metrics(run, {"q1": {"a": 1}, "q2": {"b": 1}})
    assert scored == 2
    assert means["mrr@10"] == pytest.approx((1 + 0.5) / 2)
    assert means["ndcg@10"] == pytest.approx((1 + 1 / math.log2(3)) / 2)
