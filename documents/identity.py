"""Tell a new document from one the index already holds under another name.

The same PMID, the same DOI (DOIs are case-insensitive) or the same text (whitespace and case
aside) means the document is already present. Re-reading the file a document came from is an
update, not a duplicate: the same id from the same origin replaces the stored version. Within
one batch the first of two documents with one id is kept and the second is reported.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from documents.records import Document
from documents.text import squash

MAX_PMID_DIGITS = 9
MAX_DOI_CHARS = 300
# Checked only on strings of at most MAX_DOI_CHARS: no run here can backtrack into another.
_DOI = re.compile(r"10\.[0-9]+(?:\.[0-9]+)*/[^\s]+")
_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                 "http://dx.doi.org/", "doi:")


def valid_pmid(value: str) -> str | None:
    """`value` stripped when it is a PMID (1 to 9 ASCII digits, no leading zero), else None:
    a PMID is never a formula, a URL or a number in another script."""
    text = value.strip()
    if 0 < len(text) <= MAX_PMID_DIGITS and text.isascii() and text.isdigit() and text[0] != "0":
        return text
    return None


def valid_doi(value: str) -> str | None:
    """The bare DOI in `value` ('10.<registrant>/<suffix>', printable, no spaces, at most
    300 characters; a 'doi:' or doi.org prefix is dropped), or None."""
    text = value.strip()
    for prefix in _DOI_PREFIXES:
        if text[: len(prefix)].lower() == prefix:
            text = text[len(prefix) :].strip()
            break
    if len(text) > MAX_DOI_CHARS or not text.isprintable() or not _DOI.fullmatch(text):
        return None
    return text


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


    def repeated_in(self, doc: Document, batch: set[str]) -> str | None:
        """Why `doc` repeats a document stored earlier in the same batch under its own id (two
        records of one file with one PMID, or with one DOI and no PMID), or None."""
        if doc.doc_id not in batch:
            return None
        first = self.by_id.get(doc.doc_id)
        labels = [label for key, label in _keyed(identity_of(doc)) if self.by_key.get(key) is first]
        same = labels[0] if first is not None and labels else f"id {doc.doc_id}"
        return f"already present as {doc.doc_id} (same {same}, earlier in this batch)"


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
