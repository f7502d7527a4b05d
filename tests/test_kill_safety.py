"""Crash safety of the index: writers killed with SIGKILL at random moments of build, add and
remove; a flipped byte in any file of a version; two writers at once."""

from __future__ import annotations

import fcntl
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fakes import HashingEmbedder

from core.errors import IndexCorrupt, IndexLocked
from index import layout
from index.cli import main as index_main
from index.search import SearchIndex
from ingest.pipeline import add_files, build_corpus

TESTS = Path(__file__).resolve().parent
KILLS = 50
WORDS = [
    "ketamine",
    "glutamate",
    "synapse",
    "receptor",
    "cortex",
    "mood",
    "relief",
    "dose",
    "infusion",
    "trial",
    "placebo",
    "neuron",
    "plasticity",
    "signal",
    "pathway",
    "response",
    "remission",
    "patient",
    "clinic",
    "week",
    "hour",
]


def write_docs(folder: Path, prefix: str, count: int, rng: random.Random) -> list[Path]:
    """`count` synthetic text files of a few hundred words each."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        sentences = [" ".join(rng.choices(WORDS, k=12)).capitalize() + "." for _ in range(30)]
        path = folder / f"{prefix}{i:02d}.txt"
        path.write_text(f"Synthetic fixture {prefix}{i}. " + " ".join(sentences) + "\n")
        paths.append(path)
    return paths


class WriterServer:
    """tests/writer_server.py: forks a writer per command, reaps it when told."""

    def __init__(self) -> None:
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
        self.process = subprocess.Popen(
            [sys.executable, str(TESTS / "writer_server.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self._read() == "ready"

    def _read(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def _send(self, line: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self._read()

    def start(self, argv: list[str]) -> int:
        return int(self._send("run " + json.dumps(argv)))

    def reap(self, pid: int) -> int:
        return int(self._send(f"reap {pid}"))

    def run(self, argv: list[str]) -> tuple[int, float]:
        started = time.monotonic()
        code = self.reap(self.start(argv))
        return code, time.monotonic() - started

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)


def live_documents(index_dir: Path) -> int:
    """Documents of the live version, after it passes verify and answers a search."""
    assert index_main(["verify", "--index", str(index_dir)]) == 0
    index = SearchIndex.open(index_dir, HashingEmbedder())
    assert index.search("ketamine glutamate", 3)
    return index.manifest.documents


def test_sigkill_at_random_moments_leaves_the_old_or_the_new_index(tmp_path, capsys):
    rng = random.Random(4)
    corpus = write_docs(tmp_path / "corpus", "base", 40, rng)
    extra = write_docs(tmp_path / "extra", "extra", 10, rng)
    index = ["--index", str(tmp_path / "index"), "--quiet"]
    commands = {
        "build": (["build", "--corpus", str(tmp_path / "corpus"), *index], len(corpus)),
        "add": (["add", *map(str, extra), *index], len(corpus) + len(extra)),
        "remove": (["remove", *(f"text:{p.stem}" for p in extra), *index], len(corpus)),
    }
    server = WriterServer()
    try:
        durations = {}
        for name in ("build", "add", "remove", "add"):
            code, durations[name] = server.run(commands[name][0])
            assert code == 0, name
        outcomes = _kill_many(server, commands, durations, tmp_path / "index", rng)
        assert server.run(commands["build"][0])[0] == 0
    finally:
        server.close()
    with capsys.disabled():
        shown = {name: f"{seconds:.2f} s" for name, seconds in durations.items()}
        print(f"\nkill test: {outcomes}; uninterrupted runs: {shown}")
    assert outcomes["killed"] >= 30
    assert not list((tmp_path / "index" / "versions").glob(".staging-*")), "leftovers pruned"


def _kill_many(server, commands, durations, index_dir: Path, rng: random.Random) -> dict[str, int]:
    """Start a writer, SIGKILL it after a random delay, check the index; KILLS times."""
    outcomes = {"killed": 0, "finished first": 0, "old kept": 0, "new published": 0}
    for trial in range(KILLS):
        before = live_documents(index_dir)
        name = "add" if before == 40 else ("build" if trial % 2 else "remove")
        argv, after = commands[name]
        pid = server.start(argv)
        time.sleep(rng.uniform(0, durations[name] * 1.05))
        os.kill(pid, signal.SIGKILL)  # still ours: not reaped until below
        status = server.reap(pid)
        outcomes["killed" if status == -signal.SIGKILL else "finished first"] += 1
        now = live_documents(index_dir)
        assert now in {before, after}, (trial, name, before, after, now)
        outcomes["old kept" if now == before else "new published"] += 1
    return outcomes


@pytest.fixture
def built(tmp_path: Path) -> Path:
    index_dir = tmp_path / "index"
    build_corpus(Path(__file__).parent / "fixtures" / "cli_corpus", index_dir, HashingEmbedder)
    return index_dir


def version_files(index_dir: Path) -> list[str]:
    version = layout.live_version(index_dir)
    assert version is not None
    return sorted(p.relative_to(version).as_posix() for p in version.rglob("*") if p.is_file())


def test_a_flipped_byte_in_any_file_is_caught_by_verify_and_on_load(built, tmp_path, capsys):
    names = version_files(built)
    assert {"manifest.json", "store.sqlite", "vectors.faiss"} <= set(names) and len(names) > 4
    for name in names:
        copy = shutil.copytree(built, tmp_path / f"copy-{name.replace('/', '_')}")
        target = layout.require_live_version(copy) / name
        data = bytearray(target.read_bytes())
        data[len(data) // 2] ^= 0xFF
        target.write_bytes(bytes(data))
        capsys.readouterr()
        assert index_main(["verify", "--index", str(copy)]) == 2, name
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and Path(name).name in err, (name, err)
        with pytest.raises(IndexCorrupt, match="checksum mismatch|manifest unreadable"):
            SearchIndex.open(copy, HashingEmbedder())


def test_a_damaged_pointer_is_caught(built: Path, capsys) -> None:
    (built / "CURRENT").write_text("20990101T000000-deadbeef")
    assert index_main(["verify", "--index", str(built)]) == 2
    assert "names version '20990101T000000-deadbeef', which is missing" in capsys.readouterr().err


def test_two_writers_at_once_are_serialised(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = write_docs(tmp_path / "notes", "note", 4, random.Random(1))
    done: list[str] = []
    asking = threading.Semaphore(0)  # released by each writer as it asks for the lock
    real_flock = fcntl.flock

    def flock(handle: int, operation: int) -> None:
        if threading.current_thread() is not threading.main_thread() and operation != fcntl.LOCK_UN:
            asking.release()
        real_flock(handle, operation)

    monkeypatch.setattr(layout.fcntl, "flock", flock)

    def writer(paths: list[Path]) -> None:
        add_files(paths, built, HashingEmbedder)
        done.append(paths[0].stem)

    with layout.writer_lock(built):
        with (
            pytest.raises(IndexLocked, match="another process is writing"),
            layout.writer_lock(built, wait=False),
        ):
            pass
        threads = [threading.Thread(target=writer, args=(notes[i::2],)) for i in (0, 1)]
        for thread in threads:
            thread.start()
        assert asking.acquire(timeout=30) and asking.acquire(timeout=30)
        assert done == [], "writers wait while the lock is held"
    for thread in threads:
        thread.join(timeout=30)
    assert len(done) == 2
    assert live_documents(built) == 2 + len(notes), "neither writer lost the other's documents"
