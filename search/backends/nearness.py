"""Word order and nearness in the database backend.

A quoted phrase matches its words in order, side by side; loose words that stand together (in
the order typed) rank above the same words scattered through a text. PostgreSQL asks its
tsvector positions (`<N>`); SQLite's FTS5 cannot, since it stores each term of a word at a
position of its own, so its texts are stored as "streams": the terms of each word joined by
spaces, the words joined by " | " (no token for FTS5, so positions and ranking are unchanged).
One pass of a regular expression finds the query's terms in a stream, their word positions are
counted from the separators, and one pass over those decides whether the words stand in order
(no backtracking: linear in the text, whatever the query).
"""

import re
from functools import lru_cache

WORD_SEPARATOR = " | "
# Loose words: how much a match's score grows when they stand side by side in the typed order,
# or in that order with at most NEAR_GAP other words between each two. Only the RERANK best
# matches are looked at (reading positions costs more than the match).
TOGETHER_BONUS = 1.0
NEAR_BONUS = 0.5
# The bonus also adds BONUS_FLOOR times itself, so that it counts where the words' score is 0
# (PostgreSQL ranks on the compact vector, which holds few of a text's words).
BONUS_FLOOR = 0.1
NEAR_GAP = 2
RERANK = 50
MAX_SCAN = 100_000  # characters of a stream read for the nearness of loose words
MAX_WORDS = 8  # distinct loose words whose nearness is looked at


def raised(score, bonus):
    return score * (1 + bonus) + bonus * BONUS_FLOOR


def stream(analyzed_words):
    """The stream of a text's analysed words (search.polish.analyze)."""
    return WORD_SEPARATOR.join(" ".join(terms) for terms in analyzed_words)


def _distinct(groups):
    """The groups of terms in order, each once (a word typed twice is looked for once), at most
    MAX_WORDS of them."""
    seen, kept = set(), []
    for terms in groups:
        key = frozenset(terms)
        if key and key not in seen:
            seen.add(key)
            kept.append(tuple(terms))
    return kept[:MAX_WORDS]


@lru_cache(maxsize=256)
def _term_pattern(terms):
    """Any of the terms as a whole term of a stream."""
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![^\s|])(?:{alternatives})(?![^\s|])")


def _occurrences(text, groups):
    """(word position, groups matched there) for every word of a stream holding a term of a
    group, in order. One pass of a regular expression over the text, the positions counted from
    the separators between the matches: linear in the text, whatever the query."""
    owner = {}
    for index, terms in enumerate(groups):
        for term in terms:
            owner.setdefault(term, set()).add(index)
    found = []
    position, offset = 0, 0
    for match in _term_pattern(tuple(sorted(owner))).finditer(text):
        position += text.count(WORD_SEPARATOR, offset, match.start())
        offset = match.start()
        matched = owner[match.group()]
        if found and found[-1][0] == position:
            found[-1][1].update(matched)
        else:
            found.append((position, set(matched)))
    return found


def _in_order(occurrences, count, gap):
    """Whether groups 0..count-1 occur in order, each at most GAP words after the one before.

    For each group, the last position where a chain of the groups up to it ends: a later end is
    never worse, so one pass decides."""
    last = [None] * count
    for position, matched in occurrences:
        for index in sorted(matched, reverse=True):  # not chaining two groups at one word
            if index == 0:
                last[0] = position
            elif last[index - 1] is not None and 0 < position - last[index - 1] <= gap + 1:
                last[index] = position
        if last[count - 1] is not None:
            return True
    return False


def _legacy(streams):
    """Streams written before the word separators (an index not rebuilt since): order unknown."""
    return not any(WORD_SEPARATOR in (text or "") for text in streams)


def nearness(streams, groups):
    """The bonus of one entry's streams for loose words GROUPS: TOGETHER_BONUS, NEAR_BONUS or 0."""
    groups = _distinct(groups)
    if len(groups) < 2 or _legacy(streams):
        return 0.0
    best = 0.0
    for text in streams:
        occurrences = _occurrences((text or "")[:MAX_SCAN], groups)
        if _in_order(occurrences, len(groups), 0):
            return TOGETHER_BONUS
        if not best and _in_order(occurrences, len(groups), NEAR_GAP):
            best = NEAR_BONUS
    return best


def has_phrase(streams, phrase):
    """Whether one of the streams holds the phrase's words side by side, in order (an index
    written before the separators keeps FTS5's NEAR answer: rebuild it)."""
    groups = [tuple(terms) for terms in phrase if terms]
    if _legacy(streams):
        return True
    return any(_in_order(_occurrences(text or "", groups), len(groups), 0) for text in streams)


def pg_near_queries(groups, lexeme):
    """PostgreSQL tsqueries of loose words: side by side in order, and in order within NEAR_GAP.

    LEXEME quotes one term. Every two neighbouring words must stand so."""

    def group(terms):
        return "(" + " | ".join(lexeme(term) for term in terms) + ")"

    together = " <-> ".join(group(terms) for terms in groups)
    pairs = []
    for first, second in zip(groups, groups[1:], strict=False):
        left, right = group(first), group(second)
        pairs.append(
            "(" + " | ".join(f"{left} <{d}> {right}" for d in range(1, NEAR_GAP + 2)) + ")"
        )
    return together, " & ".join(pairs)
