"""`python -m index`: `search` and `verify` are the index's own commands (`index.cli`); `eval`
and `bench` are tooling that sits above the index, imported only when asked for, so a search
never loads them and the index package never depends on them."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from core.entry import run

TOOLS = {"eval": "evaluation.cli", "bench": "benchmarks.cli"}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in TOOLS:
        return int(importlib.import_module(TOOLS[args[0]]).main(args[1:]))
    from index.cli import main as index_main

    return index_main(args)


run(main)
