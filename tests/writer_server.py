"""Run `python -m ingest` commands in forked children, for the kill test.

Importing the writer takes about a second; forking a process that has already imported it takes
milliseconds, so dozens of writers can be started and killed quickly. Each child is a separate
process running `ingest.cli.main` with the fake model, exactly as a terminal would, and may be
killed with SIGKILL at any moment. Protocol, one line each way:

    run ["add", "--index", ...]   ->  <pid>     (the child is running)
    reap <pid>                    ->  <status>  (exit code, or -signal when it was killed)

A child is reaped only when asked, so its pid stays reserved until the test has killed it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from fakes import HashingEmbedder  # noqa: E402

from ingest.cli import main  # noqa: E402


def _child(argv: list[str]) -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        code = main(argv, embedder_factory=HashingEmbedder)
    except BaseException:  # a crash shows as exit 3, never as a hang
        code = 3
    os._exit(code)


def serve() -> None:
    print("ready", flush=True)
    for line in sys.stdin:
        command, _, rest = line.strip().partition(" ")
        if command == "run":
            pid = os.fork()
            if pid == 0:
                _child(json.loads(rest))
            print(pid, flush=True)
        elif command == "reap":
            _, status = os.waitpid(int(rest), 0)
            print(os.waitstatus_to_exitcode(status), flush=True)


if __name__ == "__main__":
    serve()
