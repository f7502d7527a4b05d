"""An `Embedder` that spreads a large batch over processes, one torch thread each.

The writer calls it like any embedder. A local model (in this process) counts tokens and embeds
short inputs. A large batch is shared between this process and `workers - 1` worker processes:
the workers start at the first large batch and load their models (12 s at load 4, 35 s at
load 9, on 2 cores) while this process already embeds, and this process being one of the
workers saves a model's memory (about 0.9 GB) over a pool of `workers` processes beside it.
It is sorted by length, longest first, and cut into contiguous shards of similar lengths
(little padding), each handed to whichever process is free (balanced work); the vectors are put
back in input order. Shards of 32 texts went faster on one thread than shards of 64 (20.0 vs
15.8 texts/s, same load).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import TracebackType

import numpy as np
from tqdm import tqdm

from index.embed import Embedder, one_thread
from index.embed_workers import WorkerPool

Factory = Callable[[], Embedder]
MIN_POOL_TEXTS = 400
SHARD_SIZE = 32


def length_order(texts: Sequence[str]) -> list[int]:
    """Indices of `texts`, longest first (ties keep input order)."""
    return sorted(range(len(texts)), key=lambda i: -len(texts[i]))


def shards_of(texts: Sequence[str], size: int) -> list[list[int]]:
    """Contiguous runs of the length order, `size` texts each (the last may be shorter)."""
    order = length_order(texts)
    return [order[start : start + size] for start in range(0, len(order), size)]


class PooledEmbedder:
    """`workers` embedding processes, this one included; the others are started at the first
    large batch and kept until `close`. Use it as a context manager (or call `close`) so no
    worker outlives the work."""

    def __init__(
        self, factory: Factory, workers: int, *, local: Embedder | None = None,
        min_texts: int = MIN_POOL_TEXTS, shard_size: int = SHARD_SIZE,
    ) -> None:
        """`factory` makes the model, here (unless `local` is given) and in each worker, so it
        must be picklable: a class or a module-level function."""
        self._local = local if local is not None else factory()
        self.name, self.dimension = self._local.name, self._local.dimension
        self._factory, self._workers = factory, workers
        self._min_texts, self._shard_size = min_texts, shard_size
        self._pool: WorkerPool | None = None

    @property
    def worker_pids(self) -> list[int]:
        return self._pool.pids if self._pool else []

    def start(self) -> None:
        """Start the workers now (they load their models in the background)."""
        if self._pool is None:
            self._pool = WorkerPool(self._factory, self._workers - 1)

    def embed(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """Locally below `min_texts` or with one worker; otherwise across the workers. On any
        failure or interrupt the workers are stopped at once (the next call starts new ones)."""
        if self._workers < 2 or not texts or len(texts) < self._min_texts:
            return self._local.embed(texts, progress)
        try:
            self.start()
            return self._gather(texts, progress)
        except BaseException:
            self.close(timeout=0)
            raise

    def _gather(self, texts: Sequence[str], progress: bool) -> np.ndarray:
        assert self._pool is not None
        shards = shards_of(texts, self._shard_size)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        batches = [[texts[i] for i in s] for s in shards]
        with tqdm(total=len(texts), desc="Embedding", unit="text", disable=not progress) as bar, \
                one_thread():
            for number, vectors in self._pool.run(batches, self._local.embed):
                out[shards[number]] = vectors
                bar.update(len(shards[number]))
        return out

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self._local.count_tokens(texts)

    def close(self, timeout: float = 5.0) -> None:
        """Stop the workers (see `WorkerPool.close`); the local model stays usable."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.close(timeout)

    def __enter__(self) -> PooledEmbedder:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close(timeout=0 if error is not None else 5.0)
