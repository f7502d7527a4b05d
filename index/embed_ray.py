"""Embedding on a Ray cluster through Ray Data: the same model and the same vectors, spread over
one actor per CPU of the cluster.

`ray` is imported here only, and only when `--ray` asks for it, so the product runs without it.
What was learnt on Ray 2.60: an actor asking for 2 CPUs on a 2-CPU cluster waits forever with
no error, so every actor asks for one (and runs one torch thread). A local cluster listens on
every interface and names itself by the machine's external address even when `ray.init` is
given `_node_ip_address="127.0.0.1"` (2.60 maps loopback to the external address); only
`RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0`, set before ray is imported, keeps it on 127.0.0.1.
Ray Data does not promise row order, so each row carries its input position.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from core.errors import ConfigError, EmbeddingFailed
from index.embed import Embedder, available_cores
from index.embed_pool import MIN_POOL_TEXTS, SHARD_SIZE, length_order

Factory = Callable[[], Embedder]
ACTOR_CPUS = 1
_ROOT = Path(__file__).resolve().parents[1]


_MISSING = "--ray needs Ray: pip install 'ray[data]==2.60.0'"
_LOOPBACK_ONLY = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"


def require_ray() -> None:
    """One line saying how to get Ray when it is not installed (checked without importing it,
    which must wait until we know whether the cluster is local)."""
    if importlib.util.find_spec("ray") is None:
        raise ConfigError(_MISSING)


def import_ray(local: bool) -> ModuleType:
    """ray and ray.data; for a local cluster, set up to stay on the loopback address."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no reports sent anywhere
    if local:
        os.environ[_LOOPBACK_ONLY] = "0"
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ConfigError(_MISSING) from None
    if local:  # in case ray was imported before: the flag is read when ray is imported
        ray._private.ray_constants.ENABLE_RAY_CLUSTER = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    return ray


class ModelActor:
    """What each Ray Data actor runs: one model, one torch thread, loaded once per actor."""

    def __init__(self, factory: Factory) -> None:
        os.environ.update(dict.fromkeys(("OMP_NUM_THREADS", "MKL_NUM_THREADS"), "1"))
        self._model = factory()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        vectors = self._model.embed([str(text) for text in batch["text"]])
        return {"row": batch["row"], "vector": vectors}


class RayEmbedder:
    """An `Embedder` whose large batches go through `map_batches` on an actor pool; short
    inputs and token counts stay with a local model, as in `PooledEmbedder`."""

    def __init__(
        self, factory: Factory, address: str = "auto", *, local: Embedder | None = None,
        min_texts: int = MIN_POOL_TEXTS, batch_size: int = SHARD_SIZE,
    ) -> None:
        """`address`: "auto" joins the cluster named by RAY_ADDRESS if it is set, and otherwise
        starts a cluster of this machine on 127.0.0.1; anything else is a cluster address
        for `ray.init` (host:port, or ray://host:port)."""
        require_ray()
        self._ray: Any = None
        self._local = local if local is not None else factory()
        self.name, self.dimension = self._local.name, self._local.dimension
        self._factory, self._address = factory, address
        self._min_texts, self._batch_size = min_texts, batch_size

    def embed(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        if not texts or len(texts) < self._min_texts:
            return self._local.embed(texts, progress)
        self._connect()
        self._ray.data.DataContext.get_current().enable_progress_bars = progress
        rows = self._ray.data.from_items(
            [{"row": i, "text": texts[i]} for i in length_order(texts)]
        )
        pool = self._ray.data.ActorPoolStrategy(size=self._actors())
        mapped = rows.map_batches(
            ModelActor, fn_constructor_args=(self._factory,), batch_size=self._batch_size,
            batch_format="numpy", num_cpus=ACTOR_CPUS, compute=pool,
        )
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        seen = 0
        for batch in mapped.iter_batches(batch_format="numpy", batch_size=None):
            out[batch["row"]] = batch["vector"]
            seen += len(batch["row"])
        if seen != len(texts):
            raise EmbeddingFailed(f"Ray returned {seen} vectors for {len(texts)} texts")
        return out

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self._local.count_tokens(texts)

    def _actors(self) -> int:
        """One actor per CPU of the cluster."""
        return max(1, int(self._ray.cluster_resources().get("CPU", 1)))

    def _connect(self) -> None:
        """Join or start the cluster at the first large batch, not before."""
        if self._ray is not None:
            return
        address = self._address
        if address == "auto":
            address = os.environ.get("RAY_ADDRESS", "local")
        ray = import_ray(local=address == "local")
        quiet: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": False}
        if address != "local":
            ray.init(address=address, **quiet)
        else:
            path = os.pathsep.join(dict.fromkeys(p for p in (str(_ROOT), *sys.path) if p))
            ray.init(  # its actors import from where this process does
                address="local", num_cpus=available_cores(), include_dashboard=False,
                _node_ip_address="127.0.0.1", runtime_env={"env_vars": {"PYTHONPATH": path}},
                **quiet,
            )
        self._ray = ray

    def close(self) -> None:
        """Leave the cluster (a local one is shut down with it)."""
        if self._ray is not None:
            self._ray.shutdown()
            self._ray = None

    def __enter__(self) -> RayEmbedder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
