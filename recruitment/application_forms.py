"""The application form of a JST: its sections, fields, the draft reader and the full check.

A draft (Application.data) is stored as {section: {field: value}} plus "partners" (a list of
{"name", "sector"}). A draft may be partial or invalid, but every text is capped at its length,
so nothing overlong is ever stored. The full check (`SubmissionCheck`) runs on the stored draft
before submission.
"""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from recruitment.models import AttachmentKind, CentreKind

if TYPE_CHECKING:
    from portal.models import User
    from recruitment.models import Institution

LONG_TEXT = 10_000
MAX_PARTNERS = 30


class Sector:
    """Sectors of the institutions of a PZK (partnerstwo na rzecz kooperacji)."""

    CHOICES = [
        ("social", gettext_lazy("pomoc i integracja społeczna")),
        ("education", gettext_lazy("edukacja")),
        ("health", gettext_lazy("ochrona zdrowia")),
        ("labour", gettext_lazy("rynek pracy")),
        ("justice", gettext_lazy("wymiar sprawiedliwości")),
        ("police", gettext_lazy("policja")),
        ("ngo", gettext_lazy("organizacje pozarządowe")),
        ("culture_sport", gettext_lazy("kultura i sport")),
        ("housing", gettext_lazy("mieszkalnictwo")),
        ("other", gettext_lazy("inne")),
    ]
    VALUES = {value for value, _label in CHOICES}

    @classmethod
    def label(cls, value):
        return dict(cls.CHOICES).get(value, value)


# Sections in the order of the form: key, heading, id of the fieldset.
SECTIONS = [
    ("jst", gettext_lazy("1. Dane JST"), "sekcja-jst"),
    ("centre", gettext_lazy("2. Dane ośrodka pomocy społecznej (OPS lub PCPR)"), "sekcja-osrodek"),
    ("partners", gettext_lazy("3. Instytucje planowane do PZK"), "sekcja-instytucje"),
    ("experience", gettext_lazy("4. Doświadczenie we współpracy międzysektorowej"), "sekcja-doswiadczenie"),
    ("diagnosis", gettext_lazy("5. Diagnoza problemów lokalnych"), "sekcja-diagnoza"),
    ("motivation", gettext_lazy("6. Motywacja i oczekiwane rezultaty"), "sekcja-motywacja"),
    ("declarations", gettext_lazy("7. Oświadczenia"), "sekcja-oswiadczenia"),
    ("rodo", gettext_lazy("8. Ochrona danych osobowych (RODO)"), "sekcja-rodo"),
    ("attachments", gettext_lazy("9. Załączniki"), "sekcja-zalaczniki"),
]  # fmt: skip

FIELD_SECTIONS = {
    "contact_name": "jst",
    "contact_position": "jst",
    "contact_email": "jst",
    "contact_phone": "jst",
    "centre_name": "centre",
    "centre_kind": "centre",
    "centre_head": "centre",
    "centre_street_address": "centre",
    "centre_postal_code": "centre",
    "centre_city": "centre",
    "centre_email": "centre",
    "centre_phone": "centre",
    "experience": "experience",
    "diagnosis": "diagnosis",
    "motivation": "motivation",
    "expected_results": "motivation",
    "declarations_accepted": "declarations",
    "rodo_acknowledged": "rodo",
    "signed_by_proxy": "attachments",
}


def _text(label, max_length, help_text="", long=False, **kwargs):
    widget = forms.Textarea(attrs={"rows": 8}) if long else None
    return forms.CharField(
        label=label, max_length=max_length, help_text=help_text, widget=widget, **kwargs
    )


class ApplicationForm(forms.Form):
    """All fields of the form except the repeatable list of institutions and the files."""

    contact_name = _text(gettext_lazy("Imię i nazwisko osoby do kontaktu"), 200)
    contact_position = _text(gettext_lazy("Stanowisko osoby do kontaktu"), 200)
    contact_email = forms.EmailField(label=gettext_lazy("E-mail osoby do kontaktu"), max_length=254)
    contact_phone = _text(
        gettext_lazy("Telefon osoby do kontaktu"), 50, gettext_lazy("Np. „77 123 45 67”.")
    )
    centre_name = _text(gettext_lazy("Nazwa ośrodka"), 200)
    centre_kind = forms.ChoiceField(
        label=gettext_lazy("Rodzaj ośrodka"), choices=[("", "—")] + list(CentreKind.choices)
    )
    centre_head = _text(gettext_lazy("Imię i nazwisko kierownika (dyrektora) ośrodka"), 200)
    centre_street_address = _text(gettext_lazy("Ulica i numer"), 200)
    centre_postal_code = forms.RegexField(
        label=gettext_lazy("Kod pocztowy"),
        regex=r"^\d{2}-\d{3}$",
        max_length=6,
        help_text=gettext_lazy("W formacie 00-000."),
        error_messages={"invalid": gettext_lazy("Podaj kod pocztowy w formacie 00-000.")},
    )
    centre_city = _text(gettext_lazy("Miejscowość"), 100)
    centre_email = forms.EmailField(label=gettext_lazy("E-mail ośrodka"), max_length=254)
    centre_phone = _text(gettext_lazy("Telefon ośrodka"), 50)
    experience = _text(
        gettext_lazy("Doświadczenie JST i ośrodka we współpracy międzysektorowej"),
        LONG_TEXT,
        gettext_lazy(
            "Opisz wspólne działania z instytucjami innych sektorów: z kim, kiedy, z jakim "
            "skutkiem. Najwyżej 10 000 znaków."
        ),
        long=True,
    )
    diagnosis = _text(
        gettext_lazy("Diagnoza problemów lokalnych"),
        LONG_TEXT,
        gettext_lazy(
            "Najważniejsze problemy osób i rodzin w JST, na które ma odpowiedzieć współpraca. "
            "Najwyżej 10 000 znaków."
        ),
        long=True,
    )
    motivation = _text(
        gettext_lazy("Motywacja do udziału w projekcie"),
        LONG_TEXT,
        gettext_lazy("Najwyżej 10 000 znaków."),
        long=True,
    )
    expected_results = _text(
        gettext_lazy("Oczekiwane rezultaty"),
        LONG_TEXT,
        gettext_lazy("Co ma się zmienić dzięki wdrożeniu modelu. Najwyżej 10 000 znaków."),
        long=True,
    )
    declarations_accepted = forms.BooleanField(
        label=gettext_lazy("Składam powyższe oświadczenia w imieniu JST."),
        error_messages={"required": gettext_lazy("Zaznacz, że składasz oświadczenia JST.")},
    )
    rodo_acknowledged = forms.BooleanField(
        label=gettext_lazy("Zapoznałem(-am) się z informacją o przetwarzaniu danych osobowych."),
        error_messages={
            "required": gettext_lazy("Zaznacz, że zapoznałeś(-aś) się z klauzulą RODO.")
        },
    )
    signed_by_proxy = forms.BooleanField(
        label=gettext_lazy("Formularz podpisuje pełnomocnik"),
        required=False,
        help_text=gettext_lazy("Wtedy dołącz także pełnomocnictwo."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.error_messages.setdefault("required", _("To pole jest wymagane."))
            if name == "contact_email" or name == "centre_email":
                field.widget.attrs["autocomplete"] = "email"
            if name == "contact_name":
                field.widget.attrs["autocomplete"] = "name"
            if name in ("contact_phone", "centre_phone"):
                field.widget.input_type = "tel"
            if (
                isinstance(field, forms.CharField)
                and field.max_length
                and not isinstance(field.widget, forms.Textarea)
            ):
                field.widget.attrs["maxlength"] = field.max_length


class PartnerForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nazwa instytucji"),
        max_length=200,
        error_messages={"required": gettext_lazy("Podaj nazwę instytucji.")},
    )
    sector = forms.ChoiceField(
        label=gettext_lazy("Sektor"),
        choices=[("", "—")] + Sector.CHOICES,
        error_messages={"required": gettext_lazy("Wybierz sektor instytucji.")},
    )


class BasePartnerFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        if not kept:
            raise ValidationError(_("Wpisz co najmniej jedną instytucję planowaną do PZK."))


PartnerFormSet = forms.formset_factory(
    PartnerForm,
    formset=BasePartnerFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_PARTNERS,
    absolute_max=MAX_PARTNERS,
    validate_max=True,
)
PARTNERS_PREFIX = "partners"


# --- drafts -----------------------------------------------------------------------------------


def _normalise(value):
    # Browsers send line breaks as CRLF while counting them as one character (maxlength).
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _too_long(label, limit, length):
    return _("Pole „%(label)s” może mieć najwyżej %(limit)s znaków (wpisano %(length)s).") % {
        "label": label,
        "limit": limit,
        "length": length,
    }


def read_draft(post):
    """The draft from a POST of the form: (data, errors). Partial and invalid values are kept;
    only overlong texts are refused (errors maps field ids to Polish messages; with any error
    nothing may be stored)."""
    form = ApplicationForm()
    data = {key: {} for key, _heading, _anchor in SECTIONS if key != "partners"}
    errors = {}
    for name, field in form.fields.items():
        section = FIELD_SECTIONS[name]
        if isinstance(field, forms.BooleanField):
            data[section][name] = post.get(name) in ("on", "true", "1", "True")
            continue
        value = _normalise(post.get(name, ""))
        if isinstance(field, forms.ChoiceField):
            valid = {str(choice) for choice, _label in field.choices}
            data[section][name] = value if value in valid else ""
            continue
        if field.max_length and len(value) > field.max_length:
            errors[f"id_{name}"] = _too_long(field.label, field.max_length, len(value))
            continue
        data[section][name] = value.strip()
    data["partners"], partner_errors = _read_partners(post)
    errors.update(partner_errors)
    # The version of the RODO clause the form showed (recruitment.application_clause.rodo_version): a
    # box ticked under other words is asked again (SubmissionCheck).
    seen = str(post.get("rodo_version", ""))[:40]
    if seen:
        data["_rodo_version"] = seen
    return data, errors


def _read_partners(post):
    try:
        total = int(post.get(f"{PARTNERS_PREFIX}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        total = 0
    total = max(0, min(total, MAX_PARTNERS))
    rows, errors = [], {}
    name_field = PartnerForm.base_fields["name"]
    for index in range(total):
        key = f"{PARTNERS_PREFIX}-{index}"
        if post.get(f"{key}-DELETE") in ("on", "true", "1"):
            continue
        name = _normalise(post.get(f"{key}-name", "")).strip()
        sector = post.get(f"{key}-sector", "")
        if sector not in Sector.VALUES:
            sector = ""
        if len(name) > name_field.max_length:
            errors[f"id_{key}-name"] = _too_long(name_field.label, name_field.max_length, len(name))
            continue
        if name or sector:
            rows.append({"name": name, "sector": sector})
    return rows, errors


def posted_values(post):
    """What the user sent, as it was (overlong texts too), to show it again with the errors:
    nothing typed is lost when a save is refused."""
    data = {key: {} for key, _heading, _anchor in SECTIONS if key != "partners"}
    for name, field in ApplicationForm.base_fields.items():
        section = FIELD_SECTIONS[name]
        if isinstance(field, forms.BooleanField):
            data[section][name] = post.get(name) in ("on", "true", "1", "True")
        else:
            data[section][name] = _normalise(post.get(name, ""))
    try:
        total = max(0, min(int(post.get(f"{PARTNERS_PREFIX}-TOTAL_FORMS", 0)), MAX_PARTNERS))
    except (TypeError, ValueError):
        total = 0
    data["partners"] = [
        {
            "name": _normalise(post.get(f"{PARTNERS_PREFIX}-{i}-name", "")),
            "sector": post.get(f"{PARTNERS_PREFIX}-{i}-sector", ""),
        }
        for i in range(total)
        if post.get(f"{PARTNERS_PREFIX}-{i}-DELETE") not in ("on", "true", "1")
    ]
    return data


def flatten(data: Mapping[str, Any] | None) -> dict[str, Any]:
    """The form's initial or bound data from a stored draft."""
    flat = {}
    for section, values in (data or {}).items():
        if section == "partners" or section.startswith("_") or not isinstance(values, dict):
            continue
        flat.update(values)
    return flat


def partner_formset_data(
    rows: Iterable[Mapping[str, str]] | None, extra_row: bool = False
) -> dict[str, str]:
    rows = list(rows or [])
    if extra_row or not rows:
        rows.append({"name": "", "sector": ""})
    payload = {
        f"{PARTNERS_PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{PARTNERS_PREFIX}-INITIAL_FORMS": "0",
        f"{PARTNERS_PREFIX}-MIN_NUM_FORMS": "0",
        f"{PARTNERS_PREFIX}-MAX_NUM_FORMS": str(MAX_PARTNERS),
    }
    for index, row in enumerate(rows):
        payload[f"{PARTNERS_PREFIX}-{index}-name"] = row.get("name", "")
        payload[f"{PARTNERS_PREFIX}-{index}-sector"] = row.get("sector", "")
    return payload


def initial_draft(institution: "Institution", user: "User") -> dict[str, Any]:
    """A new draft prefilled from the JST registry and the applicant's account."""
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return {
        "jst": {
            "contact_name": full_name,
            "contact_position": "",
            "contact_email": user.email or "",
            "contact_phone": "",
        },
        "centre": {
            "centre_name": institution.centre_name,
            "centre_kind": institution.centre_kind,
            "centre_head": "",
            "centre_street_address": institution.centre_street_address,
            "centre_postal_code": institution.centre_postal_code,
            "centre_city": institution.centre_city,
            "centre_email": institution.centre_email,
            "centre_phone": institution.centre_phone,
        },
        "partners": [],
    }


# --- files ------------------------------------------------------------------------------------

ATTACHMENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
}


def max_attachment_size():
    return getattr(settings, "APPLICATION_ATTACHMENT_MAX_SIZE", 10 * 1024 * 1024)


def max_attachment_pages():
    return getattr(settings, "APPLICATION_ATTACHMENT_MAX_PAGES", 100)


def check_attachment(uploaded):
    """(content type, bytes) of an accepted file, or ValidationError with a Polish message:
    PDF, JPG or PNG by content (libmagic and a parse), not by the name; at most the size limit
    and, for a PDF, the page limit (counted without reading every page: documents/safety.py).
    A ZIP-based file (e.g. a DOCX bomb renamed .pdf) is refused by its type before any parse."""
    import os

    import magic

    from documents import validation

    limit = max_attachment_size()
    if uploaded.size > limit:
        raise ValidationError(
            _("Plik jest za duży (%(size)s). Największy dopuszczalny rozmiar to %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)}
        )
    if uploaded.size == 0:
        raise ValidationError(_("Plik jest pusty."))
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    detected = magic.from_buffer(data[:65536], mime=True)
    by_content = {v: k for k, v in ATTACHMENT_TYPES.items()}.get(detected)
    ext = os.path.splitext(uploaded.name or "")[1].lstrip(".").lower()
    ext = "jpg" if ext == "jpeg" else ext
    if by_content is None or ext != by_content:
        raise ValidationError(
            _(
                "Plik „%(name)s” nie jest dokumentem PDF ani obrazem JPG lub PNG (rozpoznano: "
                "%(detected)s). Dołącz skan w formacie PDF, JPG albo PNG."
            )
            % {"name": uploaded.name, "detected": detected}
        )
    if by_content == "pdf":
        validation.check_pdf(data, max_pages=max_attachment_pages())
    else:
        validation.PARSERS[by_content](data)
    return ATTACHMENT_TYPES[by_content], data


class AttachmentForm(forms.Form):
    """The file inputs of the attachments section (each file is checked by its content)."""

    signed_form = forms.FileField(
        label=AttachmentKind.SIGNED_FORM.label,
        required=False,
        help_text=gettext_lazy("PDF, JPG lub PNG, najwyżej %(size)s."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    power_of_attorney = forms.FileField(
        label=AttachmentKind.POWER_OF_ATTORNEY.label,
        required=False,
        help_text=gettext_lazy("Tylko gdy formularz podpisuje pełnomocnik. PDF, JPG lub PNG."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_form"].help_text = _("PDF, JPG lub PNG, najwyżej %(size)s.") % {
            "size": filesizeformat(max_attachment_size())
        }
        for field in self.fields.values():
            field.widget.attrs.pop("multiple", None)

    def clean(self):
        cleaned = super().clean()
        self.checked = {}
        for name in ("signed_form", "power_of_attorney"):
            uploaded = cleaned.get(name)
            if not uploaded:
                continue
            try:
                self.checked[name] = check_attachment(uploaded)
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned
