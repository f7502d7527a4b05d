"""The lexical channel's query: the question's own terms, and vocabulary synonyms at a weight.

The query's index terms (`index.lexical.tokenize`) form one group at weight 1; the terms the
domain vocabulary adds for them ("suicidal thoughts" -> "suicidal ideation") form a second group
at `RankingConfig.expansion_weight`.
"""

from __future__ import annotations

from index.lexical import tokenize
from index.ranking import RankingConfig
from index.retriever import LexicalQuery
from index.vocabulary import Vocabulary


def lexical_query(query: str, vocabulary: Vocabulary, ranking: RankingConfig) -> LexicalQuery:
    """Weighted token groups for `query` (see the module docstring)."""
    tokens = tokenize(query)
    expansions = tuple(vocabulary.expansions(tokens))
    return LexicalQuery(((tuple(tokens), 1.0), (expansions, ranking.expansion_weight)))
