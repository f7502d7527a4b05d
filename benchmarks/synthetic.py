"""A synthetic collection of any size, shaped like the real one, for the end-to-end scale test.

No million real abstracts are at hand, and embedding a million passages would take the model
~8 hours here. So documents are made from the real index (the seed): each recombines the real
sentences of two real passages plus a few random ones (~300 words, ~3 passages), under the
title, authors and publication types of the first passage's paper, with a year from 1970 to
2026 and a source (90% PubMed). Word frequencies, term co-occurrence and facts cues are thus
real. `SyntheticEmbedder` injects vectors instead of running the model: a passage's vector
mixes the mean vector of its title's real paper with a random real passage vector plus noise
(as `benchmarks.scale` does), so the two channels roughly agree on topics, as they do for real.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import overload

import numpy as np

from documents.records import Document, Span
from index import layout, store, vectors
from index.stored import StoredDocument

SEED = 20_260_101
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(])")
SOURCES = (("pubmed", 0.90), ("pdf", 0.95), ("text", 1.0))
NOISE = 0.3


@dataclass(frozen=True)
class Seed:
    """The real index the synthetic one is made from."""

    sentences: list[str]
    spans: list[tuple[int, int]]  # per real passage: its sentences' range in `sentences`
    passage_doc: np.ndarray  # per real passage: its paper's position in `papers`
    papers: list[StoredDocument]
    vectors: np.ndarray  # per real passage
    paper_vectors: np.ndarray  # per paper: its passages' mean, normalised


def load_seed(index_dir: Path) -> Seed:
    """Sentences, papers and vectors of the live version of a real index."""
    live = layout.require_live_version(index_dir)
    conn = store.connect(live / layout.STORE_FILE, readonly=True)
    try:
        rows, papers = store.chunk_rows(conn), store.stored_documents(conn)
    finally:
        conn.close()
    number = {p.doc_id: i for i, p in enumerate(papers)}
    sentences: list[str] = []
    spans = []
    for row in rows:
        start = len(sentences)
        sentences += [s for s in _SENTENCE_END.split(" ".join(row["text"].split())) if s]
        spans.append((start, len(sentences)))
    passage_doc = np.array([number[r["doc_id"]] for r in rows], dtype=np.int64)
    real = vectors.all_vectors(vectors.read(live / layout.VECTORS_FILE))
    means = np.zeros((len(papers), real.shape[1]), dtype=np.float32)
    np.add.at(means, passage_doc, real)
    means /= np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-9)
    return Seed(sentences, spans, passage_doc, papers, real, means)


class SyntheticCorpus(Sequence[Document]):
    """`size` documents, each made on demand from its number (the same number, the same
    document), so the writer can stream a million of them without holding them all."""

    def __init__(self, seed: Seed, size: int) -> None:
        self.seed = seed
        self.size = size

    def __len__(self) -> int:
        return self.size

    @overload
    def __getitem__(self, i: int) -> Document: ...

    @overload
    def __getitem__(self, i: slice) -> list[Document]: ...

    def __getitem__(self, i: int | slice) -> Document | list[Document]:
        if isinstance(i, slice):
            return [self.document(n) for n in range(*i.indices(self.size))]
        if not -self.size <= i < self.size:
            raise IndexError(i)
        return self.document(i % self.size)

    def document(self, n: int) -> Document:
        """Document number `n`."""
        seed, rng = self.seed, np.random.default_rng([SEED, n])
        first, second = (int(p) for p in rng.integers(len(seed.spans), size=2))
        paper = seed.papers[int(seed.passage_doc[first])]
        text = self._text(rng, first, second, int(rng.integers(150, 380)))
        source = next(name for name, upto in SOURCES if rng.random() < upto)
        pmid = str(30_000_000 + n) if source == "pubmed" else None
        authors = list(paper.authors) + list(seed.papers[int(rng.integers(len(seed.papers)))]
                                             .authors)[:2]
        return Document(
            doc_id=f"pmid:{pmid}" if pmid else f"synthetic:{n}", source=source,
            title=paper.title, text=text, sections=(Span("", 0, len(text)),), pmid=pmid,
            doi=f"10.5555/kls.{n}" if rng.random() < 0.6 else None,
            year=int(rng.integers(1970, 2027)), journal=paper.journal, authors=tuple(authors),
            publication_types=paper.publication_types, origin="synthetic",
        )

    def _text(self, rng: np.random.Generator, first: int, second: int, words: int) -> str:
        """The two passages' sentences (the first's kept first), then random ones, up to about
        `words` words."""
        seed = self.seed
        chosen = [seed.sentences[i] for i in range(*seed.spans[first])]
        rest = [seed.sentences[i] for i in range(*seed.spans[second])]
        rest += [seed.sentences[int(i)] for i in rng.integers(len(seed.sentences), size=12)]
        order = rng.permutation(len(rest))
        count = sum(len(s.split()) for s in chosen)
        for i in order:
            if count >= words:
                break
            chosen.append(rest[int(i)])
            count += len(rest[int(i)].split())
        return " ".join(chosen)


class SyntheticEmbedder:
    """Vectors injected instead of the model's, a pure function of the embedded text: the mean
    vector of the real paper whose title heads the text, mixed with a real passage vector
    picked by the text's hash, plus noise. Tokens are whitespace words x 4/3 (about the word
    pieces per word of this corpus, so passages hold ~120 words as real ones do)."""

    def __init__(self, seed: Seed, name: str) -> None:
        self.name = name
        self.dimension = int(seed.vectors.shape[1])
        self._seed = seed
        self._titles = {p.title.strip()[:1000]: i for i, p in enumerate(seed.papers)}
        self._noise = np.random.default_rng(SEED).normal(
            0, NOISE / np.sqrt(self.dimension), size=(8192, self.dimension)).astype(np.float32)

    def embed(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(texts), 50_000):
            out[start : start + 50_000] = self._batch(texts[start : start + 50_000])
        return out

    def _batch(self, texts: Sequence[str]) -> np.ndarray:
        seed = self._seed
        hashes = np.array([zlib.crc32(t.encode()) for t in texts], dtype=np.int64)
        papers = np.array([self._titles.get(t.split(".\n", 1)[0], -1) for t in texts])
        papers = np.where(papers >= 0, papers, hashes % len(seed.papers))
        weight = (0.5 + 0.5 * ((hashes >> 12) % 1024) / 1024).astype(np.float32)[:, None]
        mixed = weight * seed.paper_vectors[papers]
        mixed += (1 - weight) * seed.vectors[hashes % len(seed.vectors)]
        mixed += self._noise[(hashes >> 3) % len(self._noise)]
        return mixed / np.linalg.norm(mixed, axis=1, keepdims=True)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(t.split()) * 4 // 3 for t in texts]
