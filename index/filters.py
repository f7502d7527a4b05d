"""What a search may be restricted to: sources, a year range, study types, an author.

Values are stable ids (`pubmed`, `article`, `pdf`, `text`; study-type names as
`documents.study_types` spells them), never display labels, so an address or a script can name
them and a label change never breaks a saved link.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Filters:
    """Restrict results to some sources, a year range (None: no bound), study types, and papers
    with an author whose name contains `author` (accents and case aside; empty: any author)."""

    sources: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    study_types: tuple[str, ...] = ()
    author: str = ""

    def active(self) -> bool:
        return self != Filters()
