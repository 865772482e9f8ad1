"""Admin: the registry listing with filters by every field, document types, bulk "change status",
moderation (the review page, the state column and filter, the dashboard panel), and safe serving
of Wagtail's own document URLs."""

import copy
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.documents.views.bulk_actions.document_bulk_action import DocumentBulkAction
from wagtail.models import Collection
from wagtail.permissions import register_permission_policy

import django_filters

from core.choices import Voivodeship

from .admin_views import ModerateView, ModerationPanel, moderate_url
from .forms import ChangeStatusForm
from .models import (
    DocumentType,
    ExtractionStatus,
    Language,
    LegalStatus,
    ModerationState,
    Partner,
    RegistryDocument,
)
from .permissions import admin_documents, document_permission_policy, locked_for

# Takes the place of Wagtail's collection policy: a group-restricted collection stays closed to
# editors with permissions on the root. For the exact class, so it wins over the one registered
# in wagtail.documents' AppConfig.ready, which runs after this module is imported.
register_permission_policy(RegistryDocument, document_permission_policy(), exact_class=True)


@hooks.register("before_serve_document", order=-100)
def serve_registry_document(document, request):
    """Wagtail's /documents/<id>/<name> URL leads to our download view (same privacy check, safe
    headers); Wagtail only accepts a non-streaming response from this hook, hence a redirect."""
    from django.http import Http404, HttpResponseRedirect

    from .permissions import can_preview_document, can_view_document

    if not (can_view_document(request, document) or can_preview_document(request, document)):
        raise Http404
    return HttpResponseRedirect(document.url)


def _own_collections(request):
    """The collections the user works in: a restricted one is not named to those outside it."""
    if request is None:
        return Collection.objects.none()
    policy = document_permission_policy()
    return policy.collections_user_has_any_permission_for(
        request.user, ["add", "change", "choose"]
    ).order_by("path")


class RegistryAdminFilterSet(WagtailFilterSet):
    number = django_filters.CharFilter(label=_("Numer / sygnatura"), lookup_expr="icontains")
    document_type = django_filters.ModelMultipleChoiceFilter(
        label=_("Typ dokumentu"),
        queryset=DocumentType.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    moderation_state = django_filters.MultipleChoiceFilter(
        label=_("Stan publikacji"),
        choices=ModerationState.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    legal_status = django_filters.MultipleChoiceFilter(
        label=_("Status prawny"), choices=LegalStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    partner = django_filters.MultipleChoiceFilter(
        label=_("Partner"), choices=Partner.choices, widget=forms.CheckboxSelectMultiple
    )
    voivodeship = django_filters.MultipleChoiceFilter(
        label=_("Województwo"), choices=Voivodeship.choices, widget=forms.CheckboxSelectMultiple
    )
    issued_on = django_filters.DateFromToRangeFilter(
        label=_("Data wydania"), widget=DateRangePickerWidget
    )
    valid_from = django_filters.DateFromToRangeFilter(
        label=_("Obowiązuje od"), widget=DateRangePickerWidget
    )
    valid_to = django_filters.DateFromToRangeFilter(
        label=_("Obowiązuje do"), widget=DateRangePickerWidget
    )
    issuer = django_filters.CharFilter(label=_("Wystawca"), lookup_expr="icontains")
    subject = django_filters.CharFilter(label=_("W sprawie"), lookup_expr="icontains")
    language = django_filters.ChoiceFilter(label=_("Język"), choices=Language.choices)
    extraction_status = django_filters.MultipleChoiceFilter(
        label=_("Odczyt tekstu"),
        choices=ExtractionStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    call_reference = django_filters.CharFilter(label=_("Nabór"), lookup_expr="icontains")
    collection = django_filters.ModelChoiceFilter(
        label=_("Kolekcja"), queryset=lambda request: _own_collections(request)
    )
    tag = django_filters.CharFilter(
        label=_("Tag"), field_name="tags__name", lookup_expr="iexact", distinct=True
    )
    superseded = django_filters.BooleanFilter(
        label=_("Zastąpiony nowszą wersją"),
        field_name="superseded_by",
        lookup_expr="isnull",
        exclude=True,
    )
    produced_by = django_filters.CharFilter(label=_("Wytworzył"), lookup_expr="icontains")

    class Meta:
        model = RegistryDocument
        fields = []


class RegistryIndexView(generic.IndexView):
    """Rows link to Wagtail's document editor, the single place where a document is edited; a
    document an editor may no longer edit (published or scheduled) links to its review page."""

    def get_edit_url(self, instance):
        if locked_for(self.request.user, instance):
            return None
        return reverse("wagtaildocs:edit", args=[instance.pk])

    def get_delete_url(self, instance):
        if locked_for(self.request.user, instance):
            return None
        return super().get_delete_url(instance)

    def get_title_url(self, instance):
        return self.get_edit_url(instance) or moderate_url(instance)

    @cached_property
    def columns(self):
        columns = []
        for column in super().columns:
            if isinstance(column, TitleColumn):
                column = copy.copy(column)  # the viewset's instance serves every request
                column._get_url_func = self.get_title_url
            columns.append(column)
        return columns

    def get_add_url(self):
        return reverse("wagtaildocs:add")

    def get_base_queryset(self):
        documents = admin_documents(self.request.user)
        return documents.select_related("document_type", "collection")

    def search_queryset(self, queryset):
        """Whole words anywhere (number, issuer, text inside the file) plus title prefixes."""
        if not self.is_searching:
            return queryset
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend()
        ids = {doc.pk for doc in backend.search(self.search_query, queryset)[:1000]}
        ids |= {doc.pk for doc in backend.autocomplete(self.search_query, queryset)[:1000]}
        return queryset.filter(pk__in=ids)


class ExtractionColumn(StatusTagColumn):
    def get_value(self, instance):
        return instance.get_extraction_status_display()

    def get_primary(self, instance):
        return instance.extraction_status == ExtractionStatus.DONE


# A failed reading may be retried, as may one still pending (its worker may have been stopped).
RETRYABLE = {ExtractionStatus.FAILED, ExtractionStatus.PENDING}


def retry_extraction_url(document, next_url):
    """The confirmation page of the "retry" bulk action for one document."""
    url = reverse(
        "wagtail_bulk_action",
        args=(
            RegistryDocument._meta.app_label,
            RegistryDocument._meta.model_name,
            RetryExtractionBulkAction.action_type,
        ),
    )
    return f"{url}?{urlencode({'id': document.pk, 'next': next_url})}"


class RetryExtractionColumn(Column):
    """A link to retry the text reading of a document whose reading failed or is pending."""

    cell_template_name = "documents/admin/retry_extraction_cell.html"

    def get_value(self, instance):
        if instance.extraction_status not in RETRYABLE:
            return None
        return retry_extraction_url(instance, reverse("rejestr-dokumentow:index"))

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["title"] = instance.title
        return context


class ModerationColumn(Column):
    """The state of publication, with the rejection's reason and a link to the review page."""

    cell_template_name = "documents/admin/moderation_cell.html"

    def get_value(self, instance):
        return instance.moderation_label

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["document"] = instance
        context["published"] = instance.moderation_state == ModerationState.PUBLISHED
        context["review_url"] = moderate_url(instance)
        return context


def scoped(view_class, editing=False):
    """One document's admin view answering 404 for a document outside the user's collections (a
    private one for an editor), as Wagtail's own document views do; an editing view (edit,
    delete) refuses a document the user may no longer change (permissions.locked_for), as
    Wagtail's document editor does through the permission policy."""

    class Scoped(view_class):
        def get_object(self, *args, **kwargs):
            obj = super().get_object(*args, **kwargs)
            if not admin_documents(self.request.user).filter(pk=obj.pk).exists():
                raise Http404(_("Nie ma takiego dokumentu albo nie masz do niego dostępu."))
            if editing and locked_for(self.request.user, obj):
                raise PermissionDenied
            return obj

    Scoped.__name__ = f"Scoped{view_class.__name__}"
    return Scoped


class RegistryAddView(generic.CreateView):
    """A document is added with its file, in Wagtail's document form."""

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied
        from django.shortcuts import redirect

        if not self.permission_policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        return redirect("wagtaildocs:add")


class RegistryDocumentViewSet(ModelViewSet):
    model = RegistryDocument
    icon = "doc-full-inverse"
    menu_label = _("Rejestr dokumentów")
    name = "rejestr-dokumentow"
    url_prefix = "rejestr-dokumentow"
    index_view_class = RegistryIndexView
    add_view_class = RegistryAddView
    edit_view_class = scoped(generic.EditView, editing=True)
    delete_view_class = scoped(generic.DeleteView, editing=True)
    inspect_view_class = scoped(generic.InspectView)
    history_view_class = scoped(generic.HistoryView)
    usage_view_class = scoped(generic.UsageView)
    filterset_class = RegistryAdminFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["title", "description", "legal_status"]
    list_per_page = 50
    ordering = ["-issued_on", "title"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/moderacja/", ModerateView.as_view(), name="moderate"),
        ]

    @property
    def list_display(self):
        return [
            TitleColumn(
                "title",
                label=_("Tytuł"),
                sort_key="title",
                get_url=lambda doc: reverse("wagtaildocs:edit", args=[doc.pk]),
            ),
            Column("number", label=_("Numer"), sort_key="number"),
            Column("document_type", label=_("Typ")),
            DateColumn("issued_on", label=_("Data wydania"), sort_key="issued_on"),
            ModerationColumn("moderation_state", label=_("Publikacja")),
            Column("get_legal_status_display", label=_("Status")),
            Column("version", label=_("Wersja")),
            ExtractionColumn("extraction_status", label=_("Odczyt tekstu")),
            Column("extraction_error", label=_("Przyczyna błędu lub limit")),
            RetryExtractionColumn("retry_extraction", label=_("Ponów odczyt")),
        ]


class DocumentTypeViewSet(ModelViewSet):
    model = DocumentType
    icon = "tag"
    menu_label = _("Typy dokumentów")
    name = "typy-dokumentow"
    url_prefix = "typy-dokumentow"
    form_fields = ["name", "slug", "sort_order"]
    list_display = ["name", "slug", "sort_order"]
    copy_view_enabled = False


class RegistryGroup(ModelViewSetGroup):
    menu_label = _("Rejestr dokumentów")
    menu_icon = "doc-full-inverse"
    menu_order = 400
    items = (RegistryDocumentViewSet, DocumentTypeViewSet)


@hooks.register("register_admin_viewset")
def register_registry_viewsets():
    return RegistryGroup()


@hooks.register("register_bulk_action")
class ChangeStatusBulkAction(DocumentBulkAction):
    display_name = _("Zmień status")
    action_type = "change_status"
    aria_label = _("Zmień status prawny zaznaczonych dokumentów")
    template_name = "documents/admin/confirm_bulk_change_status.html"
    action_priority = 30
    form_class = ChangeStatusForm

    def check_perm(self, document):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", document
        )

    def get_execution_context(self):
        return {
            "legal_status": self.cleaned_form.cleaned_data["legal_status"],
            "user": self.request.user,
        }

    @classmethod
    def execute_action(cls, objects, legal_status=None, user=None, **kwargs):
        from .services import change_status

        if not legal_status:
            return 0, 0
        return change_status(objects, legal_status, user=user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "Zmieniono status %(n)d dokumentu.",
            "Zmieniono status %(n)d dokumentów.",
            num_parent_objects,
        ) % {"n": num_parent_objects}


@hooks.register("register_bulk_action")
class RetryExtractionBulkAction(DocumentBulkAction):
    """Queue the text reading again, e.g. after a failure or once a limit was raised."""

    display_name = _("Ponów odczyt tekstu")
    action_type = "retry_extraction"
    aria_label = _("Ponów odczyt tekstu zaznaczonych dokumentów")
    template_name = "documents/admin/confirm_bulk_retry_extraction.html"
    action_priority = 40

    def check_perm(self, document):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", document
        )

    @classmethod
    def execute_action(cls, objects, **kwargs):
        from .services import retry_extraction

        return retry_extraction(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "Zlecono ponowny odczyt tekstu %(n)d dokumentu.",
            "Zlecono ponowny odczyt tekstu %(n)d dokumentów.",
            num_parent_objects,
        ) % {"n": num_parent_objects}


@hooks.register("register_home_section")
def home_documents(request, home):
    """On the home page: the five documents issued last, each with its page in the registry."""
    from .permissions import visible_documents

    latest = list(
        visible_documents(request, RegistryDocument.objects.listed())
        .select_related("document_type")
        .order_by("-issued_on", "-pk")[:5]
    )
    if not latest:
        return None
    return {
        "order": 40,
        "template": "documents/home_documents.html",
        "context": {"documents": latest},
    }


@hooks.register("construct_homepage_panels")
def documents_moderation_panel(request, panels):
    """The dashboard: documents waiting for a moderator's decision (or one's own that wait)."""
    panels.append(ModerationPanel(request))


@hooks.register("before_bulk_action")
def formats_move_with_their_document(request, action_type, objects, action_class_instance):
    """Wagtail's "add to collection" writes the collection with one UPDATE; a format alone would
    leave its document's collection (and be more public or more private than its page)."""
    if action_type != "add_to_collection" or not objects:
        return None
    if not isinstance(objects[0], RegistryDocument):
        return None
    formats = [document for document in objects if document.format_of_id]
    if formats:
        from django.contrib import messages
        from django.shortcuts import redirect

        messages.error(
            request,
            _(
                "Inny format dokumentu przenosi się razem z dokumentem głównym: przenieś "
                "dokument główny (%(title)s)."
            )
            % {"title": formats[0].format_of.title},
        )
        return redirect(action_class_instance.next_url)
    return None


@hooks.register("after_bulk_action")
def moved_documents_keep_their_rules(request, action_type, objects, action_class_instance):
    """After that UPDATE: each document saved again, so that its file goes to the side its new
    collection asks for, its formats follow it and the search index learns where it is."""
    if action_type != "add_to_collection" or not objects:
        return None
    if not isinstance(objects[0], RegistryDocument):
        return None
    for document in RegistryDocument.objects.filter(pk__in=[obj.pk for obj in objects]):
        document.save(update_fields=["collection"])
    return None


class PublicDocumentLinkHandler(DocumentLinkHandler):
    """A document link in rich text points at a public document only. Rich text is rendered
    once for everyone (and cached), and a private document's address carries its title: a link
    to one (sent by hand, or a document made private later), or to one not published yet
    (waiting for approval, rejected, scheduled), keeps its words and loses its href."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        from django.utils.html import escape

        from .private_files import is_private_collection

        links = []
        for document in cls.get_many(attrs_list):
            main = getattr(document, "format_of", None) if document else None
            if (
                document is None
                or not document.is_public()
                or is_private_collection(document.collection)
                or (main is not None and is_private_collection(main.collection))
            ):
                links.append("<a>")
            else:
                links.append(f'<a href="{escape(document.url)}">')
        return links


@hooks.register("register_rich_text_features", order=100)
def public_document_links(features):
    # After wagtail.documents' own registration (order 0), which it replaces.
    features.register_link_type(PublicDocumentLinkHandler)
