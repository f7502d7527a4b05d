"""Tell a new document from one the index already holds under another name.

The same PMID, the same DOI (DOIs are case-insensitive) or the same text (whitespace and case
aside) means the document is already present. Re-reading the file a document came from is an
update, not a duplicate: the same id from the same origin replaces the stored version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from documents.records import Document
from documents.text import squash


def text_hash(text: str) -> str:
    """Hash of a text with whitespace runs and letter case evened out."""
    return hashlib.sha256(squash(text).casefold().encode()).hexdigest()


@dataclass(frozen=True)
class Identity:
    """What makes a stored document the same as another: its keys and where it came from."""

    doc_id: str
    pmid: str | None
    doi: str | None
    text_hash: str
    origin: str


def identity_of(doc: Document) -> Identity:
    return Identity(doc.doc_id, doc.pmid, doc.doi, text_hash(doc.text), doc.origin)


@dataclass
class Seen:
    """The identities of every stored document, looked up by PMID, DOI and text hash."""

    by_key: dict[str, Identity] = field(default_factory=dict)
    by_id: dict[str, Identity] = field(default_factory=dict)

    @classmethod
    def of(cls, identities: list[Identity]) -> Seen:
        seen = cls()
        for identity in identities:
            seen.put(identity)
        return seen

    def put(self, identity: Identity) -> None:
        self.forget(identity.doc_id)
        self.by_id[identity.doc_id] = identity
        for key in _keys(identity):
            self.by_key.setdefault(key, identity)

    def forget(self, doc_id: str) -> None:
        old = self.by_id.pop(doc_id, None)
        if old is not None:
            for key in _keys(old):
                if self.by_key.get(key) is old:
                    del self.by_key[key]

    def duplicate_of(self, doc: Document) -> str | None:
        """Why `doc` is already present ('same PMID 123 as pmid:123'), or None if it is new
        or an update of the document it replaces (same id, same origin)."""
        new = identity_of(doc)
        stored = self.by_id.get(doc.doc_id)
        if stored is not None and stored.origin != new.origin:
            return f"already present as {stored.doc_id} (added from {stored.origin or 'elsewhere'})"
        for key, label in _keyed(new):
            other = self.by_key.get(key)
            if other is not None and other.doc_id != doc.doc_id:
                return f"already present as {other.doc_id} (same {label})"
        return None


def _keys(identity: Identity) -> list[str]:
    return [key for key, _ in _keyed(identity)]


def _keyed(identity: Identity) -> list[tuple[str, str]]:
    """(lookup key, how a person reads it) for each key the identity has."""
    found = [(f"text:{identity.text_hash}", "text")]
    if identity.doi:
        found.insert(0, (f"doi:{identity.doi.lower()}", f"DOI {identity.doi}"))
    if identity.pmid:
        found.insert(0, (f"pmid:{identity.pmid}", f"PMID {identity.pmid}"))
    return found
