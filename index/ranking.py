"""How the two channels' scores become one ranking.

The dense channel (cosine of MiniLM vectors) understands paraphrases ("does it work fast"); the
lexical channel (BM25) catches exact terms and abbreviations ("5-HT2A", "TRD"). Each proposes
its best candidates, both scores are computed exactly for every candidate, min-max normalised
over the candidates, and mixed. A question leans further on the dense channel than a claim or a
few keywords do (`question_dense_weight`): its filler words blur BM25 while its meaning is what
the dense channel reads (README, "Ranking quality": dev set, tune split).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.errors import ConfigError
from index.query_form import CLAIM, QUESTION

MODES = ("hybrid", "dense", "lexical")
DEFAULT_VOCABULARY = Path(__file__).resolve().parents[1] / "corpus" / "vocabulary.tsv"


@dataclass(frozen=True)
class RankingConfig:
    """How channels are combined. `dense_weight` is the share of the normalised dense score in
    the fused score (`question_dense_weight` for a query phrased as a question, see
    `index.query_form`); `candidates` is how many passages each channel proposes;
    `expansion_weight` scales BM25 of the vocabulary's synonyms for query terms (`vocabulary`)."""

    mode: str = "hybrid"
    dense_weight: float = 0.6
    candidates: int = 300
    expansion_weight: float = 0.5
    vocabulary: Path = DEFAULT_VOCABULARY
    question_dense_weight: float = 0.8

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ConfigError(f"KLS_MODE={self.mode!r}: choose one of {', '.join(MODES)}")
        for name in ("dense_weight", "question_dense_weight"):
            value = getattr(self, name)
            if not 0 <= value <= 1:
                raise ConfigError(f"KLS_{name.upper()}={value}: expected 0 to 1")
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
    return weight * normalise(dense) + (1 - weight) * normalise(lexical)


def dense_weight(ranking: RankingConfig, form: str) -> float:
    """The dense share for a query of this form (`index.query_form`)."""
    return ranking.question_dense_weight if form == QUESTION else ranking.dense_weight


def normalise(scores: np.ndarray) -> np.ndarray:
    """Min-max to [0, 1]; a constant channel is all 1 (if it scored) or all 0."""
    if len(scores) == 0:
        return scores.astype(np.float64)
    low, high = float(scores.min()), float(scores.max())
    if high - low < 1e-9:
        return np.zeros(len(scores)) if high <= 0 else np.ones(len(scores))
    return (scores - low) / (high - low)
