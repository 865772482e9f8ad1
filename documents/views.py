"""Public views of the registry: the listing with facets, a document's page and safe downloads."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .filters import RegistryFilterSet
from .models import RegistryDocument
from .permissions import can_preview_document, can_view_document, visible_documents
from .services import document_page_context
from .validation import CONTENT_TYPES

PAGE_SIZE = 20


def polish_plural(n, one, few, many):
    """Polish has three plural forms: 1 dokument, 2-4 dokumenty, 5-21 dokumentów, 22 dokumenty."""
    if n == 1:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


@require_safe
def document_index(request):
    base = visible_documents(request, RegistryDocument.objects.listed())
    filterset = RegistryFilterSet(request.GET, queryset=base, request=request)
    if not filterset.form.is_valid():
        # Unknown facet values are dropped rather than answered with an error page.
        filterset = RegistryFilterSet(_valid_part(filterset), queryset=base, request=request)
    results = (
        filterset.filter_queryset(base)
        .select_related("document_type", "superseded_by")
        # A format in a collection the visitor may not see is not offered (nor named).
        .prefetch_related(
            Prefetch("formats", queryset=visible_documents(request, RegistryDocument.objects.all()))
        )
        .order_by(*filterset.ordering())
    )
    facets, total = filterset.facet_counts()
    paginator = Paginator(results, PAGE_SIZE)
    if total is not None:
        # The grouped facet query already counted the results; spare the COUNT query.
        paginator.count = total
    try:
        page_obj = paginator.page(request.GET.get("strona", 1))
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    query = request.GET.copy()
    query.pop("strona", None)
    return TemplateResponse(
        request,
        "documents/registry_document_index.html",
        {
            "filterset": filterset,
            "facets": facets,
            "page_obj": page_obj,
            "documents": page_obj.object_list,
            "query_string": query.urlencode(),
            "results_noun": polish_plural(
                paginator.count, _("dokument"), _("dokumenty"), _("dokumentów")
            ),
            "include_all": filterset.include_all,
        },
    )


def _valid_part(filterset):
    data = filterset.data.copy()
    for name in filterset.form.errors:
        data.pop(name, None)
    return data


def _get_visible(request, document_id):
    document = get_object_or_404(
        RegistryDocument.objects.select_related("collection", "document_type"), pk=document_id
    )
    # A private or unpublished document is answered exactly like a missing one: its existence is
    # not revealed. Who works with an unpublished one in the admin sees it (to decide on it).
    if can_view_document(request, document):
        return document
    if can_preview_document(request, document):
        document.shown_as_preview = True
        return document
    raise Http404


@require_safe
def document_detail(request, document_id, slug):
    document = _get_visible(request, document_id)
    if document.format_of_id:
        return redirect(document.format_of.get_absolute_url(), permanent=False)
    if slug != document.slug:
        return redirect(document.get_absolute_url(), permanent=True)
    context = document_page_context(request, document)
    response = TemplateResponse(request, "documents/registry_document.html", context)
    if getattr(document, "shown_as_preview", False):
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def download(request, document_id, filename=None):
    document = _get_visible(request, document_id)
    return serve_document(request, document)


def serve_document(request, document):
    """Always an attachment, with a sandboxing CSP and nosniff: nothing uploaded runs in our origin."""
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    content_type = CONTENT_TYPES.get(document.file_extension.lower(), "application/octet-stream")
    response = FileResponse(
        handle, as_attachment=True, filename=document.safe_filename, content_type=content_type
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "same-origin"
    if (
        getattr(document, "shown_as_preview", False)
        or document.collection.get_view_restrictions().exists()
    ):
        response["Cache-Control"] = "private, no-store"
    return response
