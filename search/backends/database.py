"""The database search backend: SQLite FTS5 in the embedded default, PostgreSQL full-text search in production.

Both engines see text already analysed in Python (search/polish.py): every word is stored as its
lemmas and its folded form, and a query word is looked up by its lemmas, so "gmina" finds
"gminach" and "wspolpraca" finds "współpracy" without any engine-side dictionary.

- PostgreSQL: a hand-built tsvector where all terms of a word share its position, with weights
  A (title, number), B (body), C (file text); phrases use `<->`, ranking `ts_rank`.
- SQLite: an FTS5 table with a column per field ranked by bm25 with column weights; a phrase
  becomes NEAR groups of its words' terms (FTS5 cannot put two terms at one position).
A query equal to a document number ranks that document first on both.
"""

import itertools
import time
from collections import Counter
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.html import escape

from search.models import SearchEntry, SearchEntryTag
from search.polish import analyze, fold, highlight, number_norm, query_lemmas, tokens

from .base import FacetValue, Hit, SearchBackend, SearchResponse, Suggestion

# How much of a long text reaches the full-text index and the snippet finder.
MAX_INDEXED_CHARS = 200_000
MAX_SNIPPET_SCAN = 60_000
PG_MAX_POSITION = 16383
FIELD_WEIGHTS = {"title": "A", "number": "A", "body": "B", "files": "C"}
SQLITE_BM25 = "bm25(search_fts, 10.0, 12.0, 1.0, 0.3)"
PG_RANK = "ts_rank('{0.05, 0.2, 0.5, 1.0}', e.search_vector, q.query)"
FACET_COLUMNS = {  # the scalar facets, as filter columns
    "kind": "e.kind",
    "document_type": "e.document_type",
    "voivodeship": "e.voivodeship",
    "year": "e.year",
}


class DatabaseBackend(SearchBackend):
    name = "database"

    @property
    def vendor(self):
        return connection.vendor

    # -- writing -----------------------------------------------------------------------------

    def index(self, records):
        count = 0
        with transaction.atomic():
            for record in records:
                self._write(record)
                count += 1
        return count

    def delete(self, keys):
        keys = list(keys)
        if not keys:
            return
        with transaction.atomic():
            ids = list(SearchEntry.objects.filter(key__in=keys).values_list("pk", flat=True))
            if self.vendor == "sqlite" and ids:
                with connection.cursor() as cursor:
                    cursor.executemany(
                        "DELETE FROM search_fts WHERE rowid = %s", [(i,) for i in ids]
                    )
            SearchEntry.objects.filter(pk__in=ids).delete()

    def rebuild(self, records, progress=None):
        count = 0
        with transaction.atomic():
            if self.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("DELETE FROM search_fts")
            SearchEntry.objects.all().delete()
            batch = []
            for record in records:
                batch.append(record)
                if len(batch) >= 100:
                    count += self._write_batch(batch, progress)
                    batch = []
            count += self._write_batch(batch, progress)
        return count

    def _write_batch(self, batch, progress):
        for record in batch:
            self._write(record, fresh=True)
        if progress and batch:
            progress(len(batch))
        return len(batch)

    def _write(self, record, fresh=False):
        values = {
            "kind": record.kind,
            "title": record.title[:500],
            "url": record.url[:500],
            "number": record.number[:100],
            "number_norm": number_norm(record.number),
            "summary": record.summary,
            "body": record.body,
            "file_text": record.file_text,
            "date": record.date,
            "year": record.year,
            "document_type": record.document_type,
            "document_type_label": record.document_type_label[:200],
            "voivodeship": record.voivodeship,
        }
        if fresh:
            entry = SearchEntry.objects.create(key=record.key, **values)
        else:
            entry, _created = SearchEntry.objects.update_or_create(key=record.key, defaults=values)
            SearchEntryTag.objects.filter(entry=entry).delete()
        tags = sorted({tag[:100] for tag in record.tags if tag})
        SearchEntryTag.objects.bulk_create([SearchEntryTag(entry=entry, name=t) for t in tags])
        fields = {
            "title": record.title,
            "number": record.number,
            "body": record.body[:MAX_INDEXED_CHARS],
            "files": record.file_text[:MAX_INDEXED_CHARS],
        }
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    "UPDATE search_searchentry SET search_vector = %s::tsvector WHERE id = %s",
                    [_tsvector(fields), entry.pk],
                )
            else:
                if not fresh:
                    cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [entry.pk])
                streams = [
                    " ".join(" ".join(terms) for terms in analyze(fields[name]))
                    for name in ("title", "number", "body", "files")
                ]
                cursor.execute(
                    "INSERT INTO search_fts (rowid, title, number, body, files) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [entry.pk, *streams],
                )

    # -- reading -----------------------------------------------------------------------------

    def search(self, request):
        started = time.perf_counter()
        groups = _word_groups(request.query)
        phrases = [[query_lemmas(word) for word in phrase] for phrase in request.query.phrases]
        response = self._run(request, groups, phrases, any_word=False)
        if response.total == 0 and len(groups) > 1:
            response = self._run(request, groups, phrases, any_word=True)
            response.any_word = response.total > 0
        response.backend = self.name
        response.took_ms = round((time.perf_counter() - started) * 1000, 1)
        return response

    def _run(self, request, groups, phrases, any_word):
        build = _postgres_match if self.vendor == "postgresql" else _sqlite_match
        built = build(groups, phrases, any_word)
        if built is None:
            return SearchResponse(total=0, hits=[])
        source, source_params, match_sql, match_params, score_sql = built
        query_norm = number_norm(" ".join(request.query.all_words()))
        bonus = "(CASE WHEN e.number_norm = %s AND e.number_norm != '' THEN 1000 ELSE 0 END)"
        filter_sql, filter_params = _filters(request.filters)
        query = _Query(
            source=source,
            where=f"{match_sql}{filter_sql}",
            params=[*source_params, *match_params, *filter_params],
        )
        # One full-text match: every matching row with its score and facet columns. Counting,
        # ordering, paging and the scalar facets are then done here, so the engine matches (and
        # on PostgreSQL unpacks the vectors) once, not once per statement.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id, {score_sql} + {bonus} AS score, e.date, e.kind, e.document_type, "
                f"e.voivodeship, e.year FROM {query.source} WHERE {query.where}",
                [query_norm, *query.params],
            )
            rows = cursor.fetchall()
            tags = self._tag_facet(cursor, query) if request.with_facets and rows else []
        rows.sort(key=_date_order if request.sort == "date" else _relevance_order)
        page = rows[request.offset : request.offset + request.per_page]
        hits = self._hits([(row[0], row[1]) for row in page], request.query)
        facets = {}
        if request.with_facets and rows:
            for position, name in enumerate(("kind", "document_type", "voivodeship", "year"), 3):
                counts = Counter(
                    row[position] for row in rows if row[position] not in ("", None, 0)
                )
                ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
                facets[name] = [FacetValue(str(value), count) for value, count in ordered]
            facets["tag"] = tags
        return SearchResponse(total=len(rows), hits=hits, facets=facets)

    def _hits(self, ranked, query):
        entries = SearchEntry.objects.in_bulk([pk for pk, _score in ranked])
        hits = []
        for pk, score in ranked:
            entry = entries[pk]
            snippet = (
                highlight(entry.body[:MAX_SNIPPET_SCAN], query)
                or highlight(entry.file_text[:MAX_SNIPPET_SCAN], query)
                or escape(entry.summary)
            )
            hits.append(
                Hit(
                    key=entry.key,
                    kind=entry.kind,
                    title=entry.title,
                    url=entry.url,
                    snippet=snippet,
                    score=round(float(score), 4),
                    date=entry.date,
                    number=entry.number,
                    document_type=entry.document_type,
                    document_type_label=entry.document_type_label,
                )
            )
        return hits

    def _tag_facet(self, cursor, query):
        cursor.execute(
            f"SELECT t.name, COUNT(*) FROM {query.source} "
            f"JOIN search_searchentrytag t ON t.entry_id = e.id "
            f"WHERE {query.where} GROUP BY t.name ORDER BY COUNT(*) DESC, t.name LIMIT 30",
            query.params,
        )
        return [FacetValue(str(value), count) for value, count in cursor.fetchall()]

    def suggest(self, prefix, limit=8):
        words = [fold(word) for word, _s, _e in tokens(prefix)][:6]
        if not words:
            return []
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                query = " & ".join(f"'{w}':*A" for w in words)
                cursor.execute(
                    "SELECT e.title, e.url, e.kind FROM search_searchentry e "
                    "WHERE e.search_vector @@ %s::tsquery ORDER BY length(e.title), e.title LIMIT %s",
                    [query, limit],
                )
            else:
                query = " AND ".join(f'title : "{w}"*' for w in words)
                cursor.execute(
                    "SELECT e.title, e.url, e.kind FROM search_fts "
                    "JOIN search_searchentry e ON e.id = search_fts.rowid "
                    "WHERE search_fts MATCH %s ORDER BY length(e.title), e.title LIMIT %s",
                    [query, limit],
                )
            return [Suggestion(title, url, kind) for title, url, kind in cursor.fetchall()]

    def stats(self):
        documents = SearchEntry.objects.count()
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute("SELECT pg_total_relation_size('search_searchentry')")
                size = cursor.fetchone()[0]
            else:
                cursor.execute(
                    "SELECT COALESCE(SUM(LENGTH(body) + LENGTH(file_text) + LENGTH(title)), 0) "
                    "FROM search_searchentry"
                )
                size = cursor.fetchone()[0] * 2  # the text and its FTS5 copy
        return {"documents": documents, "size_bytes": int(size)}


# -- query building ------------------------------------------------------------------------------


def _word_groups(query):
    """For each loose word, the set of terms that may stand for it."""
    return [query_lemmas(word) for word in query.words]


def _relevance_order(row):
    pk, score, date = row[:3]
    return (-float(score), -(date.toordinal() if date else 0), pk)


def _date_order(row):
    pk, score, date = row[:3]
    return (date is None, -(date.toordinal() if date else 0), -float(score), pk)


@dataclass
class _Query:
    source: str  # FROM clause, aliasing the entries as `e`
    where: str
    params: list


def _sqlite_match(groups, phrases, any_word):
    def group_sql(terms):
        return "(" + " OR ".join(f'"{term}"' for term in terms) + ")"

    parts = [group_sql(terms) for terms in groups]
    for phrase in phrases:
        # Every combination of the words' terms, near each other in order of the phrase.
        distance = 3 * len(phrase)
        near = [
            "NEAR(" + " ".join(f'"{term}"' for term in combo) + f", {distance})"
            for combo in itertools.islice(itertools.product(*phrase), 16)
        ]
        parts.append("(" + " OR ".join(near) + ")")
    if not parts:
        return None
    joiner = " OR " if any_word else " AND "
    source = "search_fts JOIN search_searchentry e ON e.id = search_fts.rowid"
    return source, [], "search_fts MATCH %s", [joiner.join(parts)], f"-{SQLITE_BM25}"


def _pg_lexeme(term):
    return "'" + term.replace("\\", "").replace("'", "") + "'"


def _postgres_match(groups, phrases, any_word):
    def group_sql(terms):
        return "(" + " | ".join(_pg_lexeme(term) for term in terms) + ")"

    parts = [group_sql(terms) for terms in groups]
    for phrase in phrases:
        parts.append("(" + " <-> ".join(group_sql(terms) for terms in phrase) + ")")
    if not parts:
        return None
    joiner = " | " if any_word else " & "
    source = "search_searchentry e CROSS JOIN (SELECT %s::tsquery AS query) q"
    return source, [joiner.join(parts)], "e.search_vector @@ q.query", [], PG_RANK


def _filters(filters):
    sql, params = [], []
    for name, values in (filters or {}).items():
        values = [str(v) for v in values if str(v)]
        if not values:
            continue
        placeholders = ", ".join(["%s"] * len(values))
        if name == "tag":
            sql.append(
                f" AND e.id IN (SELECT entry_id FROM search_searchentrytag WHERE name IN ({placeholders}))"
            )
        elif name == "year":
            values = [int(v) for v in values if v.isdigit()]
            if not values:
                sql.append(" AND 1 = 0")
                continue
            placeholders = ", ".join(["%s"] * len(values))
            sql.append(f" AND e.year IN ({placeholders})")
        elif name in FACET_COLUMNS:
            sql.append(f" AND {FACET_COLUMNS[name]} IN ({placeholders})")
        else:
            continue
        params.extend(values)
    return "".join(sql), params


def _tsvector(fields):
    """A tsvector literal: each word's terms at the word's position, weighted by field."""
    positions = {}
    position = 0
    for name in ("title", "number", "body", "files"):
        weight = FIELD_WEIGHTS[name]
        for terms in analyze(fields[name]):
            position = min(position + 1, PG_MAX_POSITION)
            for term in terms:
                slots = positions.setdefault(term, [])
                if len(slots) < 255:
                    slots.append(f"{position}{weight}")
        position = min(position + 10, PG_MAX_POSITION)
    return " ".join(f"{_pg_lexeme(term)}:{','.join(slots)}" for term, slots in positions.items())
