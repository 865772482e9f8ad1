"""What is searchable, flattened into SearchRecords: public pages, registry documents, glossary terms.

Only what an anonymous visitor may see is indexed: live pages without view restrictions,
published registry documents outside private collections (main records, not alternative
formats; a scheduled one from its time: documents.moderation.publish_due queues it), and
glossary terms. `record_for(key)` answers None for anything else, and the index drops it.
"""

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from wagtail.fields import RichTextField, StreamField
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.search import index

from .backends.base import SearchRecord
from .kinds import Kind

PARTNER_VOIVODESHIP = {
    "rops-katowice": "24",
    "rcps-lodz": "10",
    "rops-krakow": "12",
    "rops-opole": "16",
}


def _kind_of_page(page):
    name = type(page).__name__
    return {
        "NewsPage": Kind.NEWS,
        "ModelPage": Kind.MODEL,
        "ModelChapterPage": Kind.MODEL,
        "GoodPracticePage": Kind.PRACTICE,
        "PartnerPage": Kind.PARTNER,
        "CallPage": Kind.CALL,
        "EventPage": Kind.EVENT,
    }.get(name, Kind.PAGE)


def _text_of(obj, field_name):
    try:
        model_field = obj._meta.get_field(field_name)
    except Exception:
        model_field = None
    value = getattr(obj, field_name, None)
    if callable(value):
        value = value()
    if value in (None, ""):
        return ""
    if isinstance(model_field, StreamField):
        return " ".join(str(part) for part in model_field.get_searchable_content(value))
    if isinstance(model_field, RichTextField) or "<" in str(value):
        return strip_tags(str(value)).replace("&nbsp;", " ")
    if isinstance(value, (list, tuple)):
        return " ".join(str(item) for item in value)
    return str(value)


def _join(*parts):
    return "\n".join(part for part in parts if part and part.strip())


# -- pages -----------------------------------------------------------------------------------


def indexable_pages():
    """Live pages a visitor may see, below the site root (the home page included)."""
    queryset = Page.objects.live().filter(depth__gt=1)
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def page_record(page):
    page = page.specific
    skip = {"title", "lead"}
    body = []
    for search_field in page.search_fields:
        if isinstance(search_field, index.SearchField) and search_field.field_name not in skip:
            body.append(_text_of(page, search_field.field_name))
    # Inline lists whose rows are content (the JST taking part, with their agreements).
    if hasattr(page, "participants"):
        for row in page.participants.all():
            body.append(f"{row.name} {row.get_jst_type_display()}")
    lead = getattr(page, "lead", "") or ""
    page_date = getattr(page, "date", None) or getattr(page, "published_on", None)
    if page_date is None and page.first_published_at:
        page_date = page.first_published_at.date()
    tags = []
    if hasattr(page, "tags"):
        tags = [tag.name for tag in page.tags.all()]
    return SearchRecord(
        key=f"page:{page.pk}",
        kind=_kind_of_page(page),
        title=page.title,
        url=page.get_url() or page.url_path,
        summary=Truncator(lead).chars(300),
        body=_join(lead, *body),
        date=page_date,
        voivodeship=getattr(page, "voivodeship", "") or "",
        tags=tags,
    )


# -- registry documents ----------------------------------------------------------------------


def indexable_documents():
    from wagtail.documents import get_document_model

    queryset = (
        get_document_model()
        .objects.public()
        .filter(format_of__isnull=True)
        .select_related("document_type", "collection")
        .prefetch_related("tags")
    )
    for path in CollectionViewRestriction.objects.values_list("collection__path", flat=True):
        queryset = queryset.exclude(collection__path__startswith=path)
    return queryset


def document_record(document):
    doc_type = document.document_type
    meta = [
        document.number,
        document.subject,
        document.issuer,
        doc_type.name if doc_type else "",
        document.get_partner_display() if document.partner else "",
        document.get_voivodeship_display() if document.voivodeship else "",
    ]
    return SearchRecord(
        key=f"document:{document.pk}",
        kind=Kind.DOCUMENT,
        title=document.display_title,
        url=document.get_absolute_url(),
        number=document.number or "",
        summary=Truncator(document.description or document.subject or "").chars(300),
        body=_join(document.description, *meta),
        file_text=document.extracted_text or "",
        # Without "Data wydania" the date of publication, as a date (a timestamp there is refused
        # by Elasticsearch's date field and would stop a rebuild).
        date=document.issued_on or timezone.localdate(document.publication_date),
        document_type=doc_type.slug if doc_type else "",
        document_type_label=doc_type.name if doc_type else "",
        voivodeship=document.voivodeship or PARTNER_VOIVODESHIP.get(document.partner, ""),
        tags=[tag.name for tag in document.tags.all()],
    )


# -- glossary --------------------------------------------------------------------------------


def term_record(term):
    return SearchRecord(
        key=f"term:{term.pk}",
        kind=Kind.TERM,
        title=f"{term.term} – {term.expansion}" if term.expansion else term.term,
        url=term.anchor_url,
        summary=Truncator(strip_tags(term.definition or "")).chars(300),
        body=strip_tags(term.definition or ""),
    )


def _glossary_terms():
    from knowledge.models import GlossaryTerm

    return GlossaryTerm.objects.all()


# -- the whole corpus ------------------------------------------------------------------------


def all_records(batch_size=200):
    """Every indexable record, built in batches so memory stays flat."""
    pages = indexable_pages().order_by("pk").values_list("pk", flat=True)
    page_ids = list(pages)
    for start in range(0, len(page_ids), batch_size):
        chunk = page_ids[start : start + batch_size]
        for page in Page.objects.filter(pk__in=chunk).specific().order_by("pk"):
            yield page_record(page)
    documents = indexable_documents().order_by("pk")
    document_ids = list(documents.values_list("pk", flat=True))
    for start in range(0, len(document_ids), batch_size):
        for document in documents.filter(pk__in=document_ids[start : start + batch_size]):
            yield document_record(document)
    for term in _glossary_terms():
        yield term_record(term)


def count_records():
    return indexable_pages().count() + indexable_documents().count() + _glossary_terms().count()


def record_for(key):
    """The record of one key as it should be indexed now, or None if it must not be searchable."""
    kind, _sep, pk = key.partition(":")
    if not pk.isdigit():
        return None
    if kind == "page":
        page = indexable_pages().filter(pk=pk).first()
        return page_record(page) if page else None
    if kind == "document":
        document = indexable_documents().filter(pk=pk).first()
        return document_record(document) if document else None
    if kind == "term":
        term = _glossary_terms().filter(pk=pk).first()
        return term_record(term) if term else None
    return None
