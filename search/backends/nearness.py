"""Word order and nearness in the database backend.

A quoted phrase matches its words in order, side by side; loose words that stand together (in
the order typed) rank above the same words scattered through a text. PostgreSQL asks its
tsvector positions (`<N>`); SQLite's FTS5 cannot, since it stores each term of a word at a
position of its own, so its texts are stored as "streams": the terms of each word joined by
spaces, the words joined by " | " (no token for FTS5, so positions and ranking are unchanged).
A regular expression over a stream then finds the words of a phrase in order.
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


def raised(score, bonus):
    return score * (1 + bonus) + bonus * BONUS_FLOOR


def stream(analyzed_words):
    """The stream of a text's analysed words (search.polish.analyze)."""
    return WORD_SEPARATOR.join(" ".join(terms) for terms in analyzed_words)


def _word(terms):
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return rf"(?:[^\s|]+ )*(?:{alternatives})(?: [^\s|]+)*"


@lru_cache(maxsize=256)
def in_order(groups, gap=0):
    """A pattern finding words (each a tuple of the terms that stand for it) in order in a
    stream, with at most GAP other words between each two."""
    between = r" \| " if gap == 0 else rf" \| (?:[^|]+ \| ){{0,{gap}}}"
    return re.compile(r"(?:^|\| )" + between.join(_word(terms) for terms in groups) + r"(?= \||$)")


def nearness(streams, groups):
    """The bonus of one entry's streams for loose words GROUPS: TOGETHER_BONUS, NEAR_BONUS or 0."""
    groups = tuple(tuple(terms) for terms in groups)
    together, near = in_order(groups), in_order(groups, NEAR_GAP)
    best = 0.0
    for text in streams:
        text = (text or "")[:MAX_SCAN]
        if together.search(text):
            return TOGETHER_BONUS
        if not best and near.search(text):
            best = NEAR_BONUS
    return best


def has_phrase(streams, phrase):
    """Whether one of the streams holds the phrase's words side by side, in order."""
    pattern = in_order(tuple(tuple(terms) for terms in phrase))
    return any(pattern.search(text or "") for text in streams)


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
