"""Wagtail's database search backend (PostgreSQL full text, SQLite FTS5), with the query made
safe for FTS5 first: an unbalanced double quote („"”) or a bare operator in an admin listing's
search box made SQLite answer "unterminated string" / "syntax error", a 500. PostgreSQL's
parser accepts anything; the words are the same either way."""

import re

from wagtail.search.backends.database import SearchBackend as vendor_backend

# FTS5's syntax characters; a search for words needs none of them.
FTS5_SYNTAX = re.compile(r'["*^():{}+\-]')


def _words(query):
    if not isinstance(query, str):
        return query
    words = FTS5_SYNTAX.sub(" ", query)
    if query.strip() and not words.strip():
        from wagtail.search.query import MATCH_NONE

        return MATCH_NONE  # only syntax: nothing matches it
    return words


def SearchBackend(params):  # noqa: N802 - Wagtail looks the backend up by this name
    backend = vendor_backend(params)
    if type(backend).__name__ != "SQLiteSearchBackend":
        return backend
    search, autocomplete = backend.search, backend.autocomplete

    def safe_search(query, *args, **kwargs):
        return search(_words(query), *args, **kwargs)

    def safe_autocomplete(query, *args, **kwargs):
        return autocomplete(_words(query), *args, **kwargs)

    backend.search, backend.autocomplete = safe_search, safe_autocomplete
    return backend
