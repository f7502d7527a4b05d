"""Every error the product raises on purpose, under one root; `str(error)` is the one-line
message a person reads. The CLIs and the pages catch `KlsError` and print or show that line;
anything else escaping is a bug.

    KlsError
    ├── ConfigError          a setting (KLS_* variable, flag, secret) has an unusable value
    ├── IngestError          an input item (file, record, upload) was refused: item + reason
    │   ├── UnsupportedFile  the file's kind is not one we read
    │   ├── UnreadableFile   a known kind that cannot be read (broken, encrypted, empty)
    │   │   └── PasswordNeeded   an encrypted PDF and no (or a wrong) password
    │   ├── TooLarge         the input is over a size cap (bytes, lines, records, passages)
    │   └── EmptyRecord      a record or document has no text to index
    ├── PubmedError          NCBI E-utilities refused or answered something unusable
    │   └── PubmedUnavailable    NCBI cannot be reached (offline, DNS, timeout)
    ├── EmbeddingFailed      the model, an embedding worker or the Ray cluster failed
    ├── SearchIndexError     the index or a search cannot be used
    │   ├── IndexMissing     no index has been built at that folder
    │   ├── IndexCorrupt     a file is missing, unreadable, tampered with or fails its checksum
    │   │   └── IndexOutdated    the index was written in an older format: build it again
    │   ├── ModelMismatch    the index was built with another embedding model or dimension
    │   ├── IndexLocked      another writer holds the index
    │   └── BadQuery         the query is empty or malformed
    └── DatasetError         an evaluation collection (BEIR, dev set) is missing or malformed

`DatasetError` lives beside the evaluation reader that raises it (`evaluation.beir`);
`tests/test_architecture.py` fails when a class is missing from this tree or hangs under
another parent.
"""

from __future__ import annotations


class KlsError(Exception):
    """Root of every error raised on purpose."""


class ConfigError(KlsError):
    """A setting has a value that cannot be used; the message names the setting."""


class IngestError(KlsError):
    """An input item was refused; `item` names it, `reason` says why a person can act on."""

    def __init__(self, item: str, reason: str) -> None:
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason


class UnsupportedFile(IngestError):
    """The file's extension or content is not one of the kinds we load."""


class UnreadableFile(IngestError):
    """The file is a known kind but cannot be parsed: broken, truncated, encrypted or empty."""


class PasswordNeeded(UnreadableFile):
    """The PDF is encrypted and no password, or a wrong one, was given: ask for it."""


class TooLarge(IngestError):
    """The input is over one of the size caps (a setting), so it is refused before it is read."""


class EmptyRecord(IngestError):
    """A record or document carries neither title nor text to index."""


class PubmedError(KlsError):
    """NCBI refused a request or sent a reply that cannot be used."""


class PubmedUnavailable(PubmedError):
    """NCBI cannot be reached at all (no network, DNS failure, timeout)."""


class EmbeddingFailed(KlsError):
    """The embedding model could not load or run: a worker died, Ray gave a wrong answer."""


class SearchIndexError(KlsError):
    """Base of index and search errors."""


class IndexMissing(SearchIndexError):
    """No index exists at the folder given."""


class IndexCorrupt(SearchIndexError):
    """The index on disk fails its manifest: a file is missing, truncated, altered or unsafe."""


class IndexOutdated(IndexCorrupt):
    """The index was written in an older format; its message already says how to rebuild."""


class ModelMismatch(SearchIndexError):
    """The index was built with a model other than the one loaded to query it."""


class IndexLocked(SearchIndexError):
    """Another process is writing the index."""


class BadQuery(SearchIndexError):
    """The query cannot be searched (empty, or only whitespace)."""
