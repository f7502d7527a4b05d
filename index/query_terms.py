"""The lexical channel's query: the question's own terms, and vocabulary synonyms at a weight.

Question words are not topic words: "how", "does", "what" and a possessive's "s" are index
terms too (the bm25s stop list is short), and in BM25 they reward passages that merely ask
questions. `drop_fillers` leaves them out of the query (a query made only of them keeps them).
A synonym of several words ("brain-derived neurotrophic factor") is a bag of tokens to BM25;
`expansion_split` divides its weight among its tokens (weight / tokens ** split), so that one
long synonym does not outweigh the word the user typed.
"""

from __future__ import annotations

from index.lexical import tokenize
from index.ranking import RankingConfig
from index.retriever import LexicalQuery
from index.terms import FILLERS
from index.vocabulary import Vocabulary

FILLER_TOKENS = frozenset(token for word in FILLERS for token in tokenize(word))


def lexical_query(query: str, vocabulary: Vocabulary, ranking: RankingConfig) -> LexicalQuery:
    """Weighted token groups for `query` (see the module docstring)."""
    tokens = tokenize(query)
    own = tokens
    if ranking.drop_fillers:
        own = [t for t in tokens if t not in FILLER_TOKENS and len(t) > 1] or tokens
    groups: list[tuple[tuple[str, ...], float]] = [(tuple(own), 1.0)]
    if not ranking.expansion_split:
        groups.append((tuple(vocabulary.expansions(tokens)), ranking.expansion_weight))
        return LexicalQuery(tuple(groups))
    weights: dict[str, float] = {}
    present = set(tokens)
    for term in vocabulary.expansion_terms(tokens):
        weight = ranking.expansion_weight / len(term) ** ranking.expansion_split
        for token in term:
            if token not in present and len(token) > 1:
                weights[token] = max(weights.get(token, 0.0), weight)
    for weight in sorted(set(weights.values()), reverse=True):
        groups.append((tuple(t for t, w in weights.items() if w == weight), weight))
    return LexicalQuery(tuple(groups))
