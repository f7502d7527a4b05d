"""Where ingestion reads documents from and writes the index to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_INDEX_DIR = Path("index_data")


@dataclass(frozen=True)
class IngestConfig:
    """`corpus_dir`: the documents `build` indexes; `index_dir`: the index folder (git-ignored)."""

    corpus_dir: Path = Path("corpus")
    index_dir: Path = DEFAULT_INDEX_DIR
