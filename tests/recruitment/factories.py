"""Factories of the recruitment area: JST, calls with criteria, applications, role accounts."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

import factory
import wagtail_factories

from core.choices import JSTType, Voivodeship
from core.roles import APPLICANTS, CHAIRS, OPERATORS
from recruitment.demo import nip_with_check_digit, regon_with_check_digit
from recruitment.models import (
    Application,
    AutoRule,
    CallIndexPage,
    CallPage,
    CentreKind,
    CheckMode,
    FormalCriterion,
    Institution,
    InstitutionMembership,
    SubstantiveCriterion,
)
from tests.factories import UserFactory


def _municipality_teryt(n):
    """Distinct codes of gminy miejskie in opolskie: 16 + county 01..60 + gmina + type 1."""
    county = 1 + (n // 90) % 60
    gmina = 1 + n % 90
    return f"16{county:02d}{gmina:02d}1"


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Gmina Miejska Testowa {n}")
    jst_type = JSTType.URBAN_MUNICIPALITY
    teryt = factory.Sequence(_municipality_teryt)
    regon = factory.Sequence(lambda n: regon_with_check_digit(f"{53000000 + n:08d}"))
    nip = factory.Sequence(lambda n: nip_with_check_digit(f"{754000000 + n * 7:09d}"))
    street_address = "ul. Rynek 1"
    postal_code = "45-015"
    city = "Opole"
    population = 45_000
    population_year = 2017
    centre_name = "Miejski Ośrodek Pomocy Społecznej"
    centre_kind = CentreKind.OPS
    centre_street_address = "ul. Rynek 2"
    centre_postal_code = "45-015"
    centre_city = "Opole"
    centre_email = "mops@example.pl"
    centre_phone = "77 000 00 00"


def formal_criteria():
    return [
        FormalCriterion(
            text="Zgłoszenie złożono w terminie.",
            check_mode=CheckMode.AUTO,
            auto_rule=AutoRule.DEADLINE,
        ),
        FormalCriterion(text="Formularz podpisały osoby upoważnione.", correctable=True),
    ]


def substantive_criteria():
    return [
        SubstantiveCriterion(
            text="Gotowość do partnerstwa.", guidance="Sektory.", max_points=10, tie_breaker_order=1
        ),
        SubstantiveCriterion(text="Doświadczenie ośrodka.", max_points=10, tie_breaker_order=2),
        SubstantiveCriterion(text="Zaangażowanie kierownictwa.", max_points=5),
    ]


class CallIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CallIndexPage

    title = "Nabory"
    slug = "nabory"


class CallPageFactory(wagtail_factories.PageFactory):
    """An open call for opolskie, with criteria (a live call cannot exist without them)."""

    class Meta:
        model = CallPage

    title = factory.Sequence(lambda n: f"Nabór testowy {n}")
    number = factory.Sequence(lambda n: f"{n + 1}/2026/OP")
    partner = "rops-opole"
    voivodeship = Voivodeship.OPOLSKIE
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    eligible_jst_types = [JSTType.URBAN_MUNICIPALITY, JSTType.CITY_COUNTY, JSTType.COUNTY]
    formal_criteria = factory.LazyFunction(formal_criteria)
    substantive_criteria = factory.LazyFunction(substantive_criteria)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    institution = factory.SubFactory(InstitutionFactory)


def user_in(group_name, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    return user


def operator(**kwargs):
    return user_in(OPERATORS, **kwargs)


def chair(**kwargs):
    return user_in(CHAIRS, **kwargs)


def seat_chair(call, user, *, sign=True):
    """Make `user` the chair of the call's commission (and sign its declaration): before that a
    chair sees nothing of the call (recruitment.permissions.can_review_call)."""
    from evaluation import commission
    from evaluation.models import CommissionMember, CommissionRole

    CommissionMember.objects.create(call=call, user=user, role=CommissionRole.CHAIR)
    if sign:
        commission.sign_declaration(call, user, conflicts=[], ip_address="10.0.0.1")
    return user


def applicant(institution, is_primary=True, **kwargs):
    user = user_in(APPLICANTS, **kwargs)
    InstitutionMembership.objects.create(user=user, institution=institution, is_primary=is_primary)
    return user
