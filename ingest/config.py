"""Settings of ingestion and curation: where things live, size caps, PubMed access, curator key.

Each class is plain data with its defaults here; `core.settings.from_env` fills it from
`KLS_*` variables at the program's edges. Secrets are left out of `repr` so that printing a
config never shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from documents.chunking import PassageLimits
from index.config import DEFAULT_INDEX_DIR


@dataclass(frozen=True)
class IngestConfig:
    """`corpus_dir`: the documents `build` indexes; `index_dir`: the index folder (git-ignored);
    `uploads_dir`: where the curator page keeps uploaded files (git-ignored);
    `literature`: the manifest of PubMed searches that `sync` pulls."""

    corpus_dir: Path = Path("corpus")
    index_dir: Path = DEFAULT_INDEX_DIR
    uploads_dir: Path = DEFAULT_INDEX_DIR / "uploads"
    literature: Path = Path("corpus/literature.toml")


@dataclass(frozen=True)
class PdfLimits:
    """Bounds on one PDF: its size, its pages, and the time and memory its parser may use."""

    pdf_max_mb: float = 50.0
    pdf_max_pages: int = 500
    pdf_timeout: float = 60.0
    pdf_memory_mb: int = 1024


@dataclass(frozen=True)
class IngestLimits:
    """Caps on what one add may read, so hostile or mistaken input is refused in one line
    instead of exhausting memory or time (measured peaks: README, Settings).

    `max_file_mb`: bytes on disk of one non-PDF file (compressed, for `.gz`);
    `max_uncompressed_mb`: bytes one file yields after decompression, counted while streaming;
    `max_add_mb`: the same, summed over every file of one add or build;
    `max_line_chars`: one JSON Lines or MEDLINE line (that record is skipped);
    `max_record_chars`: one record's title and text, or a whole text or Markdown file;
    `max_records_per_file`, `max_passages_per_document`, `max_passages_per_add`: counts.
    """

    max_file_mb: float = 100.0
    max_uncompressed_mb: float = 256.0
    max_add_mb: float = 512.0
    max_line_chars: int = 1_000_000
    max_record_chars: int = 2_000_000
    max_records_per_file: int = 50_000
    max_passages_per_document: int = PassageLimits.max_passages_per_document
    max_passages_per_add: int = PassageLimits.max_passages_per_add

    def passages(self) -> PassageLimits:
        """The caps the index writer enforces (it cannot import this package)."""
        return PassageLimits(self.max_passages_per_document, self.max_passages_per_add)


@dataclass(frozen=True)
class PubmedConfig:
    """NCBI E-utilities access: who asks (email), the optional API key (10 requests/s instead
    of 3), retries on 429/5xx, the timeout of one request, where fetched records are kept and
    the largest reply read (an efetch of 200 records is about 2 MB)."""

    ncbi_email: str = ""
    ncbi_api_key: str = field(default="", repr=False)
    pubmed_retries: int = 3
    pubmed_timeout: float = 30.0
    pubmed_cache_dir: Path = Path(".cache/pubmed")
    pubmed_max_reply_mb: float = 32.0


@dataclass(frozen=True)
class CuratorConfig:
    """`curator_key`: the key that unlocks adding and removing on the curator page ("" keeps the
    page read-only)."""

    curator_key: str = field(default="", repr=False)
