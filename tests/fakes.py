"""A fast, deterministic stand-in for the embedding model, and a spy that counts its calls.

Vectors come from hashing word stems into 64 buckets, so texts sharing words are similar: enough
for tests of plumbing and ranking mechanics, with no model load.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np


class HashingEmbedder:
    """Bag-of-words vectors; counts tokens as whitespace-separated words."""

    name = "test-hashing-embedder"
    dimension = 64

    def __init__(self) -> None:
        self.embedded_texts: list[str] = []

    def embed(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        self.embedded_texts.extend(texts)
        matrix = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                bucket = int(hashlib.md5(word[:5].encode()).hexdigest(), 16) % self.dimension
                matrix[i, bucket] += 1.0
            norm = np.linalg.norm(matrix[i])
            matrix[i] = matrix[i] / norm if norm else matrix[i]
            if not norm:
                matrix[i, 0] = 1.0
        return matrix

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(t.split()) for t in texts]
