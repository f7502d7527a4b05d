"""Domain vocabulary as data: groups of equivalent terms that expand a keyword query.

Users type "TRD" where papers write "treatment-resistant depression", or "Spravato" for
esketamine. The file (one group per line, terms separated by TABs) is tokenised exactly like the
index, so a group matches a query whenever one of its terms' token runs occurs in the query.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index.lexical import tokenize


@dataclass(frozen=True)
class Vocabulary:
    """Each group is a tuple of terms; each term a tuple of index tokens."""

    groups: tuple[tuple[tuple[str, ...], ...], ...] = ()

    def expansions(self, query_tokens: list[str]) -> list[str]:
        """Tokens of the other terms of every group the query mentions, not already in it."""
        present = set(query_tokens)
        extra: list[str] = []
        for group in self.groups:
            if not any(_contains(query_tokens, term) for term in group):
                continue
            for token in (t for term in group for t in term):
                if token not in present and len(token) > 1:
                    extra.append(token)
                    present.add(token)
        return extra


def _contains(tokens: list[str], run: tuple[str, ...]) -> bool:
    n = len(run)
    return n > 0 and any(tuple(tokens[i : i + n]) == run for i in range(len(tokens) - n + 1))


def load_vocabulary(path: Path) -> Vocabulary:
    """Read a vocabulary file; a missing file is an empty vocabulary (expansion is optional)."""
    if not path.is_file():
        return Vocabulary()
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        terms = tuple(t for t in (tuple(tokenize(term)) for term in line.split("\t")) if t)
        if len(terms) > 1:
            groups.append(terms)
    return Vocabulary(tuple(groups))
