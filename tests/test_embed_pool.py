"""Embedding in worker processes (index.embed_pool) and through Ray (index.embed_ray): the same
vectors in the same order as one process, and no worker outliving its parent's work."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from fakes import HashingEmbedder

from core.errors import ConfigError, EmbeddingFailed
from index import embedders
from index.embed import EmbedConfig
from index.embed_pool import PooledEmbedder, shards_of
from ingest.cli import main as ingest_main

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [f"passage {i} on ketamine " + "and esketamine dosing " * (i % 13) for i in range(150)]


class SlowEmbedder(HashingEmbedder):
    """Takes 50 ms a text, so an embed can be interrupted half-way."""

    def embed(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        time.sleep(0.05 * len(texts))
        return super().embed(texts, progress)


class DyingEmbedder(HashingEmbedder):
    """Its process dies (as if killed) on a text that says so."""

    def embed(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        if any("die" in t for t in texts):
            os._exit(3)
        return super().embed(texts, progress)


def unloadable() -> HashingEmbedder:
    raise OSError("weights not found")


def alive(pid: int) -> bool:
    """Running, not a zombie (a container's first process may never reap orphans)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def gone(pids: list[int], within: float = 20.0) -> bool:
    deadline = time.monotonic() + within
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(alive(p) for p in pids)


def test_shards_are_contiguous_runs_of_the_length_order_covering_every_text_once() -> None:
    texts = ["bb", "a", "dddd", "ccc", "", "ee"]
    shards = shards_of(texts, 4)
    assert shards == [[2, 3, 0, 5], [1, 4]]
    assert sorted(i for s in shards for i in s) == list(range(len(texts)))


def test_pooled_vectors_equal_one_process_in_input_order() -> None:
    local = HashingEmbedder()
    with PooledEmbedder(HashingEmbedder, 3, local=local, min_texts=10, shard_size=7) as pooled:
        vectors = pooled.embed(TEXTS)
        pids = pooled.worker_pids
        assert len(pids) == 2 and all(alive(p) for p in pids)  # this process is the third
        assert len(local.embedded_texts) < len(TEXTS)  # it took its share, not all
        again = pooled.embed(TEXTS[::-1])  # the workers are reused
        assert pooled.worker_pids == pids
    assert np.array_equal(vectors, HashingEmbedder().embed(TEXTS))
    assert np.array_equal(again, vectors[::-1])
    assert gone(pids)


def test_short_inputs_and_token_counts_stay_local() -> None:
    local = HashingEmbedder()
    pooled = PooledEmbedder(HashingEmbedder, 2, local=local, min_texts=100)
    assert pooled.embed(TEXTS[:5]).shape == (5, local.dimension)
    assert pooled.count_tokens(["two words"]) == [2]
    assert local.embedded_texts == TEXTS[:5] and pooled.worker_pids == []
    assert (pooled.name, pooled.dimension) == (local.name, local.dimension)


def test_progress_is_reported_across_workers(capsys: pytest.CaptureFixture[str]) -> None:
    with PooledEmbedder(HashingEmbedder, 2, min_texts=10, shard_size=50) as pooled:
        pooled.embed(TEXTS, progress=True)
    err = capsys.readouterr().err
    assert "Embedding" in err and "150/150" in err


def test_a_model_that_does_not_load_in_a_worker_is_one_error_and_no_worker_is_left() -> None:
    pooled = PooledEmbedder(unloadable, 2, local=HashingEmbedder(), min_texts=10)
    with pytest.raises(EmbeddingFailed, match="did not load in a worker: OSError: weights"):
        pooled.embed(TEXTS)
    assert pooled.worker_pids == []


def test_a_factory_that_cannot_reach_a_worker_fails_at_once() -> None:
    pooled = PooledEmbedder(lambda: HashingEmbedder(), 2, min_texts=10)
    with pytest.raises((AttributeError, TypeError), match="pickle|local"):
        pooled.embed(TEXTS)
    assert pooled.worker_pids == []


def test_a_worker_that_dies_is_reported_and_the_rest_are_stopped() -> None:
    texts = [f"{text} will die" for text in TEXTS[:40]]  # a worker dies on its first shard
    with PooledEmbedder(DyingEmbedder, 3, local=HashingEmbedder(), min_texts=10,
                        shard_size=5) as pooled:
        pooled.start()
        pids = pooled.worker_pids
        with pytest.raises(EmbeddingFailed, match=r"embedding worker \d+ died \(exit code 3\)"):
            pooled.embed(texts)
        assert gone(pids)
        assert pooled.embed(TEXTS[:20]).shape == (20, 64)  # a later call starts new workers
        assert len(pooled.worker_pids) == 2 and pooled.worker_pids != pids


def _interrupted_child(stop: signal.Signals) -> list[int]:
    """A parent embedding slowly in two workers, sent `stop` half-way; its workers' pids."""
    script = (
        "import sys; from test_embed_pool import SlowEmbedder, TEXTS\n"
        "from index.embed_pool import PooledEmbedder\n"
        "pooled = PooledEmbedder(SlowEmbedder, 3, min_texts=1, shard_size=4)\n"
        "pooled.start(); print(*pooled.worker_pids, flush=True)\n"
        "pooled.embed(TEXTS)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    child = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None
    pids = [int(p) for p in child.stdout.readline().split()]
    time.sleep(3)  # the workers are loaded and embedding
    assert len(pids) == 2 and all(alive(p) for p in pids)
    child.send_signal(stop)
    child.wait(30)
    return pids


def test_ctrl_c_in_the_parent_leaves_no_worker() -> None:
    assert gone(_interrupted_child(signal.SIGINT), within=10)


def test_a_killed_parent_leaves_no_worker() -> None:
    """Each worker reads end-of-file on its pipe and ends after its current shard."""
    assert gone(_interrupted_child(signal.SIGKILL), within=20)


def test_workers_default_to_one_per_core() -> None:
    assert EmbedConfig().workers() == len(os.sched_getaffinity(0))
    assert EmbedConfig(embed_workers=3).workers() == 3


def test_indexing_commands_embed_across_workers_unless_one_is_asked_for() -> None:
    assert isinstance(embedders.choose(HashingEmbedder, 2)(), PooledEmbedder)
    assert embedders.choose(HashingEmbedder, 1) is HashingEmbedder
    assert embedders.choose(HashingEmbedder, environ={"KLS_EMBED_WORKERS": "1"}) is HashingEmbedder
    with pytest.raises(ConfigError, match="KLS_EMBED_WORKERS"):
        embedders.choose(HashingEmbedder, environ={"KLS_EMBED_WORKERS": "many"})
    with pytest.raises(ConfigError, match="embed_workers"):
        embedders.choose(HashingEmbedder, -1)


def test_the_command_stops_its_workers_when_it_ends() -> None:
    with contextlib.ExitStack() as stack:
        make = embedders.made_once(stack, embedders.choose(HashingEmbedder, 2))
        pooled = make()
        assert make() is pooled and isinstance(pooled, PooledEmbedder)
        pooled.start()
        pids = pooled.worker_pids
    assert gone(pids)


def test_build_with_workers_and_without_ray_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.txt").write_text("Ketamine and esketamine in depression.\n")
    build = ["build", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--quiet"]
    assert ingest_main([*build, "--workers", "2"], embedder_factory=HashingEmbedder) == 0
    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    assert ingest_main([*build, "--ray", "auto"], embedder_factory=HashingEmbedder) == 2
    assert capsys.readouterr().err.strip() == (
        "error: --ray needs Ray: pip install 'ray[data]==2.60.0'"
    )


def test_the_bench_holds_the_pooled_ingest_to_its_bar() -> None:
    from benchmarks import cli as bench_cli

    ingest = {"ratio": 0.95, "pooled_ratio": 1.52}
    rows = bench_cli.verdicts({"ingest": ingest})
    assert ("ingest pooled / raw encode", 1.52, ">= 1.4", True) in rows


def article_texts(count: int) -> list[str]:
    """Sentences and paragraphs of the article, of many lengths, as passages are."""
    text = (ROOT / "corpus" / "article.txt").read_text(encoding="utf-8")
    pieces = [p.strip() for p in text.replace(". ", ".\n").splitlines() if p.strip()]
    return [" ".join(pieces[i : i + 1 + i % 6])[:1500] for i in range(count)]


def assert_same_vectors(got: np.ndarray, want: np.ndarray) -> None:
    assert got.shape == want.shape and got.dtype == np.float32
    assert float(np.abs(got - want).max()) < 1e-5
    assert float((got * want).sum(axis=1).min()) >= 0.99999


@pytest.mark.model
def test_pooled_real_model_gives_the_vectors_of_one_process(real_embedder) -> None:
    from index.embed import SentenceTransformerEmbedder

    texts = article_texts(160)
    with PooledEmbedder(SentenceTransformerEmbedder, 2, local=real_embedder,
                        min_texts=0, shard_size=32) as pooled:
        got = pooled.embed(texts)
    assert_same_vectors(got, real_embedder.embed(texts))


@pytest.mark.model
def test_ray_data_gives_the_vectors_of_one_process_in_order(
    real_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A local Ray cluster on 127.0.0.1, one actor per core, 40 passages; shut down after."""
    pytest.importorskip("ray")
    from index.embed import SentenceTransformerEmbedder
    from index.embed_ray import RayEmbedder

    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    texts = article_texts(40)
    with RayEmbedder(SentenceTransformerEmbedder, "auto", local=real_embedder,
                     min_texts=0, batch_size=8) as on_ray:
        got = on_ray.embed(texts)
        import ray

        assert {node["NodeManagerAddress"] for node in ray.nodes()} == {"127.0.0.1"}
    assert not ray.is_initialized()
    assert_same_vectors(got, real_embedder.embed(texts))
