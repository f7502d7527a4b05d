"""Which sentences of the shown passages answer the query: query terms first, then meaning.

Measured on 34 judged (question, passage, answering sentence) cases from the article and PubMed
abstracts: the sentence with most query terms (stemmed) was right 26 times, cosine similarity
of MiniLM sentence vectors alone 25 times, any mix of the two 26 times, and terms with
similarity breaking ties 26 times while marking a second sentence only twice. Ties are common
(a passage the semantic channel found may hold no query term) and only there is the model
needed: it embedded 32 of the 184 sentences. So terms decide at once (`by_terms`, no model) and
`TieBreaker` settles the rest in one batched embed call, with sentence vectors cached by text.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from documents.sentences import sentence_spans
from index.embed import Embedder
from index.hit import Hit
from index.lexical import tokenize
from webui.highlight import (
    best_sentences,
    escape,
    highlight_html,
    term_overlap,
    undecided,
)
from webui.terms import content_terms


@dataclass(frozen=True)
class PassageHighlight:
    """One passage's sentences, their share of the query's terms, the sentences tied on terms,
    their similarity to the query once computed, and the sentences to mark."""

    text: str
    spans: tuple[tuple[int, int], ...]
    overlaps: tuple[float, ...]
    ties: tuple[int, ...]
    cosines: Mapping[int, float] = field(default_factory=dict)
    chosen: tuple[int, ...] = ()

    def sentence(self, index: int) -> str:
        start, end = self.spans[index]
        return self.text[start:end]

    def html(self) -> str:
        """Marked sentences and dimmed rest; plain text while a tie is still open."""
        if not self.chosen:
            return escape(self.text)
        return highlight_html(self.text, self.spans, self.chosen)


def by_terms(query: str, hits: Sequence[Hit]) -> dict[str, PassageHighlight]:
    """chunk_id -> highlight decided by query terms alone; tied passages are left unmarked."""
    terms = set(content_terms(query))
    found = {}
    for hit in hits:
        spans = tuple(sentence_spans(hit.text))
        overlaps = tuple(term_overlap(terms, tokenize(hit.text[a:b])) for a, b in spans)
        ties = undecided(overlaps)
        chosen = () if ties else best_sentences(overlaps, {})
        found[hit.chunk_id] = PassageHighlight(hit.text, spans, overlaps, ties, chosen=chosen)
    return found


class TieBreaker:
    """Settles ties with the search model; keeps the vectors of up to `capacity` texts."""

    def __init__(self, embedder: Embedder, capacity: int = 20_000) -> None:
        self._embedder = embedder
        self._capacity = capacity
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def settle(
        self, query: str, highlights: Mapping[str, PassageHighlight]
    ) -> dict[str, PassageHighlight]:
        """The highlights that had a tie, now with similarities and chosen sentences."""
        open_ = {cid: h for cid, h in highlights.items() if h.ties}
        similarity = self._similarities(
            query, [h.sentence(i) for h in open_.values() for i in h.ties]
        )
        settled = {}
        for cid, h in open_.items():
            cosines = {i: similarity[h.sentence(i)] for i in h.ties}
            settled[cid] = replace(h, cosines=cosines, chosen=best_sentences(h.overlaps, cosines))
        return settled

    def _similarities(self, query: str, sentences: list[str]) -> dict[str, float]:
        """Cosine of each sentence to the query. The query is cached like a sentence, so a rerun
        that only opens a context calls no model; unseen texts are embedded in one call."""
        if not sentences:
            return {}
        vectors = self._vectors_of([query, *sentences])
        return {s: float(vectors[s] @ vectors[query]) for s in sentences}

    def _vectors_of(self, texts: list[str]) -> dict[str, np.ndarray]:
        with self._lock:
            known = {t: self._vectors[t] for t in texts if t in self._vectors}
            for text in known:
                self._vectors.move_to_end(text)
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        fresh = dict(zip(missing, self._embedder.embed(missing), strict=True)) if missing else {}
        with self._lock:
            self._vectors.update(fresh)
            while len(self._vectors) > self._capacity:
                self._vectors.popitem(last=False)
        return {**known, **fresh}
