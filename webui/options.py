"""Filter and sort choices: stable ids as values, words (and counts) only in labels.

Streamlit sends a multiselect's choices between browser and server as their *labels*. When a
label carries a count that changes with the question ("PubMed (55)" becomes "PubMed (40)"), the
browser's old label no longer names an option and came back as the value itself: the filter
fell back to "All sources" and the address read `source=PubMed+%2855%29`. `as_ids` maps
whatever comes back (an id, a label, a label with an old count) to ids, and the page writes
the ids back before the widget is drawn, so the widget is always rebuilt from ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from documents.facts import DESIGN_LABELS

SOURCE_LABELS = {"pubmed": "PubMed", "article": "Web article", "pdf": "PDF", "text": "Text"}
SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}
VIEW_LABELS = {"papers": "One card per paper", "passages": "Passage by passage",
               "table": "Evidence table"}
MODE_LABELS = {
    "hybrid": "Hybrid: meaning + keywords",
    "dense": "Meaning only",
    "lexical": "Keywords only (BM25)",
}
PER_PAGE = (5, 10, 20, 50)


def without_count(value: str) -> str:
    """`value` without a trailing " (1,234)" count: string operations, so a hostile value of
    any length costs one pass."""
    value = value.strip()
    opening = value.rfind("(")
    inside = value[opening + 1 : -1] if opening >= 0 and value.endswith(")") else ""
    if inside[:1].isdigit() and all(ch.isdigit() or ch == "," for ch in inside):
        return value[:opening].rstrip()
    return value


def counted(label: str, found: int | None) -> str:
    """A label with the number of matching papers the choice would keep, when known."""
    return label if found is None else f"{label} ({found:,})"


def as_ids(
    values: Iterable[object], allowed: Sequence[str], label: Callable[[str], str] = str
) -> list[str]:
    """The ids that `values` name, in the order of `allowed`, each once; a value may be the
    id, its label, or its label with a count. Anything else is dropped."""
    by_name: dict[str, str] = {}
    for option in allowed:
        by_name[option.lower()] = option
        by_name.setdefault(label(option).lower(), option)
    wanted = set()
    for value in values:
        if isinstance(value, str):
            name = without_count(value).lower()
            if name in by_name:
                wanted.add(by_name[name])
    return [option for option in allowed if option in wanted]


def source_label(source: str) -> str:
    return SOURCE_LABELS.get(source, source)


def design_label(design: str) -> str:
    """"randomized controlled trial" for `rct`: the words a filter shows for a design id."""
    return DESIGN_LABELS.get(design, design)


def count_label(counts: Mapping[str, int] | None, label: Callable[[str], str]) -> Callable[
    [str], str
]:
    """A format_func: the option's label, with its count once there are counts."""
    return lambda option: counted(label(option), None if counts is None else counts.get(option, 0))
