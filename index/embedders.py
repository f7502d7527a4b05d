"""Which embedder an indexing command uses: the model in this process, across worker processes,
or through Ray; made only when something is embedded, and closed when the command ends."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Mapping

from core.settings import from_env
from index.embed import EmbedConfig, Embedder
from index.embed_pool import PooledEmbedder
from index.embed_ray import RayEmbedder, require_ray

Factory = Callable[[], Embedder]


def choose(model: Factory, workers: int | None = None, ray: str | None = None,
           environ: Mapping[str, str] = os.environ) -> Factory:
    """Through Ray when `ray` names a cluster ("auto" or an address); else across `workers`
    processes (KLS_EMBED_WORKERS; one per core by default: on 2 cores two one-thread
    processes embed ~1.5x faster than one two-thread process); else `model` itself, in this
    process, when one worker is asked for. A missing Ray is reported here, before any work."""
    if ray:
        require_ray()
        return functools.partial(RayEmbedder, model, ray)
    count = from_env(EmbedConfig, environ, embed_workers=workers).workers()
    return functools.partial(PooledEmbedder, model, count) if count > 1 else model


def made_once(stack: contextlib.ExitStack, factory: Factory) -> Factory:
    """`factory` called at most once, and only when asked (the model loads only when something
    is embedded); what it made is closed with `stack` (stopping workers, leaving a cluster)."""

    @functools.cache
    def embedder() -> Embedder:
        made = factory()
        close = getattr(made, "close", None)
        if callable(close):
            stack.callback(close)
        return made

    return embedder
