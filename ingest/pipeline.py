"""Load files, then publish them into an index: what `build` and `add` do, for CLI and page alike.

A file that cannot be read is reported in one line and skipped; the rest of the batch goes on,
and the index changes only once, atomically, at the end. PDFs are parsed in a child process
with limits (`ingest.pdf.guard`), other files with the caps of `IngestLimits`; each document
keeps where it came from (`documents.provenance`). The whole batch sits in memory until it is
published, so the text an add holds is capped too (`max_add_mb`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import IngestError, PasswordNeeded, TooLarge
from documents.provenance import Provenance, of_file
from documents.records import Document, LoadResult
from index.embed import Embedder
from index.writer import ChangeReport, apply_changes
from ingest.config import IngestLimits, PdfLimits
from ingest.loaders.common import MB, compound_suffix
from ingest.loaders.dispatch import iter_corpus_files, load_path
from ingest.pdf.guard import load_pdf
from ingest.pdf.loader import SUFFIXES as PDF_SUFFIXES

Progress = Callable[[int, int, str], None]
EmbedderFactory = Callable[[], Embedder]  # called only when there is something to embed


@dataclass(frozen=True)
class LoadOptions:
    """How files are read: PDF limits and passwords, who adds them, the names people gave them
    (an upload is saved under a safe name), a callback told (done, total, name) per file, and
    the size caps of every other file and of the batch (defaults unless the caller reads
    `KLS_*` settings: `from_env(IngestLimits, os.environ)`)."""

    limits: PdfLimits = PdfLimits()
    passwords: Mapping[Path, str] = field(default_factory=dict)
    added_by: str = ""
    shown_names: Mapping[Path, str] = field(default_factory=dict)
    on_file: Progress | None = None
    caps: IngestLimits = IngestLimits()


@dataclass
class BatchResult:
    """Documents loaded from a batch, with provenance; one line per file or record refused;
    PDFs that need a password; items already present; and what the change did."""

    documents: list[Document] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    report: ChangeReport | None = None
    provenance: dict[str, Provenance] = field(default_factory=dict)
    needs_password: list[Path] = field(default_factory=list)
    present: list[str] = field(default_factory=list)


def load_files(paths: Sequence[Path], options: LoadOptions = LoadOptions()) -> BatchResult:
    """Load every file; an unreadable one becomes an error line instead of stopping the batch."""
    result = BatchResult()
    held = 0  # characters of text the batch holds so far
    for done, path in enumerate(paths):
        shown = options.shown_names.get(path, "")
        if options.on_file:
            options.on_file(done, len(paths), shown or path.name)
        try:
            loaded = _load_one(path, options)
            held += _within_add_cap(path, loaded, held, options.caps)
            provenance = of_file(path, options.added_by, shown)
        except PasswordNeeded as error:
            result.errors.append(_named(str(error), path, shown))
            result.needs_password.append(path)
            continue
        except IngestError as error:
            result.errors.append(_named(str(error), path, shown))
            continue
        except OSError as error:
            result.errors.append(f"{shown or path}: cannot read ({error.strerror or error})")
            continue
        result.documents.extend(loaded.documents)
        result.provenance.update((doc.doc_id, provenance) for doc in loaded.documents)
        result.skipped.extend(f"{shown or path.name}: {reason}" for reason in loaded.skipped)
    if options.on_file:
        options.on_file(len(paths), len(paths), "")
    return result


def _within_add_cap(path: Path, loaded: LoadResult, held: int, caps: IngestLimits) -> int:
    """The characters `loaded` adds to the batch; `TooLarge` when they would take the batch
    past `max_add_mb` (the file is refused, the files before it stay)."""
    size = sum(len(doc.text) + len(doc.title) for doc in loaded.documents)
    if held + size > caps.max_add_mb * MB:
        raise TooLarge(str(path), f"the batch would hold over {caps.max_add_mb:g} MB of text "
                       "(the cap per add, KLS_MAX_ADD_MB); add it on its own")
    return size


def _named(line: str, path: Path, shown: str) -> str:
    """A refusal naming the file as the person knows it: an upload's saved path (a server
    folder) is replaced by the name it was uploaded under."""
    return line.replace(str(path), shown) if shown else line


def _load_one(path: Path, options: LoadOptions) -> LoadResult:
    """PDFs through the guarded child process, everything else through the loaders."""
    if path.is_file() and compound_suffix(path) in PDF_SUFFIXES:
        return load_pdf(path, options.limits, options.passwords.get(path))
    return load_path(path, limits=options.caps)


def publish(
    result: BatchResult, index_dir: Path, embedder: EmbedderFactory, progress: bool,
    actor: str = "", reset: bool = False, caps: IngestLimits | None = None,
) -> BatchResult:
    """Apply the loaded documents to the index; nothing is published (and the model is not
    loaded) when none loaded. A document over the passage cap joins the error lines; a batch
    over it is one error line, with the lines of every file still reported."""
    if not result.documents:
        return result
    try:
        result.report = apply_changes(
            index_dir, embedder(), add=result.documents, reset=reset, progress=progress,
            provenance=result.provenance, actor=actor, limits=(caps or IngestLimits()).passages(),
        )
    except TooLarge as error:  # the whole change is over its passage cap: nothing published
        result.errors.append(str(error))
        return result
    result.errors.extend(result.report.refused)
    return result


def build_corpus(
    corpus_dir: Path, index_dir: Path, embedder: EmbedderFactory, progress: bool = False,
    options: LoadOptions = LoadOptions(),
) -> BatchResult:
    """Index exactly the documents of `corpus_dir`, reusing stored vectors of unchanged text."""
    if not corpus_dir.is_dir():
        raise IngestError(str(corpus_dir), "corpus folder not found")
    result = load_files(iter_corpus_files(corpus_dir), options)
    return publish(result, index_dir, embedder, progress, options.added_by, reset=True,
                   caps=options.caps)


def add_files(
    paths: Sequence[Path], index_dir: Path, embedder: EmbedderFactory, progress: bool = False,
    options: LoadOptions = LoadOptions(),
) -> BatchResult:
    """Add or update the documents of `paths` in the index; nothing is published if none load."""
    result = load_files(paths, options)
    return publish(result, index_dir, embedder, progress, options.added_by, caps=options.caps)
