"""`python -m ingest pubmed|remove|list|sync|rebuild` with the fake model and a fake PubMed
serving synthetic records (tests/fixtures/entrez: PMIDs 99000001..99000004)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_pubmed import OfflinePubmed, RecordedPubmed
from fakes import HashingEmbedder

from ingest.cli import main

CORPUS = Path(__file__).parent / "fixtures" / "cli_corpus"


@pytest.fixture
def ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`ingest(*argv, client=...)` against an index and cache in tmp_path."""
    monkeypatch.setenv("KLS_PUBMED_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KLS_UPLOADS_DIR", str(tmp_path / "uploads"))
    index = ["--index", str(tmp_path / "index"), "--quiet"]

    def run(*argv: str, client=None) -> int:
        return main([*argv, *index], embedder_factory=HashingEmbedder, client=client)

    assert run("build", "--corpus", str(CORPUS)) == 0
    return run


def listed(ingest, capsys) -> dict[str, dict]:
    capsys.readouterr()
    assert ingest("list", "--json") == 0
    return {row["doc_id"]: row for row in json.loads(capsys.readouterr().out)}


def test_pubmed_by_pmid_records_provenance_and_reports_what_is_present(ingest, capsys):
    fake = RecordedPubmed()
    assert ingest("pubmed", "--pmid", "99000001", "99000003", client=fake) == 0
    assert "2 added" in capsys.readouterr().out
    assert ingest("pubmed", "--pmid", "99000001", "99000002", "x1", client=fake) == 1
    out = capsys.readouterr()
    assert "present: PMID 99000001: already present" in out.out and "1 added" in out.out
    assert "error: 'x1' is not a PMID" in out.err
    assert fake.fetched == [["99000001", "99000003"], ["99000002"]], "present PMIDs not fetched"
    row = listed(ingest, capsys)["pmid:99000001"]
    assert row["source_file"] == "PubMed (efetch)" and row["fetched_at"] and row["chunks"] >= 1
    assert row["added_by"].startswith("cli") and len(row["source_sha256"]) == 64


def test_pubmed_query_adds_at_most_max(ingest, capsys):
    fake = RecordedPubmed(["efetch1.xml", "efetch2.xml"])
    assert ingest("pubmed", "--query", "ketamine AND depression", "--max", "3", client=fake) == 0
    assert fake.searches == [("ketamine AND depression", 3)]
    assert sum(1 for d in listed(ingest, capsys) if d.startswith("pmid:")) == 3


def test_list_prints_a_table_and_remove_reports_unknown_ids(ingest, capsys):
    capsys.readouterr()
    assert ingest("list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("doc_id\tsource\tyear\tpmid\tchunks") and len(lines) == 3
    assert ingest("remove", "text:harbour", "text:nowhere") == 1
    out = capsys.readouterr()
    assert "1 removed" in out.out and "text:nowhere: no such document" in out.err
    assert ingest("remove", "text:nowhere") == 2
    assert set(listed(ingest, capsys)) == {"text:orchard"}


def test_sync_pulls_what_is_missing_and_leaves_out_what_a_curator_removed(ingest, capsys):
    fake = RecordedPubmed(["efetch1.xml", "efetch2.xml"])
    assert ingest("sync", client=fake) == 1  # the pinned (real) PMIDs are not in the fixtures
    out = capsys.readouterr()
    assert "search: Ketamine or esketamine in depression: 4 PMIDs found" in out.out
    assert "added: 4 records" in out.out and "PMID 21867718: not found" in out.err
    pubmed = {d for d in listed(ingest, capsys) if d.startswith("pmid:")}
    assert pubmed == {f"pmid:9900000{n}" for n in (1, 2, 3, 4)}
    assert ingest("remove", "pmid:99000001") == 0
    capsys.readouterr()
    fake.fetched.clear()
    ingest("sync", client=fake)
    out = capsys.readouterr().out
    assert "left out: 1 PMIDs a curator removed" in out and "added: 0 records" in out
    assert fake.fetched == [["21867718", "26265321"]], "only what is missing is asked for"
    assert ingest("pubmed", "--pmid", "99000001", client=fake) == 0, "explicit add brings it back"


def test_sync_offline_says_so_and_uses_the_cached_searches(ingest, capsys):
    assert ingest("sync", client=OfflinePubmed()) == 2
    err = capsys.readouterr().err
    assert "offline: PubMed cannot be reached" in err and "Traceback" not in err
    ingest("sync", client=RecordedPubmed())
    ingest("remove", "pmid:99000001")
    capsys.readouterr()
    assert ingest("sync", client=OfflinePubmed()) == 1
    out = capsys.readouterr().out
    assert "4 PMIDs from the search cached" in out


def test_rebuild_rereads_sources_and_keeps_provenance(ingest, capsys, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Synthetic fixture: ketamine note for the rebuild.")
    assert ingest("add", str(note)) == 0
    ingest("pubmed", "--pmid", "99000001", client=RecordedPubmed())
    before = listed(ingest, capsys)
    note.write_text("Synthetic fixture: the note was edited before the rebuild.")
    assert ingest("rebuild", "--corpus", str(CORPUS), client=OfflinePubmed()) == 0
    after = listed(ingest, capsys)
    assert set(after) == set(before)
    assert after["pmid:99000001"]["added_at"] == before["pmid:99000001"]["added_at"]
    assert after["text:note"]["source_sha256"] != before["text:note"]["source_sha256"]
    note.unlink()
    assert ingest("rebuild", "--corpus", str(CORPUS), client=OfflinePubmed()) == 1
    assert "text:note: kept as stored" in capsys.readouterr().err
    assert "text:note" in listed(ingest, capsys)
