"""The Elasticsearch 8 search backend: our own index with a Polish hunspell analyzer.

- Text fields go through `polish`: standard tokenizer, lowercase, our stop list, hunspell pl_PL
  (every stem of a word at its position) and asciifolding, so "gminach" finds "gmina" and a query
  typed without diacritics still meets the stems. Query words come from search.polish, with their
  diacritics restored ("miedzysektorowa" → "międzysektorowa"); no user syntax reaches the engine.
- Title and body are copied into `spelling` (folded, no stemming) for "did you mean", and the title
  has edge n-grams (`title.prefixes`) for suggestions as you type.
- The live index is the alias `<prefix>_search`; `rebuild` loads a new concrete index and swaps
  the alias in one atomic call, so searches keep working meanwhile.
Every failure of the engine is raised as BackendUnavailable.
"""

import itertools
import logging
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from uuid import uuid4

from django.conf import settings

from elasticsearch import ApiError, Elasticsearch, TransportError, helpers
from elasticsearch.dsl import (
    A,
    Boolean,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    MetaField,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)

import search.backends.elastic_query as elastic_query
from search.polish import (
    STOP_WORDS,
    fold,
    number_norm,
    tokens,
)

from .base import (
    FACET_FIELDS,
    BackendUnavailable,
    FacetValue,
    SearchBackend,
    SearchResponse,
    Suggestion,
)

logger = logging.getLogger(__name__)

BULK_TIMEOUT = 60  # seconds for a bulk request or an index creation
BATCH_SIZE = 200  # records per bulk request of a rebuild
BULK_THREADS = 2  # bulk requests of a rebuild in flight at once
MERGE_TIMEOUT = 600  # seconds for merging a rebuilt index into one segment
MAX_CHUNK_BYTES = 20 * 1024 * 1024
MAX_RESULT_WINDOW = 10_000
# (url, alias) of the indices whose mapping this process has brought up to date.
_MAPPED = set()
RERANK_WINDOW = 50  # best matches per shard whose words' nearness is read
NUMBER_BONUS = 1000  # a query equal to a document number puts that document first
FACET_SIZE = 30
# Snippets come from the body and, for a hit whose body does not match, from its files' text.
SNIPPET_FIELDS = ("body", "file_text")
HIT_SOURCE = (
    "key kind title url number summary date document_type document_type_label paged".split()
)
# The parts of a search request that do not depend on the query, built once.
_BY_DATE = {"date": {"order": "desc", "missing": "_last"}}
SORT_ORDERS = {"relevance": ["_score", _BY_DATE, "key"], "date": [_BY_DATE, "_score", "key"]}
FACET_AGGS = {
    name: A(
        "terms",
        field=elastic_query.FACET_SOURCE.get(name, name),
        size=FACET_SIZE,
        order=[{"_count": "desc"}, {"_key": "asc"}],
    ).to_dict()
    for name in FACET_FIELDS
}

polish = analyzer(
    "polish",
    tokenizer="standard",
    filter=[
        "lowercase",
        token_filter("polish_stop", "stop", stopwords=sorted(STOP_WORDS)),
        token_filter("polish_hunspell", "hunspell", locale="pl_PL", dedup=True),
        "asciifolding",
    ],
)
folded = analyzer("folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
prefixes = analyzer(
    "prefixes",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("prefix_grams", "edge_ngram", min_gram=1, max_gram=30),
    ],
)


class SearchDocument(Document):
    """The mapping of one SearchRecord; `_id` is the record's key."""

    key = Keyword()
    kind = Keyword()
    title = Text(
        analyzer=polish,
        copy_to="spelling",
        fields={
            "prefixes": Text(analyzer=prefixes, search_analyzer=folded),
            "sort": Keyword(ignore_above=256),
        },
    )
    number = Keyword(fields={"text": Text(analyzer=folded)})
    number_norm = Keyword()  # the number's folded words joined by spaces: "20/18" → "20 18"
    paged = Boolean(index=False)  # the file's text has pages (a PDF's): a hit there names its page
    summary = Text(index=False)
    body = Text(analyzer=polish, index_options="offsets", copy_to="spelling")
    file_text = Text(analyzer=polish, index_options="offsets")
    spelling = Text(analyzer=folded)
    # Morfeusz lemmas from search.polish, for forms hunspell does not know (place names above all).
    title_lemmas = Text(analyzer="whitespace", norms=False)
    lemmas = Text(analyzer="whitespace", norms=False)
    url = Keyword(index=False)
    document_type = Keyword()
    document_type_label = Keyword()
    voivodeship = Keyword()
    tags = Keyword()
    year = Integer()
    date = Date(format="strict_date")

    class Meta:
        dynamic = MetaField("strict")


@lru_cache(maxsize=8)
def _client(url, timeout):
    """One client (and connection pool) per server and timeout, shared by the backends."""
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url=None, index_prefix=None, timeout=None):
        self.url = url or settings.ELASTICSEARCH_URL
        prefix = index_prefix or settings.ELASTICSEARCH_INDEX_PREFIX
        self.timeout = float(timeout or getattr(settings, "SEARCH_TIMEOUT", 2.0))
        self.alias = f"{prefix}_search"

    @property
    def client(self):
        if not self.url:
            raise BackendUnavailable("ELASTICSEARCH_URL is not set")
        return _client(self.url, self.timeout)

    @property
    def bulk_client(self):
        return self.client.options(request_timeout=BULK_TIMEOUT)

    @contextmanager
    def _guard(self, action):
        try:
            yield
        except (ApiError, TransportError, helpers.BulkIndexError) as exc:
            raise BackendUnavailable(f"Elasticsearch {action}: {exc}") from exc

    # -- writing -----------------------------------------------------------------------------

    def _create_index(self, with_alias):
        name = f"{self.alias}_{time.strftime('%Y%m%d%H%M%S')}_{uuid4().hex[:6]}"
        index = Index(name).settings(number_of_shards=1, number_of_replicas=0)
        index.document(SearchDocument)
        if with_alias:
            index.aliases(**{self.alias: {}})
        else:
            # A rebuild refreshes once at the end, and its translog is not synced to disk on
            # every bulk request: a crash mid-way loses only the unfinished new index.
            index.settings(refresh_interval="-1", translog={"durability": "async"})
        index.create(using=self.bulk_client)
        return name

    def _ensure_alias(self):
        if not self.client.indices.exists_alias(name=self.alias):
            self._create_index(with_alias=True)
            _MAPPED.add((self.url, self.alias))
        elif (self.url, self.alias) not in _MAPPED:
            # An index made by an earlier release gets the fields added since (a new field is
            # all a release adds: "paged"), so that its updates are not refused by the strict
            # mapping before the next rebuild. Once per process.
            self.client.indices.put_mapping(
                index=self.alias,
                properties=SearchDocument._doc_type.mapping.to_dict()["properties"],
            )
            _MAPPED.add((self.url, self.alias))

    def _actions(self, records, index_name):
        for record in records:
            yield {"_index": index_name, "_id": record.key, "_source": elastic_query.source(record)}

    def index(self, records, refresh=False):
        self.rejected = {}
        records = list(records)
        if not records:
            return 0
        with self._guard("index"):
            self._ensure_alias()
            written, errors = helpers.bulk(
                self.bulk_client,
                self._actions(records, self.alias),
                max_chunk_bytes=MAX_CHUNK_BYTES,
                require_alias=True,
                refresh="wait_for" if refresh else False,
                raise_on_error=False,
            )
            self.rejected = self._rejections(errors)
        return written

    @staticmethod
    def _rejections(errors):
        """{key: reason} of the documents Elasticsearch refused for what they hold (status 400:
        a value its mapping cannot take), to be skipped and reported. Any other failure (the
        cluster overloaded or unavailable) is the backend's: it raises, and nothing is skipped."""
        rejected = {}
        for error in errors:
            item = next(iter(error.values()))
            if item.get("status") != 400:
                raise BackendUnavailable(
                    f"Elasticsearch refused a document with status {item.get('status')}: "
                    f"{str(item.get('error'))[:300]}"
                )
            reason = item.get("error") or {}
            if isinstance(reason, dict):
                reason = reason.get("reason") or reason.get("type") or str(reason)
            rejected[str(item.get("_id"))] = str(reason)[:500]
        for key, reason in rejected.items():
            logger.error("Elasticsearch refused the search record %s, skipped: %s", key, reason)
        return rejected

    def delete(self, keys, refresh=False):
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": key} for key in keys]
        if not actions:
            return
        with self._guard("delete"):
            helpers.bulk(
                self.bulk_client,
                actions,
                ignore_status=(404,),
                require_alias=True,
                refresh="wait_for" if refresh else False,
            )

    def rebuild(self, records, progress=None):
        self.rejected = {}
        with self._guard("rebuild"):
            new_index = self._create_index(with_alias=False)
            try:
                count = self._load(new_index, records, progress)
                self.bulk_client.indices.put_settings(
                    index=new_index,
                    settings={"index": {"refresh_interval": None, "translog.durability": None}},
                )
                self.bulk_client.indices.refresh(index=new_index)
                # The new index is complete and read far more than written: merged into one
                # segment before it goes live, a search walks one set of postings instead of
                # one per segment (about a fifth less engine CPU per search at 10,000 records).
                # Later updates add small segments, which Elasticsearch merges as usual.
                self.client.options(request_timeout=MERGE_TIMEOUT).indices.forcemerge(
                    index=new_index, max_num_segments=1
                )
                # Whatever holds the live name now (indices behind the alias, or a stray index
                # of that name) is dropped in the same atomic call that moves the alias.
                current = self.client.options(ignore_status=404).indices.get_alias(index=self.alias)
                old = [] if current.meta.status == 404 else [n for n in current if n != new_index]
                self.client.indices.update_aliases(
                    actions=[
                        {"add": {"index": new_index, "alias": self.alias}},
                        *({"remove_index": {"index": name}} for name in old),
                    ]
                )
            except BaseException:
                self._drop(new_index)
                raise
        return count

    def _drop(self, index_name):
        """Delete a half-built index, if the engine still answers."""
        try:
            self.client.options(ignore_status=404).indices.delete(index=index_name)
        except (ApiError, TransportError):
            pass

    def _load(self, index_name, records, progress):
        """Bulk-load every record. This thread reads the records and prepares (lemmatises) the
        next batch while up to BULK_THREADS threads send the previous ones, so Python and
        Elasticsearch work at the same time instead of by turns. Only this thread touches the
        database (a record may read it lazily)."""
        count, records, in_flight = 0, iter(records), deque()

        def send(actions):
            written, errors = helpers.bulk(
                self.bulk_client, actions, max_chunk_bytes=MAX_CHUNK_BYTES, raise_on_error=False
            )
            return written, errors

        def collect(future):
            nonlocal count
            written, errors = future.result()
            # A refused document is skipped and reported; the cluster failing stops the rebuild.
            self.rejected.update(self._rejections(errors))
            count += written
            if progress:
                progress(written)

        with ThreadPoolExecutor(max_workers=BULK_THREADS) as pool:
            while batch := list(itertools.islice(records, BATCH_SIZE)):
                actions = list(self._actions(batch, index_name))
                if len(in_flight) == BULK_THREADS:
                    collect(in_flight.popleft())
                in_flight.append(pool.submit(send, actions))
            while in_flight:
                collect(in_flight.popleft())
        return count

    # -- reading -----------------------------------------------------------------------------

    def search(self, request):
        started = time.perf_counter()
        query = request.query
        response = SearchResponse(total=0, hits=[])
        if not query.is_empty:
            with self._guard("search"):
                first = self._execute(request, any_word=False)
                response = self._response(request, first)
                if response.total == 0 and len(query.words) + len(query.phrases) > 1:
                    # The retry gets what is left of the timeout.
                    left = max(0.2, self.timeout - (time.perf_counter() - started))
                    response = self._response(request, self._execute(request, True, left))
                    response.any_word = response.total > 0
                if request.with_suggestion:
                    # The words the index lacks, corrected by the term suggester in the same
                    # request (fuzzy matching has found their documents already).
                    response.suggestion = elastic_query.suggestion(query, first)
                    # The fuzzy clauses found the corrected words' documents already.
                    response.corrected = bool(response.suggestion and response.total)
        response.backend = self.name
        response.took_ms = round((time.perf_counter() - started) * 1000, 1)
        return response

    def _execute(self, request, any_word, timeout=None):
        client = self.client if timeout is None else self.client.options(request_timeout=timeout)
        query = request.query
        parts = [elastic_query.word_clause(word) for word in query.words]
        parts += [elastic_query.phrase_clause(phrase) for phrase in query.phrases]
        core = (
            Q("bool", should=parts, minimum_should_match=1) if any_word else Q("bool", must=parts)
        )
        bonus = []
        if norm := number_norm(" ".join(query.all_words())):
            bonus.append(
                Q("constant_score", filter=Q("term", number_norm=norm), boost=NUMBER_BONUS)
            )
        offset = min(request.offset, MAX_RESULT_WINDOW)
        body = {
            "query": Q(
                "bool", must=[core], should=bonus, filter=elastic_query.filters(request.filters)
            ).to_dict(),
            "from": offset,
            "size": max(0, min(request.per_page, MAX_RESULT_WINDOW - offset)),
            "_source": HIT_SOURCE,
            "track_total_hits": True,
            "sort": SORT_ORDERS["date" if request.sort == "date" else "relevance"],
            "highlight": elastic_query.highlight(query, SNIPPET_FIELDS[0]),
        }
        if request.with_facets:
            body["aggs"] = FACET_AGGS
        if len(query.words) > 1 and request.sort != "date":
            # Loose words standing together raise the score of the best matches only (the
            # phrase's positions are read for RERANK_WINDOW documents per shard, not for all).
            # A rescore allows no explicit sort: the order is the score's alone.
            body["rescore"] = {
                "window_size": RERANK_WINDOW,
                "query": {"rescore_query": elastic_query.nearness_clause(query.words).to_dict()},
            }
            del body["sort"]
        if request.with_suggestion and not any_word and elastic_query.may_be_misspelt(query):
            body["suggest"] = elastic_query.suggest_request(query)
        # Only the query changes from one search to the next: the sort, the highlighter's
        # options and the facets' aggregations are built once, above. The answer is read as the
        # plain dictionary it is, which costs a fraction of wrapping every hit in DSL objects.
        result = client.search(index=self.alias, **body).body
        self._file_snippets(client, query, result["hits"]["hits"])
        return result

    def _file_snippets(self, client, query, hits):
        """Highlight the files' text of the hits whose body has no match, in a second request.

        Highlighting a long text costs the engine more than the search itself, and most hits
        match in their body, so the files' text is highlighted only where it gives the snippet.
        """
        wanted = [hit["_id"] for hit in hits if not hit.get("highlight", {}).get("body")]
        if not wanted:
            return
        field = SNIPPET_FIELDS[1]
        try:
            found = client.search(
                index=self.alias,
                query=Q("ids", values=wanted).to_dict(),
                size=len(wanted),
                source=False,
                highlight=elastic_query.highlight(query, field),
            ).body
        except (ApiError, TransportError) as exc:  # the hits are there; their snippets fall back
            logger.warning("Elasticsearch snippets of files failed: %s", exc)
            return
        fragments = {
            hit["_id"]: hit.get("highlight", {}).get(field) for hit in found["hits"]["hits"]
        }
        for hit in hits:
            if fragments.get(hit["_id"]):
                hit.setdefault("highlight", {})[field] = fragments[hit["_id"]]

    def _response(self, request, result):
        """A SearchResponse from the engine's answer (a dictionary)."""
        total = result["hits"]["total"]["value"]
        hits = [elastic_query.hit(hit, request.sort) for hit in result["hits"]["hits"]]
        facets = {}
        if request.with_facets and total:
            for name in FACET_FIELDS:
                buckets = result["aggregations"][name]["buckets"]
                facets[name] = [FacetValue(str(b["key"]), b["doc_count"]) for b in buckets]
        return SearchResponse(total=total, hits=hits, facets=facets)

    def suggest(self, prefix, limit=8):
        words = [fold(word) for word, _s, _e in tokens(prefix)][:6]
        if not words:
            return []
        search = (
            Search(using=self.client, index=self.alias)
            .query("match", **{"title.prefixes": {"query": " ".join(words), "operator": "and"}})
            .sort("_score", "title.sort")
            .source(["title", "url", "kind"])[: min(limit, 50)]
        )
        with self._guard("suggest"):
            result = search.execute()
        return [Suggestion(hit.title, hit.url, hit.kind) for hit in result.hits]

    def stats(self):
        with self._guard("stats"):
            if not self.client.indices.exists_alias(name=self.alias):
                return {"documents": 0, "size_bytes": 0}
            documents = self.client.count(index=self.alias)["count"]
            store = self.client.indices.stats(index=self.alias, metric="store")
        return {
            "documents": int(documents),
            "size_bytes": int(store["_all"]["total"]["store"]["size_in_bytes"]),
        }

    def ping(self):
        # This build answers 405 on `GET /`, so client.ping() cannot be used.
        try:
            health = self.client.cluster.health(timeout=f"{int(self.timeout * 1000)}ms")
        except (ApiError, TransportError, BackendUnavailable):
            return False
        return health.body.get("status") in ("green", "yellow")


# -- helpers -------------------------------------------------------------------------------------
