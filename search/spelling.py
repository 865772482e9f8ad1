"""Typo tolerance of the database backend: when a query as typed finds nothing, its misspelt
words are corrected and the corrected query runs.

A query word is unknown when the dictionary does not know it and none of its lemmas and not
its folded form is a term of the index's vocabulary (`SearchTerm`: every lemma and folded form the database index holds). An
unknown word is replaced by the known terms nearest to it: one edit for a word of four or five
letters, two from six letters on (Elasticsearch's AUTO fuzziness), the first letter kept, a
transposition of two neighbouring letters counting as one edit. Of the nearest terms the most
common are taken. Words under four letters, numbers and words with no near term stay as typed.

The candidates come from PostgreSQL's trigram index (`pg_trgm`) or, on SQLite, from the terms of
the same first letter and a similar length; rapidfuzz measures their distance on both.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction

from rapidfuzz.distance import OSA

from .models import SearchTerm
from .polish import display_form, fold, is_known_word, query_lemmas

MIN_WORD = 4  # shorter words have too many neighbours to correct
MAX_TERMS = 3  # near terms searched for one unknown word
MAX_TERM_LENGTH = 60
TRIGRAM_THRESHOLD = 0.25  # pg_trgm similarity a candidate needs (one typo in four letters: 0.33)
TRIGRAM_CANDIDATES = 200


def allowed_edits(word):
    """Edits a word of this length may differ by (as Elasticsearch's fuzziness AUTO:4,6)."""
    if len(word) < MIN_WORD:
        return 0
    return 1 if len(word) <= 5 else 2


def vocabulary_terms(analyzed):
    """The terms of analysed texts (search.polish.analyze) a misspelt word may be corrected to."""
    return {
        term
        for words in analyzed
        for terms in words
        for term in terms
        if 3 <= len(term) <= MAX_TERM_LENGTH and term.isalpha()
    }


def add_terms(terms):
    """Add the terms an update brings (counted once; a rebuild counts them properly)."""
    if terms:
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=term) for term in sorted(terms)],
            ignore_conflicts=True,
            batch_size=1000,
        )


def replace_terms(counts):
    """The whole vocabulary anew: {term: entries}."""
    SearchTerm.objects.all().delete()
    # An update committed meanwhile may have added a term again: it is kept, not a failure.
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=term, entries=count) for term, count in sorted(counts.items())],
        batch_size=2000,
        ignore_conflicts=True,
    )


@dataclass
class Correction:
    """The terms searched for each corrected word, and the corrected query as text."""

    terms: dict = field(default_factory=dict)  # word as typed -> tuple of terms
    suggestion: str = ""

    def __bool__(self):
        return bool(self.terms)


def correct(query):
    """The correction of a parsed query's unknown words (falsy when every word is known)."""
    words = [word for word in dict.fromkeys(query.all_words()) if _correctable(word)]
    if not words:
        return Correction()
    wanted = {word: {fold(word), *query_lemmas(word)} for word in words}
    known = set(
        SearchTerm.objects.filter(term__in=set().union(*wanted.values())).values_list(
            "term", flat=True
        )
    )
    corrected, shown = {}, {}
    for word in words:
        if wanted[word] & known:
            continue
        near = _nearest(fold(word))
        if near:
            corrected[word] = tuple(near)
            shown[word] = display_form(near[0], word)
    if not corrected:
        return Correction()
    parts = [" ".join(shown.get(word, word) for word in query.words)] if query.words else []
    parts += [
        '"' + " ".join(shown.get(word, word) for word in phrase) + '"' for phrase in query.phrases
    ]
    return Correction(terms=corrected, suggestion=" ".join(part for part in parts if part))


def _correctable(word):
    # A word the dictionary knows is taken as meant, though no text may hold it.
    return len(word) >= MIN_WORD and word.isalpha() and not is_known_word(word)


def _nearest(folded):
    """The most common known terms at the smallest distance from a folded unknown word."""
    edits = allowed_edits(folded)
    scored = []
    for term, entries in _candidates(folded, edits):
        if term[:1] != folded[:1]:
            continue
        distance = OSA.distance(folded, term, score_cutoff=edits)
        if distance <= edits:
            scored.append((distance, -entries, term))
    scored.sort()
    best = [item for item in scored if item[0] == scored[0][0]] if scored else []
    return [term for _distance, _entries, term in best[:MAX_TERMS]]


def _candidates(folded, edits):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with transaction.atomic():
                cursor.execute(
                    "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                    [str(TRIGRAM_THRESHOLD)],
                )
                cursor.execute(
                    "SELECT term, entries FROM search_searchterm WHERE term %% %s "
                    "ORDER BY similarity(term, %s) DESC, entries DESC LIMIT %s",
                    [folded, folded, TRIGRAM_CANDIDATES],
                )
                return cursor.fetchall()
        # SQLite: the terms of the same first letter (a range of the primary key) and a length
        # within the allowed edits.
        first = folded[:1]
        cursor.execute(
            "SELECT term, entries FROM search_searchterm WHERE term >= %s AND term < %s "
            "AND length(term) BETWEEN %s AND %s",
            [first, first + "\U0010ffff", len(folded) - edits, len(folded) + edits],
        )
        return cursor.fetchall()
