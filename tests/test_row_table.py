"""The in-memory filters and the vectorised corpus map give exactly what the SQL and the old
per-row loops gave, on a small index with every kind of filter value (fake embedder)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from fakes import HashingEmbedder

from documents.records import Document, Span
from index import layout, store
from index.corpus_map import CorpusMap
from index.filters import Filters
from index.query_parse import fold
from index.row_table import DocumentCodes, folded_authors
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
def test_masks_give_the_rows_sql_gives(conn, filters: Filters) -> None:
    corpus = CorpusMap(conn)
    expected = sorted(store.rows_matching(conn, filters.sources, filters.year_min,
                                          filters.year_max, filters.study_types,
                                          filters.designs, filters.human_only))
    found = _codes(conn).rows(filters, corpus.row_doc)
    assert found.tolist() == expected and found.dtype == np.int64
    if corpus.codes is not None:  # the store lists the filter columns (store.row_documents)
        matching = corpus.rows_matching(filters)
        assert matching is not None and matching.tolist() == expected


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


def test_every_combination_of_two_filters_matches(conn) -> None:
    corpus, codes = CorpusMap(conn), _codes(conn)
    for first, second in itertools.combinations(FILTERS[1:], 2):
        both = Filters(first.sources or second.sources, first.year_min or second.year_min,
                       first.year_max or second.year_max, first.study_types or second.study_types,
                       "", first.designs or second.designs, first.human_only or second.human_only)
        expected = sorted(store.rows_matching(conn, both.sources, both.year_min, both.year_max,
                                              both.study_types, both.designs, both.human_only))
        assert codes.rows(both, corpus.row_doc).tolist() == expected
