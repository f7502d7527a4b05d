"""Safe PDF handling: header and size checked first, parsing in a child with time, memory and
page limits; every shared PDF ends in text or one line naming it; a batch goes past bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import HashingEmbedder
from test_loaders import SYNTHETIC_PAGES, make_pdf

from core.errors import PasswordNeeded, TooLarge, UnreadableFile
from ingest.cli import main as ingest_main
from ingest.config import PdfLimits
from ingest.pdf.guard import load_pdf

PDFS = Path(__file__).resolve().parents[2] / "shared" / "data" / "pdfs"
PASSWORDS = {
    "crazyones-encrypted-256.pdf": "password",
    "libreoffice-writer-password.pdf": "openpassword",
    "encryption_r4-aes-user-password.pdf": "asdfzxcv",
}
# What each awkward file must end in: text (None) or this reason.
REFUSED = {
    "crazyones-encrypted-256.pdf": "encrypted: a password is needed",
    "libreoffice-writer-password.pdf": "encrypted: a password is needed",
    "encryption_r4-aes-user-password.pdf": "encrypted: a password is needed",
    "imagemagick-CCITTFaxDecode.pdf": "no extractable text (scanned image?)",
    "cermine_scanned_conference_abstract_CCITT_no_text_layer.pdf": (
        "no extractable text (scanned image?)"
    ),
    "sample-files_017_unreadablemetadata.pdf": "cannot parse PDF: Invalid object in /Pages",
}
shared = pytest.mark.skipif(not PDFS.is_dir(), reason="shared PDFs absent")


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    path = tmp_path / "three_pages.pdf"
    path.write_bytes(make_pdf(SYNTHETIC_PAGES))
    return path


def add(index_dir: Path, *args: str) -> int:
    return ingest_main(
        ["add", *args, "--index", str(index_dir), "--quiet"], embedder_factory=HashingEmbedder
    )


@shared
def test_every_shared_pdf_ends_in_text_or_one_line_and_the_batch_goes_on(tmp_path, capsys):
    files = sorted(PDFS.rglob("*.pdf"))
    assert add(tmp_path / "index", *map(str, files)) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    errors = [line for line in out.err.splitlines() if line.startswith("error: ")]
    refused = {Path(line.split(": ", 2)[1]).name: line.split(": ", 2)[2] for line in errors}
    assert refused == REFUSED and len(errors) == len(REFUSED)
    assert f"{len(files) - len(REFUSED)} added" in out.out


@shared
def test_encrypted_pdfs_open_with_their_password(tmp_path, capsys):
    for name, password in PASSWORDS.items():
        path = PDFS / "awkward" / "encrypted" / name
        assert add(tmp_path / "index", "--password", password, str(path)) == 0, name
        with pytest.raises(PasswordNeeded, match="does not open it"):
            load_pdf(path, PdfLimits(), "wrong")
    assert "3 documents" in capsys.readouterr().out.splitlines()[-1]


def test_header_must_start_the_file(tmp_path: Path, synthetic: Path) -> None:
    shifted = tmp_path / "shifted.pdf"
    shifted.write_bytes(b"junk\n" + synthetic.read_bytes())
    with pytest.raises(UnreadableFile, match="does not start with %PDF-"):
        load_pdf(shifted, PdfLimits())
    script = tmp_path / "script.pdf"
    script.write_text("#!/bin/sh\nrm -rf /\n")
    with pytest.raises(UnreadableFile, match="not a PDF"):
        load_pdf(script, PdfLimits())


def test_size_and_page_limits_are_settings(synthetic: Path, monkeypatch, capsys) -> None:
    with pytest.raises(TooLarge, match=r"over the limit of 0.0001 MB"):
        load_pdf(synthetic, PdfLimits(pdf_max_mb=0.0001))
    with pytest.raises(TooLarge, match="3 pages, over the limit of 2"):
        load_pdf(synthetic, PdfLimits(pdf_max_pages=2))
    monkeypatch.setenv("KLS_PDF_MAX_PAGES", "2")
    assert (
        add(synthetic.parent / "index", str(synthetic)) == 2
    )  # the only file was refused: nothing done
    assert "three_pages.pdf: 3 pages, over the limit of 2" in capsys.readouterr().err


def test_a_parser_that_runs_too_long_is_stopped(synthetic: Path) -> None:
    with pytest.raises(UnreadableFile, match="took longer than 0.01 s and was stopped"):
        load_pdf(synthetic, PdfLimits(pdf_timeout=0.01))


def test_a_parser_that_needs_too_much_memory_is_refused_in_one_line(synthetic: Path) -> None:
    with pytest.raises(UnreadableFile) as caught:
        load_pdf(synthetic, PdfLimits(pdf_memory_mb=20))
    assert "\n" not in str(caught.value)


def test_the_child_parses_what_the_loader_parses(synthetic: Path) -> None:
    from ingest.pdf import loader as pdf

    guarded = load_pdf(synthetic, PdfLimits())
    assert guarded == pdf.load(synthetic)
