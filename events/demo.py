"""Demo content of events: the calendar at /wydarzenia/ with past events of the project and
upcoming ones with open registration.

Past events follow seed 003: the meeting of 29 March 2019 in Katowice that closed Milestone I,
and two of the four regional educational conferences of phase I (their days and places are
illustrative: the seed says only that four were held before the milestone). Upcoming events are
dated from now, at fixed Polish hours, so that the demo always has something to register for;
a later run moves one that has already ended forward again. One small coaching group is full and
has a waiting list: its registrations go through `events.registration.register` like the public
form's, with made-up people at example.pl (the loader keeps their e-mails in memory).
"""

import datetime

from django.utils import timezone

from wagtail.models import Site

from core.choices import Sector, Voivodeship
from core.demo_utils import upsert_page
from documents.models import RegistryDocument

from . import registration as service
from .choices import EventKind
from .models import EventDocument, EventIndexPage, EventPage

OPOLE_CONTACT = (
    "Regionalny Ośrodek Polityki Społecznej w Opolu\n"
    "ul. Głogowska 25c, 45-315 Opole\nTelefon: 77 44 15 250, 77 44 16 495"
)
KRAKOW_CONTACT = (
    "Regionalny Ośrodek Polityki Społecznej w Krakowie\nul. Piastowska 32, 30-070 Kraków"
)
KATOWICE_CONTACT = (
    "Regionalny Ośrodek Polityki Społecznej Województwa Śląskiego\n"
    "ul. Modelarska 10, 40-142 Katowice"
)
LODZ_CONTACT = "Regionalne Centrum Polityki Społecznej w Łodzi\nul. Snycerska 8, 91-302 Łódź"

# The documents registry holds the participation regulations of ROPS Opole (order 20/18) with
# its attachments; the demo links them to the Opole events. Missing ones are skipped.
REGULATIONS = ("opole-regulamin-uczestnictwa", "Regulamin uczestnictwa")
CLAUSE = ("opole-zalacznik-1-rodo", "Załącznik nr 1 – Oświadczenie RODO")
FORM_SUPPORT = ("opole-zalacznik-2-formy-wsparcia", "Załącznik nr 2 – formularz zgłoszenia")
FORM_OTHER = ("opole-zalacznik-3-inne-dzialania", "Załącznik nr 3 – formularz zgłoszenia")

# The full coaching group: two registered, the third person on the waiting list.
COACHING_PEOPLE = [
    (
        "Anna",
        "Kowalczyk",
        "anna.kowalczyk@example.pl",
        "Miejski Ośrodek Pomocy Społecznej w Zgierzu",
        "pracownik socjalny",
    ),
    (
        "Marek",
        "Wiśniewski",
        "marek.wisniewski@example.pl",
        "Powiatowe Centrum Pomocy Rodzinie w Łasku",
        "specjalista pracy z rodziną",
    ),
    (
        "Ewa",
        "Zielińska",
        "ewa.zielinska@example.pl",
        "Miejski Ośrodek Pomocy Społecznej w Pabianicach",
        "starszy pracownik socjalny",
    ),
]


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _local(year, month, day, hour=0, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def _in_days(now, days, hour, minute=0):
    """`days` from today at hour:minute, Polish time."""
    day = timezone.localdate(now) + datetime.timedelta(days=days)
    return _local(day.year, day.month, day.day, hour, minute)


def _documents(keys):
    found = {
        d.source_key: d
        for d in RegistryDocument.objects.filter(source_key__in=[key for key, _label in keys])
    }
    return [EventDocument(document=found[key], label=label) for key, label in keys if key in found]


def _past_events():
    return [
        (
            "spotkanie-podsumowujace-i-kamien-milowy",
            {
                "title": "Spotkanie podsumowujące I Kamień Milowy",
                # "inne": a meeting of the project's own bodies (Komitet Sterujący and Zespół
                # ds. Modelu) that adopted the Model; it is neither a form of support nor one of
                # the educational activities, so not a macroregional conference either.
                "kind": EventKind.OTHER,
                "partner": "rops-katowice",
                "voivodeship": Voivodeship.SLASKIE,
                "starts_at": _local(2019, 3, 29, 10),
                "ends_at": _local(2019, 3, 29, 14),
                "venue": "Regionalny Ośrodek Polityki Społecznej Województwa Śląskiego",
                "street_address": "ul. Modelarska 10",
                "postal_code": "40-142",
                "city": "Katowice",
                "capacity": 40,
                "registration_enabled": False,
                "target_description": "członkowie Komitetu Sterującego i Zespołu ds. Modelu",
                "lead": "Komitet Sterujący i Zespół ds. Modelu przyjęli Model Kooperacje 3D "
                "i zamknęli pierwszy etap projektu.",
                "body": _p(
                    "Na spotkaniu omówiono uwagi zebrane podczas konsultacji Modelu i zmiany, "
                    "które w ich wyniku wprowadzono. Najważniejszym punktem było formalne "
                    "przyjęcie Modelu Kooperacje 3D, zaopiniowanego wcześniej m.in. przez "
                    "Ministerstwo Rodziny, Pracy i Polityki Społecznej.",
                    "Przyjęcie dokumentu zakończyło I Kamień Milowy. Uczestnicy podsumowali "
                    "pierwszą fazę – raport diagnostyczny, porozumienia z 50 JST, konsultacje, "
                    "konferencje regionalne i szkolenia międzysektorowe – oraz plan pilotażu, "
                    "który rozpoczął się 1 kwietnia 2019 roku.",
                ),
                "contact": KATOWICE_CONTACT,
            },
            [],
        ),
        (
            "regionalna-konferencja-edukacyjna-krakow",
            {
                "title": "Regionalna konferencja edukacyjna – Kraków",
                "kind": EventKind.REGIONAL_CONFERENCE,
                "partner": "rops-krakow",
                "voivodeship": Voivodeship.MALOPOLSKIE,
                "starts_at": _local(2019, 2, 21, 10),
                "ends_at": _local(2019, 2, 21, 15),
                "venue": "Sala konferencyjna ROPS w Krakowie",
                "street_address": "ul. Piastowska 32",
                "postal_code": "30-070",
                "city": "Kraków",
                "capacity": 80,
                "registration_enabled": False,
                "lead": "Konferencja dla instytucji z Małopolski o współpracy pomocy społecznej "
                "z edukacją, ochroną zdrowia, sądami i policją.",
                "body": _p(
                    "Konferencja przybliżyła założenia projektu i trzy poziomy współpracy, które "
                    "opisuje Model: instytucji, pracownika i klienta.",
                    "Wzięli w niej udział przedstawiciele gmin i powiatów z województwa "
                    "małopolskiego, które podpisały porozumienia o udziale w projekcie, oraz "
                    "ich partnerzy z innych sektorów.",
                ),
                "contact": KRAKOW_CONTACT,
            },
            [],
        ),
        (
            "regionalna-konferencja-edukacyjna-opole",
            {
                "title": "Regionalna konferencja edukacyjna – Opole",
                "kind": EventKind.REGIONAL_CONFERENCE,
                "partner": "rops-opole",
                "voivodeship": Voivodeship.OPOLSKIE,
                "starts_at": _local(2019, 3, 7, 10),
                "ends_at": _local(2019, 3, 7, 14, 30),
                "venue": "Sala konferencyjna ROPS w Opolu",
                "street_address": "ul. Głogowska 25c",
                "postal_code": "45-315",
                "city": "Opole",
                "capacity": 60,
                "registration_enabled": False,
                "lead": "Spotkanie instytucji z Opolszczyzny przed pilotażem Modelu Kooperacje 3D.",
                "body": _p(
                    "Uczestnicy poznali wyniki diagnozy współpracy międzysektorowej w gminach "
                    "miejskich powyżej 20 tysięcy mieszkańców i rozmawiali o tym, jak budować "
                    "lokalne partnerstwa.",
                    "Zgłoszenia przyjmowano na formularzu stanowiącym załącznik nr 3 do "
                    "regulaminu uczestnictwa.",
                ),
                "contact": OPOLE_CONTACT,
            },
            [REGULATIONS, CLAUSE, FORM_OTHER],
        ),
    ]


def _upcoming_events(now):
    opens = _in_days(now, -7, 8)
    return [
        (
            "szkolenie-miedzysektorowe-opole",
            {
                "title": "Szkolenie międzysektorowe – Opole",
                "kind": EventKind.TRAINING,
                "partner": "rops-opole",
                "voivodeship": Voivodeship.OPOLSKIE,
                "starts_at": _in_days(now, 21, 9),
                "ends_at": _in_days(now, 21, 15),
                "venue": "Sala konferencyjna ROPS w Opolu",
                "street_address": "ul. Głogowska 25c",
                "postal_code": "45-315",
                "city": "Opole",
                "capacity": 20,
                "registration_opens_at": opens,
                "registration_closes_at": _in_days(now, 18, 15, 30),
                "lead": "Jednodniowe szkolenie o współpracy instytucji różnych sektorów przy "
                "wsparciu osób i rodzin.",
                "body": _p(
                    "Szkolenie jest przeznaczone dla pracowników ośrodków pomocy społecznej, "
                    "szkół, placówek ochrony zdrowia, policji, kuratorskiej służby sądowej "
                    "i organizacji pozarządowych z województwa opolskiego.",
                    "Program: diagnoza potrzeb rodziny z udziałem kilku instytucji, wymiana "
                    "informacji z poszanowaniem ochrony danych, rola Zadaniowego Zespołu "
                    "Kooperacyjnego.",
                ),
                "contact": OPOLE_CONTACT,
            },
            [REGULATIONS, CLAUSE, FORM_SUPPORT],
        ),
        (
            "warsztaty-kooperacyjne-oswiecim",
            {
                "title": "Warsztaty kooperacyjne Partnerskich Zespołów Kooperacyjnych",
                "kind": EventKind.WORKSHOP,
                "partner": "rops-krakow",
                "voivodeship": Voivodeship.MALOPOLSKIE,
                "starts_at": _in_days(now, 28, 9),
                "ends_at": _in_days(now, 29, 15),
                "venue": "Sala narad Urzędu Miasta",
                "street_address": "ul. Zaborska 2",
                "postal_code": "32-600",
                "city": "Oświęcim",
                "capacity": 15,
                "target_sectors": [
                    Sector.SOCIAL_ASSISTANCE,
                    Sector.EDUCATION,
                    Sector.HEALTH,
                    Sector.JUSTICE,
                    Sector.POLICE,
                    Sector.NGO,
                ],
                "target_description": "członkowie Partnerskich Zespołów Kooperacyjnych gminy "
                "i powiatu, które testują Model",
                "registration_opens_at": opens,
                "lead": "Dwa dni pracy warsztatowej dla członków PZK gminy i powiatu.",
                "body": _p(
                    "Warsztaty łączą kadrę zarządzającą i pracowników instytucji, które tworzą "
                    "Partnerskie Zespoły Kooperacyjne gminy miejskiej i powiatu.",
                    "Uczestnicy wspólnie zaplanują pracę zespołów na kolejne miesiące pilotażu "
                    "i przećwiczą prowadzenie spotkania Zadaniowego Zespołu Kooperacyjnego "
                    "wokół konkretnej rodziny.",
                ),
                "contact": KRAKOW_CONTACT,
            },
            [],
        ),
        (
            "spotkanie-konsultacyjne-online",
            {
                "title": "Spotkanie konsultacyjne online – rekomendacje Modelu",
                "kind": EventKind.CONSULTATION_MEETING,
                "partner": "rops-katowice",
                "voivodeship": Voivodeship.SLASKIE,
                "starts_at": _in_days(now, 14, 11),
                "ends_at": _in_days(now, 14, 13),
                "is_online": True,
                "online_link": "https://spotkania.example.pl/kooperacje3d-konsultacje",
                "capacity": 100,
                "registration_opens_at": opens,
                "lead": "Zdalne spotkanie o rekomendacjach wypracowanych w pilotażu Modelu.",
                "body": _p(
                    "Zapraszamy przedstawicieli JST uczestniczących w pilotażu i ich partnerów "
                    "do rozmowy o wnioskach z testowania Modelu Kooperacje 3D.",
                    "Link do spotkania wyślemy zapisanym osobom w wiadomości e-mail.",
                ),
                "contact": KATOWICE_CONTACT,
            },
            [],
        ),
        (
            "coaching-pracownikow-socjalnych-lodz",
            {
                "title": "Coaching dla pracowników socjalnych – Łódź",
                "kind": EventKind.COACHING,
                "partner": "rcps-lodz",
                "voivodeship": Voivodeship.LODZKIE,
                "starts_at": _in_days(now, 10, 10),
                "ends_at": _in_days(now, 10, 14),
                "venue": "Regionalne Centrum Polityki Społecznej w Łodzi",
                "street_address": "ul. Snycerska 8",
                "postal_code": "91-302",
                "city": "Łódź",
                "capacity": 2,
                "target_sectors": [Sector.SOCIAL_ASSISTANCE],
                "target_description": "pracownicy socjalni z gmin i powiatów uczestniczących "
                "w pilotażu",
                "registration_opens_at": opens,
                "lead": "Sesja coachingowa w małej grupie dla pracowników socjalnych.",
                "body": _p(
                    "Coaching pomaga pracownikom socjalnym stosować rozwiązania Modelu w pracy "
                    "z konkretnymi rodzinami.",
                    "Grupa liczy dwie osoby; po wyczerpaniu miejsc prowadzimy listę rezerwową.",
                ),
                "contact": LODZ_CONTACT,
            },
            [],
        ),
    ]


def _register_coaching(event):
    for n, (first, last, email, institution, position) in enumerate(COACHING_PEOPLE, start=1):
        service.register(
            event,
            {
                "first_name": first,
                "last_name": last,
                "institution": institution,
                "sector": Sector.SOCIAL_ASSISTANCE,
                "position": position,
                "email": email,
                "phone": f"42 000 00 0{n}",
                "accessibility_needs": "",
                "diet": "",
                "image_consent": n == 1,
            },
        )


def load(stdout, refresh=False):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    now = timezone.now()
    index, _created = upsert_page(
        home,
        EventIndexPage,
        "wydarzenia",
        refresh=refresh,
        show_in_menus=True,
        title="Wydarzenia",
        lead="Szkolenia, warsztaty, coaching, konferencje i spotkania projektu Kooperacje 3D "
        "– z zapisami przez portal.",
        intro="<p>Zapisać się mogą pracownicy instytucji pomocy i integracji społecznej oraz "
        "ich partnerzy z innych sektorów. Wydarzenia z lat ubiegłych znajdziesz w archiwum.</p>",
    )
    created = 0
    for slug, fields, documents in _past_events():
        _page, new = upsert_page(
            index, EventPage, slug, refresh=refresh, event_documents=_documents(documents), **fields
        )
        created += new
    for slug, fields, documents in _upcoming_events(now):
        page, new = upsert_page(
            index, EventPage, slug, refresh=refresh, event_documents=_documents(documents), **fields
        )
        created += new
        if not new and page.ends_at < now:
            # An old demo database: the upcoming event is upcoming again.
            for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
                setattr(page, name, fields.get(name))
            page.save_revision().publish()
        if slug == "coaching-pracownikow-socjalnych-lodz" and not page.registrations.exists():
            _register_coaching(page)
    stdout.write(f"  wydarzenia: {created} nowych")
