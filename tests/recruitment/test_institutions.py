"""The JST registry: TERYT by structure and type, REGON and NIP by check digits, Polish messages."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError

import pytest

from core.choices import JSTType
from recruitment.eligibility import problems
from recruitment.models import CentreKind, Institution, InstitutionMembership
from tests.factories import UserFactory
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


def _errors(institution):
    with pytest.raises(ValidationError) as caught:
        institution.full_clean()
    return caught.value.message_dict


def _build(**fields):
    return factories.InstitutionFactory.build(**fields)


@pytest.mark.parametrize(
    "jst_type, given, stored",
    [
        (JSTType.URBAN_MUNICIPALITY, "1213011", "1213011"),
        (JSTType.COUNTY, "1213", "1213"),
        (JSTType.CITY_COUNTY, "1661011", "1661011"),
        # The 4-digit county code of a city with county rights is completed to its gmina code.
        (JSTType.CITY_COUNTY, "1661", "1661011"),
    ],
)
def test_valid_teryt_codes_are_accepted_and_stored_canonically(jst_type, given, stored):
    centre = CentreKind.PCPR if jst_type == JSTType.COUNTY else CentreKind.OPS
    institution = _build(jst_type=jst_type, teryt=given, centre_kind=centre)
    institution.full_clean()
    institution.save()
    assert Institution.objects.get(pk=institution.pk).teryt == stored


@pytest.mark.parametrize(
    "jst_type, teryt, message",
    [
        (JSTType.URBAN_MUNICIPALITY, "0264011", "kodu województwa makroregionu III"),
        (JSTType.URBAN_MUNICIPALITY, "16030", "z 4 cyfr"),
        (JSTType.URBAN_MUNICIPALITY, "16a3011", "z 4 cyfr"),
        (JSTType.URBAN_MUNICIPALITY, "1603012", "zakończony cyfrą 1"),
        (JSTType.URBAN_MUNICIPALITY, "1661011", "Wybierz rodzaj „miasto na prawach powiatu”"),
        (JSTType.URBAN_MUNICIPALITY, "1600011", "Cyfry 3–4 kodu TERYT"),
        (JSTType.COUNTY, "1213011", "Powiat ma 4-cyfrowy kod TERYT"),
        (JSTType.COUNTY, "1661", "oznacza miasto na prawach powiatu"),
        (JSTType.CITY_COUNTY, "1213", "cyframi 3–4 od 61 wzwyż"),
        (JSTType.CITY_COUNTY, "1661021", "cyframi 3–4 od 61 wzwyż"),
    ],
)
def test_invalid_teryt_is_refused_with_the_reason_in_polish(jst_type, teryt, message):
    centre = CentreKind.PCPR if jst_type == JSTType.COUNTY else CentreKind.OPS
    errors = _errors(_build(jst_type=jst_type, teryt=teryt, centre_kind=centre))
    assert any(message in text for text in errors["teryt"]), errors["teryt"]


def test_the_same_city_under_its_short_and_long_code_is_one_entry():
    factories.InstitutionFactory(jst_type=JSTType.CITY_COUNTY, teryt="1661011")
    errors = _errors(_build(jst_type=JSTType.CITY_COUNTY, teryt="1661"))
    assert errors["teryt"] == ["JST o tym kodzie TERYT jest już w rejestrze."]


@pytest.mark.parametrize("regon", ["531413432", "53141343200005", "123456785"])
def test_regon_with_correct_check_digit_is_accepted(regon):
    institution = _build(regon=regon)
    institution.full_clean()
    assert institution.regon == regon


@pytest.mark.parametrize(
    "regon, message",
    [
        ("531413433", "Niepoprawny numer REGON: cyfra kontrolna się nie zgadza."),
        ("12345678", "REGON składa się z 9 albo 14 cyfr."),
        ("53141343200006", "Niepoprawny numer REGON: cyfra kontrolna się nie zgadza."),
    ],
)
def test_regon_with_wrong_check_digit_or_length_is_refused(regon, message):
    assert any(message in text for text in _errors(_build(regon=regon))["regon"])


def test_nip_with_hyphens_is_accepted_and_stored_as_digits():
    institution = _build(nip="754-300-71-80")
    institution.full_clean()
    assert institution.nip == "7543007180"


@pytest.mark.parametrize(
    "nip, message",
    [
        ("7543007181", "Niepoprawny numer NIP: cyfra kontrolna się nie zgadza."),
        ("754300718", "NIP składa się z 10 cyfr."),
    ],
)
def test_nip_with_wrong_check_digit_or_length_is_refused(nip, message):
    assert any(message in text for text in _errors(_build(nip=nip))["nip"])


def test_a_county_must_name_a_pcpr_as_its_centre():
    errors = _errors(_build(jst_type=JSTType.COUNTY, teryt="1213", centre_kind=CentreKind.OPS))
    assert errors["centre_kind"] == ["W powiecie ośrodkiem jest PCPR, a w gminie miejskiej OPS."]


def test_an_applicant_account_belongs_to_one_jst_with_one_primary_account():
    brzeg = factories.InstitutionFactory()
    first = UserFactory()
    InstitutionMembership.objects.create(user=first, institution=brzeg, is_primary=True)
    InstitutionMembership.objects.create(user=UserFactory(), institution=brzeg, invited_by=first)
    with pytest.raises(IntegrityError):
        InstitutionMembership.objects.create(user=UserFactory(), institution=brzeg, is_primary=True)


def test_eligibility_names_every_reason_a_jst_may_not_apply(open_call):
    open_call.eligible_jst_types = [JSTType.URBAN_MUNICIPALITY]
    small_city_elsewhere = _build(
        teryt="1213011",
        population=19_000,
        population_year=2017,
        jst_type=JSTType.URBAN_MUNICIPALITY,
    )
    assert problems(open_call, small_city_elsewhere) == [
        "JST leży poza województwem opolskie, w którym prowadzony jest nabór.",
        "Gmina musi liczyć powyżej 20\u00a0000 mieszkańców; według danych z 2017 r. liczy 19\u00a0000.",
    ]
    county = _build(teryt="1601", jst_type=JSTType.COUNTY, centre_kind=CentreKind.PCPR)
    assert problems(open_call, county) == ["Rodzaj JST „powiat” nie jest uprawniony w tym naborze."]
    assert problems(open_call, _build(teryt="1601011", population=36_000)) == []
