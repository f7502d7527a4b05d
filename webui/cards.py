"""A result card as HTML: the passage (highlighted, optionally in context) and its citation.

Every document field goes through `escape`; links are built only from a PMID made of digits and
a percent-encoded DOI, so no document value can become markup, a script or a `javascript:` URL.
Colours are set explicitly where text sits on a coloured background, and dimming uses opacity,
so cards stay readable under Streamlit's light and dark themes.
"""

from __future__ import annotations

from typing import Protocol
from urllib.parse import quote

from index.hit import Hit
from webui.facts_view import design_badge_html
from webui.highlight import escape

SOURCE_LABELS = {"article": "Web article", "pubmed": "PubMed", "pdf": "PDF", "text": "Text"}


class Cited(Protocol):
    """Anything with a PMID and a DOI: a passage (`Hit`) or a paper."""

    @property
    def pmid(self) -> str | None: ...

    @property
    def doi(self) -> str | None: ...

CARD_CSS = """<style>
.kls-passage {line-height: 1.6; margin-bottom: 0.4rem;}
.kls-dim {opacity: 0.72;}
mark.kls-best {background: #ffe27a; color: #111; padding: 0.05em 0.15em; border-radius: 3px;}
.kls-context {opacity: 0.72; font-size: 0.92rem; border-left: 3px solid #9aa5b1;
  padding-left: 0.6rem; margin: 0.3rem 0;}
.kls-title {font-weight: 600; font-size: 1.02rem; margin-top: 0.2rem;}
.kls-badge {display: inline-block; border-radius: 4px; padding: 0 6px; margin-right: 6px;
  font-size: 0.75rem; font-weight: 600; color: #fff; vertical-align: middle;}
.kls-article {background: #5b2fa8;} .kls-pubmed {background: #17609e;}
.kls-pdf {background: #a12f2f;} .kls-text {background: #555;}
.kls-meta {font-size: 0.86rem; margin: 0.15rem 0 0.2rem; opacity: 0.85;}
.kls-type {display: inline-block; border: 1px solid currentColor; border-radius: 10px;
  padding: 0 7px; margin-right: 4px; font-size: 0.78rem;}
.kls-why {font-size: 0.88rem; line-height: 1.6;}
h3.kls-paper {font-size: 1.15rem; line-height: 1.35; margin: 0 0 0.25rem; padding: 0;}
.kls-anchor {display: block; scroll-margin-top: 4.5rem;}
h3.kls-paper a {text-decoration: none;} h3.kls-paper a:hover {text-decoration: underline;}
.kls-num {opacity: 0.6; font-weight: 600;}
.kls-badges {margin: 0.1rem 0 0.15rem;}
.kls-match {display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 0.75rem;
  font-weight: 600; border: 1px solid currentColor; vertical-align: middle;}
.kls-strong {color: #1b7f3b;} .kls-partial {color: #a26a00;} .kls-weak {color: #8a8f98;}
.kls-note {font-size: 0.84rem; font-style: italic; opacity: 0.85; margin-bottom: 0.3rem;}
.kls-section {font-size: 0.92rem; line-height: 1.6; border-left: 3px solid #9aa5b1;
  padding-left: 0.6rem; margin: 0.3rem 0; max-height: 28rem; overflow-y: auto;}
.kls-section-label {font-weight: 600; font-size: 0.8rem; text-transform: uppercase;
  opacity: 0.7;}
.kls-here {text-decoration: underline; text-decoration-color: #e0b400;
  text-decoration-thickness: 2px;}
.kls-findings {line-height: 1.55;} .kls-findings li {margin-bottom: 0.35rem;}
.kls-cite {font-weight: 600; text-decoration: none; white-space: nowrap;}
.kls-facts {font-size: 0.88rem; font-weight: 600; margin: 0.1rem 0 0.3rem; opacity: 0.9;}
.kls-quote {font-style: italic; opacity: 0.85;}
</style>"""


def passage_html(body: str, before: str = "", after: str = "") -> str:
    """The highlighted passage `body` (already HTML), with neighbouring text when given."""
    parts = [f'<div class="kls-context">{escape(before)}</div>'] if before else []
    parts.append(f'<div class="kls-passage">{body}</div>')
    if after:
        parts.append(f'<div class="kls-context">{escape(after)}</div>')
    return "".join(parts)


def citation_html(hit: Hit, rank: int) -> str:
    """Badge, rank and title, then year, journal, study design, links, file and page."""
    source = hit.source if hit.source in SOURCE_LABELS else "text"
    title = (
        f'<div class="kls-title"><span class="kls-badge kls-{source}">{SOURCE_LABELS[source]}'
        f"</span>{rank}. {escape(hit.title)}</div>"
    )
    meta = [escape(str(v)) for v in (hit.year, hit.journal) if v]
    if badge := design_badge_html(hit.facts):
        meta.append(badge)
    meta += links(hit)
    if hit.source == "pdf":
        meta.append(f"file {escape(pdf_name(hit))}")
    if hit.page is not None:
        meta.append(f"page {hit.page}")
    if hit.heading:
        meta.append(f"section: {escape(hit.heading)}")
    return title + f'<div class="kls-meta">{" · ".join(meta)}</div>'


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def pdf_name(hit: Hit) -> str:
    """The PDF's file name as it was added (its doc_id's stem for records stored without one)."""
    return hit.origin or hit.doc_id.removeprefix("pdf:")


def pubmed_url(hit: Cited) -> str | None:
    """PubMed page of the record; only a PMID made of ASCII digits can form a link."""
    if hit.pmid and hit.pmid.isascii() and hit.pmid.isdigit():
        return f"https://pubmed.ncbi.nlm.nih.gov/{hit.pmid}/"
    return None


def doi_url(hit: Cited) -> str | None:
    """doi.org link with the DOI percent-encoded, so it cannot leave the attribute or the host."""
    return "https://doi.org/" + quote(hit.doi, safe="/") if hit.doi else None


def links(hit: Hit) -> list[str]:
    """PubMed and DOI links, opening in a new tab."""
    found = []
    if url := pubmed_url(hit):
        found.append(f'<a href="{url}" target="_blank" rel="noopener">PMID {hit.pmid}</a>')
    if url := doi_url(hit):
        doi = escape(hit.doi or "")
        found.append(f'<a href="{url}" target="_blank" rel="noopener">DOI {doi}</a>')
    return found
