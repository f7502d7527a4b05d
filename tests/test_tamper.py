"""A tampered index is refused in one line, never served and never a traceback: CURRENT that
names a path outside the folder or holds bytes that are not a version name, a manifest that
hides a file or is malformed, and storage damaged behind a manifest that still verifies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fakes import HashingEmbedder

from core.errors import IndexCorrupt, IndexOutdated
from index import layout
from index.cli import main as index_main
from index.search import SearchIndex
from index.writer import apply_changes
from ingest.pipeline import build_corpus

CORPUS = Path(__file__).resolve().parent / "fixtures" / "cli_corpus"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pristine") / "index"
    build_corpus(CORPUS, folder, HashingEmbedder)
    return folder


@pytest.fixture
def built(pristine: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(pristine, tmp_path / "index"))


def refused_in_one_line(index_dir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert index_main(["verify", "--index", str(index_dir)]) == 2
    argv = ["search", "harbour", "--index", str(index_dir)]
    assert index_main(argv, embedder_factory=HashingEmbedder) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("error: ") for line in lines), lines
    assert "Traceback" not in "".join(lines)
    return lines[0]


@pytest.mark.parametrize("pointer", [
    b"/etc", b"../elsewhere", b"versions/../../x", b"\xff\xfe\x00bad", b"", b"x" * 10_000,
    b"20990101T000000-deadbeef\n../x",
])
def test_current_must_be_a_plain_version_name(
    built: Path, pointer: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = built.parent / "elsewhere"
    shutil.copytree(layout.require_live_version(built), outside)
    (built / "CURRENT").write_bytes(pointer)
    line = refused_in_one_line(built, capsys)
    assert "CURRENT" in line or "version" in line


def test_a_manifest_that_hides_the_store_does_not_verify(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    version = layout.require_live_version(built)
    manifest = json.loads((version / "manifest.json").read_text())
    del manifest["files"]["store.sqlite"]
    (version / "manifest.json").write_text(json.dumps(manifest))
    (version / "store.sqlite").write_bytes(b"not a database at all")
    assert "store.sqlite" in refused_in_one_line(built, capsys)


def test_an_extra_file_in_a_version_does_not_verify(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (layout.require_live_version(built) / "planted.py").write_text("print('hi')\n")
    assert "planted.py: file not listed" in refused_in_one_line(built, capsys)


@pytest.mark.parametrize("manifest", [
    b"[]", b"{}", b"null", b"\xff\xff", b'{"format": 3}', b'{"format": "3"}',
    b'{"format": 3, "model": 1, "dimension": 64, "index_type": "flat", "documents": 2,'
    b' "chunks": 2, "built_at": "", "version": "", "files": {}}',
    b'{"format": 3, "model": "m", "dimension": 64, "index_type": "flat", "documents": -1,'
    b' "chunks": 2, "built_at": "", "version": "", "files": {}}',
    b'{"format": 3, "model": "m", "dimension": 64, "index_type": "flat", "documents": 1,'
    b' "chunks": 2, "built_at": "", "version": "", "files": {"../../etc/passwd": "00"}}',
    b"{" * 100_000,
])
def test_malformed_manifests_are_refused_in_one_line(
    built: Path, manifest: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    (layout.require_live_version(built) / "manifest.json").write_bytes(manifest)
    assert "manifest" in refused_in_one_line(built, capsys)


def test_storage_damage_at_query_time_is_a_one_line_refusal(built: Path) -> None:
    """The page opens a version once (verified) and keeps it: damage after that surfaces at
    query time, as IndexCorrupt rather than sqlite3.DatabaseError."""
    index = SearchIndex.open(built, HashingEmbedder(), verify=False)
    store_file = layout.require_live_version(built) / "store.sqlite"
    store_file.write_bytes(b"\x00" * store_file.stat().st_size)
    with pytest.raises(IndexCorrupt, match="index corrupt"):
        index.search("harbour")
    index.close()


def test_an_older_format_names_the_rebuild_once_to_readers_and_writers(built: Path) -> None:
    manifest = layout.require_live_version(built) / "manifest.json"
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "format": 2}))
    with pytest.raises(IndexOutdated) as read:
        SearchIndex.open(built, HashingEmbedder())
    with pytest.raises(IndexOutdated) as written:
        apply_changes(built, HashingEmbedder(), remove=["nothing"])
    for said in (str(read.value), str(written.value)):
        assert "index format 2 is not the current format" in said
        assert said.count("rebuild it with") == 1
