"""The domain dev sets: questions clinicians, students and searchers ask, judged by hand over the
article plus the shared PubMed and psychedelics records (`evaluation/dev/`, rules in its
JUDGING.md), and over the article plus the PubMed records alone (`evaluation/dev_records/`).

Graded queries are scored like BEIR (nDCG@10, Recall@100, MRR@10) per query type and overall,
with the share of the top 10 that was judged beside them, since unjudged documents count as not
relevant. Known-item queries ask about one paragraph of the article: a query succeeds when one
of the first three results shows a passage that overlaps that paragraph.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from documents.records import Document
from evaluation.beir import DatasetError, Qrels, load_qrels

DEV_DIR = Path(__file__).resolve().parent / "dev"
RECORDS_DEV_DIR = Path(__file__).resolve().parent / "dev_records"  # judged over "records"
ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "corpus" / "article.txt"
ARTICLE_ID = "article:ketamine-rapid-relief"
SHARED = ROOT.parent / "shared" / "data"
COLLECTION = (SHARED / "pubmed" / "records.jsonl.gz", SHARED / "psychedelics" / "records.jsonl.gz")
# "all" is what the set was judged over; "records" (the article plus the PubMed records, no
# psychedelics abstracts) is the smaller collection a deployment starts from.
COLLECTIONS = {"all": (ARTICLE, *COLLECTION), "records": (ARTICLE, COLLECTION[0])}
SPLITS = ("tune", "heldout", "all")


@dataclass(frozen=True)
class DevQuery:
    query_id: str
    text: str
    kind: str  # clinician | student | keyword | known_item
    split: str  # tune | heldout


@dataclass(frozen=True)
class DevSet:
    queries: tuple[DevQuery, ...]
    qrels: Qrels
    known_items: dict[str, int]  # query id -> 1-based line of corpus/article.txt
    collection: str = "all"  # the key of `COLLECTIONS` it was judged over

    def graded(self) -> list[DevQuery]:
        return [q for q in self.queries if q.kind != "known_item"]

    def known(self) -> list[DevQuery]:
        return [q for q in self.queries if q.kind == "known_item"]

    def known_only(self) -> DevSet:
        """The known-item queries alone (to score them over another collection)."""
        return replace(self, queries=tuple(self.known()))


def load_devset(folder: Path = DEV_DIR, split: str = "all") -> DevSet:
    """Queries of `split` ("all" keeps both), their judgements, the known items (optional file)
    and the collection they were judged over (`collection.txt`, "all" when absent)."""
    queries = tuple(q for q in _queries(folder / "queries.jsonl") if split in ("all", q.split))
    known_path = folder / "known_items.tsv"
    known = {}
    for number, line in enumerate(_lines(known_path) if known_path.exists() else [], start=1):
        parts = line.split("\t")
        if len(parts) != 2 or not parts[1].isdigit():
            raise DatasetError(f"{folder / 'known_items.tsv'}:{number}: expected 'id<TAB>line'")
        known[parts[0]] = int(parts[1])
    return DevSet(queries, load_qrels(folder / "qrels.tsv"), known, _collection(folder))


def _collection(folder: Path) -> str:
    path = folder / "collection.txt"
    name = _lines(path)[0].strip() if path.exists() else "all"
    if name not in COLLECTIONS:
        raise DatasetError(f"{path}: unknown collection {name!r} (one of {', '.join(COLLECTIONS)})")
    return name


def _queries(path: Path) -> list[DevQuery]:
    found = []
    for number, line in enumerate(_lines(path), start=1):
        try:
            record = json.loads(line)
            found.append(DevQuery(record["_id"], record["text"], record["type"], record["split"]))
        except (ValueError, KeyError, TypeError) as error:
            raise DatasetError(f"{path}:{number}: not a dev query ({error})") from None
    return found


def _lines(path: Path) -> list[str]:
    try:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError) as error:
        raise DatasetError(f"{path}: cannot read ({error})") from None


def paragraph_span(article: Document, line_number: int) -> tuple[int, int]:
    """Character offsets in the article's stored text of line `line_number` of the file."""
    lines = ARTICLE.read_text(encoding="utf-8").splitlines()
    if not 1 <= line_number <= len(lines):
        raise DatasetError(f"{ARTICLE}: has no line {line_number}")
    paragraph = " ".join(lines[line_number - 1].split())
    start = " ".join(article.text.split()).find(paragraph)
    if start < 0:
        raise DatasetError(f"{ARTICLE}: line {line_number} is not in the stored text")
    return _unsquashed(article.text, start, len(paragraph))


def _unsquashed(text: str, start: int, length: int) -> tuple[int, int]:
    """Offsets in `text` of the span at [start, start+length) of its whitespace-squashed form:
    the n-th non-space character is the same character in both."""
    words = " ".join(text.split())
    raw = [i for i, ch in enumerate(text) if not ch.isspace()]
    first = sum(1 for ch in words[:start] if not ch.isspace())
    last = first + sum(1 for ch in words[start : start + length] if not ch.isspace()) - 1
    return raw[first], raw[last] + 1


def overlaps(span: tuple[int, int], start: int, end: int) -> bool:
    return start < span[1] and span[0] < end


def first_success(shown: Sequence[Sequence[tuple[str, int, int]]], span: tuple[int, int]) -> int:
    """1-based rank of the first result whose shown passages (doc_id, start, end) include the
    article paragraph, or 0."""
    for rank, passages in enumerate(shown, start=1):
        if any(d == ARTICLE_ID and overlaps(span, s, e) for d, s, e in passages):
            return rank
    return 0
