"""Errors of the index and of search; `str(error)` is the one-line message shown to people.

    SearchIndexError
    ├── IndexMissing     no index has been built at that folder
    ├── IndexCorrupt     a file is missing, unreadable or fails its checksum
    ├── ModelMismatch    the index was built with another embedding model or dimension
    ├── IndexLocked      another writer holds the index
    └── BadQuery         the query is empty or malformed
"""

from __future__ import annotations


class SearchIndexError(Exception):
    """Base of index and search errors."""


class IndexMissing(SearchIndexError):
    """No index exists at the folder given."""


class IndexCorrupt(SearchIndexError):
    """The index on disk fails its manifest: a file is missing, truncated or altered."""


class ModelMismatch(SearchIndexError):
    """The index was built with a model other than the one loaded to query it."""


class IndexLocked(SearchIndexError):
    """Another process is writing the index."""


class BadQuery(SearchIndexError):
    """The query cannot be searched (empty, or only whitespace)."""
