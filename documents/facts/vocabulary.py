"""The extractor's vocabulary, read from `corpus/study_facts.tsv` so curators can extend it.

Each line is `kind<TAB>canonical<TAB>term<TAB>term...`. Text and terms are cut into word tokens
(hyphens and spaces ignored, so "HAM-D", "HAM D" and "ham-d" meet), and a phrase is found by
looking up runs of tokens in a dictionary: linear in the text, whatever the vocabulary's size.
Terms written in capitals ("IV", "MADRS") match only in capitals, so "iv" in "phase iv" or the
word "in" never pass for a route; other terms ignore case and a final plural "s".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from core.errors import ConfigError
from documents.facts.prepare import fold

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "corpus" / "study_facts.tsv"
KINDS = ("drug", "route", "route_hint", "scale", "control", "comparator", "species", "in_vitro",
         "participant", "design")
_NO_CANONICAL_TERM = ("design", "route", "route_hint")
_TOKEN = re.compile(r"[^\W_]+|[^\w\s-]")
MAX_TERM_TOKENS = 12


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark of the text, with its offsets."""

    text: str
    lower: str
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    """A vocabulary term found in a text: its kind, canonical value and character span."""

    kind: str
    canonical: str
    start: int
    end: int


@dataclass(frozen=True)
class Term:
    kind: str
    canonical: str
    exact: tuple[str, ...] | None  # the tokens as written, when the term is matched in capitals


@dataclass
class FactsVocabulary:
    """Terms by their lower-case token run, with every run's prefixes so that a scan stops as
    soon as no term can continue: about one dictionary look-up per token of text."""

    terms: dict[tuple[str, ...], list[Term]] = field(default_factory=dict)
    prefixes: set[tuple[str, ...]] = field(default_factory=set)

    def add(self, kind: str, canonical: str, term: str) -> None:
        written = tuple(t.text for t in tokenize(fold(term)))
        if not written or len(written) > MAX_TERM_TOKENS:
            return
        capitals = any(c.isupper() for c in term) and not any(c.islower() for c in term)
        key = tuple(t.lower() for t in written)
        self.terms.setdefault(key, []).append(Term(kind, canonical, written if capitals else None))
        self.prefixes.update(key[:n] for n in range(1, len(key) + 1))

    def canonicals(self, kind: str) -> set[str]:
        return {t.canonical for terms in self.terms.values() for t in terms if t.kind == kind}

    def find(self, text: str, kinds: Iterable[str]) -> list[Match]:
        """Non-overlapping matches of terms of `kinds`, longest first at each token."""
        return self.find_each(text, kinds)

    def find_each(self, text: str, kinds: Iterable[str] = KINDS) -> list[Match]:
        """For each kind on its own, the longest term at each token, without overlaps within a
        kind (so one kind's long term cannot hide another kind's term)."""
        tokens = tokenize(text)
        wanted = set(kinds)
        free_from = dict.fromkeys(wanted, 0)  # per kind, the first token not yet covered
        found: list[Match] = []
        for i in range(len(tokens)):
            for term, length in self._longest_at(tokens, i, wanted).values():
                if i >= free_from[term.kind]:
                    found.append(Match(term.kind, term.canonical, tokens[i].start,
                                       tokens[i + length - 1].end))
                    free_from[term.kind] = i + length
        return found

    def _longest_at(self, tokens: list[Token], i: int, kinds: set[str]
                    ) -> dict[str, tuple[Term, int]]:
        """The longest term of each kind starting at token i."""
        best: dict[str, tuple[Term, int]] = {}
        key: tuple[str, ...] = ()
        for length in range(1, min(MAX_TERM_TOKENS, len(tokens) - i) + 1):
            token = tokens[i + length - 1]
            key += (token.lower,)
            run = tokens[i : i + length]
            for term in self._lookup(key, run):
                if term.kind in kinds:
                    best[term.kind] = (term, length)
            if key not in self.prefixes:
                break
        return best

    def _lookup(self, key: tuple[str, ...], run: list[Token]) -> list[Term]:
        """Terms spelled by `run`: capital terms exactly, others also with a plural "s"."""
        written = tuple(t.text for t in run)
        found = [t for t in self.terms.get(key, ()) if t.exact is None or t.exact == written]
        last = key[-1]
        if len(last) > 3 and last.endswith("s"):
            es = last.endswith(("ses", "xes", "zes", "ches", "shes"))
            for singular in (last[:-1], last[:-2] if es else ""):
                found += [t for t in self.terms.get(key[:-1] + (singular,), ()) if t.exact is None]
        return found


def tokenize(text: str) -> list[Token]:
    """Words and single punctuation marks; hyphens and spaces only separate."""
    return [Token(m.group(), m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def load_vocabulary(path: Path | None = None) -> FactsVocabulary:
    """The vocabulary at `path` (default: the repository's corpus/study_facts.tsv), read once."""
    return _load(Path(path or DEFAULT_PATH).resolve())


@lru_cache(maxsize=8)
def _load(path: Path) -> FactsVocabulary:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ConfigError(f"study facts vocabulary {path}: {error.strerror or error}") from None
    vocabulary = FactsVocabulary()
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) < 2 or fields[0] not in KINDS or not fields[1]:
            raise ConfigError(f"{path}:{number}: expected kind<TAB>canonical<TAB>terms, "
                              f"with kind one of {', '.join(KINDS)}")
        kind, canonical, terms = fields[0], fields[1], [t for t in fields[2:] if t]
        if kind not in _NO_CANONICAL_TERM:
            terms.append(canonical)
        for term in terms:
            vocabulary.add(kind, canonical, term)
    return vocabulary
