"""One pass over the abstract: sentences with their vocabulary matches, shared by every field.

Each extractor reads the same `Abstract` (sentences, their sections, the terms found in each), so
the text is split and matched once however many facts are drawn from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from documents.facts.prepare import Sentence, sentences
from documents.facts.vocabulary import FactsVocabulary, Match

_REGISTRY = re.compile(r"\s{0,5}(?:INTERVENTIONS?|CONDITIONS?|PRIMARY OUTCOMES?|BRIEF SUMMARY)\s?:")
_STUDY_SECTIONS = ("title", "objective", "methods", "results", "body")


@dataclass(frozen=True)
class Analysed:
    """A sentence and the vocabulary terms found in it."""

    sentence: Sentence
    matches: tuple[Match, ...]

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def section(self) -> str:
        return self.sentence.section

    def of(self, *kinds: str) -> list[Match]:
        return [m for m in self.matches if m.kind in kinds]

    def has(self, kind: str, canonical: str | None = None) -> bool:
        return any(m.kind == kind and (canonical is None or m.canonical == canonical)
                   for m in self.matches)

    @property
    def about_this_study(self) -> bool:
        """Title, aims, methods, results or unlabelled text: not background, not conclusions."""
        return self.section in _STUDY_SECTIONS


@dataclass(frozen=True)
class Abstract:
    """The title and abstract, analysed once."""

    sentences: tuple[Analysed, ...]
    vocabulary: FactsVocabulary
    registry: bool = False  # a trial-registry record (INTERVENTION: / CONDITION: / ...)

    @property
    def title(self) -> Analysed | None:
        first = self.sentences[0] if self.sentences else None
        return first if first is not None and first.section == "title" else None

    def study(self) -> list[Analysed]:
        """Sentences that describe this study (what it did and found), title first."""
        return [s for s in self.sentences if s.about_this_study]

    def body(self) -> list[Analysed]:
        return [s for s in self.sentences if s.section != "title"]


_ALL_ARMS = re.compile(
    r"^(?:in addition, )?(?:all|both groups|all groups|each group|every) (?:\w+ ){0,3}"
    r"(?:received|were given|were treated|underwent|were maintained|continued)\b", re.IGNORECASE)


_SEVERAL = re.compile(r"\brespectively\b|\d,? (?:and|or) \d")  # "each group ... 0.2 or 0.5 mg/kg"
_ANAESTHESIA_PROTOCOL = re.compile(
    r"^(?:[^,.;]{1,40}, )?(?:general )?an(?:a)?esthesia was (?:induced|maintained)|"
    r"^(?:for|after) (?:the )?"
    r"induction of (?:general )?an(?:a)?esthesia|^(?:for )?an(?:a)?esthesia,? a standardi[sz]ed",
    re.IGNORECASE)


def given_to_all(sentence: Analysed, design: str) -> bool:
    """"All children received 4 mg/kg ketamine": in a randomised trial, a treatment every arm
    gets is background, not an intervention; so is the anaesthesia of a surgical study."""
    if design not in ("rct", "clinical_study"):
        return False
    every = bool(_ALL_ARMS.search(sentence.text)) and not _SEVERAL.search(sentence.text)
    return design == "rct" and every or bool(
        _ANAESTHESIA_PROTOCOL.search(sentence.text))


_LITERATURE = re.compile(
    r"\b(?:(?:most|many|several|few|numerous|previous|prior|earlier|other|existing|published) "
    r"(?:[\w-]+,? ){0,4}(?:studies|trials|reports|research)|"
    r"(?:studies|trials) (?:to date )?(?:have|has)|to date|"
    r"consistent with|in line with|have (?:established|shown|demonstrated))\b", re.IGNORECASE)


_CITED_FINDING = re.compile(
    r"\b(?:findings|results) (?:from|of) (?:a|an|one|two|three|several|recent|previous|earlier|"
    r"initial)\b[^.;]{0,300}\b(?:suggest|suggested|indicate|indicated|show|showed|shown|"
    r"demonstrate|demonstrated|support|supported)\b", re.IGNORECASE)


def cites_literature(sentence: Analysed) -> bool:
    """"Most studies to date used IV ketamine", "several studies, along with case series, have
    shown", "findings from a randomized study suggest": a sentence about other work, even
    outside a background section."""
    return bool(_LITERATURE.search(sentence.text) or _CITED_FINDING.search(sentence.text))


def analyse(title: str, text: str, vocabulary: FactsVocabulary) -> Abstract:
    """Split, fold and match the title and abstract."""
    found = tuple(Analysed(s, tuple(vocabulary.find_each(s.text))) for s in sentences(title, text))
    return Abstract(found, vocabulary, bool(_REGISTRY.match(text[:200])))
