"""The lexical channel: BM25 over passages with a tokenizer that respects biomedical terms.

Dense vectors miss exact terms and abbreviations ("5-HT2A", "mTORC1", "TRD"); BM25 finds them.
Tokens are lower-cased, Greek letters spelled out (TNF-α and TNF-alpha match), hyphenated and
digit-bearing terms kept whole as well as split (5-HT2A gives "5ht2a", "5", "ht2a"), and words
stemmed with the Snowball English stemmer so plurals and verb forms meet. A word is a run of any
script's letters and digits ("Körper", "Sjögren" stay whole); a hyphenated term joins at most
`MAX_PARTS` parts and is kept whole only up to `MAX_JOINED` characters, so a long chain such as
"a-b-c-..." cannot make one giant term.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

MAX_PARTS = 8
MAX_JOINED = 40
_TOKEN = re.compile(rf"[^\W_]+(?:[-/][^\W_]+){{0,{MAX_PARTS - 1}}}")
_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "σ": "sigma", "τ": "tau", "ω": "omega", "θ": "theta",
}
_SEPARATOR = re.compile(r"[-/]")
_STOP = frozenset(STOPWORDS_EN)
_stemmer = Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


def tokenize(text: str) -> list[str]:
    """Index terms of `text`, in order, stop words removed."""
    lowered = text.lower()
    for letter, name in _GREEK.items():
        lowered = lowered.replace(letter, f"-{name}")
    tokens: list[str] = []
    for match in _TOKEN.finditer(lowered):
        parts = _SEPARATOR.split(match.group())
        if len(parts) > 1 and sum(map(len, parts)) <= MAX_JOINED:
            tokens.append("".join(parts))
        tokens.extend(_stem(p) for p in parts if p not in _STOP)
    return tokens


class LexicalIndex:
    """BM25 scores for every passage; row i is row i of the store's chunk table."""

    def __init__(self, retriever: bm25s.BM25, rows: int) -> None:
        self._retriever = retriever
        self._rows = rows

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        retriever = bm25s.BM25()
        retriever.index([tokenize(t) for t in texts] or [[]], show_progress=False)
        return cls(retriever, len(texts))

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder), allow_pickle=False)

    @classmethod
    def load(cls, folder: Path, rows: int) -> LexicalIndex:
        return cls(bm25s.BM25.load(str(folder), allow_pickle=False), rows)

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every passage for query `tokens` (zeros where no term matches)."""
        vocab = self._retriever.vocab_dict
        terms = [t for t in tokens if t in vocab]
        if not terms or self._rows == 0:
            return np.zeros(self._rows, dtype=np.float32)
        return self._retriever.get_scores(terms)[: self._rows]

    def rows_with(self, token: str) -> np.ndarray:
        """Rows where `token` alone scores above zero, in postings order: its postings, read
        directly instead of scoring every passage (the rows of `scores([token]) > 0`)."""
        retriever = self._retriever
        term = retriever.vocab_dict.get(token)
        if term is None or self._rows == 0:
            return np.zeros(0, dtype=np.int64)
        arrays = retriever.scores
        if retriever.nonoccurrence_array is not None or term + 1 >= len(arrays["indptr"]):
            # BM25L/BM25+ (every row may score), or bm25s' placeholder term without postings
            return np.flatnonzero(self.scores([token]) > 0).astype(np.int64)
        start, end = int(arrays["indptr"][term]), int(arrays["indptr"][term + 1])
        rows = arrays["indices"][start:end][arrays["data"][start:end] > 0].astype(np.int64)
        return rows[rows < self._rows]
