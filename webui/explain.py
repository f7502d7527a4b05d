"""Why a passage matched: which query terms it contains, as written there, and its scores.

Terms are compared after the lexical channel's own tokenizer (stemmed, Greek letters spelled
out, hyphenated terms whole and split), so "addictive" in a query finds "non-addictive" here
exactly when BM25 counted it; question words ("how", "does") are left out as noise.
`expansions` takes the stemmed synonyms that a query-expansion vocabulary adds to the lexical
channel; the page passes none until the search facade reports them.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from index.hit import Hit
from index.lexical import tokenize
from index.search import Paper
from webui.highlight import escape
from webui.terms import content_terms

_WORD = re.compile(r"[^\W_]+(?:[-/][^\W_]+)*")


@dataclass(frozen=True)
class MatchReasons:
    """Passage words sharing a term with the query, query words (as typed, stop words left out)
    absent from the passage, and passage words that match only a vocabulary expansion."""

    found: tuple[str, ...]
    missing: tuple[str, ...]
    expansions: tuple[str, ...]


def match_reasons(query: str, text: str, expansions: Collection[str] = ()) -> MatchReasons:
    """The passage's words that share a term with the query (or with one of its expansions)."""
    query_terms = set(content_terms(query))
    extra = set(expansions) - query_terms
    found: dict[str, None] = {}
    synonyms: dict[str, None] = {}
    seen: set[str] = set()
    for word in _WORD.findall(text):
        terms = set(tokenize(word))
        seen |= terms
        if terms & query_terms:
            found.setdefault(word.lower())
        elif terms & extra:
            synonyms.setdefault(word.lower())
    missing = [word for word in _WORD.findall(query) if _absent(word, seen)]
    return MatchReasons(tuple(found), tuple(dict.fromkeys(missing)), tuple(synonyms))


def _absent(word: str, seen: set[str]) -> bool:
    """A query content word none of whose terms occur in the passage."""
    terms = set(content_terms(word))
    return bool(terms) and not terms & seen


def reasons_markdown(hit: Hit, reasons: MatchReasons) -> str:
    """The explanation as Markdown-safe HTML lines; every document word is escaped."""
    lines = _word_lines(reasons)
    lines.append(
        f"Scores: semantic similarity {_score(hit.dense_score)} · keyword score (BM25) "
        f"{_score(hit.lexical_score)} · combined rank score {hit.score:.3f}"
    )
    return '<div class="kls-why">' + "<br>".join(lines) + "</div>"


def paper_reasons_markdown(paper: Paper, reasons: MatchReasons) -> str:
    """Why a paper matched: the words its best passages share with the question, the share of
    the question's terms it holds, and the absolute scores of both channels."""
    lines = _word_lines(reasons)
    lines.append(
        f"Question terms found in the paper: {paper.coverage:.0%} · semantic similarity "
        f"(cosine) {_score(paper.dense_score)} · keyword score (BM25) "
        f"{_score(paper.lexical_score)} · combined score {paper.score:.3f} (relative to this "
        "search)"
    )
    return '<div class="kls-why">' + "<br>".join(lines) + "</div>"


def _word_lines(reasons: MatchReasons) -> list[str]:
    lines = [
        "Words shared with your question: "
        + (", ".join(f"<b>{escape(w)}</b>" for w in reasons.found) or "none (matched on meaning)"),
    ]
    if reasons.expansions:
        lines.append("Related terms found: " + ", ".join(escape(w) for w in reasons.expansions))
    if reasons.missing:
        lines.append("Not in this passage: " + ", ".join(escape(w) for w in reasons.missing))
    return lines


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"
