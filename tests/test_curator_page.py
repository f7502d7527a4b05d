"""The curator page under Streamlit's AppTest: key gating, uploads, PubMed, removal, health."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from fake_pubmed import RecordedPubmed
from fakes import HashingEmbedder
from streamlit.testing.v1 import AppTest

from ingest.curation import list_documents
from ingest.pipeline import build_corpus

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "pages" / "curator.py")
KEY = "correct horse battery staple"
ENCRYPTED = ROOT.parent / "shared" / "data" / "pdfs" / "awkward" / "encrypted"


@pytest.fixture
def index_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A built index, the page's folders in tmp_path, the fake model and a fake PubMed serving
    the synthetic records of tests/fixtures/entrez (PMIDs 99000001..99000004)."""
    folder = tmp_path / "index"
    build_corpus(ROOT / "corpus", folder, HashingEmbedder)
    for name, value in {"INDEX_DIR": folder, "UPLOADS_DIR": tmp_path / "uploads",
                        "PUBMED_CACHE_DIR": tmp_path / "cache", "CURATOR_KEY": KEY}.items():
        monkeypatch.setenv(f"KLS_{name}", str(value))
    monkeypatch.setattr("index.embed.SentenceTransformerEmbedder", HashingEmbedder)
    monkeypatch.setattr("ingest.pubmed.client.EntrezClient", lambda config: RecordedPubmed())
    st.cache_resource.clear()
    yield folder
    st.cache_resource.clear()


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click()
    return run(at)


def page(key: str | None = KEY) -> AppTest:
    at = run(AppTest.from_file(PAGE, default_timeout=60))
    if key is not None:
        at.sidebar.text_input(key="curator_key").input(key)
        run(at)
    return at


def messages(at: AppTest) -> str:
    parts = [e.value for kind in (at.success, at.info, at.warning, at.error) for e in kind]
    return "\n".join(parts + [t.value for t in at.text])


def test_without_a_key_the_page_is_read_only_but_shows_health_and_documents(index_dir, monkeypatch):
    monkeypatch.delenv("KLS_CURATOR_KEY")
    at = page(key=None)
    assert "Read-only" in at.sidebar.info[0].value
    assert not at.file_uploader and not at.button and not at.multiselect
    assert "checksums verified for all" in at.caption[0].value
    assert at.metric[0].value == "1"
    table = at.dataframe[0].value
    assert list(table["ID"]) == ["article:ketamine-rapid-relief"]


def test_a_wrong_key_unlocks_nothing_and_is_never_echoed(index_dir):
    at = page(key="guess")
    assert "not the curator key" in at.sidebar.error[0].value
    assert not at.file_uploader and not at.button
    shown = messages(at) + str([c.value for c in at.caption] + [m.value for m in at.markdown])
    assert KEY not in shown and "guess" not in shown


def test_upload_several_files_with_progress_and_provenance(index_dir, tmp_path):
    at = page()
    notes = b"Esketamine nasal spray was approved for treatment-resistant depression."
    at.file_uploader(key="uploads").set_value([
        ("../../esketamine notes.txt", notes, "text/plain"),
        ("run.sh", b"#!/bin/sh\necho hi", "text/x-sh"),
        ("broken.pdf", b"%PDF-1.4 nonsense", "application/pdf"),
    ])
    run(at)
    click(at, "add_files")
    shown = messages(at)
    assert "1 added" in shown and "run.sh: unsupported file type '.sh'" in shown
    assert "broken.pdf" in shown and "Traceback" not in shown
    rows = {d.doc_id: d for d in list_documents(index_dir)}
    notes_row = rows["text:esketamine_notes"].provenance
    assert notes_row.source_file == "../../esketamine notes.txt"
    assert notes_row.added_by == "curator page" and len(notes_row.source_sha256) == 64
    saved = sorted(p.relative_to(tmp_path / "uploads") for p in (tmp_path / "uploads").rglob("*.*"))
    assert [p.name for p in saved] == ["esketamine_notes.txt"], "failed uploads are discarded"
    assert list(at.dataframe[0].value["From"]).count("../../esketamine notes.txt") == 1


def test_the_same_upload_twice_is_reported_as_present(index_dir):
    at = page()
    text = ("Ketamine", b"Ketamine acts on NMDA receptors within hours.", "text/plain")
    for _ in range(2):
        at.file_uploader(key="uploads").set_value([("nmda.txt", text[1], text[2])])
        run(at)
        click(at, "add_files")
    assert "1 unchanged" in messages(at)
    at.file_uploader(key="uploads").set_value([("copy-of-nmda.txt", text[1], text[2])])
    run(at)
    click(at, "add_files")
    assert "already present as text:nmda (same text)" in messages(at)


@pytest.mark.skipif(not ENCRYPTED.is_dir(), reason="shared PDFs absent")
def test_an_encrypted_pdf_asks_for_its_password(index_dir):
    at = page()
    data = (ENCRYPTED / "crazyones-encrypted-256.pdf").read_bytes()
    at.file_uploader(key="uploads").set_value([("crazy.pdf", data, "application/pdf")])
    run(at)
    click(at, "add_files")
    assert "encrypted: a password is needed" in messages(at)
    box = [t for t in at.text_input if str(t.key).startswith("pw:")][0]
    box.input("password")
    run(at)
    click(at, [str(b.key) for b in at.button if str(b.key).startswith("open:")][0])
    assert "1 added" in messages(at)
    assert "pdf:crazy" in {d.doc_id for d in list_documents(index_dir)}


def test_pubmed_by_pmid_and_by_query(index_dir):
    at = page()
    at.text_area(key="pmids").input("99000002, 99000001 abc")
    run(at)
    click(at, "add_pmids")
    shown = messages(at)
    assert "2 added" in shown and "'abc' is not a PMID" in shown
    at.text_input(key="pubmed_query").input("ketamine")
    at.number_input(key="pubmed_max").set_value(4)
    run(at)
    click(at, "search_pubmed")
    shown = messages(at)
    assert "PMID 99000001: already present" in shown and "2 added" in shown
    table = at.dataframe[0].value
    assert set(table["PMID"]) >= {"99000001", "99000002", "99000003", "99000004"}
    assert "PubMed (efetch)" in set(table["From"]) and table["Fetched"][table["PMID"].notna()].all()


def test_filter_and_remove_selected(index_dir):
    at = page()
    at.text_area(key="pmids").input("99000002 99000001")
    run(at)
    click(at, "add_pmids")
    at.text_input(key="filter").input("SURVEY")  # only 99000002's title: "... a made-up survey"
    run(at)
    assert list(at.dataframe[0].value["PMID"]) == ["99000002"]
    at.multiselect(key="to_remove").set_value(["pmid:99000002"])
    run(at)
    click(at, "remove")
    assert "Removing: documents: 1 removed" in messages(at)
    assert "pmid:99000002" not in {d.doc_id for d in list_documents(index_dir)}
    assert at.multiselect(key="to_remove").value == []


def test_rebuild_keeps_every_document(index_dir):
    at = page()
    at.text_area(key="pmids").input("99000001")
    run(at)
    click(at, "add_pmids")
    click(at, "rebuild")
    assert "Rebuild: documents: 0 added" in messages(at)
    assert at.metric[0].value == "2"


def test_a_damaged_index_is_reported_on_the_page(index_dir):
    from index import layout

    store_file = layout.require_live_version(index_dir) / "store.sqlite"
    data = bytearray(store_file.read_bytes())
    data[100] ^= 0xFF
    store_file.write_bytes(bytes(data))
    at = page()
    assert "checksum mismatch" in at.error[0].value and "store.sqlite" in at.error[0].value


def test_the_key_may_come_from_streamlit_secrets_and_never_shows_in_a_repr(index_dir, monkeypatch):
    from core.settings import from_env
    from ingest.config import CuratorConfig, PubmedConfig

    monkeypatch.delenv("KLS_CURATOR_KEY")
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.secrets["KLS_CURATOR_KEY"] = KEY
    run(at)
    at.sidebar.text_input(key="curator_key").input(KEY)
    run(at)
    assert at.file_uploader and at.button(key="rebuild")
    assert KEY not in repr(from_env(CuratorConfig, {"KLS_CURATOR_KEY": KEY}))
    assert "s3cret" not in repr(from_env(PubmedConfig, {"KLS_NCBI_API_KEY": "s3cret"}))


def test_a_remove_riding_along_with_a_wrong_key_removes_nothing(index_dir):
    at = page()
    at.text_area(key="pmids").input("99000002")
    run(at)
    click(at, "add_pmids")
    at.multiselect(key="to_remove").set_value(["pmid:99000002"])
    run(at)
    at.sidebar.text_input(key="curator_key").input("guess")
    at.button(key="remove").click()  # same rerun as the wrong key: the callback runs first
    run(at)
    assert "pmid:99000002" in {d.doc_id for d in list_documents(index_dir)}
    assert "curator key is missing or wrong" in messages(at)


def test_a_key_changed_on_the_server_applies_to_the_next_click(index_dir, monkeypatch):
    at = page()
    at.text_area(key="pmids").input("99000002")
    run(at)
    monkeypatch.setenv("KLS_CURATOR_KEY", "a new key")
    at.button(key="add_pmids").click()
    run(at)
    assert "pmid:99000002" not in {d.doc_id for d in list_documents(index_dir)}


def test_a_blank_key_is_a_configuration_error_not_an_open_door(index_dir, monkeypatch):
    monkeypatch.setenv("KLS_CURATOR_KEY", "   ")
    at = run(AppTest.from_file(PAGE, default_timeout=60))
    assert "KLS_CURATOR_KEY is blank" in at.error[0].value
    assert not at.file_uploader and not at.button


def test_a_failed_second_name_for_the_same_bytes_keeps_the_first_file(index_dir, tmp_path):
    at = page()
    data = b"Ketamine acts on NMDA receptors within hours."
    at.file_uploader(key="uploads").set_value([("first.txt", data, "text/plain")])
    run(at)
    click(at, "add_files")
    first = [p for p in (tmp_path / "uploads").rglob("first.txt")]
    assert len(first) == 1
    at.file_uploader(key="uploads").set_value([("second.jsonl", data, "application/json")])
    run(at)
    click(at, "add_files")
    shown = messages(at)
    assert "second.jsonl" in shown and str(tmp_path) not in shown  # no server path shown
    assert first[0].is_file(), "another document's file was deleted"
