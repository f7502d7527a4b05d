"""Paired comparison of two rankings on the same queries: is B really better than A?

A mean over 35 or 800 queries moves by a few thousandths from noise alone, so a change is kept
only on evidence: the mean difference, how many queries went up, down or stayed, and a
two-sided paired sign-flip permutation test (under "no difference" each query's difference is
as likely to be negative as positive; the p-value is the share of 10,000 random sign patterns
whose mean difference is at least as far from zero as the observed one). NumPy only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

PERMUTATIONS = 10_000
EPSILON = 1e-9
_CHUNK = 2_000


@dataclass(frozen=True)
class Paired:
    """B against A over the queries both scored."""

    queries: int
    mean_a: float
    mean_b: float
    up: int
    down: int
    same: int
    p_value: float

    @property
    def delta(self) -> float:
        return self.mean_b - self.mean_a

    def line(self, label: str) -> str:
        return (f"{label:<22}{self.queries:>5}{self.mean_a:>9.4f}{self.mean_b:>9.4f}"
                f"{self.delta:>+9.4f}{self.up:>5}/{self.down:<4}{self.same:>5}"
                f"{self.p_value:>9.4f}")


HEADER = f"{'set':<22}{'n':>5}{'A':>9}{'B':>9}{'B-A':>9}{'up/down':>10}{'same':>5}{'p':>9}"


def compare(
    a: Mapping[str, float], b: Mapping[str, float], permutations: int = PERMUTATIONS,
    seed: int = 0,
) -> Paired:
    """B against A on the queries both mappings score."""
    ids = sorted(set(a) & set(b))
    first = np.array([a[q] for q in ids], dtype=np.float64)
    second = np.array([b[q] for q in ids], dtype=np.float64)
    diffs = second - first
    return Paired(
        queries=len(ids),
        mean_a=float(first.mean()) if ids else 0.0,
        mean_b=float(second.mean()) if ids else 0.0,
        up=int((diffs > EPSILON).sum()),
        down=int((diffs < -EPSILON).sum()),
        same=int((np.abs(diffs) <= EPSILON).sum()),
        p_value=sign_flip_p(diffs, permutations, seed),
    )


def sign_flip_p(diffs: np.ndarray, permutations: int = PERMUTATIONS, seed: int = 0) -> float:
    """Two-sided p-value of the mean paired difference (1.0 when every difference is 0)."""
    if len(diffs) == 0 or not np.any(np.abs(diffs) > EPSILON):
        return 1.0
    observed = abs(float(diffs.mean()))
    rng = np.random.default_rng(seed)
    extreme = 0
    for start in range(0, permutations, _CHUNK):
        size = min(_CHUNK, permutations - start)
        signs = rng.choice((-1.0, 1.0), size=(size, len(diffs)))
        extreme += int((np.abs(signs @ diffs) / len(diffs) >= observed - EPSILON).sum())
    return (extreme + 1) / (permutations + 1)
