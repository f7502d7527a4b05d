"""Top findings: the sentence that best answers the question in each of the top five papers,
quoted as written, each with a numbered citation that jumps to its paper's card.

Extractive only: every sentence is a document's own, already chosen by the highlighter; nothing
is generated or paraphrased. Shown for questions, not for a PMID or DOI lookup or a bare
`author:` search, and only when some paper matches strongly or partly: quoting weak matches as
"findings" would claim more than the collection says.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from webui.highlight import escape
from webui.paper_cards import anchor
from webui.repeats import sentence_key
from webui.sentence_scores import PassageHighlight
from webui.terms import content_terms

TOP = 5
MAX_CHARS = 400
TRUSTED = ("strong", "partial")
_AUTHOR_TERM = re.compile(r'author:(?:"[^"]*"|\S*)', re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """A quoted sentence and the page position of the paper it comes from (its citation)."""

    number: int
    sentence: str


def asks_a_question(query: str, lookup: str | None) -> bool:
    """A question or topic, not an identifier lookup or a search by author alone."""
    return lookup is None and bool(content_terms(_AUTHOR_TERM.sub(" ", query)))


def best_sentence(light: PassageHighlight) -> str:
    """The marked sentence with most query terms (then closest in meaning); "" if none."""
    if not light.chosen:
        return ""
    best = max(light.chosen, key=lambda i: (light.overlaps[i], light.cosines.get(i, 0.0)))
    return " ".join(light.sentence(best).split())


def top_findings(cards: Sequence[tuple[int, str, PassageHighlight]]) -> list[Finding]:
    """From (position, match, best passage's highlight) of the cards in page order: one
    sentence for each of the first five papers that match strongly or partly, never the same
    sentence twice. Empty when none of them does."""
    found: list[Finding] = []
    seen: set[str] = set()
    for position, match, light in cards[:TOP]:
        sentence = best_sentence(light)
        if match in TRUSTED and sentence and sentence_key(sentence) not in seen:
            seen.add(sentence_key(sentence))
            found.append(Finding(position, sentence))
    return found


def findings_html(findings: Sequence[Finding]) -> str:
    """The quoted sentences, each ending in its citation link [n] to the card's anchor."""
    items = []
    for finding in findings:
        text = finding.sentence
        if len(text) > MAX_CHARS:
            text = text[:MAX_CHARS].rsplit(" ", 1)[0] + " …"
        items.append(
            f"<li>“{escape(text)}” <a class=\"kls-cite\" href=\"#{anchor(finding.number)}\" "
            f'title="Go to paper {finding.number}">[{finding.number}]</a></li>'
        )
    return f'<ul class="kls-findings">{"".join(items)}</ul>'
