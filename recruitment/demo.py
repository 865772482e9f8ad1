"""Demo content of the recruitment: /nabory/ with an open, a closed and an upcoming call, and a few
JST in the registry.

The closed call is the 2018 Opole call of seed 001 (gminy miejskie above 20 000 inhabitants of
opolskie, paper forms by 20 June 2018) with the registry's documents of that call. The seed lists
the evaluation cards but not their rows: the criteria below follow what the demo documents say
(deadline, type of JST, population, signatures; partnership readiness, the centre's experience,
management's commitment) and their points are illustrative. The open call's window is computed
from now, and moved again when a later run finds it closed, so that the demo always has an open
call. REGON and NIP numbers are made up, with valid check digits; populations are approximate.
"""

import datetime

from django.utils import timezone

from wagtail.models import Site

from core.choices import JSTType, Voivodeship
from core.demo_utils import upsert_page
from core.partners import Partner
from documents.models import RegistryDocument
from recruitment.models import (
    AutoRule,
    CallDocument,
    CallIndexPage,
    CallPage,
    CallQuota,
    CentreKind,
    CheckMode,
    FormalCriterion,
    Institution,
    SubstantiveCriterion,
)
from recruitment.roles import ensure_recruitment_permissions

OPOLE_CONTACT = (
    "Regionalny Ośrodek Polityki Społecznej w Opolu\nTelefon: 77 44 15 250, 77 44 16 495"
)

RODO = (
    "<p>Administratorem danych osobowych podanych w zgłoszeniu jest partner projektu, który "
    "prowadzi nabór. Dane przetwarzamy wyłącznie w celu przeprowadzenia naboru, realizacji, "
    "monitorowania i rozliczenia projektu Kooperacje 3D, współfinansowanego z Europejskiego "
    "Funduszu Społecznego. Wzór oświadczenia stanowi Załącznik nr 1 do regulaminu "
    "uczestnictwa.</p>"
)
DECLARATION = (
    "<ol><li>Oświadczam, że informacje podane w zgłoszeniu są zgodne z prawdą.</li>"
    "<li>Oświadczam, że zapoznałem/zapoznałam się z regulaminem naboru i akceptuję jego "
    "postanowienia.</li><li>Jednostka deklaruje udział ośrodka pomocy społecznej w pilotażu "
    "Modelu Kooperacje 3D przez cały okres jego trwania.</li></ol>"
)


def _formal_criteria(region_label):
    return [
        FormalCriterion(
            text="Zgłoszenie złożono w terminie naboru.",
            correctable=False,
            check_mode=CheckMode.AUTO,
            auto_rule=AutoRule.DEADLINE,
        ),
        FormalCriterion(
            text=f"Zgłasza się jednostka uprawniona w naborze, z województwa {region_label}.",
            correctable=False,
            check_mode=CheckMode.AUTO,
            auto_rule=AutoRule.ELIGIBILITY,
        ),
        FormalCriterion(
            text="Gmina liczy powyżej 20 tysięcy mieszkańców według ostatnich danych GUS "
            "(nie dotyczy powiatów).",
            correctable=False,
            check_mode=CheckMode.AUTO,
            auto_rule=AutoRule.ELIGIBILITY,
        ),
        FormalCriterion(
            text="Formularz zgłoszeniowy podpisały osoby upoważnione do reprezentowania "
            "jednostki i kierownik ośrodka pomocy społecznej.",
            correctable=True,
            check_mode=CheckMode.MANUAL,
        ),
    ]


def _substantive_criteria():
    return [
        SubstantiveCriterion(
            text="Gotowość do budowania partnerstwa z instytucjami edukacji, ochrony zdrowia, "
            "wymiaru sprawiedliwości i policji.",
            guidance="Pełna liczba punktów: wskazani partnerzy z co najmniej trzech sektorów "
            "i opisane dotychczasowe formy współpracy.",
            max_points=10,
            tie_breaker_order=1,
        ),
        SubstantiveCriterion(
            text="Doświadczenie ośrodka pomocy społecznej we współpracy międzysektorowej.",
            guidance="Oceniaj konkretne przedsięwzięcia z ostatnich trzech lat, nie deklaracje.",
            max_points=10,
            tie_breaker_order=2,
        ),
        SubstantiveCriterion(
            text="Zaangażowanie kadry kierowniczej jednostki i ośrodka w udział w projekcie.",
            guidance="Np. wyznaczony koordynator, udział kierownictwa w spotkaniach PZK.",
            max_points=5,
        ),
    ]


def _documents(keys):
    """Registry documents of the documents demo, by source_key; missing ones are skipped."""
    found = {
        d.source_key: d
        for d in RegistryDocument.objects.filter(source_key__in=[k for k, _ in keys])
    }
    return [CallDocument(document=found[key], label=label) for key, label in keys if key in found]


OPOLE_2018_DOCUMENTS = [
    ("opole-regulamin-naboru", "Regulamin naboru jednostek samorządu terytorialnego"),
    ("opole-informacja-o-projekcie", "Informacja dotycząca Projektu"),
    ("opole-opis-i-harmonogram", "Opis i harmonogram wybranych działań w ramach Projektu"),
    ("opole-formularz-zgloszeniowy", "Formularz zgłoszeniowy"),
    ("opole-karta-oceny-formalnej", "Karta oceny formalnej"),
    ("opole-karta-oceny-merytorycznej", "Karta oceny merytorycznej"),
    ("opole-kryteria-merytoryczne", "Kryteria merytoryczne oceny formularzy"),
]


def _local(year, month, day, hour=0, minute=0, second=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute, second))


def _open_window(now):
    """From 8:00 three days ago to 15:30 thirty days from now, Polish time."""
    today = timezone.localtime(now).date()
    opens = today - datetime.timedelta(days=3)
    closes = today + datetime.timedelta(days=30)
    return (
        _local(opens.year, opens.month, opens.day, 8),
        _local(closes.year, closes.month, closes.day, 15, 30),
    )


def _upcoming_window(now):
    today = timezone.localtime(now).date()
    opens = today + datetime.timedelta(days=14)
    closes = today + datetime.timedelta(days=45)
    return (
        _local(opens.year, opens.month, opens.day, 8),
        _local(closes.year, closes.month, closes.day, 15, 30),
    )


def _calls(now):
    open_from, open_to = _open_window(now)
    upcoming_from, upcoming_to = _upcoming_window(now)
    return [
        (
            "1-2026-op",
            {
                "title": "Nabór JST do wdrażania Modelu Kooperacje 3D – województwo opolskie",
                "lead": "Gminy miejskie, miasta na prawach powiatu i powiaty z województwa "
                "opolskiego mogą zgłosić się do wdrażania Modelu Kooperacje 3D.",
                "number": "1/2026/OP",
                "partner": Partner.ROPS_OPOLE,
                "voivodeship": Voivodeship.OPOLSKIE,
                "opens_at": open_from,
                "closes_at": open_to,
                "eligible_jst_types": [
                    JSTType.URBAN_MUNICIPALITY,
                    JSTType.CITY_COUNTY,
                    JSTType.COUNTY,
                ],
                "body": "<p>Nabór prowadzi Regionalny Ośrodek Polityki Społecznej w Opolu. "
                "Zgłoszenia składa się wyłącznie przez internet, w strefie wnioskodawcy, do "
                "końca naboru; decyduje czas serwera.</p><p>Zgłoszenia przechodzą ocenę "
                "formalną, a potem merytoryczną: każde ocenia dwóch członków komisji. Braki "
                "formalne, które można uzupełnić, uzupełnia się jednorazowo po wezwaniu.</p>",
                "contact": OPOLE_CONTACT,
                "rodo_clause": RODO,
                "declaration": DECLARATION,
                "formal_criteria": _formal_criteria("opolskiego"),
                "substantive_criteria": _substantive_criteria(),
                "quotas": [
                    CallQuota(jst_type=JSTType.URBAN_MUNICIPALITY, places=3),
                    CallQuota(jst_type=JSTType.CITY_COUNTY, places=1),
                    CallQuota(jst_type=JSTType.COUNTY, places=2),
                ],
                "call_documents": _documents(
                    [
                        ("opole-informacja-o-projekcie", "Informacja dotycząca Projektu"),
                        (
                            "opole-regulamin-uczestnictwa",
                            "Regulamin uczestnictwa w formach wsparcia",
                        ),
                        ("opole-zalacznik-1-rodo", "Załącznik nr 1 – Oświadczenie RODO"),
                    ]
                ),
            },
        ),
        (
            "1-2018-op",
            {
                "title": "Nabór gmin miejskich z województwa opolskiego (2018)",
                "lead": "Pierwszy nabór do projektu: gminy miejskie powyżej 20 tysięcy "
                "mieszkańców z województwa opolskiego zgłaszały się do 20 czerwca 2018 r.",
                "number": "1/2018/OP",
                "partner": Partner.ROPS_OPOLE,
                "voivodeship": Voivodeship.OPOLSKIE,
                "opens_at": _local(2018, 5, 30, 0, 0),
                "closes_at": _local(2018, 6, 20, 23, 59, 59),
                "eligible_jst_types": [JSTType.URBAN_MUNICIPALITY, JSTType.CITY_COUNTY],
                "body": "<p>ROPS w Opolu zapraszał gminy miejskie liczące powyżej 20 tysięcy "
                "mieszkańców do udziału w projekcie, którego liderem jest ROPS Województwa "
                "Śląskiego. Zgłoszenia składano na formularzu zgłoszeniowym, w wersji "
                "papierowej, na adres podany w regulaminie, do 20 czerwca 2018 r.</p>",
                "contact": OPOLE_CONTACT,
                "rodo_clause": RODO,
                "declaration": DECLARATION,
                "formal_criteria": _formal_criteria("opolskiego"),
                "substantive_criteria": _substantive_criteria(),
                "call_documents": _documents(OPOLE_2018_DOCUMENTS),
            },
        ),
        (
            "1-2027-sl",
            {
                "title": "Nabór powiatów z województwa śląskiego",
                "lead": "Powiaty z województwa śląskiego będą mogły zgłosić się do wdrażania "
                "Modelu Kooperacje 3D.",
                "number": "1/2027/SL",
                "partner": Partner.ROPS_KATOWICE,
                "voivodeship": Voivodeship.SLASKIE,
                "opens_at": upcoming_from,
                "closes_at": upcoming_to,
                "eligible_jst_types": [JSTType.COUNTY],
                "body": "<p>Nabór poprowadzi Regionalny Ośrodek Polityki Społecznej "
                "Województwa Śląskiego, lider projektu. Zgłaszać się będą powiaty wraz "
                "z powiatowymi centrami pomocy rodzinie.</p>",
                "contact": "Regionalny Ośrodek Polityki Społecznej Województwa Śląskiego",
                "rodo_clause": RODO,
                "declaration": DECLARATION,
                "formal_criteria": _formal_criteria("śląskiego")[:2]
                + _formal_criteria("śląskiego")[3:],
                "substantive_criteria": _substantive_criteria(),
                "quotas": [CallQuota(jst_type=JSTType.COUNTY, places=5)],
                "call_documents": _documents(
                    [("opole-informacja-o-projekcie", "Informacja dotycząca Projektu")]
                ),
            },
        ),
    ]


# --- the JST registry -------------------------------------------------------------------------


def regon_with_check_digit(first_eight):
    weights = (8, 9, 2, 3, 4, 5, 6, 7)
    check = sum(int(d) * w for d, w in zip(first_eight, weights, strict=True)) % 11 % 10
    return f"{first_eight}{check}"


def nip_with_check_digit(first_nine):
    """NIP with its check digit; a prefix whose checksum is 10 has none, so the next is used."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    number = int(first_nine)
    while True:
        digits = f"{number:09d}"
        check = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        if check != 10:
            return f"{digits}{check}"
        number += 1


INSTITUTIONS = [
    {
        "teryt": "1661011",
        "name": "Gmina Miasto Opole",
        "jst_type": JSTType.CITY_COUNTY,
        "regon": regon_with_check_digit("53141300"),
        "nip": nip_with_check_digit("754300718"),
        "street_address": "Rynek-Ratusz",
        "postal_code": "45-015",
        "city": "Opole",
        "population": 128_000,
        "population_year": 2017,
        "centre_name": "Miejski Ośrodek Pomocy Rodzinie w Opolu",
        "centre_kind": CentreKind.OPS,
        "centre_street_address": "ul. Armii Krajowej 36",
        "centre_postal_code": "45-071",
        "centre_city": "Opole",
        "centre_email": "mopr.opole@kooperacje3d.local",
        "centre_phone": "77 000 00 01",
    },
    {
        "teryt": "1603011",
        "name": "Gmina Kędzierzyn-Koźle",
        "jst_type": JSTType.URBAN_MUNICIPALITY,
        "regon": regon_with_check_digit("53141290"),
        "nip": nip_with_check_digit("749100200"),
        "street_address": "ul. Piastowska 17",
        "postal_code": "47-220",
        "city": "Kędzierzyn-Koźle",
        "population": 62_000,
        "population_year": 2017,
        "centre_name": "Miejski Ośrodek Pomocy Społecznej w Kędzierzynie-Koźlu",
        "centre_kind": CentreKind.OPS,
        "centre_street_address": "ul. Kościuszki 15",
        "centre_postal_code": "47-220",
        "centre_city": "Kędzierzyn-Koźle",
        "centre_email": "mops.kedzierzyn@kooperacje3d.local",
        "centre_phone": "77 000 00 02",
    },
    {
        "teryt": "1213011",
        "name": "Gmina Miasto Oświęcim",
        "jst_type": JSTType.URBAN_MUNICIPALITY,
        "regon": regon_with_check_digit("07207237"),
        "nip": nip_with_check_digit("549100300"),
        "street_address": "ul. Zaborska 2",
        "postal_code": "32-600",
        "city": "Oświęcim",
        "population": 37_000,
        "population_year": 2017,
        "centre_name": "Miejski Ośrodek Pomocy Społecznej w Oświęcimiu",
        "centre_kind": CentreKind.OPS,
        "centre_street_address": "ul. Jagiełły 12",
        "centre_postal_code": "32-600",
        "centre_city": "Oświęcim",
        "centre_email": "mops.oswiecim@kooperacje3d.local",
        "centre_phone": "33 000 00 03",
    },
    {
        "teryt": "1213",
        "name": "Powiat Oświęcimski",
        "jst_type": JSTType.COUNTY,
        "regon": regon_with_check_digit("07207245"),
        "nip": nip_with_check_digit("549200400"),
        "street_address": "ul. Wyspiańskiego 10",
        "postal_code": "32-600",
        "city": "Oświęcim",
        "population": 154_000,
        "population_year": 2017,
        "centre_name": "Powiatowe Centrum Pomocy Rodzinie w Oświęcimiu",
        "centre_kind": CentreKind.PCPR,
        "centre_street_address": "ul. Wyspiańskiego 10",
        "centre_postal_code": "32-600",
        "centre_city": "Oświęcim",
        "centre_email": "pcpr.oswiecim@kooperacje3d.local",
        "centre_phone": "33 000 00 04",
    },
]


def _load_institutions(refresh):
    created = 0
    for data in INSTITUTIONS:
        data = dict(data)
        teryt = data.pop("teryt")
        institution = Institution.objects.filter(teryt=teryt).first()
        if institution is not None and not refresh:
            continue
        if institution is None:
            institution = Institution(teryt=teryt)
            created += 1
        for name, value in data.items():
            setattr(institution, name, value)
        institution.full_clean()
        institution.save()
    return created


def load(stdout, refresh=False):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    now = timezone.now()
    index, _ = upsert_page(
        home,
        CallIndexPage,
        "nabory",
        refresh=refresh,
        show_in_menus=True,
        title="Nabory",
        lead="Nabory jednostek samorządu terytorialnego do udziału w projekcie Kooperacje 3D.",
        intro="<p>Zgłaszać się mogą gminy miejskie liczące powyżej 20 tysięcy mieszkańców "
        "i powiaty z województw makroregionu III, w których prowadzony jest nabór.</p>",
    )
    new_calls = 0
    open_call = None
    for slug, fields in _calls(now):
        call, created = upsert_page(index, CallPage, slug, refresh=refresh, **fields)
        new_calls += created
        if slug == "1-2026-op":
            open_call = call
        if slug == "1-2026-op" and not created and not call.is_open_at(now):
            # An old demo database: open the demo call again, unless someone other than the
            # demo's own submitted application has applied.
            others = call.applications.exclude(institution__teryt=DEMO_SUBMITTED_TERYT)
            if not others.exists():
                call.opens_at, call.closes_at = fields["opens_at"], fields["closes_at"]
                call.save_revision().publish()
    institutions = _load_institutions(refresh)
    ensure_recruitment_permissions()
    link_demo_accounts()
    _load_submitted_application(open_call)
    stdout.write(f"  nabory: {new_calls} nowych, rejestr JST: {institutions} nowych")


# The demo applicant accounts (portal/accounts.py) and the JST they belong to.
DEMO_MEMBERSHIPS = {"gmina.opole": "1661011", "powiat.oswiecim": "1213"}


def link_demo_accounts():
    """Give the demo applicant accounts (if they exist) their JST, as the first account of it.
    `load_demo_content --accounts` calls this again after creating the accounts."""
    from django.contrib.auth import get_user_model

    from recruitment.models import Institution, InstitutionMembership

    linked = 0
    users = get_user_model().objects.filter(username__in=DEMO_MEMBERSHIPS)
    for user in users:
        institution = Institution.objects.filter(teryt=DEMO_MEMBERSHIPS[user.username]).first()
        if institution is None or InstitutionMembership.objects.filter(user=user).exists():
            continue
        primary = not InstitutionMembership.objects.filter(
            institution=institution, is_primary=True
        ).exists()
        InstitutionMembership.objects.create(user=user, institution=institution, is_primary=primary)
        linked += 1
    return linked


# A submitted application of another opolskie JST, so that operators have one to look at;
# gmina.opole (Gmina Miasto Opole) stays free to apply to the same call itself.
DEMO_SUBMITTED_TERYT = "1603011"
DEMO_SUBMITTED_USERNAME = "demo.kedzierzyn-kozle"
DEMO_SUBMITTED_DRAFT = {
    "jst": {
        "contact_name": "Karolina Przykładowa",
        "contact_position": "Naczelniczka Wydziału Spraw Społecznych",
        "contact_email": "spoleczne@kedzierzyn-kozle.example.pl",
        "contact_phone": "77 000 00 02",
    },
    "centre": {
        "centre_name": "Miejski Ośrodek Pomocy Społecznej w Kędzierzynie-Koźlu",
        "centre_kind": "ops",
        "centre_head": "Tomasz Przykładowy",
        "centre_street_address": "ul. Judyma 12",
        "centre_postal_code": "47-220",
        "centre_city": "Kędzierzyn-Koźle",
        "centre_email": "mops.kk@kooperacje3d.local",
        "centre_phone": "77 000 00 03",
    },
    "partners": [
        {"name": "Komenda Powiatowa Policji w Kędzierzynie-Koźlu", "sector": "police"},
        {"name": "Powiatowy Urząd Pracy w Kędzierzynie-Koźlu", "sector": "labour"},
        {"name": "Szkoła Podstawowa nr 2", "sector": "education"},
        {"name": "Stowarzyszenie „Razem dla Rodziny”", "sector": "ngo"},
    ],
    "experience": {
        "experience": "Od 2014 r. działa zespół interdyscyplinarny; wspólne projekty ze szkołami "
        "i urzędem pracy dla rodzin zagrożonych wykluczeniem."
    },
    "diagnosis": {
        "diagnosis": "Długotrwałe bezrobocie, ubóstwo rodzin wielodzietnych, przemoc domowa."
    },
    "motivation": {
        "motivation": "Chcemy, by instytucje planowały pomoc wspólnie, a nie obok siebie.",
        "expected_results": "Partnerstwo na rzecz kooperacji i wspólne plany pomocy dla rodzin.",
    },
    "declarations": {"declarations_accepted": True},
    "rodo": {"rodo_acknowledged": True},
    "attachments": {"signed_by_proxy": False},
}


def _load_submitted_application(call):
    """Made through the real services (draft, file, submission) by a one-off account of that
    JST, which is then deleted: the demo creates no accounts unless asked (--accounts). The
    application keeps its version and files; the audit log keeps the account's name, as it
    does for any JST account deleted later."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.roles import APPLICANTS
    from documents.generation import pdf_bytes
    from recruitment import submission
    from recruitment.models import Application, InstitutionMembership

    institution = Institution.objects.filter(teryt=DEMO_SUBMITTED_TERYT).first()
    if call is None or institution is None or not call.is_open_at(timezone.now()):
        return 0
    if Application.objects.filter(call=call, institution=institution).exists():
        return 0
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_SUBMITTED_USERNAME,
        defaults={"first_name": "Karolina", "last_name": "Przykładowa", "email": ""},
    )
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get_or_create(name=APPLICANTS)[0])
    if not InstitutionMembership.objects.filter(user=user).exists():
        primary = not institution.memberships.filter(is_primary=True).exists()
        InstitutionMembership.objects.create(user=user, institution=institution, is_primary=primary)
    application, _ = submission.start(call, user)
    submission.save_draft(application, user, DEMO_SUBMITTED_DRAFT)
    scan = pdf_bytes(
        "Formularz zgłoszeniowy – Gmina Kędzierzyn-Koźle",
        ("Skan podpisanego formularza (dokument demonstracyjny).",),
    )
    submission.add_attachment(
        application,
        user,
        "signed_form",
        SimpleUploadedFile("formularz-podpisany.pdf", scan),
        "application/pdf",
        scan,
    )
    submission.submit(application, user)
    user.delete()
    return 1
