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
    rare_dense: float = 0.50


def levels(
    dense: np.ndarray, coverage: np.ndarray, limits: MatchThresholds = MatchThresholds(),
    rarest: np.ndarray | None = None,
) -> np.ndarray:
    """0 (weak), 1 (partial) or 2 (strong) for each paper. `rarest`: whether each paper holds
    the query's rarest word; one without it needs `rare_dense` to match by meaning alone
    ("esketamine nasal spray dosing": papers on dosing other drugs nasally are close in
    meaning, 0.45-0.49, and hold 3 of its 4 words, but not the one that matters)."""
    close = dense >= limits.partial_dense
    if rarest is not None:
        close &= rarest | (dense >= limits.rare_dense)
    strong = (dense >= limits.strong_dense) & (coverage >= limits.strong_coverage)
    partial = close | (coverage >= limits.partial_coverage)
    return np.where(strong, 2, np.where(partial, 1, 0))


def strength(dense: float, coverage: float, limits: MatchThresholds = MatchThresholds(),
             has_rarest: bool = True) -> str:
    """"strong", "partial" or "weak" for one paper."""
    found = levels(np.array([dense]), np.array([coverage]), limits, np.array([has_rarest]))
    return LEVELS[int(found[0])]


def rarest_held(present: Sequence[np.ndarray], size: int) -> np.ndarray:
    """Per document: does it hold the query's rarest word, the one the fewest documents hold
    among those some document holds (each of `present` is one word's per-document flags)?
    All True when no word occurs anywhere."""
    counts = [int(p.sum()) for p in present]
    found = [i for i, n in enumerate(counts) if n > 0]
    if not found:
        return np.ones(size, dtype=bool)
    return np.asarray(present[min(found, key=lambda i: counts[i])], dtype=bool)


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
