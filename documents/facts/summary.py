"""One line for a result card: "RCT · double-blind · n = 67 · ketamine 0.5 mg/kg IV vs midazolam ·
MADRS · 24 h". Empty facts are left out, so a card never shows a placeholder."""

from __future__ import annotations

import re

from documents.facts.model import StudyFacts

_DESIGN = {"rct": "RCT", "clinical_study": "Clinical study", "case_report": "Case report",
           "systematic_review": "Systematic review", "animal": "Animal study",
           "in_vitro": "In vitro", "narrative_review": "Review", "other": ""}
_ROUTE = {"intravenous": "IV", "intranasal": "intranasal", "oral": "oral", "intramuscular": "IM",
          "subcutaneous": "SC", "sublingual": "sublingual", "inhaled": "inhaled",
          "intraperitoneal": "i.p."}
_UNIT = {"hours": "h", "hour": "h", "minutes": "min", "minute": "min"}
SEPARATOR = " \u00b7 "


def summary_line(facts: StudyFacts) -> str:
    """The facts a clinician scans first, in a fixed order, joined by middle dots."""
    parts = [_DESIGN.get(facts.design, ""), facts.blinding or ""]
    if facts.n_participants is not None:
        parts.append(f"n = {facts.n_participants}")
    if facts.n_studies is not None:
        parts.append(f"{facts.n_studies} studies")
    parts.append(_treatment(facts))
    parts.append(", ".join(facts.outcome_scales[:3]))
    parts.append(", ".join(_short_time(t) for t in facts.timepoints[:3]))
    return SEPARATOR.join(p for p in parts if p)


def _treatment(facts: StudyFacts) -> str:
    """"ketamine 0.5 mg/kg IV vs midazolam": first drug, first dose, first route, comparators."""
    words = [", ".join(facts.interventions[:2])] if facts.interventions else []
    if facts.doses and words:
        words.append(facts.doses[0])
    if facts.routes and words:
        words.append(_ROUTE.get(facts.routes[0], facts.routes[0]))
    text = " ".join(words)
    if facts.comparator:
        text = f"{text} vs {', '.join(facts.comparator[:2])}".strip()
    return text


def _short_time(time: str) -> str:
    return re.sub(r"\b(hours?|minutes?)\b", lambda m: _UNIT[m.group(1)], time)
