"""Text normalisation shared by loaders and duplicate detection.

Kept outside `ingest.loaders` so that code comparing documents does not import every loader
(and with them pypdf). `plain_text` turns PubMed's inline markup (`CO<inf>2</inf>`, MathML,
`&amp;`) into the words a reader sees, so titles show and passages match as plain text.
Every pattern here runs in linear time: no two unbounded repeats can match the same characters.
"""

from __future__ import annotations

import html
import re

MAX_TITLE_CHARS = 200

_SPACE = re.compile(r"\s+")
# One entity, decoded once: numeric, or a name of at most 32 characters.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Old SGML Greek entities (ISO 8879 isogrk) that PubMed records still carry ("2.5 &mgr;g").
_GREEK_NAMES = (
    "agr", "bgr", "ggr", "dgr", "egr", "zgr", "eegr", "thgr", "igr", "kgr", "lgr", "mgr",
    "ngr", "xgr", "ogr", "pgr", "rgr", "sgr", "tgr", "ugr", "phgr", "khgr", "psgr", "ohgr",
)
_GREEK = dict(zip(_GREEK_NAMES, "αβγδεζηθικλμνξοπρστυφχψω", strict=True))
_GREEK.update({name.capitalize(): letter.upper() for name, letter in _GREEK.items()})
# Inline tags PubMed and publishers write into text; anything else that starts with '<' stays
# ("p < 0.05", "a<b", "<5%"). Attributes must be quoted pairs, so "<b and c>" is not a tag.
_NAMES = "inf|sup|sub|italic|bold|underline|strong|small|span|em|sc|br|i|b|u|p|mml:[a-z]{1,20}"
_ATTRIBUTE = r"""\s+[A-Za-z_:][\w:.-]{0,40}\s*=\s*(?:"[^"<>]*"|'[^'<>]*')"""
_TAG = re.compile(
    rf"<(?=/?[A-Za-z])(/?)({_NAMES})(?=[\s/>])(?:{_ATTRIBUTE})*(?:\s*(/))?>", re.IGNORECASE
)
_SCRIPTS = frozenset({"inf", "sup", "sub"})  # their content joins the word before: "CO2"
_BREAKS = frozenset({"br", "p"})


def squash(text: object) -> str:
    """Collapse every whitespace run to one space and strip; None and non-strings give ""."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        return ""
    return _SPACE.sub(" ", text).strip()


def plain_text(text: object) -> str:
    """`text` as a reader sees it: entities decoded once, inline tags and MathML removed with
    their words kept (sub/superscripts joined: 'IL-1<sup>β</sup>' -> 'IL-1β'), spaces squashed."""
    value = squash(text)
    if "&" in value:
        value = _ENTITY.sub(_entity, value)
    if "<" in value:
        value = _strip_tags(value)
    return squash(value)


def shorten(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """`text` cut at a word boundary to at most about `limit` characters, marked with '…'."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _entity(match: re.Match[str]) -> str:
    name = match.group(0)[1:-1]
    return _GREEK.get(name) or html.unescape(match.group(0))


def _strip_tags(text: str) -> str:
    """Text between known tags, kept in order; inside sub/superscripts and MathML the layout
    spaces are dropped, so 'CO<inf> 2 </inf>' is 'CO2' and MathML reads 'V.O2max'."""
    parts = _TAG.split(text)  # text, then (closing '/', name, empty-tag '/', text) per tag
    pieces = [parts[0]]
    scripts = math = 0
    for index in range(1, len(parts), 4):
        closing, name, empty, after = parts[index : index + 4]
        name = name.lower()
        step = 0 if empty else -1 if closing else 1
        if name in _SCRIPTS:
            scripts = max(0, scripts + step)
        elif name == "mml:math":
            math = max(0, math + step)
        pieces.append(" " if name in _BREAKS else "")
        pieces.append(after.strip() if scripts or math else after)
    return "".join(pieces)
