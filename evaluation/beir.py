"""Read a BEIR dataset (corpus, queries, relevance judgements) for the evaluation command.

Two namings are understood: the standard BEIR folder (`corpus.jsonl`, `queries.jsonl`,
`qrels/<split>.tsv`) and the flat one of the shared PubMedQA conversion (`beir_corpus.jsonl`,
`beir_queries.jsonl`, `beir_qrels_<split>.tsv`, falling back to `beir_qrels_all.tsv` when it
has no split). A BEIR document becomes a plain-text `Document` with one untitled section, so it
is chunked and embedded exactly as a text file in the corpus would be.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import KlsError
from documents.records import Document, Span

Qrels = dict[str, dict[str, int]]


class DatasetError(KlsError):
    """A dataset file is missing or malformed; `str(error)` names the file and the problem."""


@dataclass(frozen=True)
class BeirPaths:
    """The three files of a dataset, already chosen for one split."""

    corpus: Path
    queries: Path
    qrels: Path

    def check(self) -> None:
        """Fail fast, before any model loads, when a file is absent."""
        files = {"corpus": self.corpus, "queries": self.queries, "qrels": self.qrels}
        for kind, path in files.items():
            if not path.is_file():
                raise DatasetError(f"{path}: {kind} file not found")


@dataclass(frozen=True)
class BeirDataset:
    """A loaded dataset. `queries` keep file order; `corpus_sha256` keys the index cache."""

    name: str
    paths: BeirPaths
    documents: tuple[Document, ...]
    queries: dict[str, str]
    qrels: Qrels
    corpus_sha256: str


def find_paths(folder: Path, split: str) -> BeirPaths:
    """The files of a BEIR folder in either naming, for `split`."""
    if not folder.is_dir():
        raise DatasetError(f"{folder}: not a folder")
    if (folder / "corpus.jsonl").is_file():
        paths = BeirPaths(folder / "corpus.jsonl", folder / "queries.jsonl",
                          folder / "qrels" / f"{split}.tsv")
    elif (folder / "beir_corpus.jsonl").is_file():
        qrels = folder / f"beir_qrels_{split}.tsv"
        paths = BeirPaths(folder / "beir_corpus.jsonl", folder / "beir_queries.jsonl",
                          qrels if qrels.is_file() else folder / "beir_qrels_all.tsv")
    else:
        raise DatasetError(f"{folder}: no corpus.jsonl or beir_corpus.jsonl (not a BEIR folder)")
    paths.check()
    return paths


def load(paths: BeirPaths, name: str | None = None) -> BeirDataset:
    """Read all three files; the name defaults to the corpus file's folder."""
    paths.check()
    raw = _read_bytes(paths.corpus)
    return BeirDataset(
        name=name or paths.corpus.resolve().parent.name,
        paths=paths,
        documents=tuple(load_corpus(paths.corpus, raw)),
        queries=load_queries(paths.queries),
        qrels=load_qrels(paths.qrels),
        corpus_sha256=hashlib.sha256(raw).hexdigest(),
    )


def load_corpus(path: Path, raw: bytes) -> list[Document]:
    """One `Document` per record with text; records with empty text have nothing to find."""
    documents = []
    for _, record in _records(path, raw):
        text = str(record.get("text") or "")
        if text.strip():
            documents.append(Document(
                doc_id=str(record["_id"]),
                source="text",
                title=str(record.get("title") or ""),
                text=text,
                sections=(Span("", 0, len(text)),),
            ))
    return documents


def load_queries(path: Path) -> dict[str, str]:
    """Query id -> text, in file order (which `--limit` takes the first of)."""
    return {str(r["_id"]): str(r.get("text") or "") for _, r in _records(path, _read_bytes(path))}


def load_qrels(path: Path) -> Qrels:
    """Query id -> {document id: relevance grade}, from `query-id, corpus-id, score` rows."""
    qrels: Qrels = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.reader(handle, delimiter="\t"), start=1):
                if not row or (number == 1 and row[0] == "query-id"):
                    continue
                query_id, doc_id, grade = _qrel_row(path, number, row)
                qrels.setdefault(query_id, {})[doc_id] = grade
    except (OSError, UnicodeDecodeError) as error:
        raise DatasetError(f"{path}: cannot read qrels ({error})") from error
    return qrels


def _qrel_row(path: Path, number: int, row: list[str]) -> tuple[str, str, int]:
    try:
        query_id, doc_id, grade = row
        return query_id, doc_id, int(grade)
    except ValueError as error:
        raise DatasetError(
            f"{path}:{number}: expected 'query-id<TAB>corpus-id<TAB>score', got {row!r}"
        ) from error


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise DatasetError(f"{path}: cannot read ({error.strerror or error})") from error


def _records(path: Path, raw: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank JSON line that carries an `_id`. Lines end at
    "\n" only: `str.splitlines` would also cut at U+2028/U+2029, which JSON strings may hold."""
    try:
        lines = raw.decode("utf-8").split("\n")
    except UnicodeDecodeError as error:
        raise DatasetError(f"{path}: not UTF-8 text") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise DatasetError(f"{path}:{number}: not valid JSON ({error.msg})") from error
        if not isinstance(record, dict) or "_id" not in record:
            raise DatasetError(f"{path}:{number}: record has no '_id'")
        yield number, record
