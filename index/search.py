"""The one search facade: the page, the CLI and the evaluation all rank through `SearchIndex`.

Hybrid ranking fuses two channels over the same passages. The dense channel (cosine similarity
of MiniLM vectors) understands paraphrases ("does it work fast"); the lexical channel (BM25)
catches exact terms and abbreviations ("5-HT2A", "TRD"). Each channel proposes its best
candidates, both scores are computed exactly for every candidate, normalised, and mixed.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.errors import BadQuery, IndexCorrupt, ModelMismatch
from index import layout, store, vectors
from index.embed import Embedder
from index.hit import Hit
from index.lexical import LexicalIndex, tokenize
from index.manifest import Manifest
from index.vocabulary import Vocabulary, load_vocabulary

MODES = ("hybrid", "dense", "lexical")
QUERY_VECTORS_KEPT = 256


@dataclass(frozen=True)
class Filters:
    """Restrict results to some sources, a year range (None: no bound) and study types."""

    sources: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    study_types: tuple[str, ...] = ()

    def active(self) -> bool:
        return self != Filters()


@dataclass(frozen=True)
class RankingConfig:
    """How channels are combined. `dense_weight` is the share of the normalised dense score in
    the fused score; `candidates` is how many passages each channel proposes;
    `expansion_weight` scales BM25 of the vocabulary's synonyms for query terms (`vocabulary`)."""

    mode: str = "hybrid"
    dense_weight: float = 0.6
    candidates: int = 300
    expansion_weight: float = 0.5
    vocabulary: Path = Path(__file__).resolve().parents[1] / "corpus" / "vocabulary.tsv"


class SearchIndex:
    """A loaded, verified index version with the model that queries it."""

    def __init__(self, version_dir: Path, embedder: Embedder, verify: bool = True) -> None:
        self.version_dir = version_dir
        self.manifest: Manifest = layout.read_manifest(version_dir, verify=verify)
        if (self.manifest.model, self.manifest.dimension) != (embedder.name, embedder.dimension):
            raise ModelMismatch(
                f"{version_dir}: index built with {self.manifest.model} "
                f"({self.manifest.dimension} dims), but the loaded model is "
                f"{embedder.name} ({embedder.dimension} dims); rebuild the index"
            )
        self._embedder = embedder
        self._vocabularies: dict[Path, Vocabulary] = {}
        self._query_vectors: dict[str, np.ndarray] = {}
        try:
            self._conn = store.connect(version_dir / layout.STORE_FILE, readonly=True)
            self._vectors = vectors.read(version_dir / layout.VECTORS_FILE)
            self._lexical = LexicalIndex.load(
                version_dir / layout.LEXICAL_DIR, self._vectors.ntotal
            )
        except (sqlite3.Error, RuntimeError, OSError, ValueError) as error:
            raise IndexCorrupt(f"{version_dir}: cannot load index ({error})") from error

    @classmethod
    def open(cls, index_dir: Path, embedder: Embedder, verify: bool = True) -> SearchIndex:
        """The live version of the index at `index_dir`."""
        return cls(layout.require_live_version(index_dir), embedder, verify=verify)

    @property
    def version(self) -> str:
        return self.manifest.version

    def search(
        self,
        query: str,
        k: int = 10,
        filters: Filters = Filters(),
        ranking: RankingConfig = RankingConfig(),
    ) -> list[Hit]:
        """The `k` best passages for `query`, best first."""
        query = query.strip()
        if not query:
            raise BadQuery("empty query: type a question or some terms")
        if ranking.mode not in MODES:
            raise BadQuery(f"unknown ranking mode '{ranking.mode}' (choose {', '.join(MODES)})")
        allowed = self._allowed_rows(filters)
        rows, fused, dense, lexical = self._rank(query, allowed, ranking)
        return self._hits(rows[:k], fused[:k], dense[:k], lexical[:k])

    def _allowed_rows(self, filters: Filters) -> np.ndarray | None:
        if not filters.active():
            return None
        rows = store.rows_matching(
            self._conn, filters.sources, filters.year_min, filters.year_max, filters.study_types
        )
        return np.asarray(rows, dtype=np.int64)

    def _rank(
        self, query: str, allowed: np.ndarray | None, ranking: RankingConfig
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Rows of candidates in fused order, with fused, dense and lexical scores."""
        if allowed is not None and len(allowed) == 0:
            empty = np.zeros(0)
            return empty.astype(np.int64), empty, empty, empty
        query_vector = self._query_vector(query) if ranking.mode != "lexical" else None
        bm25 = self._lexical_scores(query, ranking)
        if allowed is not None:
            mask = np.zeros_like(bm25)
            mask[allowed] = 1
            bm25 = bm25 * mask
        candidates = self._candidates(query_vector, bm25, allowed, ranking)
        dense = (
            self._dense_scores(query_vector, candidates)
            if query_vector is not None
            else np.zeros(len(candidates))
        )
        lexical = bm25[candidates]
        fused = _fuse(dense, lexical, ranking)
        order = np.argsort(-fused, kind="stable")
        return candidates[order], fused[order], dense[order], lexical[order]

    def _query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, kept for recent queries: the page searches the same question
        again for its filter counts, context toggles and reruns, and need not re-embed it."""
        vector = self._query_vectors.get(query)
        if vector is None:
            if len(self._query_vectors) >= QUERY_VECTORS_KEPT:
                self._query_vectors.pop(next(iter(self._query_vectors)), None)
            vector = self._query_vectors[query] = self._embedder.embed([query])[0]
        return vector

    def expansions(self, query: str, ranking: RankingConfig = RankingConfig()) -> list[str]:
        """Index terms the vocabulary adds to `query` (stemmed), to show why a passage matched."""
        return self._vocabulary(ranking.vocabulary).expansions(tokenize(query))

    def _lexical_scores(self, query: str, ranking: RankingConfig) -> np.ndarray:
        """BM25 of the query's own terms plus, down-weighted, of their vocabulary synonyms."""
        tokens = tokenize(query)
        scores = self._lexical.scores(tokens)
        extra = self.expansions(query, ranking)
        if extra and ranking.expansion_weight > 0:
            scores = scores + ranking.expansion_weight * self._lexical.scores(extra)
        return scores

    def _vocabulary(self, path: Path) -> Vocabulary:
        if path not in self._vocabularies:
            self._vocabularies[path] = load_vocabulary(path)
        return self._vocabularies[path]

    def _candidates(
        self,
        query_vector: np.ndarray | None,
        bm25: np.ndarray,
        allowed: np.ndarray | None,
        ranking: RankingConfig,
    ) -> np.ndarray:
        proposals = []
        if ranking.mode != "lexical" and query_vector is not None:
            _, rows = vectors.search(self._vectors, query_vector, ranking.candidates, allowed)
            proposals.append(rows)
        if ranking.mode != "dense":
            top = np.argsort(-bm25)[: ranking.candidates]
            proposals.append(top[bm25[top] > 0])
        return np.unique(np.concatenate(proposals)).astype(np.int64)

    def _dense_scores(self, query_vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        if len(rows) == 0:
            return np.zeros(0)
        # Element-wise rather than BLAS: right after the model runs, a BLAS call on 2 cores
        # contends with torch's threads and doubles the query time.
        return (vectors.vectors_at(self._vectors, rows) * query_vector).sum(axis=1)

    def _hits(
        self, rows: np.ndarray, fused: np.ndarray, dense: np.ndarray, lexical: np.ndarray
    ) -> list[Hit]:
        records = store.hit_rows(self._conn, [int(r) for r in rows])
        return [
            _hit(rank, records[int(row)], float(f), float(d), float(x))
            for rank, (row, f, d, x) in enumerate(
                zip(rows, fused, dense, lexical, strict=True), start=1
            )
        ]

    def neighbours(self, hit: Hit, radius: int = 1) -> list[Hit]:
        """The passages around `hit` in its document, in reading order (the hit included), so a
        reader can see the context of a passage; their scores are 0 and ranks are positions."""
        rows = store.neighbour_rows(self._conn, hit.doc_id, hit.ordinal, radius)
        records = store.hit_rows(self._conn, rows)
        return [_hit(i, records[row], 0.0, 0.0, 0.0) for i, row in enumerate(rows, start=1)]

    def close(self) -> None:
        self._conn.close()


def _fuse(dense: np.ndarray, lexical: np.ndarray, ranking: RankingConfig) -> np.ndarray:
    """Convex combination of min-max normalised channel scores (one channel in a single mode)."""
    if ranking.mode == "dense":
        return dense.astype(np.float64)
    if ranking.mode == "lexical":
        return lexical.astype(np.float64)
    return ranking.dense_weight * _normalise(dense) + (1 - ranking.dense_weight) * _normalise(
        lexical
    )


def _normalise(scores: np.ndarray) -> np.ndarray:
    if len(scores) == 0:
        return scores.astype(np.float64)
    low, high = float(scores.min()), float(scores.max())
    if high - low < 1e-9:
        return np.zeros(len(scores)) if high <= 0 else np.ones(len(scores))
    return (scores - low) / (high - low)


def _hit(rank: int, record: sqlite3.Row, fused: float, dense: float, lexical: float) -> Hit:
    return Hit(
        rank=rank,
        score=round(fused, 6),
        text=record["text"],
        doc_id=record["doc_id"],
        chunk_id=record["chunk_id"],
        title=record["title"],
        source=record["source"],
        pmid=record["pmid"],
        doi=record["doi"],
        year=record["year"],
        page=record["page"],
        journal=record["journal"],
        heading=record["heading"],
        ordinal=record["ordinal"],
        start=record["start"],
        end=record["end"],
        publication_types=tuple(json.loads(record["publication_types"])),
        study_types=tuple(json.loads(record["study_types"])),
        origin=record["origin"],
        authors=tuple(json.loads(record["authors"])),
        dense_score=round(dense, 6),
        lexical_score=round(lexical, 6),
    )
