"""An embedder that remembers every text it embedded, on disk, for ranking experiments.

A paired comparison runs the same 800 queries through many configurations; the query vectors
never change, so they are embedded once and kept in `.npy` (vectors) plus JSON (texts) under
`.cache/` (data formats only, never pickle). The model itself is loaded only on a miss.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from index.embed import DEFAULT_MODEL, Embedder


class CachedEmbedder:
    """Vectors of known texts from the cache, others from the model (loaded on first need)."""

    def __init__(self, folder: Path, factory: Callable[[], Embedder], dimension: int = 384,
                 name: str = DEFAULT_MODEL) -> None:
        self.name = name
        self.dimension = dimension
        self._folder = folder
        self._factory = factory
        self._model: Embedder | None = None
        self._known: dict[str, np.ndarray] = {}
        self._load()

    def embed(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._known))
        if missing:
            vectors = self.model().embed(missing, progress=progress)
            self._known.update(zip(missing, vectors, strict=True))
            self.save()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._known[t] for t in texts]).astype(np.float32)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.model().count_tokens(texts)

    def model(self) -> Embedder:
        if self._model is None:
            self._model = self._factory()
        return self._model

    def save(self) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        texts = list(self._known)
        matrix = np.stack([self._known[t] for t in texts]) if texts else np.zeros((0, 1))
        np.save(self._folder / "vectors.tmp.npy", matrix.astype(np.float32), allow_pickle=False)
        (self._folder / "texts.tmp.json").write_text(json.dumps(texts), encoding="utf-8")
        os.replace(self._folder / "vectors.tmp.npy", self._folder / "vectors.npy")
        os.replace(self._folder / "texts.tmp.json", self._folder / "texts.json")

    def _load(self) -> None:
        texts_file, vectors_file = self._folder / "texts.json", self._folder / "vectors.npy"
        if not (texts_file.is_file() and vectors_file.is_file()):
            return
        texts = json.loads(texts_file.read_text(encoding="utf-8"))
        matrix = np.load(vectors_file, allow_pickle=False)
        if len(texts) == len(matrix):
            self._known = dict(zip(texts, matrix, strict=True))
