"""The queries and answers of the Elasticsearch backend (`search.backends.elastic`): a record as
indexed, the clauses of a query's words and phrases, the highlights, the filters, a hit and the
"did you mean" suggestion. Pure functions over dicts: no connection here."""

import datetime

from django.utils.html import escape

from elasticsearch.dsl import (
    Q,
)

from search.polish import (
    analyze,
    display_form,
    fold,
    is_known_word,
    number_norm,
    query_lemmas,
    restore_diacritics,
)

from .base import (
    FACET_FIELDS,
    Hit,
)

MAX_TEXT = 500_000  # characters of a body or file text that are indexed
MAX_LEMMA_TEXT = 30_000  # characters of a body or file text lemmatised in Python
MAX_VARIANTS = 8  # diacritic restorations searched per word
# Fields a query word is looked for in, with their boosts.
WORD_FIELDS = ["number.text^8", "title^4", "body^1", "file_text^0.3"]
PHRASE_FIELDS = {"title": 4, "body": 1, "file_text": 0.3}
# A misspelt word: its folded form matches the lemma fields within AUTO edits (none under four
# letters, one up to five, two from six; the first letter kept), boosted below the exact match.
FUZZY = {"fuzziness": "AUTO:4,6", "prefix_length": 1}
FUZZY_BOOSTS = {"title_lemmas": 1.0, "lemmas": 0.15}
# Loose words standing together, in order (with at most NEAR_SLOP words between), add a fixed
# score: in the title NEAR_TITLE, in the text NEAR_TEXT (once, however often they do).
NEAR_SLOP = 2
NEAR_TITLE, NEAR_TEXT = 1.5, 2.0
FACET_SOURCE = {"tag": "tags"}
HIGHLIGHT_FIELD = {"fragment_size": 150, "number_of_fragments": 2}
HIGHLIGHT_OPTIONS = {
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "encoder": "html",
    "max_analyzed_offset": MAX_TEXT,
}


def source(record):
    """The indexed document of a record; empty values are left out, so facets skip them."""
    return {
        "key": record.key,
        "kind": record.kind,
        "title": record.title,
        "url": record.url,
        "number": record.number or None,
        "number_norm": number_norm(record.number) or None,
        "paged": "\f" in (record.file_text or ""),
        "summary": record.summary,
        "body": (record.body or "")[:MAX_TEXT],
        "file_text": (record.file_text or "")[:MAX_TEXT],
        "date": record.date.isoformat() if record.date else None,
        "year": record.year,
        "document_type": record.document_type or None,
        "document_type_label": record.document_type_label or None,
        "voivodeship": record.voivodeship or None,
        "tags": sorted({tag for tag in record.tags if tag}),
        "title_lemmas": lemma_stream(record.title),
        "lemmas": lemma_stream(
            f"{record.body[:MAX_LEMMA_TEXT]} {(record.file_text or '')[:MAX_LEMMA_TEXT]}"
        ),
    }


def lemma_stream(text):
    return " ".join(" ".join(terms) for terms in analyze(text or ""))


def word_clause(word):
    """The word itself or any of its diacritic restorations, in any text field, or its lemmas."""
    variants = [word, *restore_diacritics(word)[:MAX_VARIANTS]]
    matches = [
        Q("multi_match", query=variant, fields=WORD_FIELDS, type="best_fields", tie_breaker=0.3)
        for variant in variants
    ]
    lemmas = " ".join(query_lemmas(word))
    matches.append(Q("match", title_lemmas={"query": lemmas, "boost": 3}))
    matches.append(Q("match", lemmas={"query": lemmas, "boost": 0.5}))
    folded = fold(word)
    # Only a word the dictionary does not know may be misspelt (as in the database backend).
    if len(folded) >= 4 and folded.isalpha() and not is_known_word(word):
        matches += [
            Q("match", **{name: {"query": folded, "boost": boost, **FUZZY}})
            for name, boost in FUZZY_BOOSTS.items()
        ]
    return Q("bool", should=matches, minimum_should_match=1)


def nearness_clause(words):
    """Loose words side by side or close, in the order typed (a score bonus, never a filter)."""

    def near(fields):
        return Q(
            "bool",
            should=[
                Q("match_phrase", **{name: {"query": text, "slop": NEAR_SLOP}})
                for text in phrase_texts(words)
                for name in fields
            ],
        )

    return Q(
        "bool",
        should=[
            Q("constant_score", filter=near(["title"]), boost=NEAR_TITLE),
            Q("constant_score", filter=near(["body", "file_text"]), boost=NEAR_TEXT),
        ],
    )


def phrase_texts(words):
    """A phrase as typed and, when that differs, with its words' diacritics restored."""
    texts = [" ".join(words)]
    restored = " ".join((restore_diacritics(word) or (word,))[0] for word in words)
    if restored != texts[0]:
        texts.append(restored)
    return texts


def phrase_clause(words):
    """The words side by side (in any of their forms), as typed or with diacritics restored."""
    phrases = [
        Q("match_phrase", **{name: {"query": text, "boost": boost}})
        for text in phrase_texts(words)
        for name, boost in PHRASE_FIELDS.items()
    ]
    return Q("bool", should=phrases, minimum_should_match=1)


def highlight(query, field):
    """The highlight part of a request: snippets of FIELD marking the query's words."""
    fields = {field: {**HIGHLIGHT_FIELD, "highlight_query": highlight_query(query, field)}}
    return {**HIGHLIGHT_OPTIONS, "fields": fields}


def highlight_query(query, field):
    """What the snippets of FIELD mark: the loose words (with their diacritic restorations) in
    one match, and each phrase. The highlighter takes its terms from this small query instead
    of the whole scored one (every field and boost), which halves its work per hit."""
    words = [
        variant
        for word in query.words
        for variant in (word, *restore_diacritics(word)[:MAX_VARIANTS])
    ]
    clauses = [Q("match", **{field: " ".join(words)})] if words else []
    # A misspelt word is marked where its near forms stand (as the search found them).
    unknown = [word for word in query.words if len(word) >= 4 and not is_known_word(word)]
    if unknown:
        clauses.append(Q("match", **{field: {"query": " ".join(unknown), **FUZZY}}))
    clauses += [
        Q("match_phrase", **{field: text})
        for phrase in query.phrases
        for text in phrase_texts(phrase)
    ]
    return Q("bool", should=clauses, minimum_should_match=1).to_dict()


def filters(filters):
    clauses = []
    for name, values in (filters or {}).items():
        if name not in FACET_FIELDS:
            continue
        values = [str(value) for value in values if str(value)]
        if name == "year":
            values = [int(value) for value in values if value.isdigit()]
        if values:
            clauses.append(Q("terms", **{FACET_SOURCE.get(name, name): values}))
        else:
            clauses.append(Q("match_none"))
    return clauses


def hit(hit, sort):
    source = hit["_source"]
    highlight = hit.get("highlight", {})
    snippet_source = (
        "body" if highlight.get("body") else "file" if highlight.get("file_text") else ""
    )
    fragments = highlight.get("body") or highlight.get("file_text") or []
    snippet = " … ".join(" ".join(fragment.split()) for fragment in fragments)
    date = source.get("date")
    return Hit(
        key=source["key"],
        kind=source["kind"],
        title=source["title"],
        url=source["url"],
        snippet=snippet or escape(source.get("summary") or ""),
        snippet_source=snippet_source,
        file_paged=bool(source.get("paged")),
        score=0.0 if sort == "date" else float(hit.get("_score") or 0.0),
        date=datetime.date.fromisoformat(date[:10]) if date else None,
        number=source.get("number") or "",
        document_type=source.get("document_type") or "",
        document_type_label=source.get("document_type_label") or "",
    )


def may_be_misspelt(query):
    """Whether a word of the query is one the dictionary does not know (only those are corrected)."""
    return any(not is_known_word(word) for word in query.all_words())


def suggest_request(query):
    """The term suggester's part of a search: corrections of the words the index lacks."""
    return {
        "spelling": {
            "text": " ".join(query.all_words()),
            "term": {"field": "spelling", "suggest_mode": "missing"},
        }
    }


def suggestion(query, result):
    """A corrected query from the term suggester's answer in RESULT (a search's dictionary):
    folded words, their diacritics put back."""
    entries = (result or {}).get("suggest", {}).get("spelling") or []
    corrections = {
        entry["text"]: entry["options"][0]["text"] for entry in entries if entry["options"]
    }
    if not corrections:
        return ""
    # A word the dictionary knows is not corrected, though the texts may not hold this form; a
    # corrected one is shown with its Polish letters (polish.display_form).
    words = [
        display_form(corrections[fold(word)], word)
        if not is_known_word(word) and fold(word) in corrections
        else word
        for word in query.all_words()
    ]
    suggestion = " ".join(words)
    return suggestion if fold(suggestion) != fold(" ".join(query.all_words())) else ""
