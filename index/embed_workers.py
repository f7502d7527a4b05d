"""Worker processes that each hold a copy of the model and embed the shards they are handed.

On 2 cores two processes with one torch thread each embedded 33.8 texts/s, where one process
with two threads managed 20-24: torch's threads wait on each other, processes do not. A worker
is a fresh `python -m index.embed_workers` (torch and fork do not mix), started with one
thread set in its environment before anything is imported and without re-running the
caller's script (as multiprocessing's "spawn" would, breaking scripts without a main guard).
It gets the model factory first, loads the model through it (the packaged model, hub off, as
in the parent), then answers one shard at a time over a socket pair. The socket also ties its
life to the parent's: a worker whose parent closed it or went away reads end-of-file and
exits. Messages are pickled between our own processes only; nothing is persisted.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import cast

import numpy as np

from core.errors import EmbeddingFailed
from index.embed import Embedder

Factory = Callable[[], Embedder]
ONE_THREAD = dict.fromkeys(("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"), "1")


def serve(conn: Connection) -> None:
    """A worker's life: receive the factory, load the model, answer each shard with its vectors
    (or an error line) until the parent's end of the socket closes."""
    model: Embedder | None = None
    try:
        model = cast(Factory, conn.recv())()
        failure = ""
    except (EOFError, ConnectionResetError):
        return  # the parent went away before the model was asked for
    except Exception as error:  # reported to the parent with the first shard
        failure = f"the model did not load in a worker: {type(error).__name__}: {error}"
    try:
        while (texts := conn.recv()) is not None:
            conn.send(_answer(model, texts, failure))
    except (EOFError, OSError):
        return  # the parent closed the socket (stop) or went away


def _answer(model: Embedder | None, texts: list[str], failure: str) -> tuple[str, object]:
    if model is None:
        return "error", failure
    try:
        return "ok", model.embed(texts)
    except Exception as error:
        return "error", f"embedding failed in a worker: {type(error).__name__}: {error}"


class WorkerPool:
    """`size` workers started once; `run` hands out shards as workers come free."""

    def __init__(self, factory: Factory, size: int) -> None:
        """Start `size` workers; they load their models while the caller goes on. Each runs in
        its own session, so Ctrl-C reaches the parent only, which then stops them."""
        env = {**os.environ, **ONE_THREAD, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self._processes: list[subprocess.Popen[bytes]] = []
        self._conns: list[Connection] = []
        try:
            for _ in range(size):
                self._start_one(env)
                self._conns[-1].send(factory)
        except BaseException:  # e.g. a factory that cannot be pickled
            self.close(timeout=0)
            raise

    def _start_one(self, env: dict[str, str]) -> None:
        mine, theirs = socket.socketpair()
        with theirs:
            self._processes.append(subprocess.Popen(
                [sys.executable, "-m", "index.embed_workers", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL,
                start_new_session=True,
            ))
        self._conns.append(Connection(mine.detach()))

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self._processes]

    def run(
        self, shards: Sequence[list[str]], local: Callable[[list[str]], np.ndarray] | None = None
    ) -> Iterator[tuple[int, np.ndarray]]:
        """(shard number, vectors) as each shard comes back, in completion order. With `local`
        the calling process embeds too: whenever every worker is busy and shards remain, it
        takes the next one itself. A dead worker or a worker's error raises EmbeddingFailed;
        the pool is then unusable (close it)."""
        pending = list(range(len(shards) - 1, -1, -1))  # popped from the end: first shard first
        busy: dict[Connection, int] = {}
        idle = list(self._conns)
        while pending or busy:
            while idle and pending:
                conn = idle.pop()
                busy[conn] = pending.pop()
                conn.send(shards[busy[conn]])
            if local is not None and pending:
                shard = pending.pop()
                yield shard, local(shards[shard])
            for ready in wait(list(busy), timeout=0 if local and pending else None):
                conn = cast(Connection, ready)
                shard = busy.pop(conn)
                idle.append(conn)
                yield shard, self._receive(conn)

    def _receive(self, conn: Connection) -> np.ndarray:
        try:
            status, value = conn.recv()
        except (EOFError, ConnectionResetError):
            worker = self._processes[self._conns.index(conn)]
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.wait(1)  # for its exit code
            raise EmbeddingFailed(f"embedding worker {worker.pid} died (exit code "
                               f"{worker.returncode})") from None
        if status != "ok" or not isinstance(value, np.ndarray):
            raise EmbeddingFailed(f"embedding worker failed: {value}")
        return value

    def close(self, timeout: float = 5.0) -> None:
        """Close the sockets, which every worker reads as "stop" (one mid-shard finishes it first),
        wait up to `timeout` seconds, then terminate, and at last kill, any still running.
        `timeout=0` after an interrupt stops them at once."""
        for conn in self._conns:
            conn.close()
        for process in self._processes:
            _stop(process, timeout)
        self._processes, self._conns = [], []


def _stop(process: subprocess.Popen[bytes], timeout: float) -> None:
    """Wait up to `timeout` seconds, then terminate, and at last kill."""
    for ending in (None, process.terminate, process.kill):
        if ending is not None:
            ending()
        try:
            process.wait(timeout if ending is None else 5)
            return
        except subprocess.TimeoutExpired:
            continue


if __name__ == "__main__":  # a worker: python -m index.embed_workers FD
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    serve(Connection(int(sys.argv[1])))
