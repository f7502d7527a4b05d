"""How strongly a paper answers the query, from absolute evidence, and what to tell the reader.

Fused scores are normalised within one query, so the top result always looks perfect, even for
nonsense. Strength uses two figures that mean the same thing in every query: the best cosine
similarity between the query and one of the paper's passages (`dense`), and the share of the
query's content words the paper contains (`coverage`). The thresholds were calibrated by
`python -m evaluation.calibrate_match` (SciFact train judgements and our own questions over the
article and the PubMed records; README, "How strong a match is").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

STRONG, PARTIAL, WEAK = "strong", "partial", "weak"
LEVELS = (WEAK, PARTIAL, STRONG)


@dataclass(frozen=True)
class MatchThresholds:
    """Strong: close in meaning and most words present. Partial: close in meaning, or most
    words present. Weak: neither. Calibrated on SciFact train: strong is the lowest cosine at
    which a strong paper on page 1 is relevant more often than not (precision 0.54); partial
    leaves 12% of relevant papers weak; coverage 0.6 (3 of 5 words, 2 of 3) is the lowest that
    gave no unanswerable question of ours a match by words alone."""

    strong_dense: float = 0.60
    strong_coverage: float = 0.60
    partial_dense: float = 0.45
    partial_coverage: float = 0.60


def levels(
    dense: np.ndarray, coverage: np.ndarray, limits: MatchThresholds = MatchThresholds()
) -> np.ndarray:
    """0 (weak), 1 (partial) or 2 (strong) for each paper."""
    strong = (dense >= limits.strong_dense) & (coverage >= limits.strong_coverage)
    partial = (dense >= limits.partial_dense) | (coverage >= limits.partial_coverage)
    return np.where(strong, 2, np.where(partial, 1, 0))


def strength(dense: float, coverage: float, limits: MatchThresholds = MatchThresholds()) -> str:
    """"strong", "partial" or "weak" for one paper."""
    return LEVELS[int(levels(np.array([dense]), np.array([coverage]), limits)[0])]


def notice(missing: Sequence[str], all_weak: bool) -> str | None:
    """The sentence the page shows above the results, or None when there is nothing to say."""
    if missing:
        said = f"No document mentions {_listed(missing)}"
        tail = "; every match is weak" if all_weak else ""
        return f"{said}{tail}; these are the nearest passages."
    if all_weak:
        return (
            "Every match is weak: nothing in the collection answers this closely; "
            "these are the nearest passages."
        )
    return None


def _listed(words: Sequence[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} or {words[-1]}"
