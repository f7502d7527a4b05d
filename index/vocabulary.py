"""Domain vocabulary as data: groups of equivalent terms that expand a keyword query.

Users type "TRD" where papers write "treatment-resistant depression", or "Spravato" for
esketamine. The file (one group per line, terms separated by TABs) is tokenised exactly like the
index, so a group matches a query whenever one of its terms' token runs occurs in the query.
A field "->" makes the terms before it lay words: they bring the terms after it, but are never
added themselves ("magic mushrooms -> psilocybin": a query naming psilocybin is not expanded
with "magic" and "mushrooms", words that would only add noise to the keyword channel).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index.lexical import tokenize

ONE_WAY = "->"
Term = tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """Each group is a tuple of terms, each term a tuple of index tokens; `lay[i]` is how many
    of group i's first terms are lay words (triggers only)."""

    groups: tuple[tuple[Term, ...], ...] = ()
    lay: tuple[int, ...] = ()

    def expansions(self, query_tokens: list[str]) -> list[str]:
        """Tokens of the other terms of every group the query mentions, not already in it."""
        present = set(query_tokens)
        extra: list[str] = []
        for term in self.expansion_terms(query_tokens):
            for token in term:
                if token not in present and len(token) > 1:
                    extra.append(token)
                    present.add(token)
        return extra

    def expansion_terms(self, query_tokens: list[str]) -> list[Term]:
        """The addable terms of every group the query mentions that it does not contain."""
        terms: list[Term] = []
        for number, group in enumerate(self.groups):
            if not any(_contains(query_tokens, term) for term in group):
                continue
            first = self.lay[number] if number < len(self.lay) else 0
            terms.extend(t for t in group[first:]
                         if not _contains(query_tokens, t) and t not in terms)
        return terms


def _contains(tokens: list[str], run: Term) -> bool:
    n = len(run)
    return n > 0 and any(tuple(tokens[i : i + n]) == run for i in range(len(tokens) - n + 1))


def load_vocabulary(path: Path) -> Vocabulary:
    """Read a vocabulary file; a missing file is an empty vocabulary (expansion is optional)."""
    if not path.is_file():
        return Vocabulary()
    groups: list[tuple[Term, ...]] = []
    lay: list[int] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        cut = fields.index(ONE_WAY) if ONE_WAY in fields else 0
        before = _terms(fields[:cut])
        terms = before + _terms(fields[cut + 1 :] if cut else fields)
        if len(terms) > 1:
            groups.append(tuple(terms))
            lay.append(len(before))
    return Vocabulary(tuple(groups), tuple(lay))


def _terms(fields: list[str]) -> list[Term]:
    return [t for t in (tuple(tokenize(field)) for field in fields) if t]
