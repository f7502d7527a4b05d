"""Which index the search reads and how many results it returns by default."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_INDEX_DIR = Path("index_data")


@dataclass(frozen=True)
class IndexConfig:
    """`index_dir`: the index folder to search; `top_k`: results per query unless asked;
    `query_threads`: torch threads of a process that serves searches (the page, `search`)."""

    index_dir: Path = DEFAULT_INDEX_DIR
    top_k: int = 10
    query_threads: int = 1
