"""A study's facts on a card: its design as a badge, one line a clinician scans ("RCT ·
double-blind · n = 67 · ketamine 0.5 mg/kg IV vs midazolam · MADRS · 24 h"), and on request
where each fact was read, quoted.

The facts come from rules over document text, which is untrusted: every value and sentence
goes through `escape`, so none can become markup. Empty facts show nothing, never a
placeholder.
"""

from __future__ import annotations

from documents.facts import StudyFacts, summary_line
from webui.highlight import escape
from webui.options import design_label

FIELD_LABELS = {
    "blinding": "Blinding", "n_participants": "Participants", "n_studies": "Studies included",
    "interventions": "Intervention", "doses": "Dose", "routes": "Route",
    "comparator": "Compared with", "outcome_scales": "Outcome scales",
    "timepoints": "Timepoints", "main_finding": "Main finding",
}
SOURCE_WORDS = {
    "publication_type": "from PubMed's publication types",
    "text": "read from the title and abstract, or a PDF's first pages",
}
CAVEAT = ("Read by rules from the title and abstract, not by a person: check the paper before "
          "relying on a fact.")


def design_badge_html(facts: StudyFacts | None) -> str:
    """The design as a badge, saying where it came from; nothing for empty facts or "other"."""
    if facts is None or facts.design == "other":
        return ""
    where = SOURCE_WORDS.get(facts.design_source, SOURCE_WORDS["text"])
    return (f'<span class="kls-type" title="Study design, {escape(where)}">'
            f"{escape(design_label(facts.design))}</span>")


def facts_line_html(facts: StudyFacts | None) -> str:
    """The one-line summary under a card's byline, or nothing when there is nothing to say."""
    line = summary_line(facts) if facts is not None else ""
    return f'<div class="kls-facts">{escape(line)}</div>' if line else ""


def has_reasons(facts: StudyFacts | None) -> bool:
    """Whether "Why these facts" has anything to show."""
    return facts is not None and (facts.design != "other" or bool(facts.evidence))


def why_facts_html(facts: StudyFacts) -> str:
    """Each fact with the sentence it was read from, quoted (facts read from one sentence share
    one quote); the design with its source."""
    where = SOURCE_WORDS.get(facts.design_source, SOURCE_WORDS["text"])
    lines = [f"<b>Design</b>: {escape(design_label(facts.design))} — {escape(where)}"]
    for sentence, fields in by_sentence(facts).items():
        named = " · ".join(f"<b>{FIELD_LABELS[field]}</b>" + _value(facts, field)
                           for field in fields)
        lines.append(f'{named}<br><span class="kls-quote">“{escape(sentence)}”</span>')
    lines.append(f"<i>{CAVEAT}</i>")
    return '<div class="kls-why">' + "<br>".join(lines) + "</div>"


def by_sentence(facts: StudyFacts) -> dict[str, list[str]]:
    """The shown fields grouped by the sentence they were read from, in reading order."""
    grouped: dict[str, list[str]] = {}
    for field, sentence in facts.evidence:
        if field in FIELD_LABELS:
            grouped.setdefault(sentence, []).append(field)
    return grouped


def _value(facts: StudyFacts, field: str) -> str:
    value = value_of(facts, field)
    return f": {escape(value)}" if value and field != "main_finding" else ""


def value_of(facts: StudyFacts, field: str) -> str:
    """A fact as text: lists joined with commas, numbers written out, empty as ""."""
    value = getattr(facts, field, None)
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)
