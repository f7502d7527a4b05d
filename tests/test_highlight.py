"""Highlighting: which sentences are marked, that markup never lets document text through, the
tie-break with the model, and the "why it matched" explanation."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from index.hit import Hit
from webui.explain import match_reasons, reasons_markdown
from webui.highlight import (
    best_sentences,
    escape,
    highlight_html,
    term_overlap,
    undecided,
)
from webui.sentence_scores import TieBreaker, by_terms
from webui.terms import content_terms

ARTICLE = (Path(__file__).resolve().parents[1] / "corpus" / "article.txt").read_text("utf-8")
PARAGRAPHS = [line for line in ARTICLE.splitlines() if len(line) > 200]


def make_hit(text: str, chunk_id: str = "c1", **fields: object) -> Hit:
    base: dict[str, object] = dict(
        rank=1, score=0.5, text=text, doc_id="d", chunk_id=chunk_id, title="T", source="pubmed",
        pmid=None, doi=None, year=None, page=None, journal=None, heading="", ordinal=0,
        start=0, end=len(text), publication_types=(), study_types=("unknown",),
        dense_score=0.61, lexical_score=2.5,
    )
    return Hit(**{**base, **fields})  # type: ignore[arg-type]


class CountingEmbedder:
    """Unit vectors keyed by words, counting what is embedded (to see the cache work)."""

    name, dimension = "counting", 3

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed(self, texts, progress=False):
        self.embedded.extend(texts)
        axes = {"fast": 0, "hours": 0, "slow": 1}
        rows = np.full((len(texts), 3), 0.1, dtype=np.float32)
        for row, text in zip(rows, texts, strict=True):
            for word, axis in axes.items():
                row[axis] += word in text.lower()
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    def count_tokens(self, texts):
        return [len(t.split()) for t in texts]


def test_escape_neutralises_html_markdown_and_line_breaks():
    text = "<script>x</script> **b** _i_ [l](javascript:y) ![m](z) :red[r] $x$ &amp;\n\nnext"
    html = escape(text)
    for raw in ("<script>", "**", "[l]", "](", ":red[", "$x$", "&amp;", "\n"):
        assert raw not in html
    assert "&#60;script&#62;" in html and "&#38;amp;" in html and "<br><br>next" in html


def test_term_overlap_is_the_share_of_distinct_query_terms():
    assert term_overlap({"ketamin", "addict"}, ["nonaddict", "non", "addict", "ketamin"]) == 1.0
    assert term_overlap({"ketamin", "addict"}, ["ketamin", "ketamin"]) == 0.5
    assert term_overlap(set(), ["ketamin"]) == 0.0


def test_question_words_are_not_content_terms():
    assert content_terms("How fast does ketamine work?") == ["fast", "ketamin", "work"]
    assert content_terms("Why is it addictive") == ["addict"]


def test_terms_decide_when_one_sentence_has_most_of_them():
    assert undecided([0.5, 1.0, 0.5]) == ()
    assert best_sentences([0.5, 1.0, 0.5], {}) == (1,)


def test_ties_go_to_the_most_similar_sentence_and_a_close_runner_up_is_marked_too():
    assert undecided([0.5, 0.0, 0.5]) == (0, 2)
    assert undecided([0.0, 0.0]) == (0, 1)
    assert best_sentences([0.5, 0.0, 0.5], {0: 0.30, 2: 0.60}) == (2,)
    assert best_sentences([0.5, 0.0, 0.5], {0: 0.58, 2: 0.60}) == (0, 2)
    assert best_sentences([], {}) == ()


def test_highlight_marks_chosen_sentences_and_dims_the_rest_without_hiding_it():
    text = "First <b>one</b>. Second one.\nThird one."
    spans = [(0, 17), (18, 29), (30, 40)]
    html = highlight_html(text, spans, (1,))
    assert html == (
        '<span class="kls-dim">First &#60;b&#62;one&#60;/b&#62;. </span>'
        '<mark class="kls-best">Second one.</mark>'
        '<span class="kls-dim"><br>Third one.</span>'
    )
    both = highlight_html(text, spans, (1, 2))
    assert '<mark class="kls-best">Second one.<br>Third one.</mark>' in both
    assert highlight_html("  ", [], ()) == "  "


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    "![x](https://example.invalid/x.png)", "<table><tr><td>c</td></tr></table>", ":red[x]",
])
def test_no_payload_survives_highlighting(payload):
    text = f"Ketamine works fast. {payload} Then more."
    light = by_terms("ketamine fast", [make_hit(text)])["c1"]
    html = light.html()
    assert payload not in html and "<mark" in html
    assert set(re.findall(r"<(\w+)", html)) <= {"span", "mark", "br"}


def test_by_terms_leaves_a_tie_open_and_the_tie_breaker_settles_it_once():
    text = "Ketamine was given. Ketamine relief came within hours. Ketamine was slow to clear."
    hits = [make_hit(text)]
    lights = by_terms("how fast does ketamine work", hits)
    assert lights["c1"].ties == (0, 1, 2) and lights["c1"].chosen == ()
    assert "<mark" not in lights["c1"].html()
    embedder = CountingEmbedder()
    breaker = TieBreaker(embedder)
    settled = breaker.settle("how fast does ketamine work", lights)
    assert settled["c1"].chosen == (1,)
    marked = '<mark class="kls-best">Ketamine relief came within hours.</mark>'
    assert marked in settled["c1"].html()
    breaker.settle("how fast does ketamine work", lights)
    assert embedder.embedded.count("Ketamine relief came within hours.") == 1  # cached by text
    assert embedder.embedded.count("how fast does ketamine work") == 1  # so is the query


def test_tie_breaker_embeds_nothing_when_terms_decide():
    embedder = CountingEmbedder()
    lights = by_terms("mTOR", [make_hit("BDNF rose. The mTOR pathway was activated.")])
    assert TieBreaker(embedder).settle("mTOR", lights) == {} and embedder.embedded == []
    assert lights["c1"].chosen == (1,)


def test_match_reasons_name_the_words_found_and_missing():
    passage = "The doses are non-addictive. Ketamine."
    reasons = match_reasons("Is ketamine addictive? How fast", passage)
    assert reasons.found == ("non-addictive", "ketamine") and reasons.missing == ("fast",)
    greek = match_reasons("TNF-alpha and 5-HT2A", "The 5-HT2A receptor and TNF-α rose.")
    assert greek.found == ("5-ht2a", "tnf-α") and greek.missing == ()
    synonyms = match_reasons("ketamine", "Esketamine spray.", expansions=["esketamin"])
    assert synonyms.expansions == ("esketamine",) and synonyms.found == ()


def test_reasons_markdown_escapes_words_and_shows_scores():
    hit = make_hit("A <b>ketamine</b> note")
    html = reasons_markdown(hit, match_reasons("ketamine <b>", hit.text))
    assert "<b>b</b>" in html and "&#60;b&#62;" not in html  # "b" is a word, shown in bold
    assert "semantic similarity 0.610" in html and "BM25) 2.500" in html
    assert "combined rank score 0.500" in html
    no_terms = reasons_markdown(hit, match_reasons("zebra", hit.text))
    assert "none (matched on meaning)" in no_terms and "Not in this passage: zebra" in no_terms


# Questions about the article with the sentence that answers them (a part of the judged set the
# terms-then-meaning choice was measured on); the real model must keep choosing these.
JUDGED = [
    ("Is ketamine addictive?", "non-addictive", "non-addictive"),
    ("Does ketamine replace therapy?", "not a replacement", "not a replacement"),
    ("risk of suicide while waiting for antidepressants", "suicidal ideation", "suicidal ideation"),
    ("BDNF and mTOR", "mTOR pathway", "mTOR pathway contribute"),
    ("who gives the infusions", "non-addictive", "trained professionals"),
    ("new connections between neurons", "neuroplasticity, or", "form new connections"),
    ("can patients go back to normal life", "re-engage", "re-engage"),
    ("brain growth factor", "mTOR pathway", "neurotrophic factor"),
]


@pytest.mark.model
def test_the_real_model_marks_the_answering_sentence(real_embedder):
    hits = [
        make_hit(next(p for p in PARAGRAPHS if where in p), chunk_id=str(i))
        for i, (_, where, _) in enumerate(JUDGED)
    ]
    breaker = TieBreaker(real_embedder)
    for i, (question, _, answer) in enumerate(JUDGED):
        lights = by_terms(question, [hits[i]])
        light = {**lights, **breaker.settle(question, lights)}[str(i)]
        marked = [light.sentence(s) for s in light.chosen]
        assert any(answer in sentence for sentence in marked), (question, marked)
