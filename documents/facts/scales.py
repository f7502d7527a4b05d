"""Outcome scales: named rating scales and questionnaires, as their usual abbreviation.

A scale named only to select participants ("HAM-D >= 18 at entry") measures no outcome and is
dropped; one also used as an outcome stays, and so does one whose cut-off defines an outcome
("a score > 10 indicating depression"). Background sentences give no scale.
"""

from __future__ import annotations

import re

from documents.facts.context import Abstract, Analysed

_ELIGIBILITY = re.compile(r"\b(?:inclusion|included if|eligib|entry|enrol|to enter|criteria|"
                          r"diagnos|screen)", re.IGNORECASE)
_THRESHOLD = re.compile(r"\b(?:with a (?:baseline )?(?:score|total)|"
                        r"scores? (?:of )?(?:>|<|at least|greater|higher|above|\u2265)|"
                        r"(?:>=?|\u2265|=>|=) ?\d+(?![\d.]))",  # "MADRS>=20", not "p=0.04"
                        re.IGNORECASE)
_CASE_DEFINITION = re.compile(r"\d (?:\w+ )?(?:indicating|defining)\b", re.IGNORECASE)


def outcome_scales(abstract: Abstract) -> list[tuple[str, Analysed]]:
    """Each scale once, in order of first mention, with its sentence."""
    found: dict[str, tuple[str, Analysed]] = {}
    only_eligibility: set[str] = set()
    for sentence in abstract.sentences:
        if sentence.section in ("background", "limitations"):
            continue
        eligibility = bool(_ELIGIBILITY.search(sentence.text) or (
            _THRESHOLD.search(sentence.text) and not _CASE_DEFINITION.search(sentence.text)))
        for match in sentence.of("scale"):
            if match.canonical not in found and eligibility:
                only_eligibility.add(match.canonical)
            elif not eligibility:
                only_eligibility.discard(match.canonical)
            found.setdefault(match.canonical, (match.canonical, sentence))
    return [pair for name, pair in found.items() if name not in only_eligibility]
