"""Paper cards, top findings and repeated sentences: pure HTML and text, no Streamlit run."""

from __future__ import annotations

from documents.facts import StudyFacts
from index.hit import Hit
from index.search import Paper
from webui.context import section_around
from webui.findings import asks_a_question, findings_html, top_findings
from webui.paper_cards import byline, card_head_html, heading_html, section_html
from webui.repeats import without_repeats
from webui.sentence_scores import by_terms


def make_hit(text: str = "Ketamine works fast.", **fields: object) -> Hit:
    base: dict[str, object] = dict(
        rank=1, score=0.5, text=text, doc_id="pmid:1", chunk_id="c1", title="T",
        source="pubmed", pmid=None, doi=None, year=None, page=None, journal=None, heading="",
        ordinal=0, start=0, end=len(text), publication_types=(), study_types=("unknown",),
        dense_score=0.6, lexical_score=2.0,
    )
    return Hit(**{**base, **fields})  # type: ignore[arg-type]


def make_paper(**fields: object) -> Paper:
    base: dict[str, object] = dict(
        rank=1, doc_id="pmid:1", title="A trial", authors=(), journal=None, year=None,
        source="pubmed", pmid=None, doi=None, origin="", note="", study_types=("unknown",),
        publication_types=(), score=0.9, dense_score=0.6, lexical_score=3.0, coverage=1.0,
        match="strong", passages=(make_hit(),),
    )
    return Paper(**{**base, **fields})  # type: ignore[arg-type]


def test_title_is_a_heading_linking_to_pubmed_then_doi_and_escaped():
    html = heading_html(make_paper(title="<b>Bold</b> *title*", pmid="123", doi="10.1/x"), 4)
    assert '<span class="kls-anchor" id="paper-4"></span><h3 class="kls-paper">' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/123/"' in html and "<b>" not in html
    assert "&#60;b&#62;Bold" in html and "&#42;title&#42;" in html
    doi = heading_html(make_paper(doi='10.1000/a"b<c>'), 1)
    assert 'href="https://doi.org/10.1000/a%22b%3Cc%3E"' in doi
    plain = heading_html(make_paper(pmid='1" onclick="x', source="pdf"), 1)
    assert "href" not in plain and "onclick=" not in plain


def test_byline_names_three_authors_then_et_al():
    assert byline(("A", "B")) == "A, B"
    assert byline(("A", "B", "C", "D")) == "A, B, C et al."
    assert byline(()) == ""


def test_card_head_shows_the_design_match_and_pdf_page():
    pdf = make_paper(source="pdf", doc_id="pdf:guide", origin="guide.pdf", match="partial",
                     study_types=("unknown",), year=2022,
                     passages=(make_hit(page=2, source="pdf"),))
    html = card_head_html(pdf, 1)
    assert ">PDF</span>" in html and "Partial match" in html and "file guide.pdf, page 2" in html
    assert "unknown" not in html and "2022" in html
    facts = StudyFacts(design="rct", design_source="publication_type", n_participants=18)
    trial = card_head_html(make_paper(authors=("Zarate CA",), journal="J & Co", year=2006,
                                      study_types=("randomized controlled trial",),
                                      facts=facts), 2)
    assert "Zarate CA · J &#38; Co · 2006" in trial and ">randomized controlled trial<" in trial
    assert '<div class="kls-facts">RCT · n = 18</div>' in trial
    other = card_head_html(make_paper(facts=StudyFacts(design="other")), 3)
    assert "kls-type" not in other and "kls-facts" not in other  # nothing to say: nothing shown


def test_the_article_says_it_is_not_peer_reviewed_with_its_note():
    html = card_head_html(make_paper(source="article", note="A clinic's <i>explainer</i>."), 1)
    assert "Web article (not peer-reviewed)" in html
    assert "About this source: A clinic&#39;s &#60;i&#62;explainer" in html


def test_section_marks_the_passage_and_escapes_everything():
    html = section_html("Methods", "Before <x>. The passage. After.", 12, 24)
    assert '<span class="kls-here">The passage.</span>' in html and "&#60;x&#62;" in html
    text = "Intro text. Methods text here. Results."
    sections = (("Intro", 0, 11), ("Methods", 12, 30), ("Results", 31, 39))
    assert section_around(text, sections, 15) == ("Methods", 12, 30)
    assert section_around(text, (), 15) == ("", 0, len(text))


def test_later_passages_lose_sentences_already_shown():
    first = make_hit("One. Two. Three.", chunk_id="a", start=0, end=16)
    overlap = make_hit("Three. Four.", chunk_id="b", start=10, end=22)
    same = make_hit("Two.", chunk_id="c", start=5, end=9)
    kept = without_repeats([first, overlap, same])
    assert [h.text for h in kept] == ["One. Two. Three.", "Four."]
    assert (kept[1].start, kept[1].end) == (17, 22)


def test_top_findings_quote_each_top_paper_once_and_only_trusted_matches():
    texts = ["Ketamine acts within hours.", "Ketamine acts within hours.",
             "Esketamine spray acts within a day.", "Weak ketamine mention here."]
    hits = [make_hit(t, chunk_id=f"c{i}") for i, t in enumerate(texts)]
    lights = by_terms("ketamine acts", hits)
    cards = [(1, "strong", lights["c0"]), (2, "partial", lights["c1"]),
             (3, "partial", lights["c2"]), (4, "weak", lights["c3"])]
    found = top_findings(cards)
    assert [(f.number, f.sentence) for f in found] == [
        (1, "Ketamine acts within hours."), (3, "Esketamine spray acts within a day.")]
    assert top_findings([(1, "weak", lights["c0"])]) == []
    html = findings_html(found)
    assert 'href="#paper-3"' in html and ">[3]</a>" in html


def test_findings_are_for_questions_not_lookups_or_author_searches():
    assert asks_a_question("how fast does ketamine work", None)
    assert not asks_a_question("12345678", "pmid")
    assert not asks_a_question('author:Zarate', None)
    assert not asks_a_question('author:"Zarate CA"', None)
    assert asks_a_question("author:Zarate ketamine", None)


def test_weak_papers_after_matching_ones_sit_under_a_line_saying_so():
    from index.search import PaperResults
    from webui.paper_view import first_weak

    def page(total: int, *matches: str) -> PaperResults:
        papers = tuple(make_paper(doc_id=f"pmid:{i}", match=m) for i, m in enumerate(matches))
        return PaperResults("q", papers, total, 1, 10, "relevance", None, (), None)

    assert first_weak(page(2, "strong", "partial", "weak", "weak")) == "pmid:2"
    assert first_weak(page(1, "weak", "weak")) == "pmid:0"  # matches were on an earlier page
    assert first_weak(page(2, "strong", "partial")) is None
    assert first_weak(page(0, "weak", "weak")) is None  # all weak: the notice says it
