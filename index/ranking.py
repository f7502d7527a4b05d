"""How the two channels' scores become one ranking.

The dense channel (cosine of MiniLM vectors) understands paraphrases ("does it work fast"); the
lexical channel (BM25) catches exact terms and abbreviations ("5-HT2A", "TRD"). Each proposes
its best candidates, both scores are computed exactly for every candidate, normalised over the
candidates, and mixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.errors import ConfigError
from index.query_form import CLAIM, KEYWORDS, QUESTION

MODES = ("hybrid", "dense", "lexical")
DEFAULT_VOCABULARY = Path(__file__).resolve().parents[1] / "corpus" / "vocabulary.tsv"


@dataclass(frozen=True)
class RankingConfig:
    """How channels are combined. `dense_weight` is the share of the normalised dense score in
    the fused score; `candidates` is how many passages each channel proposes;
    `expansion_weight` scales BM25 of the vocabulary's synonyms for query terms (`vocabulary`)."""

    mode: str = "hybrid"
    dense_weight: float = 0.6
    candidates: int = 300
    expansion_weight: float = 0.5
    vocabulary: Path = DEFAULT_VOCABULARY
    drop_fillers: bool = False
    expansion_split: float = 0.0
    question_dense_weight: float = -1.0  # < 0: `dense_weight`
    keyword_dense_weight: float = -1.0  # < 0: `dense_weight`
    normalisation: str = "minmax"  # minmax | zero | zscore | rrf

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ConfigError(f"KLS_MODE={self.mode!r}: choose one of {', '.join(MODES)}")
        if not 0 <= self.dense_weight <= 1:
            raise ConfigError(f"KLS_DENSE_WEIGHT={self.dense_weight}: expected 0 to 1")
        if not 1 <= self.candidates <= 100_000:
            raise ConfigError(f"KLS_CANDIDATES={self.candidates}: expected 1 to 100000")
        if not 0 <= self.expansion_weight <= 10:
            raise ConfigError(f"KLS_EXPANSION_WEIGHT={self.expansion_weight}: expected 0 to 10")


def fuse(
    dense: np.ndarray, lexical: np.ndarray, ranking: RankingConfig, form: str = CLAIM
) -> np.ndarray:
    """Convex combination of min-max normalised channel scores (one channel in a single mode)."""
    if ranking.mode == "dense":
        return dense.astype(np.float64)
    if ranking.mode == "lexical":
        return lexical.astype(np.float64)
    weight = dense_weight(ranking, form)
    how = ranking.normalisation
    if how == "rrf":
        return weight * _rrf(dense) + (1 - weight) * _rrf(lexical)
    scale = {"minmax": normalise, "zero": _from_zero, "zscore": _zscore}[how]
    return weight * scale(dense) + (1 - weight) * scale(lexical)


def dense_weight(ranking: RankingConfig, form: str) -> float:
    """The dense share for a query of this form (`index.query_form`)."""
    if form == QUESTION and ranking.question_dense_weight >= 0:
        return ranking.question_dense_weight
    if form == KEYWORDS and ranking.keyword_dense_weight >= 0:
        return ranking.keyword_dense_weight
    return ranking.dense_weight


def _from_zero(scores: np.ndarray) -> np.ndarray:
    high = float(scores.max()) if len(scores) else 0.0
    return scores / high if high > 1e-9 else np.zeros(len(scores))


def _zscore(scores: np.ndarray) -> np.ndarray:
    spread = float(scores.std()) if len(scores) else 0.0
    return (scores - scores.mean()) / spread if spread > 1e-9 else np.zeros(len(scores))


def _rrf(scores: np.ndarray, k: int = 60) -> np.ndarray:
    ranks = np.empty(len(scores))
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return np.where(scores > 0, 1.0 / (k + ranks), 0.0) * (k + 1)


def normalise(scores: np.ndarray) -> np.ndarray:
    """Min-max to [0, 1]; a constant channel is all 1 (if it scored) or all 0."""
    if len(scores) == 0:
        return scores.astype(np.float64)
    low, high = float(scores.min()), float(scores.max())
    if high - low < 1e-9:
        return np.zeros(len(scores)) if high <= 0 else np.ones(len(scores))
    return (scores - low) / (high - low)
