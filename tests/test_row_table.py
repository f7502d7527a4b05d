"""The in-memory filters and the vectorised corpus map give exactly what the SQL and the old
per-row loops gave, on a small index with every kind of filter value (fake embedder); searches
through them rank exactly as searches through the SQL filters."""

from __future__ import annotations

import dataclasses
import itertools
import json
import sqlite3
from array import array
from pathlib import Path

import numpy as np
import pytest
from fakes import HashingEmbedder

from documents.records import Document, Span
from index import layout, store
from index.corpus_map import CorpusMap
from index.filters import Filters
from index.query_parse import fold
from index.row_table import DocumentCodes, RowTable, folded_authors
from index.search import RankingConfig, SearchIndex
from index.writer import apply_changes

TRIAL = "A randomized double-blind placebo-controlled trial of ketamine in 40 patients. "
TYPES = (("Randomized Controlled Trial",), ("Review",), ("Case Reports",), ())
SOURCES = ("pubmed", "pdf", "text")


def _document(n: int) -> Document:
    text = (TRIAL if n % 3 == 0 else "Ketamine and depression in rats and people. ") * (4 + n % 5)
    return Document(
        doc_id=f"doc-{n:03d}", source=SOURCES[n % 3], title=f"Ketamine study {n}", text=text,
        sections=(Span("", 0, len(text)),), year=None if n % 7 == 0 else 1990 + n % 30,
        authors=("Åsberg  M", " Smith, J ", "") if n % 4 == 0 else (f"Author {n}",),
        publication_types=TYPES[n % 4] if n % 5 else (),
        mesh_terms=("Humans",) if n % 2 else ("Animals",),
    )


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rows") / "index"
    apply_changes(folder, HashingEmbedder(), add=[_document(n) for n in range(60)])
    return folder


@pytest.fixture(scope="module")
def conn(index_dir: Path):
    opened = store.connect(layout.require_live_version(index_dir) / layout.STORE_FILE, True)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def sql(index_dir: Path):
    """A plain connection (not a published store's): `store.rows_matching` answers with SQL."""
    path = layout.require_live_version(index_dir) / layout.STORE_FILE
    opened = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    opened.row_factory = sqlite3.Row
    yield opened
    opened.close()


def _sql_rows(sql: sqlite3.Connection, filters: Filters) -> list[int]:
    return sorted(store.rows_matching(sql, filters.sources, filters.year_min, filters.year_max,
                                      filters.study_types, filters.designs, filters.human_only))


def _codes(conn) -> DocumentCodes:
    docs = sorted(store.stored_documents(conn), key=lambda d: d.doc_id)
    return DocumentCodes.of([d.year for d in docs], [d.source for d in docs],
                            [json.dumps(list(d.study_types)) for d in docs],
                            [d.design for d in docs])


FILTERS = [
    Filters(), Filters(sources=("pdf",)), Filters(sources=("pubmed", "text", "nowhere")),
    Filters(year_min=2005), Filters(year_max=1999), Filters(year_min=1995, year_max=2000),
    Filters(study_types=("review",)), Filters(study_types=("randomized controlled trial",
                                                           "unknown")),
    Filters(study_types=("no such type",)), Filters(designs=("rct",)),
    Filters(designs=("rct", "review", "other")), Filters(human_only=True),
    Filters(sources=("pubmed",), year_min=2000, designs=("rct",), human_only=True),
]


@pytest.mark.parametrize("filters", FILTERS, ids=range(len(FILTERS)))
def test_masks_give_the_rows_sql_gives(conn, sql, filters: Filters) -> None:
    corpus = CorpusMap(conn)
    expected = _sql_rows(sql, filters)
    found = _codes(conn).rows(filters, corpus.row_doc)
    assert found.tolist() == expected and found.dtype == np.int64
    matching = corpus.rows_matching(filters)  # the store lists the filter columns
    assert matching is not None and matching.tolist() == expected
    published = store.rows_matching(conn, filters.sources, filters.year_min, filters.year_max,
                                    filters.study_types, filters.designs, filters.human_only)
    assert isinstance(published, array) and list(published) == expected
    assert np.asarray(published, dtype=np.int64).tolist() == expected


def test_a_published_store_reads_its_rows_once(conn) -> None:
    table = store.row_table(conn)
    assert store.row_table(conn) is table and CorpusMap(conn).row_doc is table.row_doc
    assert table.codes is not None and table.rows_matching(Filters()) is not None


def test_a_store_without_filter_columns_filters_by_sql() -> None:
    table = RowTable.of([(0, "a"), (2, "b")], {"doc_id": ["a", "b"], "year": [None, 2001],
                                               "authors": ["[]", "[]"]})
    assert table.codes is None and table.rows_matching(Filters(year_min=2000)) is None
    assert table.row_doc.tolist() == [0, -1, 1] and table.years.tolist() == [-1, 2001]


def test_the_fixture_covers_every_kind_of_value(conn) -> None:
    codes = _codes(conn)
    assert len(codes.source_names) == 3 and len(codes.kind_names) >= 3
    assert {"rct"} <= set(codes.design_names) and (codes.designs == 0).sum() < len(codes.designs)
    assert (codes.years == np.iinfo(np.int32).min).any()


def test_the_corpus_map_matches_the_per_row_loop(conn) -> None:
    corpus = CorpusMap(conn)
    rows, docs = store.row_documents(conn)
    number = {d["doc_id"]: i for i, d in enumerate(docs)}
    assert corpus.row_doc.tolist() == [number[doc_id] for _, doc_id in rows]
    assert corpus.years.tolist() == [d["year"] if d["year"] is not None else -1 for d in docs]
    by_name = [i for i, d in enumerate(docs) if any("asberg" in fold(a)
                                                      for a in json.loads(d["authors"]))]
    found = corpus.rows_by_author("ÅSBERG")
    assert sorted(set(corpus.docs_of(found).tolist())) == by_name
    assert len(corpus.rows_by_author("m\nsmith")) == 0  # never across two names


@pytest.mark.parametrize("names", [
    [], [[]], [["Åsberg  M", " Smith, J ", ""]], [["Ｆｕｌｌ ｗｉｄｔｈ"], ["ß", "İstanbul"]],
    [["tab\tinside", "new\nline"], ["a\x00b"], ["c\x01d"]],
])
def test_authors_fold_as_name_by_name(names: list[list[str]]) -> None:
    expected = ["\n".join(fold(a) for a in doc) for doc in names]
    assert folded_authors([json.dumps(doc) for doc in names]) == expected


def test_every_combination_of_two_filters_matches(conn, sql) -> None:
    corpus, codes = CorpusMap(conn), _codes(conn)
    for first, second in itertools.combinations(FILTERS[1:], 2):
        both = Filters(first.sources or second.sources, first.year_min or second.year_min,
                       first.year_max or second.year_max, first.study_types or second.study_types,
                       "", first.designs or second.designs, first.human_only or second.human_only)
        expected = _sql_rows(sql, both)
        assert codes.rows(both, corpus.row_doc).tolist() == expected
        published = store.rows_matching(conn, both.sources, both.year_min, both.year_max,
                                        both.study_types, both.designs, both.human_only)
        assert list(published) == expected


DEFAULT_RANKING = RankingConfig()
QUESTIONS = ("ketamine depression", "randomized trial in patients", "rats", "Åsberg trial")


def _answers(index_dir: Path, ranking: RankingConfig = DEFAULT_RANKING) -> list[object]:
    """Passages and paper pages of every question under every filter, as ids in order."""
    found: list[object] = []
    index = SearchIndex.open(index_dir, HashingEmbedder())
    try:
        for question, filters in itertools.product(QUESTIONS, FILTERS):
            found.append([h.chunk_id for h in index.search(question, 10, filters, ranking)])
            papers = index.search_papers(question, per_page=5, filters=filters, ranking=ranking)
            found.append(([p.doc_id for p in papers.papers], papers.total))
            with_author = dataclasses.replace(filters, author="smith")
            found.append([h.chunk_id for h in index.search(question, 10, with_author, ranking)])
    finally:
        index.close()
    return found


def test_searches_rank_as_with_the_sql_filters(index_dir: Path, monkeypatch) -> None:
    fast = _answers(index_dir)
    read = store.row_table
    monkeypatch.setattr(store, "row_table", lambda c: dataclasses.replace(read(c), codes=None))
    assert _answers(index_dir) == fast
    assert any(found for found in fast if found and found != ([], 0))


def test_best_of_is_the_maximum_of_each_documents_rows(conn) -> None:
    corpus = CorpusMap(conn)
    rng = np.random.default_rng(5)
    rows = len(corpus.row_doc)
    sparse = np.where(rng.random(rows) < 0.2, rng.random(rows) * 9, 0.0)
    dense = np.where(rng.random(rows) < 0.8, rng.random(rows), 0.0)
    chosen = (np.arange(corpus.size), rng.permutation(corpus.size)[:7], np.array([3, 3, 0]),
              np.zeros(0, dtype=np.int64))
    for scores in (sparse, dense, np.zeros(rows), rng.normal(size=rows), np.full(rows, 2.5)):
        for docs in chosen:
            expected = [max(scores[corpus.row_doc == d], default=-np.inf) for d in docs]
            assert corpus.best_of(docs, scores).tolist() == expected


def _straightforward(search, text, allowed, request, settings):
    """The listing, checked against the way it was first written: BM25 copied for every row
    that holds a passage, and every paper's best passage, however many papers are listed."""
    from index import paper_rank, paper_ranked
    from index.match import levels

    found = paper_ranked.listing(search, text, allowed, request, settings)
    corpus, retriever = search.corpus, search.index.retriever
    every = np.flatnonzero(corpus.row_doc >= 0)
    scores = retriever.lexical_scores(search.index.lexical_query(text, request.ranking), every)
    best = np.full(corpus.size, -np.inf)
    np.maximum.at(best, corpus.row_doc[every], scores)
    worded = (found.coverage >= settings.limits.partial_coverage) & corpus.mask(allowed)
    pool = found.pool
    pool_levels = levels(pool.best_dense, found.coverage[pool.docs], settings.limits,
                         found.rarest[pool.docs])
    order, total = paper_rank.listed(pool, pool_levels, worded, best)
    assert (order.tolist(), total) == (found.order.tolist(), found.total)
    _OUTSIDE_POOL.append(int(np.count_nonzero(worded)) - int(np.count_nonzero(worded[pool.docs])))
    assert found.lexical_all[every].tolist() == scores.tolist()
    return found


_OUTSIDE_POOL: list[int] = []


@pytest.mark.parametrize("copied", [False, True])
@pytest.mark.parametrize("ranking", [RankingConfig(), RankingConfig(candidates=3),
                                     RankingConfig(mode="lexical", candidates=2)])
def test_paper_pages_are_those_of_the_straightforward_listing(
    index_dir: Path, monkeypatch, copied: bool, ranking: RankingConfig
) -> None:
    from index import paper_search
    from index.local_retriever import LocalRetriever

    fast = _answers(index_dir, ranking)
    if copied:  # a retriever that cannot hand over its scores: they are copied row by row
        monkeypatch.delattr(LocalRetriever, "lexical_every_row")
    monkeypatch.setattr(paper_search, "listing", _straightforward)
    _OUTSIDE_POOL.clear()
    assert _answers(index_dir, ranking) == fast
    assert _OUTSIDE_POOL and (ranking.candidates > 3 or max(_OUTSIDE_POOL) > 0)


def test_the_row_table_is_read_as_the_index_opens(index_dir: Path) -> None:
    index = SearchIndex.open(index_dir, HashingEmbedder())
    try:
        index._corpus.join()
        corpus = index._corpus._map
        table = index.connection.row_table  # type: ignore[attr-defined]
        assert corpus is not None and table is not None and corpus.row_doc is table.row_doc
        assert index.corpus_map() is corpus
    finally:
        index.close()
    SearchIndex.open(index_dir, HashingEmbedder()).close()  # closing waits for the reading


class _ScoresOnly:
    """A retriever that can only score (as the Milvus one): presence by scoring every row."""

    def __init__(self, retriever) -> None:
        self.lexical_scores = retriever.lexical_scores


def test_presence_from_postings_is_presence_from_scores(index_dir: Path) -> None:
    from index.corpus_map import TermPresence

    index = SearchIndex.open(index_dir, HashingEmbedder())
    try:
        corpus = index.corpus_map()
        postings = TermPresence(corpus, index.retriever)
        scored = TermPresence(corpus, _ScoresOnly(index.retriever))  # type: ignore[arg-type]
        vocabulary = index.retriever._lexical._retriever.vocab_dict  # type: ignore[attr-defined]
        tokens = [*vocabulary, "nosuchtoken", ""]
        assert len(tokens) > 20
        for token in tokens:
            try:
                expected = scored.docs_with(token).tolist()
            except ValueError:  # bm25s' placeholder term (no postings) fails either way
                with pytest.raises(ValueError):
                    postings.docs_with(token)
                continue
            assert postings.docs_with(token).tolist() == expected
            assert postings.docs_with(token).tolist() == expected  # kept, as bits
    finally:
        index.close()


def test_bm25_of_every_row_and_its_top_are_the_straightforward_ones(index_dir: Path) -> None:
    from index.retriever import LexicalQuery

    index = SearchIndex.open(index_dir, HashingEmbedder())
    try:
        retriever, rows = index.retriever, np.arange(index.retriever.rows)
        lexical = retriever._lexical  # type: ignore[attr-defined]
        query = LexicalQuery(((("ketamin", "depress"), 1.0), (("trial", "rat"), 0.5)))
        expected = np.zeros(len(rows))
        for tokens, weight in query.groups:
            expected += weight * lexical.scores(list(tokens))
        assert retriever.lexical_scores(query, rows).tolist() == expected.tolist()
        shuffled = np.random.default_rng(3).permutation(rows[::3])
        for allowed in (rows[::3], np.concatenate([shuffled, shuffled[:9]])):
            top, scores = retriever.lexical_top(query, 7, allowed)
            kept = np.where(np.isin(rows, allowed) & (expected > 0), expected, 0)
            order = sorted(np.flatnonzero(kept), key=lambda r: (-kept[r], r))[:7]
            assert top.tolist() == order and scores.tolist() == kept[order].tolist()
    finally:
        index.close()
