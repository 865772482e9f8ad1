"""Admin forms: the Wagtail document form with upload safety and versioning, and bulk-action forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTagWidget
from wagtail.documents.forms import BaseDocumentForm
from wagtail.documents.widgets import AdminDocumentChooser

from .models import LegalStatus, ModerationState
from .moderation import resubmit
from .permissions import can_publish_documents
from .validation import validate_upload

# Polish help for the fields Wagtail's AbstractDocument defines.
WAGTAIL_FIELD_HELP = {
    "title": _("Pełny tytuł dokumentu, tak jak ma się wyświetlać na stronie."),
    "file": _(
        "PDF, DOCX, ODT, XLSX, ODS, DOC, RTF, TXT, JPG lub PNG bez hasła; zawartość pliku jest "
        "sprawdzana, nie tylko rozszerzenie."
    ),
    "collection": _(
        "Kolekcja prywatna ukrywa dokument przed osobami spoza wskazanych grup (np. dokumenty "
        "wewnętrzne komisji oceny)."
    ),
    "tags": _("Słowa kluczowe ułatwiające wyszukiwanie, np. „nabór JST”, „RODO”."),
}


class RegistryDocumentForm(BaseDocumentForm):
    """Used for every document upload and edit in the admin (WAGTAILDOCS_DOCUMENT_FORM_BASE).

    A stored file is never replaced: editing keeps the file, a new file is a new version.
    """

    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        self.checked_file = None
        if self.instance.pk and "file" in self.fields:
            self.fields["file"].disabled = True
            self.fields["file"].required = False
            self.fields["file"].help_text = _(
                "Pliku nie można podmienić. Aby opublikować zmieniony plik, dodaj nowy dokument "
                "i wskaż ten jako poprzednią wersję w polu „zastępuje wersję”."
            )
        if self.instance.pk and "supersedes" in self.fields:
            self.fields["supersedes"].disabled = True
        if self.instance.pk and "go_live_at" in self.fields:
            # Once stored, the time of publication is the moderator's (documents.moderation).
            self.fields["go_live_at"].disabled = True
            self.fields["go_live_at"].help_text = _(
                "Termin publikacji ustala moderator przy zatwierdzaniu dokumentu."
            )
        for name, text in WAGTAIL_FIELD_HELP.items():
            if name in self.fields and not (name == "file" and self.instance.pk):
                self.fields[name].help_text = text
        if "file" in self.fields and hasattr(self.fields["file"], "max_upload_size_text"):
            # Wagtail's Polish catalogue calls every too-big file an image ("obraz").
            self.fields["file"].error_messages["file_too_large"] = _(
                "Plik jest za duży (%(file_size)s). Największy dopuszczalny rozmiar to "
                "%(max_filesize)s."
            )
        if "related_documents" in self.fields:
            self.fields["related_documents"].widget.attrs["size"] = 8
        self._limit_document_choices()

    def _limit_document_choices(self):
        """Links to other documents (attachment of, other format, related, superseded) offer only
        the documents the user may see in the admin: a private one is not named to an editor.
        Links the document already has stay, so that saving does not drop them."""
        from django.db.models import Q

        from .permissions import admin_documents

        if self.user is None:
            return
        visible = admin_documents(self.user).values("pk")
        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            if not issubclass(field.queryset.model, type(self.instance)):
                continue
            current = self.initial.get(name)
            if isinstance(current, (list, tuple)):
                current = [getattr(value, "pk", value) for value in current]
            else:
                current = [getattr(current, "pk", current)] if current else []
            field.queryset = field.queryset.filter(Q(pk__in=visible) | Q(pk__in=current))
            self._drop_unknown_choice(name, field)

    def _drop_unknown_choice(self, name, field):
        """A submitted id outside the choices is refused without being shown back: the chooser
        widget would render the title of whatever document the id names."""
        if not self.is_bound:
            return
        key = self.add_prefix(name)
        values = self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data.get(key)]
        values = [value for value in values if value not in (None, "")]
        allowed = {
            str(pk)
            for pk in field.queryset.filter(
                pk__in=[v for v in values if str(v).isdigit()]
            ).values_list("pk", flat=True)
        }
        if all(str(value) in allowed for value in values):
            return
        data = self.data.copy()
        if hasattr(data, "setlist"):
            data.setlist(key, [value for value in values if str(value) in allowed])
        else:
            data[key] = None
        self.data = data
        self._refused_choices = [*getattr(self, "_refused_choices", []), name]

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if self.instance.pk or uploaded is None or not hasattr(uploaded, "read"):
            return uploaded
        self.checked_file = validate_upload(uploaded)
        return uploaded

    def clean(self):
        cleaned = super().clean()
        for name in getattr(self, "_refused_choices", []):
            self.add_error(name, _("Wybierz dokument z listy."))
        valid_from, valid_to = cleaned.get("valid_from"), cleaned.get("valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            self.add_error(
                "valid_to", _("Data końca obowiązywania jest wcześniejsza niż początku.")
            )
        old = cleaned.get("supersedes")
        if old is not None and not self.instance.pk and hasattr(old, "superseded_by"):
            from .permissions import admin_documents

            newer = old.superseded_by
            if self.user is None or admin_documents(self.user).filter(pk=newer.pk).exists():
                message = _("Ten dokument ma już nowszą wersję: „%(title)s”. Wskaż najnowszą.") % {
                    "title": newer.title
                }
            else:  # a newer version the user may not see is not named
                message = _("Ten dokument ma już nowszą wersję. Wskaż najnowszą.")
            self.add_error("supersedes", message)
        main = cleaned.get("format_of")
        collection = cleaned.get("collection") or getattr(self.instance, "collection", None)
        if main is not None and collection is not None and main.collection_id != collection.pk:
            # The formats of a document are offered on its page: they share its collection, so
            # that a format is neither more public nor more private than its document.
            self.add_error(
                "format_of",
                _("Inny format dokumentu musi być w tej samej kolekcji co dokument główny."),
            )
        for name in ("attachment_to", "format_of"):
            target = cleaned.get(name)
            if target is not None and self.instance.pk and target.pk == self.instance.pk:
                self.add_error(name, _("Dokument nie może wskazywać sam na siebie."))
        return cleaned

    def save(self, commit=True):
        from .services import record_change

        # A new record is registered (version chain, extraction) by the post_save signal, so
        # that Wagtail's multiple uploader, which saves with commit=False, is covered too.
        is_new = self.instance.pk is None
        if self.checked_file is not None:
            self.instance.detected_mime = self.checked_file.content_type
        document = super().save(commit=commit)
        if commit and not is_new and self.changed_data:
            record_change(document, _("Zmieniono metadane dokumentu."), self.user)
            self._resubmit(document)
        return document

    def _resubmit(self, document):
        """A rejected document corrected by an editor waits for approval again."""
        if (
            self.user is not None
            and document.moderation_state == ModerationState.REJECTED
            and not can_publish_documents(self.user)
        ):
            resubmit(document, self.user)

    class Meta(BaseDocumentForm.Meta):
        widgets = {
            **BaseDocumentForm.Meta.widgets,
            "tags": AdminTagWidget,
            "issued_on": AdminDateInput,
            "valid_from": AdminDateInput,
            "valid_to": AdminDateInput,
            "produced_on": AdminDateInput,
            "published_at": AdminDateTimeInput,
            "go_live_at": AdminDateTimeInput,
            "supersedes": AdminDocumentChooser,
            "attachment_to": AdminDocumentChooser,
            "format_of": AdminDocumentChooser,
        }


class ApproveForm(forms.Form):
    go_live_at = forms.DateTimeField(
        label=_("Opublikuj od"),
        required=False,
        widget=AdminDateTimeInput,
        help_text=_("Puste lub miniona data – dokument będzie publiczny od razu."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Powód odrzucenia"),
        max_length=450,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Redaktor zobaczy ten powód przy swoim dokumencie."),
    )


class ChangeStatusForm(forms.Form):
    legal_status = forms.ChoiceField(label=_("Nowy status prawny"), choices=LegalStatus.choices)
