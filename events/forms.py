"""The public registration form (Załącznik nr 2 or nr 3 of the participation regulations)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.choices import Sector

from . import consent

PHONE_CHARS = re.compile(r"^[0-9 +\-()]+$")
# The honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
HONEYPOT = "strona_www"


def normalise_phone(value):
    """Digits of a Polish or international number: 9 digits, or + and 8 to 15 digits."""
    value = value.strip()
    if not PHONE_CHARS.match(value):
        raise ValidationError(
            _("Numer telefonu może zawierać tylko cyfry, spacje, „+”, „-” i nawiasy.")
        )
    digits = re.sub(r"\D", "", value)
    international = value.startswith("+") or value.startswith("00")
    if digits.startswith("00"):
        digits = digits[2:]
    if international:
        if digits.startswith("48") and len(digits) != 11:
            raise ValidationError(_("Polski numer telefonu ma 9 cyfr (po +48)."))
        if not 8 <= len(digits) <= 15:
            raise ValidationError(_("Podaj pełny numer telefonu z numerem kierunkowym kraju."))
    elif len(digits) != 9:
        raise ValidationError(_("Polski numer telefonu ma 9 cyfr, np. „77 441 52 50”."))
    return value


class RegistrationForm(forms.Form):
    first_name = forms.CharField(
        label=_("Imię"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nazwisko"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    institution = forms.CharField(
        label=_("Instytucja"),
        max_length=250,
        help_text=_("Pełna nazwa instytucji, którą Pan/Pani reprezentuje."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    sector = forms.ChoiceField(
        label=_("Sektor instytucji"), choices=[("", _("— wybierz —"))] + Sector.choices
    )
    position = forms.CharField(
        label=_("Stanowisko"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    email = forms.EmailField(
        label=_("Adres e-mail"),
        max_length=254,
        help_text=_("Na ten adres wyślemy potwierdzenie i link do rezygnacji."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Podaj poprawny adres e-mail, np. jan.kowalski@ops.pl.")},
    )
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=30,
        help_text=_("Np. „77 441 52 50” lub „+48 600 100 200”."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    accessibility_needs = forms.CharField(
        label=_("Potrzeby związane z dostępnością"),
        required=False,
        max_length=1000,
        help_text=_(
            "Np. tłumacz PJM, pętla indukcyjna, dostęp bez schodów, materiały w druku powiększonym."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    diet = forms.CharField(
        label=_("Wymagania żywieniowe"),
        required=False,
        max_length=300,
        help_text=_("Np. dieta wegetariańska, bezglutenowa."),
    )
    clause = forms.BooleanField(
        label=_(
            "Zapoznałem(-am) się z informacją o przetwarzaniu danych osobowych (Załącznik nr 1 – Oświadczenie RODO)."
        ),
        error_messages={"required": _("Potwierdź zapoznanie się z klauzulą informacyjną.")},
    )
    image_consent = forms.BooleanField(
        label=consent.CONSENT_TEXTS[consent.CONSENT_VERSION], required=False
    )
    # The version of the clause the form showed (events.public checks it against the clause in
    # force before anything else: a clause edited meanwhile is shown again).
    clause_version = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    strona_www = forms.CharField(
        label=_("Nie wypełniaj tego pola"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image_consent"].label = consent.consent_text()
        if event is not None and event.target_sectors:
            allowed = set(event.target_sectors)
            self.fields["sector"].choices = [("", _("— wybierz —"))] + [
                (value, label) for value, label in Sector.choices if value in allowed
            ]

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def clean_sector(self):
        value = self.cleaned_data["sector"]
        if value not in Sector.values:
            raise ValidationError(_("Wybierz sektor z listy."))
        return value

    def is_bot(self):
        return bool(self.data.get(HONEYPOT, "").strip())
