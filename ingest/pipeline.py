"""Load files, then publish them into an index: what `build` and `add` do, for CLI and page alike.

A file that cannot be read is reported in one line and skipped; the rest of the batch goes on,
and the index changes only once, atomically, at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from index.embed import Embedder
from index.writer import ChangeReport, apply_changes
from ingest.errors import IngestError
from ingest.loaders import iter_corpus_files, load_path
from ingest.records import Document


@dataclass
class BatchResult:
    """Documents loaded from a batch of files, and one line per file or record refused."""

    documents: list[Document] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    report: ChangeReport | None = None


def load_files(paths: Sequence[Path]) -> BatchResult:
    """Load every file; an unreadable one becomes an error line instead of stopping the batch."""
    result = BatchResult()
    for path in paths:
        try:
            loaded = load_path(path)
        except IngestError as error:
            result.errors.append(str(error))
            continue
        except OSError as error:
            result.errors.append(f"{path}: cannot read ({error.strerror or error})")
            continue
        result.documents.extend(loaded.documents)
        result.skipped.extend(f"{path.name}: {reason}" for reason in loaded.skipped)
    return result


def build_corpus(
    corpus_dir: Path, index_dir: Path, embedder: Embedder, progress: bool = False
) -> BatchResult:
    """Index exactly the documents of `corpus_dir`, reusing stored vectors of unchanged text."""
    if not corpus_dir.is_dir():
        raise IngestError(str(corpus_dir), "corpus folder not found")
    result = load_files(iter_corpus_files(corpus_dir))
    result.report = apply_changes(
        index_dir, embedder, add=result.documents, reset=True, progress=progress
    )
    return result


def add_files(
    paths: Sequence[Path], index_dir: Path, embedder: Embedder, progress: bool = False
) -> BatchResult:
    """Add or update the documents of `paths` in the index; nothing is published if none load."""
    result = load_files(paths)
    if result.documents:
        result.report = apply_changes(index_dir, embedder, add=result.documents, progress=progress)
    return result
