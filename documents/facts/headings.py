"""Section headings of structured abstracts ("METHODS:", "Aim and methods:", "Principal
findings:") and the section each one opens; `prepare` splits sentences on them."""

from __future__ import annotations

import re

HEADINGS = {
    "background": "background", "introduction": "background", "context": "background",
    "rationale": "background", "importance": "background", "purpose": "objective",
    "objective": "objective", "objectives": "objective", "aim": "objective", "aims": "objective",
    "goal": "objective", "study objective": "objective", "design": "methods",
    "methods": "methods", "method": "methods", "materials and methods": "methods",
    "patients and methods": "methods", "setting": "methods", "settings": "methods",
    "participants": "methods", "patients": "methods", "subjects": "methods",
    "intervention": "methods", "interventions": "methods", "measurements": "methods",
    "main outcome measures": "methods", "outcomes": "methods", "data sources": "methods",
    "study selection": "methods", "data extraction": "methods", "study design": "methods",
    "design, setting, and participants": "methods", "study eligibility criteria": "methods",
    "eligibility criteria": "methods", "analysis": "methods", "procedures": "methods",
    "primary outcome": "methods", "secondary outcome": "methods", "condition": "methods",
    "results": "results", "findings": "results", "results and discussion": "results",
    "conclusion": "conclusions", "conclusions": "conclusions", "interpretation": "conclusions",
    "discussion": "conclusions", "implications": "conclusions", "significance": "conclusions",
    "conclusions and relevance": "conclusions", "limitations": "limitations",
    "trial registration": "other", "funding": "other", "clinical trial registration": "other",
    "aim and methods": "methods", "aims and methods": "methods",
    "objectives and methods": "methods",
    "methodology": "methods", "methods and materials": "methods", "material and methods": "methods",
    "subjects and methods": "methods", "participants and methods": "methods",
    "design and methods": "methods", "study design and methods": "methods",
    "experimental design": "methods", "methods and results": "methods",
    "outcome measures": "methods",
    "main outcomes and measures": "methods", "main outcome measure": "methods",
    "data collection": "methods", "evidence acquisition": "methods", "population": "methods",
    "sample": "methods",
    "case presentation": "results", "case description": "results", "case report": "results",
    "principal findings": "results", "principle findings": "results",
    "principle finding": "results",
    "main findings": "results", "main results": "results", "key results": "results",
    "key findings": "results", "data synthesis": "results", "evidence synthesis": "results",
    "results and conclusions": "results", "background and aims": "objective",
    "background and aim": "objective", "background and objectives": "objective",
    "background and purpose": "objective", "introduction and aims": "objective",
    "conclusions and implications": "conclusions", "clinical implications": "conclusions",
    "clinical relevance": "conclusions", "relevance": "conclusions",
}
HEADING = re.compile(
    r"(?<![\w,;])(" + "|".join(sorted((re.escape(h) for h in HEADINGS), key=len, reverse=True))
    + r"|(?-i:[A-Z]{3,}(?:[ /&-]+[A-Z]{2,}){0,5})(?=\s?:))(?:\s?:|(?=\s(?-i:[A-Z0-9])))",
    re.IGNORECASE)  # known headings, and any other one in capitals before a colon


def section_of(heading: str, current: str) -> str:
    """The section a heading opens: a known one's, "body" for an unknown capitals heading
    ("AREAS OF UNCERTAINTY:", "THERAPEUTIC ADVANCES:"), else the current section."""
    if heading.lower() in HEADINGS:
        return HEADINGS[heading.lower()]
    return "body" if heading.isupper() else current
