"""Validators of JST identifiers: TERYT by its structure, REGON and NIP by their check digits.

The check-digit algorithms are django-localflavor's (`localflavor.pl`); the messages are ours, in
Polish. REGON and NIP may be typed with hyphens or spaces; `normalise_number` strips them and
the model stores digits only.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from localflavor.pl.forms import PLNIPField, PLREGONField

from core.choices import JSTType, Voivodeship

# Third and fourth digits of a county code from 61 up mark a city with county rights.
CITY_COUNTY_FROM = 61
# A municipality code ends with its type: 1 = gmina miejska (urban municipality).
URBAN_MUNICIPALITY_TYPE = "1"

_SEPARATORS = re.compile(r"[\s-]")


def normalise_number(value):
    """Digits only: "754-000-99-15" and "754 000 99 15" become "7540009915"."""
    return _SEPARATORS.sub("", value or "")


def validate_regon(value):
    digits = normalise_number(value)
    if not re.fullmatch(r"\d{9}|\d{14}", digits):
        raise ValidationError(_("REGON składa się z 9 albo 14 cyfr."), code="invalid")
    if not PLREGONField().has_valid_checksum(digits):
        raise ValidationError(
            _(
                "Niepoprawny numer REGON: cyfra kontrolna się nie zgadza. Sprawdź, czy nie ma literówki."
            ),
            code="checksum",
        )


def validate_nip(value):
    digits = normalise_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(_("NIP składa się z 10 cyfr."), code="invalid")
    if not PLNIPField().has_valid_checksum(digits):
        raise ValidationError(
            _(
                "Niepoprawny numer NIP: cyfra kontrolna się nie zgadza. Sprawdź, czy nie ma literówki."
            ),
            code="checksum",
        )


def validate_postal_code(value):
    if not re.fullmatch(r"\d{2}-\d{3}", value or ""):
        raise ValidationError(_("Podaj kod pocztowy w formacie 00-000."), code="invalid")


def validate_teryt(value):
    """The structure of a TERYT code alone: voivodeship of Macroregion III, county, municipality.

    4 digits identify a county (powiat), 7 digits a municipality (gmina): voivodeship (2), county
    (2), municipality (2) and its type (1). Whether the code fits the JST's type is checked by
    `validate_teryt_for_type`.
    """
    if not re.fullmatch(r"\d{4}|\d{7}", value or ""):
        raise ValidationError(
            _(
                "Kod TERYT składa się z 4 cyfr (powiat, miasto na prawach powiatu) "
                "albo z 7 cyfr (gmina)."
            ),
            code="invalid",
        )
    if value[:2] not in Voivodeship.values:
        raise ValidationError(
            _(
                "Kod TERYT musi zaczynać się od kodu województwa makroregionu III: "
                "10 (łódzkie), 12 (małopolskie), 16 (opolskie) albo 24 (śląskie)."
            ),
            code="voivodeship",
        )
    if value[2:4] == "00":
        raise ValidationError(
            _("Cyfry 3–4 kodu TERYT (powiat) nie mogą być równe 00."), code="county"
        )
    if len(value) == 7 and value[4:6] == "00":
        raise ValidationError(
            _("Cyfry 5–6 kodu TERYT (gmina) nie mogą być równe 00."), code="municipality"
        )


def canonical_teryt(value, jst_type):
    """The stored form: a city with county rights is kept under its 7-digit municipality code.

    Its 4-digit county code ("1661") is accepted too and completed to "1661011": such a city is
    always the single urban municipality 01 of its own county (type 1).
    """
    if jst_type == JSTType.CITY_COUNTY and value and re.fullmatch(r"\d{4}", value):
        return f"{value}01{URBAN_MUNICIPALITY_TYPE}"
    return value


def validate_teryt_for_type(value, jst_type):
    """Whether a (canonical) TERYT code fits the JST type; raises with the reason in Polish."""
    county_number = int(value[2:4])
    is_city_county = county_number >= CITY_COUNTY_FROM
    if jst_type == JSTType.COUNTY:
        if len(value) != 4:
            raise ValidationError(
                _("Powiat ma 4-cyfrowy kod TERYT (województwo i powiat), np. 1213."),
                code="type",
            )
        if is_city_county:
            raise ValidationError(
                _(
                    "Kod powiatu %(code)s oznacza miasto na prawach powiatu (cyfry 3–4 od 61 "
                    "wzwyż). Wybierz rodzaj „miasto na prawach powiatu”."
                ),
                params={"code": value},
                code="type",
            )
    elif jst_type == JSTType.URBAN_MUNICIPALITY:
        if len(value) != 7 or value[6] != URBAN_MUNICIPALITY_TYPE:
            raise ValidationError(
                _(
                    "Gmina miejska ma 7-cyfrowy kod TERYT zakończony cyfrą 1 (rodzaj gminy), "
                    "np. 1213011."
                ),
                code="type",
            )
        if is_city_county:
            raise ValidationError(
                _(
                    "Kod %(code)s należy do miasta na prawach powiatu (cyfry 3–4 od 61 wzwyż). "
                    "Wybierz rodzaj „miasto na prawach powiatu”."
                ),
                params={"code": value},
                code="type",
            )
    elif jst_type == JSTType.CITY_COUNTY:
        if len(value) != 7 or not is_city_county or value[4:7] != f"01{URBAN_MUNICIPALITY_TYPE}":
            raise ValidationError(
                _(
                    "Miasto na prawach powiatu ma kod powiatu z cyframi 3–4 od 61 wzwyż: podaj "
                    "go w postaci 4 cyfr (np. 1661) albo 7 cyfr zakończonych na 011 (np. 1661011)."
                ),
                code="type",
            )
