"""A paper's card as HTML: its title as a heading and a link, who wrote it where and when, its
study design, what kind of source it is and how strongly it matches, the line of its study
facts, then its best passages.

Every document field goes through `escape`; links come only from a PMID of ASCII digits or a
percent-encoded DOI (`cards.pubmed_url`, `cards.doi_url`), so no document value can become
markup or a `javascript:` URL. The clinic's web article says what it is: not peer-reviewed.
"""

from __future__ import annotations

from index.search import Paper
from webui.cards import doi_url, pubmed_url
from webui.facts_view import design_badge_html, facts_line_html
from webui.highlight import escape

SOURCE_BADGES = {
    "pubmed": "PubMed", "article": "Web article (not peer-reviewed)", "pdf": "PDF", "text": "Text",
}
MATCH_LABELS = {"strong": "Strong match", "partial": "Partial match", "weak": "Weak match"}
MATCH_HELP = {
    "strong": "Most of the question's terms, close in meaning",
    "partial": "Some of the question's terms, or close in meaning only",
    "weak": "Few of the question's terms and not close in meaning: read with care",
}
AUTHORS_SHOWN = 3


def anchor(position: int) -> str:
    """The id of the card at `position`, which a top finding's citation jumps to."""
    return f"paper-{position}"


def paper_url(paper: Paper) -> str | None:
    """Where the title links: PubMed for a PMID, else the DOI."""
    return pubmed_url(paper) or doi_url(paper)


def heading_html(paper: Paper, position: int) -> str:
    """The title as a heading (a link when there is one), numbered as on the page. The anchor
    is its own element: Streamlit gives headings ids of its own, made from their text."""
    title = escape(paper.title.strip()) or "Untitled document"
    if url := paper_url(paper):
        title = f'<a href="{url}" target="_blank" rel="noopener">{title}</a>'
    return (f'<span class="kls-anchor" id="{anchor(position)}"></span><h3 class="kls-paper">'
            f'<span class="kls-num">{position}.</span> {title}</h3>')


def badges_html(paper: Paper) -> str:
    """Source badge (the article labelled as not peer-reviewed) and the match strength."""
    source = paper.source if paper.source in SOURCE_BADGES else "text"
    match = paper.match if paper.match in MATCH_LABELS else "weak"
    return (
        f'<div class="kls-badges"><span class="kls-badge kls-{source}">{SOURCE_BADGES[source]}'
        f'</span><span class="kls-match kls-{match}" title="{MATCH_HELP[match]}">'
        f"{MATCH_LABELS[match]}</span></div>"
    )


def byline(authors: tuple[str, ...]) -> str:
    """The first three authors, then "et al."."""
    named = [a.strip() for a in authors if a.strip()]
    shown = ", ".join(named[:AUTHORS_SHOWN])
    return f"{shown} et al." if len(named) > AUTHORS_SHOWN else shown


def meta_html(paper: Paper) -> str:
    """Authors, journal, year, study design, PMID and DOI links, PDF file and page."""
    parts = [escape(v) for v in (byline(paper.authors), paper.journal or "") if v]
    if paper.year:
        parts.append(str(paper.year))
    if badge := design_badge_html(paper.facts):
        parts.append(badge)
    if url := pubmed_url(paper):
        parts.append(f'<a href="{url}" target="_blank" rel="noopener">PMID {paper.pmid}</a>')
    if url := doi_url(paper):
        parts.append(f'<a href="{url}" target="_blank" rel="noopener">'
                     f"DOI {escape(paper.doi or '')}</a>")
    if paper.source == "pdf":
        pages = sorted({p.page for p in paper.passages if p.page is not None})
        where = f", page {', '.join(map(str, pages))}" if pages else ""
        parts.append(f"file {escape(paper.origin or paper.doc_id.removeprefix('pdf:'))}{where}")
    return f'<div class="kls-meta">{" · ".join(parts)}</div>' if parts else ""


def note_html(paper: Paper) -> str:
    """What the web article is, from its own note; nothing for other sources."""
    if paper.source != "article":
        return ""
    about = escape(paper.note) if paper.note else "a web page, not a peer-reviewed paper"
    return f'<div class="kls-note">About this source: {about}</div>'


def card_head_html(paper: Paper, position: int) -> str:
    """Everything above the passages, as one HTML block."""
    return (heading_html(paper, position) + badges_html(paper) + meta_html(paper)
            + facts_line_html(paper.facts) + note_html(paper))


def section_html(label: str, text: str, start: int, end: int) -> str:
    """A whole section (or abstract) with the passage's stretch [start, end) underlined."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    body = (escape(text[:start]) + f'<span class="kls-here">{escape(text[start:end])}</span>'
            + escape(text[end:]))
    heading = f'<div class="kls-section-label">{escape(label)}</div>' if label else ""
    return f'<div class="kls-section">{heading}{body}</div>'
