"""Clean text at ingest: PubMed markup becomes plain text, untitled records get their first
sentence as title, and PDF text loses its running heads, page numbers and journal notes and is
re-flowed into paragraphs with its page map intact. Synthetic strings (clearly labelled) test the
rules; the shared real files (skipped with a reason when absent) test that they hold in practice.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from pathlib import Path

import pytest
from conftest import SHARED_DATA
from fake_pubmed import OfflinePubmed
from fakes import HashingEmbedder

from core.errors import EmptyRecord
from documents.chunking import chunk_document
from documents.records import Document
from documents.text import plain_text, squash
from ingest.cli import main
from ingest.curation import list_documents
from ingest.loaders.dispatch import load_path
from ingest.pdf.boilerplate import drop_boilerplate
from ingest.pdf.pages import tidy_pages
from ingest.pdf.reflow import Vocabulary, reflow
from ingest.pdf.running import drop_running
from ingest.pubmed import fields
from ingest.pubmed.fields import PubmedFields, build_document

TAG = re.compile(r"</?(?:inf|sup|sub|i|b|u|mml:\w+)\b[^<>]*>", re.IGNORECASE)
PAGE_NUMBER_LINE = re.compile(r"\s*(?:page\s*)?\d{1,4}(?:\s*of\s*\d{1,4})?\s*", re.IGNORECASE)


def shared(relative: str) -> Path:
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"shared test data not found at {path}")
    return path


# --- plain_text: synthetic strings ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("Synthetic IL-1<sup>β</sup> level", "Synthetic IL-1β level"),
        ("Synthetic CO<inf>2</inf> and 5-HT<inf>2A</inf>", "Synthetic CO2 and 5-HT2A"),
        ("Synthetic CO<inf> 2 </inf> spaced", "Synthetic CO2 spaced"),
        ("<i>Synthetic</i> <B>bold</B> <u>under</u> H<SUB>2</SUB>O", "Synthetic bold under H2O"),
        ("Synthetic&#946; &amp; &lt;tag&gt; 2.5 &mgr;g &Agr;", "Synthetic\u03b2 & <tag> 2.5 μg Α"),
        ("Synthetic &amp;lt; decoded once", "Synthetic &lt; decoded once"),
        ("Synthetic line<br/>break", "Synthetic line break"),
        ('Synthetic <mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML">\n  <mml:msub>'
         "<mml:mi>V</mml:mi>\n  <mml:mn>2</mml:mn></mml:msub><mml:none/></mml:math> uptake",
         "Synthetic V2 uptake"),
        ("synthetic p < 0.05, a<b, <5% and P<0.001", "synthetic p < 0.05, a<b, <5% and P<0.001"),
        ("synthetic a<b and c>d, <or =75 years, <p = 0.05 q>", None),
        ("  synthetic \n\t spaces  ", "synthetic spaces"),
    ],
)
def test_plain_text(raw: str, plain: str | None) -> None:
    assert plain_text(raw) == (squash(raw) if plain is None else plain)


@pytest.mark.parametrize(
    ("hostile", "seconds"),
    [("<" * 1_000_000, 1.0), ("<i" * 500_000, 1.0), ("<i " + " " * 1_000_000, 1.0),
     ('<i a="' + "x" * 1_000_000, 1.0), ("<mml:m" * 170_000, 1.0), ("&" * 1_000_000, 1.0),
     ("&#" * 500_000, 1.0), ("<i" + " a='x'" * 160_000, 1.0), ("</" * 500_000, 1.0),
     ("<sup>" * 200_000, 2.0), ("<i>" * 330_000, 2.0)],  # real tags: a Python step each
    ids=lambda value: repr(value[:8]) if isinstance(value, str) else None,
)
def test_plain_text_is_linear_on_hostile_input(hostile: str, seconds: float) -> None:
    started = time.perf_counter()
    plain_text(hostile)
    assert time.perf_counter() - started < seconds


# --- build_document: every PubMed-shaped record -----------------------------------------------


def test_markup_is_removed_from_every_field() -> None:
    record = PubmedFields(
        pmid="90000041", title="Synthetic 5-HT<inf>2A</inf> title",
        abstract=(("BACKGROUND", "Synthetic <i>in vivo</i> CO<sub>2</sub> text."),
                  ("", "Synthetic second part with &lt;b&gt;.")),
        journal="Synthetic J &amp; Fixtures", authors=("Fixture <b>A</b>",),
        mesh_terms=("Receptor, Serotonin, 5-HT<sub>2A</sub>",),
    )
    document = build_document(record, origin="synthetic", item="synthetic")
    assert document.title == "Synthetic 5-HT2A title"
    assert document.text == "Synthetic in vivo CO2 text.\n\nSynthetic second part with ."
    assert (document.journal, document.authors) == ("Synthetic J & Fixtures", ("Fixture A",))
    assert document.mesh_terms == ("Receptor, Serotonin, 5-HT2A",)


def test_untitled_record_is_titled_by_its_first_sentence() -> None:
    abstract = "Synthetic first sentence of the abstract. Synthetic second sentence."
    untitled = PubmedFields(pmid="90000042", abstract=(("", abstract),))
    document = build_document(untitled, origin="synthetic", item="synthetic")
    assert document.title == "Synthetic first sentence of the abstract."
    long = PubmedFields(pmid="90000043", abstract=(("", "Synthetic " + "word " * 80 + "end."),))
    title = build_document(long, origin="synthetic", item="synthetic").title
    assert title.endswith("word…") and len(title) <= 201 and "Untitled" not in title
    with pytest.raises(EmptyRecord, match="no title or abstract"):
        build_document(PubmedFields(pmid="90000044", title="<i> </i>"), origin="s", item="s")


def test_record_without_ids_keeps_the_id_it_had_before_cleaning(monkeypatch) -> None:
    record = PubmedFields(title="Synthetic CO<inf>2</inf> record without any identifier")
    cleaned = build_document(record, origin="synthetic", item="synthetic")
    monkeypatch.setattr(fields, "plain_text", squash)  # the loader as it was
    before = build_document(record, origin="synthetic", item="synthetic")
    assert cleaned.doc_id == before.doc_id and cleaned.title != before.title


def test_jsonl_and_medline_files_are_cleaned_alike(tmp_path: Path) -> None:
    jsonl = tmp_path / "synthetic.jsonl"
    record = {"pmid": "90000045", "title": "Synthetic CO<inf>2</inf> record",
              "abstract": "Synthetic IL-1<sup>β</sup> abstract."}
    jsonl.write_text(json.dumps(record) + "\n")
    medline = tmp_path / "synthetic_medline.txt"
    medline.write_text("PMID- 90000045\nTI  - Synthetic CO<inf>2</inf> record\n"
                       "AB  - Synthetic IL-1<sup>β</sup>\n      abstract.\n")
    for path in (jsonl, medline):
        (document,) = load_path(path).documents
        assert (document.title, document.text) == ("Synthetic CO2 record",
                                                   "Synthetic IL-1β abstract.")


# --- PDF rules: synthetic lines -----------------------------------------------------------------

BODY = "Synthetic body line that is about as long as the other lines on the page"


def test_reflow_joins_lines_and_undoes_hyphenation() -> None:
    lines = [f"{BODY} antidepres-", "sant and the 5-", "HT2A receptor with anti-",
             "NMDA drugs and a dose-", "response curve. Synthetic first- and", "second-line",
             "use with a dose-response fit.", "", "Synthetic second paragraph."]
    text = reflow(lines, Vocabulary.of(["\n".join(lines)]))
    assert text == (f"{BODY} antidepressant and the 5-HT2A receptor with anti-NMDA drugs and a "
                    "dose-response curve. Synthetic first- and second-line use with a "
                    "dose-response fit.\n\nSynthetic second paragraph.")


def test_reflow_keeps_paragraphs_and_headings() -> None:
    lines = [BODY, BODY, "that ends here.", "Synthetic Heading", BODY, f"{BODY} goes", "on."]
    text = reflow(lines, Vocabulary())
    assert text.split("\n\n") == [f"{BODY} {BODY} that ends here.", "Synthetic Heading",
                                  f"{BODY} {BODY} goes on."]


def test_boilerplate_lines_are_dropped() -> None:
    lines = [
        "12", "Page 3 of 10", "- 4 -", "doi:10.0000/synthetic.1", "https://doi.org/10.0000/s.2",
        "© 2019 Synthetic Authors; licensee Synthetic Press. This article is distributed under",
        "the terms of a synthetic licence which permits use, provided the original work is",
        "properly cited.",
        "Received: 2 June 2009 Accepted: 6 January 2010", "Received 9 May 2013; Accepted 1 June",
        "This article is distributed under the terms of a synthetic licence.",
        "Copyright Synthetic Press.", "* Correspondence: synthetic@example.org",
        "1Synthetic Department, Synthetic University", "..............",
        f"{BODY} where p < 0.05 was", "received by 12 patients; correspondence between scales",
        "Page 3 of the synthetic form was left blank.", "",
    ]
    assert drop_boilerplate(lines) == [
        f"{BODY} where p < 0.05 was", "received by 12 patients; correspondence between scales",
        "Page 3 of the synthetic form was left blank.", "",
    ]


def test_running_heads_are_found_across_pages() -> None:
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
    pages = [
        [f"Synthetic Journal of Fixtures {n}" if n % 2 else f"{n} Synthetic Author et al.",
         f"Synthetic {words[n]} line one.", f"Synthetic {words[n]} line two.",
         "Synthetic line repeated in the middle of each page.", "Synthetic middle line.",
         f"Synthetic {words[n]} line three.", f"Synthetic {words[n]} line four.",
         "Synthetic Foter of Fixtures" if n == 3 else "Synthetic Footer of Fixtures"]
        for n in range(6)
    ]
    kept = drop_running(pages)
    assert [len(page) for page in kept] == [6] * 6
    assert not any("Fixtures" in line or "et al." in line for page in kept for line in page)
    assert drop_running(pages[:2]) == pages[:2]  # two pages give too little evidence


def test_page_map_survives_cleaning_and_page_joins() -> None:
    pages = [
        ("1", f"Synthetic Running Head 1\n{BODY}\nthat goes on to the next"),
        ("2", f"Synthetic Running Head 2\npage and ends. {BODY} with a hyphen-"),
        ("3", "Synthetic Running Head 3\nated word.\n\nSynthetic Heading\nSynthetic last line."),
        ("4", "Synthetic Running Head 4\n4"),
    ]
    text, spans = tidy_pages(pages)
    document = Document("synthetic", "pdf", "t", text, (), pages=spans)
    assert "Running Head" not in text and [span.label for span in spans] == ["1", "2", "3"]
    assert "that goes on to the next page and ends." in text and "hyphenated word." in text
    assert document.page_at(text.index("page and ends")) == 2
    assert document.page_at(text.index("ated word")) == 3
    assert document.page_at(text.index("Synthetic last line")) == 3
    assert_spans_inside(document)


@pytest.mark.parametrize(
    "page",
    ["a" * 1_000_000, "\n".join(["ab-"] * 100_000), "\n".join(["synthetic words"] * 100_000),
     "." * 1_000_000, "\n".join(["© synthetic"] * 100_000)],
    ids=["long word", "hyphens", "one paragraph", "dots", "notes"],
)
def test_pdf_cleaning_is_linear_on_hostile_pages(page: str) -> None:
    started = time.perf_counter()
    tidy_pages([("1", page), ("2", page[:1000]), ("3", page[:10])])
    assert time.perf_counter() - started < 3.0


def assert_spans_inside(document: Document) -> None:
    for span in document.pages:
        piece = document.text[span.start : span.end]
        assert 0 <= span.start < span.end <= len(document.text) and piece.strip() == piece


# --- a synthetic PDF, end to end -----------------------------------------------------------------


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF: each page a list of lines in 10-point Helvetica, top down."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        kids.append(f"{len(objects) + 1} 0 R")
        stream = "".join(f"BT /F1 10 Tf 72 {740 - 14 * row} Td ({line}) Tj ET\n"
                         for row, line in enumerate(lines))
        objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                       f"<< /Font << /F1 3 0 R >> >> /Contents {len(objects) + 2} 0 R >>")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}endstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    body, offsets = "%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n{content}\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    body += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return body.encode("latin-1")


def test_synthetic_pdf_is_cleaned_with_its_page_map(tmp_path: Path) -> None:
    head, words = "Synthetic Journal of Fixtures 2020, 1:{}", ["", "first", "second", "third"]
    pages = [[head.format(n), f"{BODY} and the antidepres-", f"sant effect on the {words[n]}",
              f"page goes on. Synthetic end of the {words[n]} page.", f"Page {n} of 3"]
             for n in (1, 2, 3)]
    pages[0].insert(1, "doi:10.0000/synthetic.pdf")
    target = tmp_path / "synthetic_journal.pdf"
    target.write_bytes(make_pdf(pages))
    (document,) = load_path(target).documents
    assert "Journal of Fixtures" not in document.text and "doi:" not in document.text
    assert "Page 2 of 3" not in document.text and "antidepres-" not in document.text
    for n in (1, 2, 3):
        at = document.text.index(f"antidepressant effect on the {words[n]} page goes on.")
        assert document.page_at(at) == n
    assert document.title == head.format(1)  # the title is still read from the page as printed
    assert_spans_inside(document)


# --- real PDFs ----------------------------------------------------------------------------------

# Per shared PDF: (running heads that must be gone, words printed split by a line-end hyphen
# that must be whole again, compound hyphens that must stay, a phrase and its printed page).
REAL_PDFS = {
    "AgyemanDuah2014": (["BMC Health Services Research 2014, 14:1", "biomedcentral.com/1472"],
                        [("expec", "tations"), ("trian", "gulated"), ("pur", "posively")],
                        ["resource-limited", "patient-provider"], ("Ethical considerations", 3)),
    "Datta2010": (["Journal of Trauma Management & Outcomes 2010, 4:1", "traumamanagement.org"],
                  [("thrombopro", "phylaxis"), ("anticoagula", "tion"), ("immobi", "lization")],
                  ["molecular-weight"], ("Competing interests", 2)),
    "Sundstrom2014": (["Life events do not increase risk of dementia", "A. Sundström et al."],
                      [("question", "naires"), ("previ", "ously"), ("sep", "arate")],
                      ["population-based", "dementia-free", "self-reported"],
                      ("Statistical analysis", 4)),
    "Tully2010": (["Rehabilitation Research and Practice"],
                  [("pharma", "cological"), ("multidis", "ciplinary"), ("rehabil", "itation")],
                  ["home-based", "self-care"], ("Acknowledgments", 5)),
    "sample-files": ([], [("Prae", "sent"), ("con", "sectetuer"), ("adip", "iscing")], [],
                     ("Table 1", 3)),
}


def real_pdfs() -> list[object]:
    found = sorted((SHARED_DATA / "pdfs" / "articles").glob("*.pdf"))
    found += sorted((SHARED_DATA / "pdfs" / "awkward" / "two_column").glob("*.pdf"))
    reason = f"shared PDFs not found under {SHARED_DATA / 'pdfs'}"
    absent = pytest.param(None, marks=pytest.mark.skip(reason=reason), id="absent")
    return [pytest.param(path, id=path.name[:20]) for path in found] or [absent]


@pytest.mark.parametrize("path", real_pdfs())
def test_real_pdfs_are_clean(path: Path) -> None:
    heads, joined, compounds, (phrase, page) = REAL_PDFS[path.name.split("_")[0]]
    (document,) = load_path(path).documents
    passages = chunk_document(document, lambda texts: [len(t.split()) for t in texts])
    for passage in passages:
        assert not [head for head in heads if head in passage.text], passage.text
    lines = [line for line in document.text.splitlines() if line.strip()]
    assert not [line for line in lines if PAGE_NUMBER_LINE.fullmatch(line)]
    assert "doi.org" not in document.text
    assert not [line for line in lines if line.lower().startswith(("doi:", "doi "))]
    for left, right in joined:
        assert left + right in document.text
        assert not [gap for gap in ("-", "- ", " ") if f"{left}{gap}{right}" in document.text]
    assert not [word for word in compounds if word not in document.text]
    assert document.page_at(document.text.index(phrase)) == page
    assert_spans_inside(document)


# --- real PubMed records ------------------------------------------------------------------------


def test_real_efetch_xml_markup_becomes_plain_text() -> None:
    six = load_path(shared("pubmed_xml/biopython/Entrez/pubmed6.xml")).documents
    seven = load_path(shared("pubmed_xml/biopython/Entrez/pubmed7.xml")).documents
    for document in (*six, *seven):
        assert not TAG.search(document.title + document.text)
        assert "&lt;" not in document.text and "&amp;" not in document.text
    first = six[0]
    assert first.title.startswith('A "Blood Relationship" Between')
    assert "(LEmin)" in first.text and "km·h-1" in first.text and "V.O2max" in first.text
    assert "He3/Xe129" in seven[0].text


def test_real_jsonl_markup_and_missing_titles() -> None:
    path = shared("pubmed/records.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        raw = {str(r["pmid"]): r for r in map(json.loads, handle)}
    text = {p: f"{r.get('title') or ''} {r.get('abstract') or ''}" for p, r in raw.items()}
    marked = [p for p, t in text.items() if TAG.search(t)]
    untitled = [p for p, r in raw.items() if not r.get("title") and r.get("abstract")]
    assert len(marked) >= 10 and len(untitled) >= 100
    documents = {doc.pmid: doc for doc in load_path(path).documents}
    assert not [p for p in marked if TAG.search(documents[p].title + documents[p].text)]
    five_ht = [p for p in marked if "5-HT<inf>" in (raw[p].get("title") or "")]
    assert five_ht and all(re.search(r"5-HT\w", documents[p].title) for p in five_ht)
    assert not [p for p in untitled if documents[p].title.startswith("Untitled")]
    assert all(documents[p].text.startswith(documents[p].title.rstrip("…")) for p in untitled)
    assert not [p for p, t in text.items() if "&mgr;" in t and "&mgr;" in documents[p].text]


# --- rebuild cleans what an older loader stored ---------------------------------------------------


def test_rebuild_cleans_documents_stored_before(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KLS_PUBMED_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KLS_UPLOADS_DIR", str(tmp_path / "uploads"))
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "synthetic.jsonl").write_text(json.dumps(
        {"pmid": "90000046", "title": "Synthetic 5-HT<inf>2A</inf> fixture",
         "abstract": "Synthetic CO<inf>2</inf> abstract for the rebuild."}) + "\n")
    argv = ["--corpus", str(corpus), "--index", str(index), "--quiet"]
    with monkeypatch.context() as old_loader:  # the loader as it was: whitespace only
        old_loader.setattr(fields, "plain_text", squash)
        assert main(["build", *argv], embedder_factory=HashingEmbedder) == 0
    assert [d.title for d in list_documents(index)] == ["Synthetic 5-HT<inf>2A</inf> fixture"]
    assert main(["rebuild", *argv], embedder_factory=HashingEmbedder, client=OfflinePubmed()) == 0
    assert [d.title for d in list_documents(index)] == ["Synthetic 5-HT2A fixture"]
