"""What a search may be restricted to: sources, a year range, study types, designs, human
participants, an author.

Values are stable ids (`pubmed`, `article`, `pdf`, `text`; study-type names as
`documents.study_types` spells them; designs as `documents.facts.DESIGNS`), never display
labels, so an address or a script can name them and a label change never breaks a saved link.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Filters:
    """Restrict results to some sources, a year range (None: no bound), study types (PubMed's),
    designs (the study facts' design: PubMed's publication types where they decide it, else
    the text), studies of human participants (`human_only`: designs rct, clinical_study and
    case_report), and papers with an author whose name contains `author` (accents and case
    aside; empty: any author)."""

    sources: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    study_types: tuple[str, ...] = ()
    author: str = ""
    designs: tuple[str, ...] = ()
    human_only: bool = False

    def active(self) -> bool:
        return self != Filters()
