"""The Milvus backend answers as the local one does (on milvus-lite): call by call, through the
facade, under filters, after a removal, and from a new process opening the `kls_live` alias.

Scores agree to float rounding (Milvus sums in another order than FAISS and bm25s), so rows
whose scores tie within 1e-6 may come in either order; everything else must be identical.
Skipped, with the reason, where pymilvus or milvus-lite is not installed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pymilvus", reason="pymilvus not installed (requirements-dev.txt pins it)")
pytest.importorskip("milvus_lite", reason="milvus-lite not installed (requirements-dev.txt)")

from fakes import HashingEmbedder  # noqa: E402

from core.errors import ConfigError, IndexLocked, IndexMissing  # noqa: E402
from core.settings import from_env  # noqa: E402
from documents.records import Document, Span  # noqa: E402
from index import layout, milvus_hooks, store  # noqa: E402
from index.backend_config import BackendConfig  # noqa: E402
from index.filters import Filters  # noqa: E402
from index.local_retriever import LocalRetriever  # noqa: E402
from index.milvus_connect import LIVE_ALIAS, connect, read_version, release  # noqa: E402
from index.milvus_retriever import MilvusRetriever, row_filter  # noqa: E402
from index.search import RankingConfig, SearchIndex  # noqa: E402
from index.writer import apply_changes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TOLERANCE = 1e-6
QUERIES = ["ketamine depression rapid effect", "NMDA receptor glutamate BDNF", "term5 term77",
           "5-HT2A TNF-α signaling", "forced swim test in mice", "esketamine nasal spray",
           "ketamine dose, ketamine response"]
WORDS = [
    "ketamine", "depression", "glutamate", "receptor", "nmda", "bdnf", "mtor", "synapse",
    "esketamine", "infusion", "dose", "trial", "placebo", "response", "remission", "suicidal",
    "rapid", "antidepressant", "patients", "randomized", "week", "5-ht2a", "tnf-α", "hamilton",
    "montgomery", "treatment-resistant", "cortex", "hippocampus", "spine", "signaling", "mouse",
    "rat", "forced", "swim", "tail", "suspension", "dissociation", "nasal", "spray", "intravenous",
]


def corpus(count: int, seed: int = 7) -> list[Document]:
    """Passages of Zipf-distributed words (few exact score ties), varied sources, years and
    publication types, and one document made only of stop words (no BM25 terms at all)."""
    rng = np.random.default_rng(seed)
    vocabulary = WORDS + [f"term{i}" for i in range(2_000)]
    weights = 1 / np.arange(1, len(vocabulary) + 1) ** 1.05
    docs = [Document("text:stop", "text", "Of the", "And it was, to be.", (Span("", 0, 18),))]
    for i in range(count):
        words = rng.choice(vocabulary, size=int(rng.integers(60, 450)), p=weights / weights.sum())
        text = ". ".join(" ".join(words[j : j + 12]) for j in range(0, len(words), 12)) + "."
        docs.append(Document(
            f"text:d{i}", ("pubmed", "pdf", "text", "article")[i % 4], f"Study {i} of {words[0]}",
            text, (Span("", 0, len(text)),), year=None if i % 7 == 0 else 1990 + i % 35,
            publication_types=(("Review",), ("Randomized Controlled Trial",), ())[i % 3],
            mesh_terms=("Humans",) if i % 2 else ()))
    return docs


@contextmanager
def milvus_publishing(monkeypatch: pytest.MonkeyPatch, config: BackendConfig) -> Iterator[None]:
    """The real writer with the Milvus backend selected as a user selects it: by settings."""
    monkeypatch.setenv("KLS_BACKEND", config.backend)
    monkeypatch.setenv("KLS_MILVUS_URI", config.milvus_uri or "")
    yield
    monkeypatch.delenv("KLS_BACKEND")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """(index folder, milvus-lite URI) of ~1,500 passages built by the real writer."""
    folder = tmp_path_factory.mktemp("milvus-contract")
    uri = str(folder / "milvus.db")
    with pytest.MonkeyPatch.context() as patch, milvus_publishing(
            patch, BackendConfig("milvus", uri)):
        apply_changes(folder / "index", HashingEmbedder(), add=corpus(600))
    yield folder / "index", uri
    release(uri)


def facades(index_dir: Path, uri: str) -> tuple[SearchIndex, SearchIndex]:
    """The facade on the local backend, and the same facade ranking through Milvus."""
    local = SearchIndex.open(index_dir, HashingEmbedder())
    milvus = SearchIndex.open(index_dir, HashingEmbedder())
    milvus.retriever.close()
    milvus._retriever = MilvusRetriever.open(milvus.version_dir, uri)
    return local, milvus


def assert_same(expected: tuple, got: tuple, cut: bool, tolerance: float = TOLERANCE) -> None:
    """Same rows, same scores to rounding; tied rows in any order, and a tie cut by `k`
    (`cut`) may keep different rows."""
    (rows, scores), (got_rows, got_scores) = expected, got
    assert len(got_rows) == len(rows)
    np.testing.assert_allclose(got_scores, scores, rtol=tolerance, atol=tolerance)
    bounds = [0, *(np.flatnonzero(np.diff(scores) < -tolerance) + 1), len(rows)]
    for start, end in zip(bounds[:-1], bounds[1:], strict=True):
        if not (cut and end == len(rows)):
            assert set(rows[start:end]) == set(got_rows[start:end]), (start, end)


def assert_retrievers_agree(local: SearchIndex, milvus: SearchIndex, allowed=None) -> None:
    every = np.arange(local.retriever.rows)
    for query in QUERIES:
        vector, terms = local.query_vector(query), local.lexical_query(query)
        for k in (5, 50, 300):
            for channel, ask in (("dense", vector), ("lexical", terms)):
                top = f"{channel}_top"
                expected = getattr(local.retriever, top)(ask, k, allowed)
                got = getattr(milvus.retriever, top)(ask, k, allowed)
                assert_same(expected, got, cut=len(expected[0]) == k)
                if allowed is not None:
                    assert set(got[0]) <= set(allowed.tolist())
        np.testing.assert_allclose(milvus.retriever.dense_scores(vector, every),
                                   local.retriever.dense_scores(vector, every), atol=TOLERANCE)
        np.testing.assert_allclose(milvus.retriever.lexical_scores(terms, every),
                                   local.retriever.lexical_scores(terms, every), atol=TOLERANCE)


def test_every_call_answers_as_the_local_backend(published: tuple[Path, str]) -> None:
    local, milvus = facades(*published)
    assert milvus.retriever.rows == local.retriever.rows > 1_000
    assert_retrievers_agree(local, milvus)
    dense = RankingConfig(mode="dense")  # a passage without BM25 terms is still stored
    assert milvus.search("Of the. And it was, to be.", 1, ranking=dense)[0].doc_id == "text:stop"


def test_filters_keep_the_same_rows(published: tuple[Path, str]) -> None:
    local, milvus = facades(*published)
    rng, rows = np.random.default_rng(3), local.retriever.rows
    for allowed in (
        local.allowed_rows(Filters(sources=("pubmed", "pdf"), year_min=2000)),
        local.allowed_rows(Filters(study_types=("review",))),
        np.arange(100, 400),  # a range
        np.sort(rng.choice(rows, int(rows * 0.8), replace=False)),  # sent as its complement
        np.sort(rng.choice(rows, 40, replace=False)),
    ):
        assert allowed is not None and 0 < len(allowed) < rows
        assert_retrievers_agree(local, milvus, allowed)
    assert len(milvus.retriever.dense_top(local.query_vector("x"), 5, np.zeros(0, int))[0]) == 0


def test_the_stored_fields_answer_the_store_filters(published: tuple[Path, str]) -> None:
    index_dir, uri = published
    version = read_version(layout.require_live_version(index_dir))
    assert version is not None
    conn = store.connect(layout.require_live_version(index_dir) / layout.STORE_FILE, True)
    client = connect(uri)
    for expression, expected in (
        ('source in ["pubmed", "pdf"] and year >= 2000 and year <= 2010',
         store.rows_matching(conn, ("pubmed", "pdf"), 2000, 2010)),
        ('array_contains_any(study_types, ["review"])', store.rows_matching(conn, (), None, None,
                                                                          ("review",))),
    ):
        found = client.query(version.collection, filter=expression, output_fields=["row"])
        assert sorted(r["row"] for r in found) == sorted(expected)
    conn.close()


def test_the_facade_ranks_the_same(published: tuple[Path, str]) -> None:
    local, milvus = facades(*published)
    for mode in ("hybrid", "dense", "lexical"):
        for filters in (Filters(), Filters(sources=("pubmed",), year_max=2015)):
            for query in QUERIES:
                a, b = (f.search(query, 20, filters, RankingConfig(mode=mode))
                        for f in (local, milvus))
                assert_same((np.array([h.chunk_id for h in a]), np.array([h.score for h in a])),
                            (np.array([h.chunk_id for h in b]), np.array([h.score for h in b])),
                            cut=True, tolerance=1e-5)  # min-max scaling magnifies rounding
    a_papers, b_papers = (f.search_papers(QUERIES[0]).papers for f in (local, milvus))
    assert [p.doc_id for p in a_papers] == [p.doc_id for p in b_papers]


def test_a_removal_switches_the_alias_and_drops_unused_collections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uri, index_dir = str(tmp_path / "milvus.db"), tmp_path / "index"
    docs, collections = corpus(120, seed=11), []
    with milvus_publishing(monkeypatch, BackendConfig("milvus", uri)):
        for change in ({"add": docs}, {"remove": ["text:d1", "text:d2"]}, {"remove": ["text:d3"]}):
            apply_changes(index_dir, HashingEmbedder(), **change)
            version = read_version(layout.require_live_version(index_dir))
            assert version is not None
            collections.append(version.collection)
            client = connect(uri)
            assert client.describe_alias(LIVE_ALIAS)["collection_name"] == version.collection
    named = {read_version(folder) for folder in layout.versions_dir(index_dir).iterdir()}
    assert len(named) == 2 and collections[-1] in set(client.list_collections())
    assert set(client.list_collections()) == {v.collection for v in named if v}  # pruned: gone
    local, milvus = facades(index_dir, uri)
    assert_retrievers_agree(local, milvus)
    gone = client.query(collections[-1], filter='doc_id in ["text:d1", "text:d2", "text:d3"]')
    assert gone == [] and "text:d1" not in {h.doc_id for h in milvus.search("term1", 100)}
    release(uri)


REOPEN = """
import json, sys
from pathlib import Path
from fakes import HashingEmbedder
from index import layout
from index.lexical import tokenize
from index.milvus_retriever import MilvusRetriever
from index.retriever import LexicalQuery
index_dir, uri, alias = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
retriever = MilvusRetriever.open(layout.require_live_version(index_dir), uri, alias)
answers = []
for query in json.loads(sys.argv[4]):
    rows, scores = retriever.dense_top(HashingEmbedder().embed([query])[0], 50, None)
    lexical = retriever.lexical_top(LexicalQuery(((tuple(tokenize(query)), 1.0),)), 50, None)
    answers.append([rows.tolist(), scores.tolist(), lexical[0].tolist(), lexical[1].tolist()])
print(json.dumps(answers))
"""


def reopen(index_dir: Path, uri: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", REOPEN, str(index_dir), uri, LIVE_ALIAS, json.dumps(QUERIES)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
        env={"PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}", "PATH": "/usr/bin:/bin"},
    )


def test_a_new_process_opening_the_live_alias_answers_the_same(
    published: tuple[Path, str],
) -> None:
    index_dir, uri = published
    connect(uri)
    held = reopen(index_dir, uri)  # milvus-lite: one process per file
    assert held.returncode != 0 and IndexLocked.__name__ in held.stderr
    release(uri)
    answers = json.loads(reopen(index_dir, uri).stdout)
    local = LocalRetriever(layout.require_live_version(index_dir))
    index = SearchIndex.open(index_dir, HashingEmbedder())
    for query, (rows, scores, lexical_rows, lexical_scores) in zip(QUERIES, answers, strict=True):
        expected = local.dense_top(index.query_vector(query), 50, None)
        assert_same(expected, (np.array(rows), np.array(scores)), cut=True)
        terms = index.lexical_query(query, RankingConfig(expansion_weight=0))
        assert_same(local.lexical_top(terms, 50, None),
                    (np.array(lexical_rows), np.array(lexical_scores)), cut=True)


def test_settings_choose_the_backend(published: tuple[Path, str], tmp_path: Path) -> None:
    index_dir, uri = published
    live = layout.require_live_version(index_dir)
    assert isinstance(milvus_hooks.open_retriever(live, BackendConfig()), LocalRetriever)
    chosen = milvus_hooks.open_retriever(live, from_env(BackendConfig, {
        "KLS_BACKEND": "milvus", "KLS_MILVUS_URI": uri}))
    assert isinstance(chosen, MilvusRetriever)
    for bad in ({"KLS_BACKEND": "milvus"}, {"KLS_BACKEND": "qdrant"},
                {"KLS_BACKEND": "milvus", "KLS_MILVUS_URI": "milvus.sqlite"}):
        with pytest.raises(ConfigError):
            from_env(BackendConfig, bad)
    apply_changes(tmp_path, HashingEmbedder(), add=corpus(3))  # published without Milvus
    with pytest.raises(IndexMissing, match="not published to Milvus"):
        MilvusRetriever.open(layout.require_live_version(tmp_path), uri)


def test_row_filters_are_short() -> None:
    assert row_filter(None, 10) == "" and row_filter(np.arange(10), 10) == ""
    assert row_filter(np.zeros(0, int), 10) is None and row_filter(np.array([12]), 10) is None
    assert row_filter(np.array([4, 2, 3]), 10) == "row >= 2 and row <= 4"
    assert row_filter(np.array([0, 1, 2, 3, 4, 5, 7, 8, 9]), 10) == "row not in [6]"
    assert row_filter(np.array([1, 5]), 10) == "row in [1,5]"
