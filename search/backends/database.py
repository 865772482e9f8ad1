"""The database search backend: SQLite FTS5 in the embedded default, PostgreSQL full-text search in production.

Both engines see text already analysed in Python (search/polish.py): every word is stored as its
lemmas and its folded form, and a query word is looked up by its lemmas, so "gmina" finds
"gminach" and "wspolpraca" finds "współpracy" without any engine-side dictionary.

- PostgreSQL: a hand-built tsvector where all terms of a word share its position, with weights
  A (title, number), B (body), C (file text), matched through its GIN index; phrases use `<->`.
  Ranking is `ts_rank` on a compact second vector (`rank_vector`: title and number A, summary B,
  and the terms the body and files repeat, weighted by how often), because ranking on the full
  vectors of thousands of matches reads megabytes per query.
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
from search.polish import (
    Highlighter,
    analyze,
    fold,
    is_stop_word,
    number_norm,
    page_at,
    query_lemmas,
    tokens,
)
from search.spelling import add_terms, correct, replace_terms, vocabulary_terms

from .base import FacetValue, Hit, SearchBackend, SearchResponse, Suggestion
from .nearness import (
    BONUS_FLOOR,
    NEAR_BONUS,
    RERANK,
    TOGETHER_BONUS,
    has_phrase,
    nearness,
    pg_near_queries,
    raised,
    stream,
)

# SQLite: how many of a quoted phrase's NEAR matches are read for the words' order.
PHRASE_CHECKED = 1000
# How much of a long text reaches the full-text index and the snippet finder.
MAX_INDEXED_CHARS = 200_000
MAX_SNIPPET_SCAN = 60_000
PG_MAX_POSITION = 16383
FIELD_WEIGHTS = {"title": "A", "number": "A", "body": "B", "files": "C"}
SQLITE_BM25 = "bm25(search_fts, 10.0, 12.0, 1.0, 0.3)"
# Ranked against the query's terms joined by OR: ts_rank then sums the weights of the terms a
# document has (for AND it would measure their distance, and rank_vector keeps no positions).
PG_RANK = "COALESCE(ts_rank('{0.05, 0.2, 0.4, 1.0}', e.rank_vector, q.rank_query), 0)"
# rank_vector: how many of a text's most repeated terms it keeps, and from how many repetitions
# a term counts as a topic of the text (weight C) or a main topic (weight B).
PG_ORDERS = {
    "relevance": "score DESC, date DESC NULLS LAST, id",
    "date": "date DESC NULLS LAST, score DESC, id",
}
RANK_TERMS = 120
RANK_MAX_TERMS, RANK_MAX_TERM_LENGTH = 320, 40  # keep rank_vector within about 4 KB (PLAIN storage)
RANK_TOPIC_MIN, RANK_MAIN_TOPIC_MIN = 3, 8
# The scalar facets as filter expressions. They are written so that no index can serve them
# ("|| ''", "+ 0"): the full-text index must drive every search, or PostgreSQL walks a filter's
# index and unpacks the vector of each row it finds (150 ms for a common word and type=dokument).
FACET_COLUMNS = {
    "kind": "(e.kind || '')",
    "document_type": "(e.document_type || '')",
    "voivodeship": "(e.voivodeship || '')",
    "year": "(e.year + 0)",
}


class DatabaseBackend(SearchBackend):
    name = "database"
    _counted_terms = None  # the vocabulary's counts while a rebuild runs

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
        self._counted_terms = Counter()
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
            replace_terms(self._counted_terms)
        self._counted_terms = None
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
        analyzed = {name: analyze(text) for name, text in fields.items()}
        terms = vocabulary_terms(analyzed.values())
        if fresh and self._counted_terms is not None:
            self._counted_terms.update(terms)
        else:
            add_terms(terms)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    "UPDATE search_searchentry SET search_vector = %s::tsvector, "
                    "rank_vector = %s::tsvector WHERE id = %s",
                    [_tsvector(analyzed), _rank_tsvector(analyzed, record.summary), entry.pk],
                )
            else:
                if not fresh:
                    cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [entry.pk])
                streams = [stream(analyzed[name]) for name in ("title", "number", "body", "files")]
                cursor.execute(
                    "INSERT INTO search_fts (rowid, title, number, body, files) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [entry.pk, *streams],
                )

    # -- reading -----------------------------------------------------------------------------

    def search(self, request):
        started = time.perf_counter()
        query = request.query
        groups, phrases = _groups(query, {})
        response = self._run(request, groups, phrases, any_word=False)
        if response.total == 0:
            # Nothing has every word as typed: a word the index does not know may be misspelt,
            # and is then searched as the known words nearest to it (search/spelling.py).
            correction = correct(query)
            if correction:
                found = self._corrected(request, correction)
                if found.total:
                    response = found
                    if request.with_suggestion:
                        response.suggestion = correction.suggestion
        if response.total == 0 and len(groups) > 1:
            response = self._run(request, groups, phrases, any_word=True)
            response.any_word = response.total > 0
        response.backend = self.name
        response.took_ms = round((time.perf_counter() - started) * 1000, 1)
        return response

    def _corrected(self, request, correction):
        groups, phrases = _groups(request.query, correction.terms)
        marked = [term for terms in correction.terms.values() for term in terms]
        response = self._run(request, groups, phrases, any_word=False, marked=marked)
        if response.total == 0 and len(groups) > 1:
            response = self._run(request, groups, phrases, any_word=True, marked=marked)
            response.any_word = response.total > 0
        response.corrected = response.total > 0
        return response

    def _run(self, request, groups, phrases, any_word, marked=()):
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
        if self.vendor == "postgresql":
            near = pg_near_queries(groups, _pg_lexeme) if len(groups) > 1 else None
            return self._run_postgres(request, query, score_sql, bonus, query_norm, near, marked)
        # One full-text match: every matching row with its score and facet columns. Counting,
        # ordering, paging and the scalar facets are then done here, so FTS5 matches once.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id, {score_sql} + {bonus} AS score, e.date, e.kind, e.document_type, "
                f"e.voivodeship, e.year FROM {query.source} WHERE {query.where}",
                [query_norm, *query.params],
            )
            rows = cursor.fetchall()
            matched = len(rows)
            if phrases and rows:
                # FTS5's NEAR found the phrase's words close together; keep those in order.
                rows = _sqlite_with_phrases(cursor, rows, phrases)
            if not request.with_facets or not rows:
                tags = []
            elif len(rows) == matched:
                tags = self._tag_facet(cursor, query)
            else:
                tags = _sqlite_tag_facet(cursor, [row[0] for row in rows])
        rows.sort(key=_relevance_order)
        if len(groups) > 1 and rows:
            rows = _sqlite_nearer_first(rows, groups)
        if request.sort == "date":
            rows.sort(key=_date_order)
        page = rows[request.offset : request.offset + request.per_page]
        hits = self._hits([(row[0], row[1]) for row in page], request.query, marked)
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

    def _run_postgres(self, request, query, score_sql, bonus, query_norm, near=None, marked=()):
        """One statement: the match once (a materialised CTE), then from it the page of hits, the
        total and every facet, ranked, sorted and counted by PostgreSQL. Rows come back tagged
        with their part: ("hit", id, score, position), ("total", count), (facet, value, count).

        NEAR (loose words' tsqueries: side by side, close) raises the score of the RERANK best
        matches whose words stand so, read from the full vectors of those rows only."""
        order = PG_ORDERS["date" if request.sort == "date" else "relevance"]
        parts = [
            "SELECT 'hit', id, score, NULL, pos FROM (SELECT id, score, "
            f"ROW_NUMBER() OVER (ORDER BY {order}) AS pos FROM m) h WHERE pos > %s AND pos <= %s",
            "SELECT 'total', NULL, NULL, NULL, COUNT(*) FROM m",
        ]
        params = [request.offset, request.offset + request.per_page]
        if request.with_facets:
            parts += [
                "SELECT CASE WHEN GROUPING(kind) = 0 THEN 'kind' "
                "WHEN GROUPING(document_type) = 0 THEN 'document_type' "
                "WHEN GROUPING(voivodeship) = 0 THEN 'voivodeship' ELSE 'year' END, NULL, NULL, "
                "COALESCE(kind, document_type, voivodeship, year::text), COUNT(*) FROM m "
                "GROUP BY GROUPING SETS ((kind), (document_type), (voivodeship), (year))",
                "SELECT * FROM (SELECT 'tag', NULL::bigint, NULL::float8, t.name, COUNT(*) "
                "FROM m JOIN search_searchentrytag t ON t.entry_id = m.id GROUP BY t.name "
                "ORDER BY COUNT(*) DESC, t.name LIMIT 30) tags",
            ]
        match = (
            f"SELECT e.id, {score_sql} + {bonus} AS score, e.date, e.kind, e.document_type, "
            f"e.voivodeship, e.year FROM {query.source} WHERE {query.where}"
        )
        match_params = [query_norm, *query.params]
        if near:
            match = (
                f"WITH m0 AS MATERIALIZED ({match}), "
                "top AS (SELECT id FROM m0 ORDER BY score DESC, id LIMIT %s), "
                "n AS (SELECT t.id, e.search_vector @@ %s::tsquery AS together, "
                "e.search_vector @@ %s::tsquery AS near FROM top t "
                "JOIN search_searchentry e ON e.id = t.id) "
                "SELECT m0.id, m0.score * (1 + b.bonus) + b.bonus * %s AS score, m0.date, m0.kind, "
                "m0.document_type, m0.voivodeship, m0.year FROM m0 LEFT JOIN n ON n.id = m0.id "
                "CROSS JOIN LATERAL (SELECT CASE WHEN n.together THEN %s WHEN n.near THEN %s "
                "ELSE 0 END AS bonus) b"
            )
            match_params += [RERANK, *near, BONUS_FLOOR, TOGETHER_BONUS, NEAR_BONUS]
        sql = f"WITH m AS MATERIALIZED ({match}) " + " UNION ALL ".join(
            f"({part})" for part in parts
        )
        with transaction.atomic(), connection.cursor() as cursor:
            # The planner prices a sequential scan of toasted vectors far too low and prefers
            # it for common words (250 ms instead of 15 ms through the GIN index).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, [*match_params, *params])
            rows = cursor.fetchall()
        ranked, total, facets = [], 0, {}
        for part, pk, score, value, count in rows:
            if part == "hit":
                ranked.append((count, pk, score))
            elif part == "total":
                total = count
            elif value not in ("", None):
                facets.setdefault(part, []).append(FacetValue(str(value), count))
        if not total:
            return SearchResponse(total=0, hits=[])
        hits = self._hits(
            [(pk, score) for _pos, pk, score in sorted(ranked)], request.query, marked
        )
        for values in facets.values():
            values.sort(key=lambda facet: (-facet.count, facet.value))
        for name in ("kind", "document_type", "voivodeship", "year", "tag"):
            facets.setdefault(name, [])
        return SearchResponse(total=total, hits=hits, facets=facets if request.with_facets else {})

    def _hits(self, ranked, query, marked=()):
        """Hits of ranked entries, with snippets marking the query's words and the MARKED terms
        (those a misspelt word was corrected to)."""
        entries = SearchEntry.objects.in_bulk([pk for pk, _score in ranked])
        highlighter = Highlighter(query, marked)
        hits = []
        for pk, score in ranked:
            entry = entries[pk]
            snippet, source, page = highlighter.snippet(entry.body[:MAX_SNIPPET_SCAN]), "body", None
            if not snippet:
                file_text = entry.file_text[:MAX_SNIPPET_SCAN]
                snippet, offset = highlighter.locate(file_text)
                source, page = "file", page_at(file_text, offset)
            if not snippet:
                snippet, source = escape(entry.summary), ""
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
                    snippet_source=source,
                    page=page,
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


def _groups(query, corrected):
    """For each loose word, and each word of each phrase, the terms that may stand for it: its
    lemmas, or those it was CORRECTED to ({word: terms})."""

    def terms(word):
        return corrected.get(word) or query_lemmas(word)

    groups = [terms(word) for word in query.words]
    # The index keeps no stop words (search.polish.analyze), so the words around one are side by
    # side there: "przemoc w rodzinie" is looked for as "przemoc" next to "rodzina".
    phrases = [
        [terms(word) for word in phrase if not is_stop_word(word)] for phrase in query.phrases
    ]
    return groups, [phrase for phrase in phrases if phrase]


def _relevance_order(row):
    pk, score, date = row[:3]
    return (-float(score), -(date.toordinal() if date else 0), pk)


def _date_order(row):
    pk, score, date = row[:3]
    return (date is None, -(date.toordinal() if date else 0), -float(score), pk)


def _sqlite_streams(cursor, ids):
    """{id: (title, number, body, files)} streams of the entries."""
    found = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        cursor.execute(
            "SELECT rowid, title, number, body, files FROM search_fts WHERE rowid IN "
            f"({', '.join(['%s'] * len(chunk))})",
            chunk,
        )
        found.update((row[0], row[1:]) for row in cursor.fetchall())
    return found


def _sqlite_with_phrases(cursor, rows, phrases):
    """The rows holding each phrase in order: the PHRASE_CHECKED best of FTS5's NEAR matches are
    read (a phrase of common words may match thousands of texts); the rest stay as NEAR found
    them, below."""
    rows = sorted(rows, key=_relevance_order)
    checked, rest = rows[:PHRASE_CHECKED], rows[PHRASE_CHECKED:]
    streams = _sqlite_streams(cursor, [row[0] for row in checked])
    kept = [
        row
        for row in checked
        if all(has_phrase(streams.get(row[0], ()), phrase) for phrase in phrases)
    ]
    return kept + rest


def _sqlite_tag_facet(cursor, ids):
    counts = Counter()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        cursor.execute(
            "SELECT name FROM search_searchentrytag WHERE entry_id IN "
            f"({', '.join(['%s'] * len(chunk))})",
            chunk,
        )
        counts.update(name for (name,) in cursor.fetchall())
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:30]
    return [FacetValue(name, count) for name, count in ordered]


def _sqlite_nearer_first(rows, groups):
    """The RERANK best rows, their scores raised where the loose words stand together."""
    top = rows[:RERANK]
    with connection.cursor() as cursor:
        streams = _sqlite_streams(cursor, [row[0] for row in top])
    rescored = [
        (row[0], raised(row[1], nearness(streams.get(row[0], ()), groups)), *row[2:]) for row in top
    ]
    rows = rescored + rows[RERANK:]
    rows.sort(key=_relevance_order)
    return rows


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
    terms = {term for terms in [*groups, *itertools.chain.from_iterable(phrases)] for term in terms}
    rank_query = " | ".join(_pg_lexeme(term) for term in sorted(terms))
    source = (
        "search_searchentry e CROSS JOIN (SELECT %s::tsquery AS query, %s::tsquery AS rank_query) q"
    )
    return source, [joiner.join(parts), rank_query], "e.search_vector @@ q.query", [], PG_RANK


def _filters(filters):
    sql, params = [], []
    for name, values in (filters or {}).items():
        values = [str(v) for v in values if str(v)]
        if not values:
            continue
        placeholders = ", ".join(["%s"] * len(values))
        if name == "tag":
            sql.append(
                f" AND (e.id + 0) IN (SELECT entry_id FROM search_searchentrytag WHERE name IN ({placeholders}))"
            )
        elif name == "year":
            values = [int(v) for v in values if v.isdigit()]
            if not values:
                sql.append(" AND 1 = 0")
                continue
            placeholders = ", ".join(["%s"] * len(values))
            sql.append(f" AND {FACET_COLUMNS['year']} IN ({placeholders})")
        elif name in FACET_COLUMNS:
            sql.append(f" AND {FACET_COLUMNS[name]} IN ({placeholders})")
        else:
            continue
        params.extend(values)
    return "".join(sql), params


def _tsvector(analyzed):
    """A tsvector literal: each word's terms at the word's position, weighted by field.

    ANALYZED maps each field to its words' terms (search.polish.analyze)."""
    positions = {}
    position = 0
    for name in ("title", "number", "body", "files"):
        weight = FIELD_WEIGHTS[name]
        for terms in analyzed[name]:
            position = min(position + 1, PG_MAX_POSITION)
            for term in terms:
                slots = positions.setdefault(term, [])
                if len(slots) < 255:
                    slots.append(f"{position}{weight}")
        position = min(position + 10, PG_MAX_POSITION)
    return " ".join(f"{_pg_lexeme(term)}:{','.join(slots)}" for term, slots in positions.items())


def _rank_tsvector(analyzed, summary):
    """The compact vector ranking uses: one position per term, the weight saying where it counts.

    Title and number terms weigh A, the summary's B; of the body and files, the RANK_TERMS
    terms repeated most often weigh B (RANK_MAIN_TOPIC_MIN times or more) or C (RANK_TOPIC_MIN).
    """
    weights = {}
    for name, weight in (("title", "A"), ("number", "A")):
        for terms in analyzed[name]:
            weights.update((term, weight) for term in terms)
    for terms in analyze(summary[:600]):
        for term in terms:
            weights.setdefault(term, "B")
    counts = Counter(
        term for name in ("body", "files") for terms in analyzed[name] for term in terms
    )
    for term, count in counts.most_common(RANK_TERMS):
        if count < RANK_TOPIC_MIN:
            break
        weight = "B" if count >= RANK_MAIN_TOPIC_MIN else "C"
        if weights.get(term, "D") > weight:  # "A" < "B" < "C": keep the stronger weight
            weights[term] = weight
    kept = [(t, w) for t, w in weights.items() if len(t) <= RANK_MAX_TERM_LENGTH][:RANK_MAX_TERMS]
    return " ".join(f"{_pg_lexeme(term)}:1{weight}" for term, weight in kept)
