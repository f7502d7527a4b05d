"""The domain vocabulary expands keyword queries with equivalent terms, read from a data file."""

from __future__ import annotations

from pathlib import Path

from documents.records import Document, Span
from index.lexical import tokenize
from index.search import RankingConfig, SearchIndex
from index.vocabulary import load_vocabulary
from index.writer import apply_changes

CORPUS_VOCABULARY = Path(__file__).resolve().parents[1] / "corpus" / "vocabulary.tsv"


def write_vocabulary(tmp_path: Path) -> Path:
    path = tmp_path / "vocabulary.tsv"
    path.write_text(
        "# synthetic groups\nQZX\tquartz zinc xenon\nfoo-bar\tbazzle\n", encoding="utf-8"
    )
    return path


def test_a_query_term_brings_its_group(tmp_path: Path) -> None:
    vocabulary = load_vocabulary(write_vocabulary(tmp_path))
    assert vocabulary.expansions(tokenize("what is QZX")) == tokenize("quartz zinc xenon")
    assert vocabulary.expansions(tokenize("quartz zinc xenon levels")) == ["qzx"]
    assert vocabulary.expansions(tokenize("Foo-Bar")) == ["bazzl"]
    assert vocabulary.expansions(tokenize("unrelated words")) == []


def test_the_shipped_vocabulary_knows_the_field() -> None:
    vocabulary = load_vocabulary(CORPUS_VOCABULARY)
    assert "treatment" in vocabulary.expansions(tokenize("ketamine for TRD"))
    assert "esketamin" in vocabulary.expansions(tokenize("Spravato"))
    assert "hamilton" in vocabulary.expansions(tokenize("HAM-D"))
    assert load_vocabulary(Path("no/such/file.tsv")).groups == ()


def test_expansion_finds_passages_that_only_use_the_synonym(tmp_path: Path, fake_embedder) -> None:
    text = "Synthetic passage: quartz zinc xenon crystals were grown."
    docs = [
        Document("text:q", "text", "Synthetic Q", text, (Span("", 0, len(text)),)),
        Document("text:o", "text", "Synthetic O", "Other words entirely.", (Span("", 0, 21),)),
    ]
    apply_changes(tmp_path / "index", fake_embedder, add=docs)
    index = SearchIndex.open(tmp_path / "index", fake_embedder)
    on = RankingConfig(mode="lexical", vocabulary=write_vocabulary(tmp_path))
    off = RankingConfig(mode="lexical", vocabulary=write_vocabulary(tmp_path), expansion_weight=0)
    assert [h.doc_id for h in index.search("QZX", ranking=on)] == ["text:q"]
    assert index.search("QZX", ranking=off) == []
