"""Index round trip: publish, reuse vectors, remove, verify checksums, refuse a foreign model."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import HashingEmbedder

from core.errors import BadQuery, IndexCorrupt, IndexMissing, ModelMismatch
from documents.records import Document, Span
from index import layout
from index.search import Filters, RankingConfig, SearchIndex
from index.writer import apply_changes


def doc(doc_id: str, text: str, source: str = "text", year: int | None = None) -> Document:
    return Document(
        doc_id, source, f"Title of {doc_id}", text, (Span("", 0, len(text)),), year=year
    )


DOCS = [
    doc("text:a", "Synthetic alpha passage about zebra stripes and zebra herds.", year=2001),
    doc("text:b", "Synthetic beta passage about cobalt blue paint.", "pubmed", 2015),
    doc("text:c", "Synthetic gamma passage about granite mountains.", "pdf", 2020),
]


def test_round_trip_finds_the_matching_passage(tmp_path: Path, fake_embedder) -> None:
    report = apply_changes(tmp_path, fake_embedder, add=DOCS)
    assert (report.documents, report.chunks, len(report.added)) == (3, 3, 3)
    index = SearchIndex.open(tmp_path, fake_embedder)
    hits = index.search("zebra stripes", k=2)
    assert hits[0].doc_id == "text:a" and hits[0].rank == 1
    assert hits[0].title == "Title of text:a" and hits[0].year == 2001
    assert index.manifest.documents == 3 and index.manifest.model == fake_embedder.name


def test_reingesting_unchanged_documents_embeds_nothing(tmp_path: Path, fake_embedder) -> None:
    apply_changes(tmp_path, fake_embedder, add=DOCS)
    fake_embedder.embedded_texts.clear()
    report = apply_changes(tmp_path, fake_embedder, add=DOCS)
    assert fake_embedder.embedded_texts == []
    assert (report.unchanged, report.embedded, report.reused) == (
        ["text:a", "text:b", "text:c"],
        0,
        3,
    )


def test_a_changed_document_reembeds_only_its_own_passages(tmp_path: Path, fake_embedder) -> None:
    apply_changes(tmp_path, fake_embedder, add=DOCS)
    fake_embedder.embedded_texts.clear()
    edited = doc("text:b", "Synthetic beta passage about cobalt green paint now.", "pubmed", 2015)
    report = apply_changes(tmp_path, fake_embedder, add=[edited])
    assert report.replaced == ["text:b"] and report.embedded == 1
    assert len(fake_embedder.embedded_texts) == 1 and "green" in fake_embedder.embedded_texts[0]
    hits = SearchIndex.open(tmp_path, fake_embedder).search("cobalt green paint", k=3)
    assert hits[0].doc_id == "text:b" and "green" in hits[0].text


def test_remove_drops_documents_and_their_passages(tmp_path: Path, fake_embedder) -> None:
    apply_changes(tmp_path, fake_embedder, add=DOCS)
    report = apply_changes(tmp_path, fake_embedder, remove=["text:a", "text:missing"])
    assert report.removed == ["text:a"] and report.not_found == ["text:missing"]
    hits = SearchIndex.open(tmp_path, fake_embedder).search("zebra stripes", k=5)
    assert hits, "the other documents are still found"
    assert all(h.doc_id != "text:a" for h in hits)


def test_filters_restrict_source_and_years(tmp_path: Path, fake_embedder) -> None:
    apply_changes(tmp_path, fake_embedder, add=DOCS)
    index = SearchIndex.open(tmp_path, fake_embedder)
    assert {h.source for h in index.search("synthetic passage", filters=Filters(("pdf",)))} == {
        "pdf"
    }
    years = {h.year for h in index.search("synthetic passage", filters=Filters(year_min=2010))}
    assert years == {2015, 2020}
    assert index.search("synthetic", filters=Filters(year_max=1990)) == []


def test_each_ranking_mode_answers(tmp_path: Path, fake_embedder) -> None:
    apply_changes(tmp_path, fake_embedder, add=DOCS)
    index = SearchIndex.open(tmp_path, fake_embedder)
    for mode in ("hybrid", "dense", "lexical"):
        assert (
            index.search("granite mountains", ranking=RankingConfig(mode=mode))[0].doc_id
            == "text:c"
        )


def test_empty_query_is_refused(tmp_path: Path, fake_embedder) -> None:
    apply_changes(tmp_path, fake_embedder, add=DOCS)
    with pytest.raises(BadQuery, match="empty query"):
        SearchIndex.open(tmp_path, fake_embedder).search("   ")


def test_missing_index_is_reported(tmp_path: Path, fake_embedder) -> None:
    with pytest.raises(IndexMissing, match="no index here yet"):
        SearchIndex.open(tmp_path / "nothing", fake_embedder)


def test_a_flipped_byte_fails_the_checksum(tmp_path: Path, fake_embedder) -> None:
    apply_changes(tmp_path, fake_embedder, add=DOCS)
    target = layout.require_live_version(tmp_path) / "vectors.faiss"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(IndexCorrupt, match="checksum mismatch"):
        SearchIndex.open(tmp_path, fake_embedder)


def test_an_index_of_another_model_is_refused(tmp_path: Path, fake_embedder) -> None:
    apply_changes(tmp_path, fake_embedder, add=DOCS)

    class OtherModel(HashingEmbedder):
        name = "another-model"

    with pytest.raises(ModelMismatch, match="rebuild"):
        SearchIndex.open(tmp_path, OtherModel())
    with pytest.raises(ModelMismatch):
        apply_changes(tmp_path, OtherModel(), add=DOCS)


def test_a_failed_change_leaves_the_live_version_as_it_was(tmp_path: Path, fake_embedder) -> None:
    apply_changes(tmp_path, fake_embedder, add=DOCS)
    before = layout.live_version(tmp_path)

    class Broken(HashingEmbedder):
        def embed(self, texts, progress=False):
            raise RuntimeError("model failed")

    with pytest.raises(RuntimeError):
        apply_changes(tmp_path, Broken(), add=[doc("text:d", "Synthetic delta passage.")])
    assert layout.live_version(tmp_path) == before
    assert SearchIndex.open(tmp_path, fake_embedder).manifest.documents == 3
    assert not [p for p in layout.versions_dir(tmp_path).iterdir() if p.name.startswith(".")]


def test_study_types_come_from_pubmed_and_filter_results(tmp_path: Path, fake_embedder) -> None:
    trial = Document(
        "pmid:1",
        "pubmed",
        "Synthetic trial record",
        "Synthetic passage about lanterns.",
        (Span("", 0, 33),),
        publication_types=("Journal Article", "Randomized Controlled Trial"),
        mesh_terms=("Humans", "Adult"),
    )
    apply_changes(tmp_path, fake_embedder, add=[*DOCS, trial])
    index = SearchIndex.open(tmp_path, fake_embedder)
    hits = index.search("synthetic passage", k=10)
    by_doc = {h.doc_id: h.study_types for h in hits}
    assert by_doc["pmid:1"] == ("randomized controlled trial", "human study")
    assert by_doc["text:a"] == ("unknown",)
    only = index.search("synthetic passage", filters=Filters(study_types=("human study",)))
    assert [h.doc_id for h in only] == ["pmid:1"]


def test_neighbours_return_the_surrounding_passages(tmp_path: Path, fake_embedder) -> None:
    from documents.chunking import ChunkingConfig

    text = " ".join(f"Synthetic sentence {i} about item{i}." for i in range(12))
    long_doc = doc("text:long", text)
    apply_changes(
        tmp_path,
        fake_embedder,
        add=[long_doc],
        chunking=ChunkingConfig(target_tokens=8, max_tokens=12, overlap_tokens=0),
    )
    index = SearchIndex.open(tmp_path, fake_embedder)
    hit = [h for h in index.search("item5", k=20) if "item5." in h.text][0]
    around = index.neighbours(hit, radius=1)
    assert [h.ordinal for h in around] == [hit.ordinal - 1, hit.ordinal, hit.ordinal + 1]
    assert around[0].end <= around[1].start + len(around[1].text)


def test_repeating_a_query_embeds_it_once(tmp_path: Path, fake_embedder) -> None:
    apply_changes(tmp_path, fake_embedder, add=DOCS)
    index = SearchIndex.open(tmp_path, fake_embedder)
    fake_embedder.embedded_texts.clear()
    first = index.search("zebra stripes")
    again = index.search("zebra stripes", filters=Filters(year_min=2000))
    assert fake_embedder.embedded_texts == ["zebra stripes"]
    assert first[0].doc_id == again[0].doc_id == "text:a"


def test_author_filter_matches_part_of_a_name_accents_and_case_aside(
    tmp_path: Path, fake_embedder
) -> None:
    authored = [
        Document("text:e", "text", "Synthetic e", "Synthetic passage about ermine.",
                 (Span("", 0, 31),), authors=("Zoë Ångström", "Li Wei")),
        Document("text:f", "text", "Synthetic f", "Synthetic passage about ferrets.",
                 (Span("", 0, 32),), authors=("Frank Smith",)),
    ]
    apply_changes(tmp_path, fake_embedder, add=[*DOCS, *authored])
    index = SearchIndex.open(tmp_path, fake_embedder)
    found = {h.doc_id for h in index.search("synthetic passage", filters=Filters(author="ANGSTR"))}
    assert found == {"text:e"}
    both = Filters(sources=("text",), author="smith")
    assert {h.doc_id for h in index.search("synthetic passage", filters=both)} == {"text:f"}
    assert index.search("synthetic", filters=Filters(author="nobody")) == []
