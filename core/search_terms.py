"""Turning what a visitor typed into plain search words that no engine can misread."""

import re

# Engine query syntax (quotes, brackets, wildcards, boolean words) is not for visitors to write:
# only words reach the engine, so SQLite FTS5, PostgreSQL and Elasticsearch never see a syntax
# error caused by user input.
_NOT_WORD = re.compile(r"[^\w\s-]+", re.UNICODE)
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def plain_terms(query):
    words = _NOT_WORD.sub(" ", query).replace("-", " ").split()
    return " ".join(w for w in words if w.upper() not in _OPERATORS)
