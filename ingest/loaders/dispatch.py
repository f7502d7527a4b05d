"""One loader per kind of file, all `load(path) -> LoadResult`, and the dispatcher that picks one.

The kind comes from the file name ('.xml.gz' counts as one suffix); a '.txt' file is a MEDLINE
export when its first line is 'PMID- ...', and an '.xml' file must be a PubMed set.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from core.errors import UnreadableFile, UnsupportedFile
from documents.records import LoadResult
from ingest.config import IngestLimits
from ingest.loaders import jsonl, text
from ingest.loaders.common import DEFAULT_LIMITS, check_file_size, compound_suffix, reading
from ingest.loaders.sidecar import SIDECAR_SUFFIX
from ingest.pdf import loader as pdf
from ingest.pubmed import medline_loader as medline
from ingest.pubmed import xml_loader as pubmed_xml

__all__ = ["SUPPORTED_SUFFIXES", "iter_corpus_files", "load_path"]

Loader = Callable[[Path, IngestLimits], LoadResult]

_LOADERS: dict[str, Loader] = {
    **{suffix: jsonl.load for suffix in jsonl.SUFFIXES},
    **{suffix: medline.load for suffix in medline.SUFFIXES},
    **{suffix: pubmed_xml.load for suffix in pubmed_xml.SUFFIXES},
    **{suffix: text.load for suffix in text.SUFFIXES},
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(sorted((*_LOADERS, *pdf.SUFFIXES)))
_NOT_CORPUS_NAMES = ("README.md", "vocabulary.tsv", "literature.toml", "study_facts.tsv")


def load_path(
    path: Path, *, password: str | None = None, limits: IngestLimits = DEFAULT_LIMITS
) -> LoadResult:
    """Load any supported file; `password` opens an encrypted PDF and is ignored otherwise.

    Raises `UnsupportedFile` for kinds we do not read, `TooLarge` past a cap of `limits`, and
    `UnreadableFile`/`EmptyRecord` for files we cannot use; nothing else escapes for bad input.
    """
    if not path.is_file():
        raise UnreadableFile(str(path), "no such file")
    suffix = compound_suffix(path)
    if suffix not in SUPPORTED_SUFFIXES:
        shown = f"'{suffix}'" if suffix else "(no extension)"
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise UnsupportedFile(str(path), f"unsupported file type {shown} (supported: {supported})")
    if suffix in pdf.SUFFIXES:
        return pdf.load(path, password=password)
    with reading(path):
        check_file_size(path, limits)
    if suffix == ".txt" and medline.looks_like_medline(path):
        return medline.load(path, limits)
    return _LOADERS[suffix](path, limits)


def iter_corpus_files(folder: Path) -> list[Path]:
    """Every file under `folder` that could be a document, sorted; hidden files and folders,
    '*.meta.json' sidecars and README.md files are left out. Unsupported kinds are kept so that
    `load_path` can tell a person why they were not indexed."""
    if not folder.is_dir():
        raise UnreadableFile(str(folder), "not a folder")
    found: list[Path] = []
    for root, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(Path(root) / name for name in files if _is_corpus_file(name))
    return sorted(found)


def _is_corpus_file(name: str) -> bool:
    return not (name.startswith(".") or name.endswith(SIDECAR_SUFFIX) or name in _NOT_CORPUS_NAMES)
