"""Query embeddings started ahead: the same vector as embedding in place, errors where taken."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from index.embed_ahead import EmbedAhead


def test_started_and_unstarted_embeddings_are_the_same() -> None:
    threads: list[str] = []

    def embed(text: str) -> np.ndarray:
        threads.append(threading.current_thread().name)
        return np.array([len(text), ord(text[0])], dtype=np.float32)

    ahead = EmbedAhead(embed, kept=2)
    ahead.start("ketamine")
    ahead.start("ketamine")  # once
    assert ahead.take("ketamine").tolist() == [8, ord("k")]
    assert ahead.take("ketamine").tolist() == [8, ord("k")]  # not kept: embedded here
    assert threads[0].startswith("kls-query-embedding")
    assert threads[1:] == [threading.current_thread().name]
    for text in ("a", "b", "c"):  # at most `kept` left behind
        ahead.start(text)
    assert len(ahead._started) == 2


def test_an_error_is_raised_where_the_embedding_is_taken() -> None:
    def fail(text: str) -> np.ndarray:
        raise RuntimeError(f"model failed on {text}")

    ahead = EmbedAhead(fail, kept=4)
    ahead.start("q")
    with pytest.raises(RuntimeError, match="model failed on q"):
        ahead.take("q")
    assert not ahead._started
