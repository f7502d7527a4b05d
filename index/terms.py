"""The query's content words, each with the index terms that count as finding it.

Coverage ("how many of my words does this paper contain") and the "no document mentions X"
notice are about words as the user typed them, so a word is kept with its spelling, and found
when any of its alternatives occurs: its own stem, its hyphen-joined form ("5-HT2A" as 5ht2a),
or a synonym from the domain vocabulary ("TRD" for "treatment-resistant depression"). A term of
several tokens is found when all of them occur in the paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.lexical import tokenize
from index.vocabulary import Vocabulary

# A word: letters and digits, joined by hyphens or slashes (as the index tokenizer keeps them).
_WORD = re.compile(r"[^\W_]+(?:[-/][^\W_]+)*")
_PARTS = re.compile(r"[-/]")
# Question and function words the index's short stop list keeps but that carry no topic: they
# would make every paper look partly covered, and no notice should say "nothing mentions how".
_FILLER_WORDS = (
    "about after again all also am any been before being between both can could did do does "
    "doing done during each from further had has have having he her here hers him his how i "
    "its itself just may me might more most much must my nor now only other our ours out over "
    "own same she should so some than them those through too under until up very we were what "
    "when where which while who whom whose why would you your yours vs versus"
)
FILLERS = frozenset(_FILLER_WORDS.split())

Term = tuple[str, ...]


@dataclass(frozen=True)
class Word:
    """A content word as typed, and the index terms that count as finding it: its own forms
    first (`own` of them), then the vocabulary's synonyms."""

    typed: str
    alternatives: tuple[Term, ...]
    own: int = 1


def content_words(query: str, vocabulary: Vocabulary) -> tuple[Word, ...]:
    """The query's words that name something (stop and question words and single letters such
    as a possessive's "s" dropped), in order, each once (case aside)."""
    words: list[tuple[str, list[Term], int]] = []
    seen: set[str] = set()
    for match in _WORD.finditer(query):
        typed = match.group()
        if len(typed) < 2 or typed.casefold() in FILLERS or typed.casefold() in seen:
            continue
        alternatives = _own_terms(typed)
        if alternatives:
            seen.add(typed.casefold())
            words.append((typed, alternatives, len(alternatives)))
    _add_synonyms(words, vocabulary)
    return tuple(Word(typed, tuple(dict.fromkeys(alts)), own) for typed, alts, own in words)


def _own_terms(word: str) -> list[Term]:
    """A plain word is its stem; a hyphenated one its joined form, or all its parts when each
    is long enough to mean something alone ("S-ketamine" must not be found as "s" + "ketamine")."""
    tokens = tokenize(word)
    parts = [p for p in _PARTS.split(word) if p]
    if len(parts) < 2:
        return [(tokens[0],)] if tokens else []
    if not tokens:
        return []
    alternatives: list[Term] = [(tokens[0],)]
    stems = tuple(tokens[1:])
    if stems and len(stems) == len(parts) and all(len(p) >= 3 for p in parts):
        alternatives.append(stems)
    return alternatives


def _add_synonyms(words: list[tuple[str, list[Term], int]], vocabulary: Vocabulary) -> None:
    """Give every word that is part of a vocabulary term in the query the group's other terms."""
    sequence = [(token, i) for i, (typed, *_) in enumerate(words) for token in tokenize(typed)]
    tokens = [token for token, _ in sequence]
    for group in vocabulary.groups:
        for term in group:
            for start in _runs(tokens, term):
                others = [t for t in group if t != term]
                for _, index in sequence[start : start + len(term)]:
                    words[index][1].extend(others)


def _runs(tokens: list[str], term: Term) -> list[int]:
    """Start positions where `term` occurs as a run of `tokens`."""
    n = len(term)
    return [i for i in range(len(tokens) - n + 1) if tuple(tokens[i : i + n]) == term] if n else []
