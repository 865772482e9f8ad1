"""Demo content of the site shell: home, project, partners, news (written from ../shared/seeds)."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from core.choices import Voivodeship
from core.demo_utils import placeholder_image, rich, upsert_page
from portal.models import (
    AccessibilityStatementPage,
    AccessibilityStatus,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PartnerIndexPage,
    PartnerPage,
    PortalSettings,
    PrivacyNoticePage,
    ProjectPage,
)

SOURCE_OPOLE = "Strona projektu w serwisie ROPS w Opolu"
SOURCE_LODZ = "Strona projektu w serwisie RCPS w Łodzi"
SOURCE_INFO = "Informacja dotycząca Projektu (dokument naboru)"

PARTNERS = [
    {
        "slug": "rops-katowice",
        "title": "ROPS Województwa Śląskiego",
        "full_name": "Regionalny Ośrodek Polityki Społecznej Województwa Śląskiego",
        "short_name": "ROPS Katowice",
        "is_leader": True,
        "voivodeship": Voivodeship.SLASKIE,
        "street_address": "ul. Modelarska 10",
        "postal_code": "40-142",
        "city": "Katowice",
        "lead": "Lider partnerstwa: koordynuje prace nad Modelem Kooperacje 3D w makroregionie III "
        "i jego pilotaż w województwie śląskim.",
    },
    {
        "slug": "rcps-lodz",
        "title": "RCPS w Łodzi",
        "full_name": "Regionalne Centrum Polityki Społecznej w Łodzi",
        "short_name": "RCPS Łódź",
        "voivodeship": Voivodeship.LODZKIE,
        "street_address": "ul. Snycerska 8",
        "postal_code": "91-302",
        "city": "Łódź",
        "funding_share": "5 454 511,87 zł",
        "funding_share_source": SOURCE_LODZ,
        "lead": "Partner projektu odpowiedzialny za działania w województwie łódzkim.",
    },
    {
        "slug": "rops-krakow",
        "title": "ROPS w Krakowie",
        "full_name": "Regionalny Ośrodek Polityki Społecznej w Krakowie",
        "short_name": "ROPS Kraków",
        "voivodeship": Voivodeship.MALOPOLSKIE,
        "street_address": "ul. Piastowska 32",
        "postal_code": "30-070",
        "city": "Kraków",
        "lead": "Partner projektu odpowiedzialny za działania w województwie małopolskim, m.in. "
        "porozumienia z Gminą Miasto Oświęcim i Powiatem Oświęcimskim.",
    },
    {
        "slug": "rops-opole",
        "title": "ROPS w Opolu",
        "full_name": "Regionalny Ośrodek Polityki Społecznej w Opolu",
        "short_name": "ROPS Opole",
        "voivodeship": Voivodeship.OPOLSKIE,
        "street_address": "ul. Głogowska 25c",
        "postal_code": "45-315",
        "city": "Opole",
        "phones": "77 44 15 250, 77 44 16 495",
        "funding_share": "1 294 323,80 zł",
        "funding_share_source": SOURCE_OPOLE,
        "lead": "Partner projektu odpowiedzialny za działania w województwie opolskim, w tym za nabór "
        "gmin miejskich z regionu.",
    },
]

# The purposes of the information on personal data (PrivacyNoticePage), per form.
COHESION_ACT = (
    "ustawa z 11 lipca 2014 r. o zasadach realizacji programów w zakresie polityki spójności "
    "finansowanych w perspektywie finansowej 2014–2020"
)
ARCHIVE_PERIOD = "przez okres rozliczenia i archiwizacji dokumentacji projektu"
PRIVACY_PURPOSES = [
    (
        "purpose",
        {
            "forms": ["konto"],
            "purpose": "Założenie i prowadzenie konta JST w naborze, kontakt w sprawie zgłoszeń",
            "data": "imię, nazwisko, adres e-mail, telefon, stanowisko",
            "legal_bases": ["6-1-c", "6-1-e"],
            "legal_basis_note": COHESION_ACT,
            "retention": "do usunięcia konta, a dane związane ze zgłoszeniami " + ARCHIVE_PERIOD,
            "provision": "condition",
        },
    ),
    (
        "purpose",
        {
            "forms": ["zgloszenie"],
            "purpose": "Przeprowadzenie naboru JST: ocena formalna i merytoryczna, lista "
            "rankingowa, odwołania, zawarcie porozumienia",
            "data": "dane osób do kontaktu i kierownika ośrodka podane w zgłoszeniu",
            "legal_bases": ["6-1-c", "6-1-e"],
            "legal_basis_note": COHESION_ACT,
            "retention": ARCHIVE_PERIOD,
            "provision": "condition",
        },
    ),
    (
        "purpose",
        {
            "forms": ["zgloszenie", "wydarzenie"],
            "purpose": "Rozliczenie, monitorowanie, kontrola i ewaluacja projektu "
            "współfinansowanego z Europejskiego Funduszu Społecznego",
            "data": "",
            "legal_bases": ["6-1-c"],
            "legal_basis_note": COHESION_ACT,
            "retention": ARCHIVE_PERIOD,
            "provision": "statutory",
        },
    ),
    (
        "purpose",
        {
            "forms": ["wydarzenie"],
            "purpose": "Zapisy na wydarzenie, potwierdzenie udziału i lista obecności",
            "data": "imię, nazwisko, instytucja, sektor, stanowisko, adres e-mail, telefon",
            "legal_bases": ["6-1-c", "6-1-e"],
            "legal_basis_note": "",
            "retention": ARCHIVE_PERIOD + "; potem zapis jest anonimizowany",
            "provision": "condition",
        },
    ),
    (
        "purpose",
        {
            "forms": ["wydarzenie"],
            "purpose": "Zapewnienie dostępności wydarzenia i wyżywienia",
            "data": "potrzeby związane z dostępnością i wymagania żywieniowe, które mogą ujawniać "
            "informacje o zdrowiu",
            "legal_bases": ["6-1-c", "9-2-g"],
            "legal_basis_note": "ustawa z 19 lipca 2019 r. o zapewnianiu dostępności osobom ze "
            "szczególnymi potrzebami",
            "retention": "do anonimizacji zapisu po wydarzeniu",
            "provision": "voluntary",
        },
    ),
    (
        "purpose",
        {
            "forms": ["wydarzenie"],
            "purpose": "Wykorzystanie wizerunku w materiałach informacyjnych projektu",
            "data": "wizerunek",
            "legal_bases": ["6-1-a"],
            "legal_basis_note": "",
            "retention": "do cofnięcia zgody",
            "provision": "voluntary",
        },
    ),
    (
        "purpose",
        {
            "forms": ["portal"],
            "purpose": "Odpowiedź na wiadomości, w tym zgłoszenia braku dostępności",
            "data": "adres e-mail i dane podane w wiadomości",
            "legal_bases": ["6-1-c"],
            "legal_basis_note": "ustawa z 4 kwietnia 2019 r. o dostępności cyfrowej stron "
            "internetowych i aplikacji mobilnych podmiotów publicznych",
            "retention": "przez okres wynikający z przepisów o archiwizacji",
            "provision": "voluntary",
        },
    ),
    (
        "purpose",
        {
            "forms": ["portal"],
            "purpose": "Bezpieczeństwo portalu: dzienniki serwera, ochrona logowania przed "
            "nadużyciami",
            "data": "adres IP, czas i adres żądania, nieudane próby logowania",
            "legal_bases": ["6-1-c"],
            "legal_basis_note": "w związku z obowiązkiem zapewnienia bezpieczeństwa przetwarzania "
            "(art. 32 RODO)",
            "retention": "przez czas niezbędny do zapewnienia bezpieczeństwa, zgodnie z polityką "
            "bezpieczeństwa administratora",
            "provision": "statutory",
        },
    ),
]

LEVELS = [
    (
        "Poziom instytucji",
        "<p>Ośrodki pomocy społecznej zawiązują na szczeblu lokalnym sformalizowane partnerstwa "
        "z instytucjami innych polityk: edukacji, ochrony zdrowia, wymiaru sprawiedliwości, policji "
        "i organizacji pozarządowych. Model opisuje, jak takie partnerstwo powołać i prowadzić.</p>",
    ),
    (
        "Poziom pracownika",
        "<p>Pracownicy socjalni współdziałają z pracownikami innych instytucji, które wspierają te "
        "same osoby i rodziny. Model proponuje mechanizmy, dzięki którym ich działania układają się "
        "w spójną całość.</p>",
    ),
    (
        "Poziom klienta",
        "<p>Pracownik socjalny wspólnie z osobą lub rodziną przygotowuje zindywidualizowaną "
        "diagnozę potrzeb. Jej efektem jest kontrakt socjalny, który uwzględnia możliwości wielu "
        "sektorów działających w środowisku lokalnym.</p>",
    ),
]

PHASES = [
    (
        "Faza I – opracowanie Modelu",
        "12 miesięcy",
        datetime.date(2018, 4, 1),
        datetime.date(2019, 3, 31),
        "<p>Diagnoza współpracy w miastach makroregionu, konsultacje i przyjęcie Modelu Kooperacje 3D. "
        "Faza zakończyła się I Kamieniem Milowym 29 marca 2019 r. w Katowicach.</p>",
    ),
    (
        "Faza II – pilotaż Modelu",
        "18 miesięcy",
        datetime.date(2019, 4, 1),
        None,
        "<p>Testowanie Modelu w 50 jednostkach samorządu terytorialnego: 20 powiatach i 30 gminach "
        "miejskich powyżej 20 tys. mieszkańców, przy wsparciu animatorów i ekspertów ds. modelu.</p>",
    ),
    (
        "Faza III – podsumowanie pilotażu",
        "3 miesiące",
        None,
        None,
        "<p>Analiza wyników testów, wnioski i sprawozdanie z pilotażu.</p>",
    ),
    (
        "Faza IV – upowszechnienie",
        "3 miesiące",
        None,
        None,
        "<p>Działania edukacyjne dotyczące stosowania Modelu w całym kraju.</p>",
    ),
]


def _funding_facts():
    return {
        "title": "Finansowanie i okres realizacji",
        "facts": [
            {
                "subject": "Łączne dofinansowanie projektu ze środków UE",
                "value": "9 966 995,50 zł",
                "as_of": None,
                "source": SOURCE_OPOLE,
                "source_url": "",
                "note": "",
            },
            {
                "subject": "Łączne dofinansowanie projektu ze środków UE",
                "value": "20 761 034,04 zł",
                "as_of": None,
                "source": SOURCE_LODZ,
                "source_url": "",
                "note": "",
            },
            {
                "subject": "Dofinansowanie dla województwa opolskiego",
                "value": "1 294 323,80 zł",
                "as_of": None,
                "source": SOURCE_OPOLE,
                "source_url": "",
                "note": "",
            },
            {
                "subject": "Dofinansowanie dla województwa łódzkiego",
                "value": "5 454 511,87 zł",
                "as_of": None,
                "source": SOURCE_LODZ,
                "source_url": "",
                "note": "",
            },
            {
                "subject": "Okres realizacji projektu",
                "value": "1 kwietnia 2018 – 31 marca 2021",
                "as_of": None,
                "source": SOURCE_OPOLE,
                "source_url": "",
                "note": "Tak samo podaje Informacja dotycząca Projektu.",
            },
            {
                "subject": "Okres realizacji projektu",
                "value": "1 kwietnia 2018 – 30 czerwca 2021",
                "as_of": None,
                "source": SOURCE_LODZ,
                "source_url": "",
                "note": "",
            },
        ],
    }


def _project_body():
    return [
        ("heading", "Cel projektu"),
        (
            "paragraph",
            rich(
                "<p>Projekt ma zwiększyć i uporządkować współpracę instytucji pomocy i integracji "
                "społecznej z podmiotami innych polityk sektorowych: pomocy społecznej, edukacji, "
                "zdrowia, sądownictwa i policji. Powstający model obejmuje całościowe, międzysektorowe "
                "wsparcie na poziomie gminy i powiatu dla osób i rodzin wykluczonych lub zagrożonych "
                "ubóstwem i wykluczeniem społecznym.</p>"
                "<p>Model jest wypracowywany w makroregionie III – w województwach śląskim, łódzkim, "
                "małopolskim i opolskim – dla 50 jednostek samorządu terytorialnego: 20 powiatów "
                "i 30 gmin miejskich powyżej 20 tys. mieszkańców.</p>"
            ),
        ),
        (
            "levels",
            {
                "title": "Trzy poziomy współpracy",
                "levels": [{"name": n, "description": rich(d)} for n, d in LEVELS],
            },
        ),
        (
            "timeline",
            {
                "title": "Fazy projektu",
                "entries": [
                    {
                        "title": t,
                        "period": p,
                        "start_date": s,
                        "end_date": e,
                        "description": rich(d),
                    }
                    for t, p, s, e, d in PHASES
                ],
            },
        ),
        ("funding_facts", _funding_facts()),
        (
            "callout",
            {
                "kind": "info",
                "title": "Źródło finansowania",
                "text": rich(
                    "<p>Program Operacyjny Wiedza Edukacja Rozwój 2014–2020, Oś priorytetowa II "
                    "„Efektywne polityki publiczne dla rynku pracy, gospodarki i edukacji”, Działanie 2.5 "
                    "„Skuteczna pomoc społeczna”. Projekt jest współfinansowany ze środków Europejskiego "
                    "Funduszu Społecznego.</p>"
                ),
            },
        ),
    ]


def _milestone_body(gallery_images):
    return [
        (
            "paragraph",
            rich(
                "<p>Spotkanie Komitetu Sterującego i Zespołu ds. Modelu w Katowicach zamknęło pierwszą "
                "fazę projektu. Omówiono uwagi zebrane w konsultacjach oraz zmiany, które na ich "
                "podstawie wprowadzono do Modelu. Najważniejszym punktem było formalne przyjęcie Modelu "
                "Kooperacje 3D – skonsultowanego i zaopiniowanego m.in. przez Ministerstwo Rodziny, "
                "Pracy i Polityki Społecznej – który w kolejnej fazie trafia do pilotażu.</p>"
            ),
        ),
        ("heading", "Co udało się zrobić w I fazie"),
        (
            "paragraph",
            rich(
                "<ul>"
                "<li>przygotowano raport z badania diagnozującego stan współpracy międzysektorowej "
                "w gminach miejskich powyżej 20 tys. mieszkańców;</li>"
                "<li>porozumienia o współpracy podpisało 50 JST (20 powiatów i 30 gmin) z czterech "
                "województw makroregionu III;</li>"
                "<li>opracowano Model Kooperacje 3D w wersji do wdrożenia;</li>"
                "<li>przeprowadzono konsultacje Modelu: 20 spotkań dla kadry kierowniczej i "
                "pracowników, konsultacje elektroniczne i indywidualne spotkania w gminach i powiatach;</li>"
                "<li>odbyły się 4 regionalne konferencje edukacyjne i 34 szkolenia międzysektorowe;</li>"
                "<li>pracownicy socjalni z JST, które podpisały porozumienia, otrzymali wsparcie "
                "w formie coachingu.</li></ul>"
            ),
        ),
        ("heading", "Plany na pilotażową II fazę"),
        (
            "paragraph",
            rich(
                "<ul>"
                "<li>wdrożenie i testowanie Modelu w 50 JST z pomocą animatorów partnerstw i ekspertów "
                "ds. modelu;</li>"
                "<li>powołanie Partnerskich Zespołów Kooperacyjnych (PZK) z udziałem instytucji różnych "
                "sektorów;</li>"
                "<li>sprawdzenie rozwiązań w pracy z 250–500 osobami i rodzinami korzystającymi ze "
                "wsparcia ośrodków pomocy społecznej;</li>"
                "<li>spotkania edukacyjne, dwudniowe warsztaty kooperacyjne, coaching pracowników "
                "socjalnych i superwizja Zadaniowych Zespołów Kooperacyjnych (ZZK);</li>"
                "<li>katalog dobrych praktyk i sprawozdanie podsumowujące pilotaż.</li></ul>"
            ),
        ),
        (
            "quote",
            {
                "quote": "Wszystko jest trudne, zanim stanie się łatwe.",
                "author": "Johann Wolfgang von Goethe",
            },
        ),
        (
            "paragraph",
            rich(
                "<p>II Kamień Milowy rozpoczął się 1 kwietnia 2019 r. To najdłuższy etap projektu: czas "
                "na sprawdzenie Modelu w praktyce, wzmocnienie jego mocnych stron i usunięcie "
                "niejasności.</p>"
            ),
        ),
        (
            "gallery",
            {
                "title": "Galeria",
                "images": [
                    {"image": img, "alt_text": "", "caption": caption}
                    for img, caption in gallery_images
                ],
            },
        ),
    ]


def _tree_root():
    """Wagtail's root node; a database emptied by a flush gets a new root and default locale."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant("pl"))
        root = Page.add_root(
            instance=Page(
                title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
            )
        )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    return root


# Ways in from the home page, by address (the pages are made by the other areas' demos).
HOME_TILES = [
    (
        "tile",
        {"title": title, "text": text, "page": None, "url": url},
    )
    for title, text, url in (
        ("Model Kooperacje 3D", "Jak instytucje współpracują na trzech poziomach.", "/model/"),
        ("Dobre praktyki", "Przykłady współpracy z gmin i powiatów.", "/dobre-praktyki/"),
        ("Dokumenty", "Regulaminy, formularze i raporty projektu.", "/dokumenty/"),
        ("Uczestniczące JST", "Gminy i powiaty, które testują Model.", "/uczestnicy/"),
    )
]


def load(stdout, refresh=False):
    root = _tree_root()
    home, created = upsert_page(
        root,
        HomePage,
        "kooperacje-3d",
        refresh=refresh,
        title="Kooperacje 3D",
        lead="Model wielosektorowej współpracy na rzecz wsparcia osób i rodzin – projekt czterech "
        "regionalnych ośrodków polityki społecznej z makroregionu III.",
        intro=(
            "<p>Pomoc społeczna, szkoła, ochrona zdrowia, sąd, policja i organizacje pozarządowe "
            "często wspierają tę samą rodzinę – każda instytucja osobno. Projekt Kooperacje 3D "
            "wypracowuje i testuje w 50 miastach model, dzięki któremu działają razem: na poziomie "
            "instytucji, pracowników i samego klienta.</p>"
        ),
        tiles=HOME_TILES,
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        from core.site_url import parse

        _scheme, hostname, port = parse(settings.SITE_URL)
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="Kooperacje 3D",
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Kooperacje 3D"
        site.save()
        # Wagtail's placeholder "Welcome" page is removed once the real home page takes over.
        if old_root.depth == 2 and old_root.specific_class is Page:
            old_root.delete()

    upsert_page(
        home,
        ProjectPage,
        "o-projekcie",
        refresh=refresh,
        show_in_menus=True,
        title="O projekcie",
        lead="Kooperacje 3D to projekt Programu Operacyjnego Wiedza Edukacja Rozwój, współfinansowany "
        "ze środków Europejskiego Funduszu Społecznego.",
        body=_project_body(),
    )

    partner_index, _ = upsert_page(
        home,
        PartnerIndexPage,
        "partnerzy",
        refresh=refresh,
        show_in_menus=True,
        title="Partnerzy",
        lead="Projekt realizują cztery regionalne ośrodki polityki społecznej z makroregionu III.",
    )
    for data in PARTNERS:
        data = dict(data)
        slug = data.pop("slug")
        # Demo addresses of the data protection officers (the real ones are on each partner's
        # own site and are typed in the admin, on the partner's page).
        data.setdefault("dpo_email", f"iod.{slug}@kooperacje3d.local")
        partner, _ = upsert_page(partner_index, PartnerPage, slug, refresh=refresh, **data)
        if not partner.dpo_email:  # a demo loaded before the partners had these fields
            partner.dpo_email = data["dpo_email"]
            partner.save_revision().publish()

    news_index, _ = upsert_page(
        home,
        NewsIndexPage,
        "aktualnosci",
        refresh=refresh,
        show_in_menus=True,
        title="Aktualności",
        lead="Wiadomości z realizacji projektu.",
    )
    gallery = [
        (
            placeholder_image(
                "Kamien milowy I - sala obrad",
                "Kooperacje 3D - Katowice, 29.03.2019",
                (11, 79, 138),
                alt_text="Ilustracja: sala obrad podczas spotkania",
            ),
            "Ilustracja zastępcza: obrady Komitetu Sterującego",
        ),
        (
            placeholder_image(
                "Kamien milowy I - prezentacja Modelu",
                "Model Kooperacje 3D",
                (140, 90, 0),
                alt_text="Ilustracja: prezentacja Modelu Kooperacje 3D",
            ),
            "Ilustracja zastępcza: prezentacja Modelu",
        ),
        (
            placeholder_image(
                "Kamien milowy I - uczestnicy",
                "Zespol ds. Modelu",
                (30, 110, 60),
                alt_text="Ilustracja: uczestnicy spotkania",
            ),
            "Ilustracja zastępcza: uczestnicy spotkania",
        ),
    ]
    milestone, milestone_created = upsert_page(
        news_index,
        NewsPage,
        "i-kamien-milowy-zrealizowany",
        refresh=refresh,
        title="I Kamień Milowy zrealizowany!",
        date=datetime.date(2019, 3, 29),
        place="Katowice",
        lead="29 marca 2019 r. w Katowicach przyjęto Model Kooperacje 3D i zakończono pierwszą fazę "
        "projektu. Od 1 kwietnia Model jest testowany w pilotażu.",
        body=_milestone_body(gallery),
    )
    if milestone_created or refresh:
        milestone.tags.set(["kamień milowy", "Model Kooperacje 3D", "Komitet Sterujący"])
        milestone.save_revision().publish()

    statement, _ = upsert_page(
        home,
        AccessibilityStatementPage,
        "deklaracja-dostepnosci",
        refresh=refresh,
        title="Deklaracja dostępności",
        entity_name="Regionalny Ośrodek Polityki Społecznej Województwa Śląskiego – lider projektu "
        "Kooperacje 3D",
        site_url=settings.SITE_URL + "/",
        published_on=datetime.date(2026, 11, 24),
        updated_on=datetime.date(2026, 11, 24),
        status=AccessibilityStatus.PARTIAL,
        non_accessible_content=(
            "<ul><li>część dokumentów PDF opublikowanych przed uruchomieniem serwisu może nie mieć "
            "struktury dostępnej dla czytników ekranu – na prośbę udostępnimy je w formie "
            "dostępnej;</li><li>zdjęcia w galeriach są ilustracjami zastępczymi do czasu "
            "przekazania zdjęć z wydarzeń.</li></ul>"
        ),
        prepared_on=datetime.date(2026, 11, 24),
        shortcuts=(
            "<ul><li>link „Przejdź do treści” na początku każdej strony;</li><li>przełącznik "
            "wysokiego kontrastu i trzy rozmiary tekstu w nagłówku (ustawienie jest "
            "zapamiętywane w przeglądarce, bez plików cookie);</li><li>galerie obsługiwane "
            "klawiaturą (strzałki, Escape).</li></ul>"
        ),
        contact_person="Koordynator ds. dostępności projektu Kooperacje 3D",
        contact_email="dostepnosc@kooperacje3d.local",
        contact_phone="77 44 15 250",
        procedure=(
            "<p>Każdy ma prawo zgłosić brak dostępności cyfrowej tej strony, jej elementu lub "
            "dokumentu oraz zażądać udostępnienia informacji w formie alternatywnej. Żądanie "
            "powinno zawierać dane osoby zgłaszającej, wskazanie strony lub elementu oraz "
            "sposób kontaktu. Odpowiadamy niezwłocznie, nie później niż w ciągu 7 dni; jeśli "
            "to niemożliwe, informujemy o terminie, który nie może przekroczyć 2 miesięcy.</p>"
            "<p>Na odmowę można złożyć skargę do podmiotu publicznego, a po wyczerpaniu tej "
            "drogi – wniosek do Rzecznika Praw Obywatelskich.</p>"
        ),
        architecture=(
            "<p>Siedziby partnerów projektu w Katowicach, Łodzi, Krakowie i Opolu przyjmują "
            "interesantów w godzinach pracy urzędów. Informacje o wejściach, windach, miejscach "
            "parkingowych dla osób z niepełnosprawnościami i możliwości wejścia z psem "
            "asystującym podaje każdy z partnerów na swojej stronie i pod numerami telefonów "
            "wskazanymi w stopce.</p>"
        ),
        mobile_apps="<p>Projekt nie udostępnia aplikacji mobilnych.</p>",
    )
    privacy, _ = upsert_page(
        home,
        PrivacyNoticePage,
        "informacja-rodo",
        refresh=refresh,
        title="Informacja o przetwarzaniu danych osobowych",
        lead="Klauzula informacyjna RODO dla osób korzystających z portalu, zakładających konto "
        "JST, zgłaszających JST do naboru i zapisujących się na wydarzenia projektu.",
        intro=rich(
            "<p>Na podstawie art. 13 RODO informujemy, kto i w jakim celu przetwarza Państwa dane "
            "osobowe w portalu projektu Kooperacje 3D. Ta sama informacja, w części dotyczącej "
            "danego formularza, jest pokazywana przy rejestracji konta, w zgłoszeniu do naboru i "
            "przy zapisach na wydarzenia (Załącznik nr 1 – Oświadczenie RODO).</p>"
        ),
        purposes=PRIVACY_PURPOSES,
        recipients=rich(
            "<ul><li>instytucje, które rozliczają, kontrolują i oceniają projekt (instytucja "
            "pośrednicząca Programu Operacyjnego Wiedza Edukacja Rozwój, minister właściwy do "
            "spraw rozwoju regionalnego w zakresie Centralnego systemu teleinformatycznego);</li>"
            "<li>podmioty, które na zlecenie administratora prowadzą hosting portalu i poczty "
            "elektronicznej, ewaluację projektu lub obsługę wydarzeń;</li>"
            "<li>członkowie komisji oceny – w zakresie danych ze zgłoszenia JST.</li></ul>"
            "<p>Danych nie przekazujemy do państw spoza Europejskiego Obszaru Gospodarczego.</p>"
        ),
        rights=rich(
            "<ul><li>dostęp do danych i otrzymanie ich kopii;</li><li>sprostowanie danych;</li>"
            "<li>usunięcie danych lub ograniczenie przetwarzania – gdy pozwalają na to przepisy "
            "(nie dotyczy danych, które musimy przechowywać do rozliczenia projektu);</li>"
            "<li>sprzeciw wobec przetwarzania opartego na art. 6 ust. 1 lit. e RODO;</li>"
            "<li>cofnięcie zgody w dowolnym momencie, bez wpływu na zgodność z prawem "
            "przetwarzania przed jej cofnięciem.</li></ul>"
            "<p>Nie podejmujemy decyzji w sposób zautomatyzowany i nie profilujemy: o wynikach "
            "naboru rozstrzyga komisja oceny.</p>"
        ),
    )
    portal_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    if (
        portal_settings.accessibility_page_id != statement.pk
        or portal_settings.privacy_page_id is None
        or not portal_settings.contact_email
    ):
        portal_settings.accessibility_page = statement
        portal_settings.privacy_page = privacy
        portal_settings.contact_email = (
            portal_settings.contact_email or "kontakt@kooperacje3d.local"
        )
        portal_settings.funding_note = (
            "Projekt „Kooperacje 3D – model wielosektorowej współpracy na rzecz wsparcia osób "
            "i rodzin” współfinansowany ze środków Unii Europejskiej w ramach Europejskiego Funduszu "
            "Społecznego, Program Operacyjny Wiedza Edukacja Rozwój 2014–2020."
        )
        portal_settings.save()
    stdout.write(f"  strony portalu: {'utworzone' if created else 'już istniały'}")
