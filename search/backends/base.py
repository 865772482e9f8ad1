"""What every search backend takes and gives back.

A backend stores `SearchRecord`s (see search/records.py) and answers a `SearchRequest` with a
`SearchResponse`. The database and the Elasticsearch backends pass the same behaviour tests
(tests/search/test_behaviour.py).
"""

import abc
import datetime
from dataclasses import dataclass, field

from search.kinds import Kind
from search.polish import ParsedQuery

FACET_FIELDS = ("kind", "document_type", "voivodeship", "year", "tag")
SORTS = ("relevance", "date")


class BackendUnavailable(Exception):
    """The engine did not answer (down, refused, or slower than its timeout)."""


@dataclass
class SearchRecord:
    """One searchable thing, flattened: a page, a registry document or a glossary term."""

    key: str  # "page:12", "document:5", "term:3"
    kind: str  # a search.kinds.Kind value
    title: str
    url: str
    number: str = ""  # sygnatura of a registry document
    summary: str = ""  # shown under the title when no snippet matches
    body: str = ""
    file_text: str = ""  # extracted text of a document's file
    date: datetime.date | None = None
    document_type: str = ""  # DocumentType slug
    document_type_label: str = ""
    voivodeship: str = ""  # two-digit TERYT code, as core.choices.Voivodeship
    tags: list = field(default_factory=list)

    @property
    def year(self):
        return self.date.year if self.date else None


@dataclass
class SearchRequest:
    query: ParsedQuery
    filters: dict = field(default_factory=dict)  # facet field -> list of str values
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    with_facets: bool = True
    with_suggestion: bool = True  # "did you mean" (Elasticsearch only)

    @property
    def offset(self):
        return (self.page - 1) * self.per_page


@dataclass
class Hit:
    key: str
    kind: str
    title: str
    url: str
    snippet: str  # safe HTML: escaped text with <mark> around matches
    score: float
    date: datetime.date | None = None
    number: str = ""
    document_type: str = ""
    document_type_label: str = ""
    snippet_source: str = ""  # "body", "file" (the document's file) or "" (the summary)
    page: int | None = None  # the page of a PDF the snippet is on
    file_paged: bool = False  # its file's text has pages, to be found (Elasticsearch's hits)

    @property
    def kind_label(self):
        return Kind(self.kind).label if self.kind in Kind.values else self.kind


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class SearchResponse:
    total: int
    hits: list
    facets: dict = field(default_factory=dict)  # facet field -> [FacetValue], counts descending
    suggestion: str = ""  # a corrected query, when the engine proposes one
    corrected: bool = False  # the hits are those of the suggestion (a word was misspelt)
    backend: str = ""
    took_ms: float = 0.0
    any_word: bool = False  # no record had every word; these match some of them


@dataclass
class Suggestion:
    title: str
    url: str
    kind: str


class SearchBackend(abc.ABC):
    """The interface both backends implement (an abstract base: it is never used itself)."""

    name = "base"
    # {record key: reason} of the records the last `index` or `rebuild` call refused and skipped
    # (the rest was written): one bad record never stops the others.
    rejected: dict[str, str] = {}

    @abc.abstractmethod
    def search(self, request: SearchRequest) -> SearchResponse: ...

    @abc.abstractmethod
    def suggest(self, prefix: str, limit: int = 8) -> list:
        """Titles starting with (or containing a word starting with) the typed text."""

    @abc.abstractmethod
    def index(self, records) -> int:
        """Add or replace these records; returns how many were written (see `rejected`)."""

    @abc.abstractmethod
    def delete(self, keys) -> None: ...

    @abc.abstractmethod
    def rebuild(self, records, progress=None) -> int:
        """Replace the whole index with these records; searches keep working meanwhile."""

    @abc.abstractmethod
    def stats(self) -> dict:
        """{"documents": int, "size_bytes": int} of the live index."""

    def ping(self) -> bool:
        return True
