"""Rules of the knowledge area: chapters per level, good-practice listing, glossary order."""

import unicodedata

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.translation import gettext as _

from core.choices import VOIVODESHIP_GENITIVE, CooperationLevel, Voivodeship
from core.text import polish_plural
from core.visibility import public_pages
from knowledge.choices import SLUG_FOR_LEVEL
from knowledge.filters import GoodPracticeFilterSet

# --- The Model -----------------------------------------------------------------------------


def model_chapters(model_page, request=None):
    """The live, public chapters of the Model in tree order, numbered from 1 (the Model's page
    gives its chapters: `ModelPage.chapter_pages`)."""
    chapters = list(public_pages(model_page.chapter_pages(), request).order_by("path"))
    for number, chapter in enumerate(chapters, start=1):
        chapter.number = number
    return chapters


def level_navigation(model_page, chapters, current=None, request=None):
    """One entry per level of cooperation: its view's URL and how many chapters concern it."""
    base = model_page.get_url(request)
    links = []
    for level in CooperationLevel:
        count = sum(1 for chapter in chapters if level.value in chapter.levels)
        label = polish_plural(count, _("%d rozdział"), _("%d rozdziały"), _("%d rozdziałów"))
        slug = SLUG_FOR_LEVEL[level]
        links.append(
            {
                "level": level.value,
                "label": level.label,
                "url": f"{base}{model_page.reverse_subpage('level', args=[slug])}",
                "count": count,
                "count_label": label % count,
                "current": level.value == current,
            }
        )
    return links


def chapter_neighbours(chapter, request=None):
    """The Model a chapter belongs to, its number, and the previous and next chapters."""
    siblings = list(
        public_pages(type(chapter).objects.live().sibling_of(chapter), request)
        .order_by("path")
        .only("id", "title", "path", "url_path", "depth", "levels")
    )
    ids = [s.pk for s in siblings]
    position = ids.index(chapter.pk) if chapter.pk in ids else None
    if position is None:  # a preview of a draft chapter
        return {"chapter_number": None, "previous_chapter": None, "next_chapter": None}
    return {
        "chapter_number": position + 1,
        "previous_chapter": siblings[position - 1] if position > 0 else None,
        "next_chapter": siblings[position + 1] if position + 1 < len(siblings) else None,
    }


# --- Good practices ------------------------------------------------------------------------


def good_practice_listing(index_page, request):
    """Filtered, paginated practices with counts per filter value (see filters.py); the
    catalogue's page gives its practices (`GoodPracticeIndexPage.practice_pages`)."""
    base = public_pages(index_page.practice_pages(), request)
    filterset = GoodPracticeFilterSet(request.GET, queryset=base)
    facets, total = filterset.facets()
    results = filterset.qs.order_by("title", "pk")
    paginator = Paginator(results, index_page.per_page)
    paginator.count = total  # known from the facet query; saves a COUNT
    try:
        page_obj = paginator.page(request.GET.get("strona", 1))
    except (EmptyPage, PageNotAnInteger):
        page_obj = paginator.page(1)
    return {
        "filterset": filterset,
        "facets": facets,
        "practices": page_obj,
        "result_count": total,
        "result_label": polish_plural(
            total,
            _("Znaleziono %d praktykę"),
            _("Znaleziono %d praktyki"),
            _("Znaleziono %d praktyk"),
        )
        % total,
        "active_filters": [
            option for facet in facets for option in facet["options"] if option["checked"]
        ],
        "filter_querystring": filterset.data.urlencode(),
    }


# --- Glossary ------------------------------------------------------------------------------

# The Polish alphabet (with q, v, x of loanwords) in collation order: ą after a, ł after l...
POLISH_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(POLISH_ALPHABET)}
# Letters shown in the A–Ż navigation even without terms; q, v, x only when a term uses them.
NAVIGATION_LETTERS = [c.upper() for c in POLISH_ALPHABET if c not in "qvx"]
OTHER_INITIAL = "#"


def polish_sort_key(text):
    """A collation key for Polish: letters by the Polish alphabet, case ignored first.

    Spaces and punctuation sort before digits, digits before letters, and characters outside
    the alphabet (other diacritics) after them by their base letter; ties fall back to the
    original text so that the order is total and stable.
    """
    primary = []
    for char in text.casefold():
        if char in _LETTER_RANK:
            primary.append((3, _LETTER_RANK[char], 0))
        elif char.isdigit():
            primary.append((2, int(char) if char.isascii() else 0, 0))
        elif char.isalpha():
            base = unicodedata.normalize("NFD", char)[0]
            primary.append((3, _LETTER_RANK.get(base, len(POLISH_ALPHABET)), ord(char)))
        else:
            primary.append((1, 0, 0))
    return (tuple(primary), text)


def initial_letter(text):
    first = text.strip()[:1].upper()
    return first if first.casefold() in _LETTER_RANK else OTHER_INITIAL


def sort_polish(items, key=lambda item: item):
    return sorted(items, key=lambda item: polish_sort_key(key(item)))


def glossary_sections(terms):
    """Terms grouped by initial letter in Polish order, and the letter navigation A–Ż."""
    sections = {}
    for term in sort_polish(terms, key=lambda t: t.term):
        term.related = sort_polish(term.see_also.all(), key=lambda t: t.term)
        sections.setdefault(initial_letter(term.term), []).append(term)
    letters = list(NAVIGATION_LETTERS)
    for letter in sections:
        if letter not in letters and letter != OTHER_INITIAL:
            letters.append(letter)
    letters = sort_polish(letters)
    if OTHER_INITIAL in sections:
        letters.append(OTHER_INITIAL)
    return {
        "letters": [
            {"letter": letter, "anchor": letter_anchor(letter), "has_terms": letter in sections}
            for letter in letters
        ],
        "sections": [
            {"letter": letter, "anchor": letter_anchor(letter), "terms": sections[letter]}
            for letter in letters
            if letter in sections
        ],
    }


def letter_anchor(letter):
    """An ASCII-safe id for a letter section, e.g. "litera-l" and "litera-l-2" for Ł."""
    if letter == OTHER_INITIAL:
        return "litera-inne"
    base = unicodedata.normalize("NFD", letter.lower())[0]
    if letter.lower() == "ł":
        base = "l"
    return f"litera-{base}" if base == letter.lower() else f"litera-{base}-{ord(letter.lower())}"


# --- Participants --------------------------------------------------------------------------


def participants_by_voivodeship(participants_page, request=None):
    """Participating JST grouped by voivodeship in the order of Macroregion III's list; an
    agreement document the visitor may not see is not linked (nor named)."""
    from documents.permissions import can_view_document

    rows = list(
        participants_page.participants.select_related(
            "agreement_document__collection", "agreement_document__format_of__collection"
        ).order_by("sort_order", "pk")
    )
    for row in rows:
        document = row.agreement_document
        if (
            document is not None
            and request is not None
            and not can_view_document(request, document)
        ):
            row.agreement_document = None  # for this answer only; nothing is saved
    groups = []
    for voivodeship in Voivodeship:
        members = sort_polish(
            [row for row in rows if row.voivodeship == voivodeship.value], key=lambda r: r.name
        )
        if members:
            groups.append(
                {
                    "voivodeship": voivodeship.label,
                    "voivodeship_genitive": VOIVODESHIP_GENITIVE[voivodeship],
                    "participants": members,
                }
            )
    return {
        "participant_groups": groups,
        "participant_count": len(rows),
        "has_sample_rows": any(row.is_sample for row in rows),
    }
