"""Settings of ingestion and curation: where things live, PDF limits, PubMed access, curator key.

Each class is plain data with its defaults here; `core.settings.from_env` fills it from
`KLS_*` variables at the program's edges. Secrets are left out of `repr` so that printing a
config never shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
class PubmedConfig:
    """NCBI E-utilities access: who asks (email), the optional API key (10 requests/s instead
    of 3), retries on 429/5xx, the timeout of one request and where fetched records are kept."""

    ncbi_email: str = ""
    ncbi_api_key: str = field(default="", repr=False)
    pubmed_retries: int = 3
    pubmed_timeout: float = 30.0
    pubmed_cache_dir: Path = Path(".cache/pubmed")


@dataclass(frozen=True)
class CuratorConfig:
    """`curator_key`: the key that unlocks adding and removing on the curator page ("" keeps the
    page read-only)."""

    curator_key: str = field(default="", repr=False)
