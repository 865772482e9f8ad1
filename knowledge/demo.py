"""Demo content of the knowledge area: the Model, good practices, glossary and participants."""

import datetime

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Site

from core.choices import CooperationLevel as L
from core.choices import JSTType, Sector
from core.choices import Voivodeship as V
from core.demo_utils import rich, upsert_page
from knowledge.choices import TargetGroup
from knowledge.models import (
    GlossaryPage,
    GlossaryTerm,
    GoodPracticeIndexPage,
    GoodPracticePage,
    ModelChapterPage,
    ModelPage,
    Participant,
    ParticipantsPage,
)


def _p(*paragraphs):
    return [("paragraph", rich("".join(f"<p>{text}</p>" for text in paragraphs)))]


CHAPTERS = [
    {
        "slug": "zalozenia-modelu",
        "title": "Założenia Modelu Kooperacje 3D",
        "levels": [L.INSTITUTION, L.EMPLOYEE, L.CLIENT],
        "lead": "Po co powstał Model, komu służy i dlaczego opisuje współpracę na trzech poziomach.",
        "body": _p(
            "Osoby i rodziny zagrożone wykluczeniem społecznym korzystają zwykle z pomocy kilku "
            "instytucji naraz: ośrodka pomocy społecznej, szkoły, przychodni, kuratora sądowego, "
            "policji czy organizacji pozarządowej. Każda z nich działa według własnych przepisów "
            "i często nie wie, co robią pozostałe.",
            "Model Kooperacje 3D porządkuje tę współpracę w gminach miejskich powyżej 20 tys. "
            "mieszkańców i w powiatach. Opisuje ją na trzech poziomach – instytucji, pracownika "
            "i klienta – stąd „3D” w nazwie. Model przyjęły 29 marca 2019 r. w Katowicach "
            '<a href="/slownik/#komitet-sterujacy">Komitet Sterujący</a> i '
            '<a href="/slownik/#zespol-ds-modelu">Zespół ds. Modelu</a>, a od kwietnia 2019 r. '
            "jest sprawdzany w pilotażu w 50 JST makroregionu III.",
        ),
    },
    {
        "slug": "partnerstwo-lokalne-i-pzk",
        "title": "Poziom instytucji: partnerstwo lokalne i Partnerski Zespół Kooperacyjny",
        "levels": [L.INSTITUTION],
        "lead": "Jak zawiązać sformalizowane partnerstwo instytucji pomocy i integracji społecznej "
        "z instytucjami innych sektorów.",
        "body": _p(
            "Na poziomie instytucji Model proponuje "
            '<a href="/slownik/#partnerstwo-lokalne">partnerstwo lokalne</a>: porozumienie '
            "ośrodka pomocy społecznej lub PCPR z placówkami oświaty, ochrony zdrowia, sądem, "
            "policją, urzędem pracy i organizacjami pozarządowymi.",
            'Organem partnerstwa jest <a href="/slownik/#pzk">Partnerski Zespół Kooperacyjny '
            "(PZK)</a>, złożony z przedstawicieli tych instytucji. PZK ustala wspólne cele, "
            "zasady wymiany informacji i sposób powoływania zespołów zadaniowych. Pierwsze "
            "spotkania inicjujące pomaga zorganizować animator partnerstwa.",
        ),
    },
    {
        "slug": "animator-i-ekspert",
        "title": "Wsparcie JST: animator partnerstwa i ekspert ds. modelu",
        "levels": [L.INSTITUTION, L.EMPLOYEE],
        "lead": "Kto pomaga gminom i powiatom wdrażać Model w czasie pilotażu.",
        "body": _p(
            "Każda JST uczestnicząca w pilotażu otrzymuje wsparcie doradczo-organizacyjne. "
            '<a href="/slownik/#animator">Animator</a> moderuje pracę partnerstwa: przygotowuje '
            "spotkania PZK, dba o przepływ informacji i o to, by każdy partner miał głos.",
            '<a href="/slownik/#ekspert-ds-modelu">Ekspert ds. modelu</a> odpowiada na pytania '
            "merytoryczne: jak stosować rozwiązania Modelu w konkretnej sytuacji, jakie dokumenty "
            "przygotować i jak ocenić postępy.",
        ),
    },
    {
        "slug": "zadaniowe-zespoly-kooperacyjne",
        "title": "Poziom pracownika: Zadaniowe Zespoły Kooperacyjne",
        "levels": [L.EMPLOYEE],
        "lead": "Jak pracownicy socjalni współpracują z pracownikami innych instytucji przy "
        "konkretnej rodzinie.",
        "body": _p(
            "Na poziomie pracownika Model opisuje, jak pracownik socjalny łączy swoje działania "
            "z działaniami nauczyciela, pielęgniarki środowiskowej, kuratora, dzielnicowego czy "
            "doradcy zawodowego, którzy wspierają tę samą osobę lub rodzinę.",
            'Narzędziem tej współpracy jest <a href="/slownik/#zzk">Zadaniowy Zespół '
            "Kooperacyjny (ZZK)</a>: powoływany do konkretnej sprawy, z jasnym podziałem zadań "
            "i terminem przeglądu efektów. Członkowie ZZK mogą korzystać z superwizji.",
        ),
    },
    {
        "slug": "rozwoj-kompetencji",
        "title": "Szkolenia, coaching, superwizja i warsztaty kooperacyjne",
        "levels": [L.EMPLOYEE, L.INSTITUTION],
        "lead": "Formy wsparcia, które przygotowują kadrę i pracowników do pracy według Modelu.",
        "body": _p(
            "Projekt przewiduje szkolenia międzysektorowe dla przedstawicieli różnych instytucji, "
            '<a href="/slownik/#coaching">coaching</a> dla pracowników socjalnych, dwudniowe '
            '<a href="/slownik/#warsztaty-kooperacyjne">warsztaty kooperacyjne</a> dla kadry '
            'zarządzającej i pracowników oraz <a href="/slownik/#superwizja">superwizję</a> '
            "dla członków ZZK.",
            "W pierwszej fazie projektu odbyły się 34 szkolenia międzysektorowe i cztery "
            "regionalne konferencje edukacyjne.",
        ),
    },
    {
        "slug": "diagnoza-potrzeb",
        "title": "Poziom klienta: zindywidualizowana diagnoza potrzeb",
        "levels": [L.CLIENT],
        "lead": "Jak rozpoznać faktyczne potrzeby osoby, rodziny lub grupy, zanim zaplanuje się "
        "wsparcie.",
        "body": _p(
            "Na poziomie klienta pracownik socjalny wspólnie z osobą lub rodziną przygotowuje "
            '<a href="/slownik/#diagnoza-potrzeb">diagnozę potrzeb</a>. Uwzględnia ona nie tylko '
            "to, co może zaoferować pomoc społeczna, ale też możliwości szkoły, ochrony zdrowia, "
            "rynku pracy i organizacji działających w okolicy.",
            "Diagnoza jest punktem wyjścia do kontraktu socjalnego i do ewentualnego powołania "
            "Zadaniowego Zespołu Kooperacyjnego.",
        ),
    },
    {
        "slug": "kontrakt-socjalny",
        "title": "Wielosektorowy kontrakt socjalny",
        "levels": [L.CLIENT, L.EMPLOYEE],
        "lead": "Umowa z klientem, która wskazuje zadania kilku instytucji, a nie tylko ośrodka "
        "pomocy społecznej.",
        "body": _p(
            '<a href="/slownik/#kontrakt-socjalny">Kontrakt socjalny</a> zapisuje, co zrobi '
            "klient, a co pracownik socjalny, by rozwiązać trudną sytuację. W Modelu Kooperacje 3D "
            "kontrakt obejmuje także działania partnerów z innych sektorów, uzgodnione w ZZK.",
            "W pilotażu rozwiązanie ma sprawdzić od 250 do 500 osób i rodzin korzystających ze "
            "wsparcia ośrodków pomocy społecznej w gminach i powiatach uczestniczących w projekcie.",
        ),
    },
]

GLOSSARY = [
    (
        "pzk",
        "PZK",
        "Partnerski Zespół Kooperacyjny",
        "Zespół przedstawicieli instytucji pomocy i integracji społecznej oraz instytucji innych "
        "sektorów, który kieruje lokalnym partnerstwem w JST.",
        ["zzk", "partnerstwo-lokalne", "animator"],
    ),
    (
        "zzk",
        "ZZK",
        "Zadaniowy Zespół Kooperacyjny",
        "Zespół pracowników różnych instytucji powoływany do wsparcia konkretnej osoby lub rodziny, "
        "z podziałem zadań i terminem oceny efektów.",
        ["pzk", "superwizja"],
    ),
    (
        "ops",
        "OPS",
        "Ośrodek Pomocy Społecznej",
        "Gminna jednostka, która udziela pomocy społecznej mieszkańcom, m.in. przez pracę socjalną "
        "i świadczenia.",
        ["pcpr", "kontrakt-socjalny"],
    ),
    (
        "pcpr",
        "PCPR",
        "Powiatowe Centrum Pomocy Rodzinie",
        "Powiatowa jednostka realizująca zadania pomocy społecznej i wspierania rodziny na poziomie "
        "powiatu.",
        ["ops"],
    ),
    (
        "jst",
        "JST",
        "jednostka samorządu terytorialnego",
        "Gmina, powiat lub województwo. W pilotażu Modelu uczestniczy 50 JST: 30 gmin miejskich "
        "powyżej 20 tys. mieszkańców i 20 powiatów.",
        ["teryt", "makroregion"],
    ),
    (
        "rops",
        "ROPS",
        "Regionalny Ośrodek Polityki Społecznej",
        "Jednostka samorządu województwa zajmująca się polityką społeczną. ROPS Województwa "
        "Śląskiego jest liderem projektu, a ROPS w Krakowie i ROPS w Opolu jego partnerami.",
        ["rcps"],
    ),
    (
        "rcps",
        "RCPS",
        "Regionalne Centrum Polityki Społecznej",
        "Odpowiednik ROPS w województwie łódzkim; RCPS w Łodzi jest partnerem projektu.",
        ["rops"],
    ),
    (
        "kontrakt-socjalny",
        "Kontrakt socjalny",
        "",
        "Pisemna umowa pracownika socjalnego z osobą lub rodziną, określająca cele, zadania obu "
        "stron i termin ich realizacji. W Modelu obejmuje także zadania innych instytucji.",
        ["diagnoza-potrzeb", "zzk"],
    ),
    (
        "animator",
        "Animator",
        "moderator partnerstwa",
        "Osoba, która wspiera JST w pilotażu: organizuje i prowadzi spotkania partnerstwa "
        "i pomaga w zawiązaniu PZK.",
        ["ekspert-ds-modelu", "pzk"],
    ),
    (
        "ekspert-ds-modelu",
        "Ekspert ds. modelu",
        "",
        "Specjalista doradzający JST, jak stosować rozwiązania Modelu Kooperacje 3D w praktyce.",
        ["animator"],
    ),
    (
        "komitet-sterujacy",
        "Komitet Sterujący",
        "",
        "Ciało zarządzające projektem, złożone z przedstawicieli partnerów; zatwierdza kluczowe "
        "produkty, w tym Model.",
        ["zespol-ds-modelu", "kamien-milowy"],
    ),
    (
        "zespol-ds-modelu",
        "Zespół ds. Modelu",
        "",
        "Zespół ekspertów, który opracował Model Kooperacje 3D, przeprowadził jego konsultacje "
        "i wprowadza zmiany wynikające z pilotażu.",
        ["komitet-sterujacy"],
    ),
    (
        "superwizja",
        "Superwizja",
        "",
        "Spotkania, na których doświadczony superwizor pomaga zespołowi przeanalizować trudne "
        "sprawy i własną pracę. W projekcie kierowana do członków ZZK.",
        ["coaching", "zzk"],
    ),
    (
        "coaching",
        "Coaching",
        "",
        "Indywidualne wsparcie pracownika w rozwijaniu umiejętności i osiąganiu celów zawodowych; "
        "w projekcie przeznaczone dla pracowników socjalnych.",
        ["superwizja"],
    ),
    (
        "warsztaty-kooperacyjne",
        "Warsztaty kooperacyjne",
        "",
        "Dwudniowe zajęcia dla kadry zarządzającej i pracowników instytucji, ćwiczące wspólne "
        "planowanie i rozwiązywanie problemów.",
        ["szkolenie-miedzysektorowe"],
    ),
    (
        "diagnoza-potrzeb",
        "Diagnoza potrzeb",
        "",
        "Rozpoznanie sytuacji, zasobów i potrzeb osoby, rodziny lub grupy, uwzględniające możliwości "
        "wsparcia wielu sektorów w środowisku lokalnym.",
        ["kontrakt-socjalny", "srodowisko-lokalne"],
    ),
    (
        "partnerstwo-lokalne",
        "Partnerstwo lokalne",
        "",
        "Sformalizowana współpraca instytucji z różnych sektorów w jednej gminie lub powiecie, "
        "oparta na porozumieniu.",
        ["pzk"],
    ),
    (
        "makroregion",
        "Makroregion",
        "",
        "Obszar kilku województw objęty jednym projektem. Makroregion III to województwa śląskie, "
        "łódzkie, małopolskie i opolskie.",
        ["jst"],
    ),
    (
        "kamien-milowy",
        "Kamień milowy",
        "",
        "Punkt kontrolny kończący etap projektu. I kamień milowy zamknięto 29 marca 2019 r. "
        "przyjęciem Modelu.",
        ["komitet-sterujacy"],
    ),
    (
        "teryt",
        "TERYT",
        "krajowy rejestr urzędowy podziału terytorialnego kraju",
        "Rejestr prowadzony przez GUS, nadający kody województwom (2 cyfry), powiatom (4 cyfry) "
        "i gminom (7 cyfr; ostatnia oznacza rodzaj gminy).",
        ["jst"],
    ),
    (
        "szkolenie-miedzysektorowe",
        "Szkolenie międzysektorowe",
        "",
        "Szkolenie, w którym razem uczą się przedstawiciele pomocy społecznej, oświaty, ochrony "
        "zdrowia, wymiaru sprawiedliwości, policji i organizacji pozarządowych.",
        ["warsztaty-kooperacyjne"],
    ),
    (
        "srodowisko-lokalne",
        "Środowisko lokalne",
        "",
        "Społeczność i instytucje w najbliższym otoczeniu osoby lub rodziny: sąsiedztwo, szkoła, "
        "przychodnia, parafia, organizacje.",
        ["diagnoza-potrzeb"],
    ),
    (
        "ksiega-rekomendacji",
        "Księga rekomendacji",
        "",
        "Publikacja podsumowująca prace zespołów, które w trzech makroregionach Polski "
        "opracowywały modele kooperacji.",
        ["makroregion"],
    ),
    (
        "pilotaz",
        "Pilotaż",
        "",
        "Druga faza projektu (18 miesięcy), w której 50 JST wdraża i testuje Model.",
        ["kamien-milowy", "jst"],
    ),
]

NOTE_EXAMPLE = (
    "opisy w katalogu są przykładami demonstracyjnymi, przygotowanymi do pokazania działania "
    "katalogu; źródła projektu nie wymieniają jeszcze konkretnych dobrych praktyk."
)

PRACTICES = [
    (
        "wspolny-dyzur-w-szkole",
        "Wspólny dyżur w szkole",
        "Przykładowa gmina miejska A",
        V.SLASKIE,
        [Sector.SOCIAL_ASSISTANCE, Sector.EDUCATION],
        [L.EMPLOYEE],
        [TargetGroup.FAMILIES, TargetGroup.YOUTH],
        "Nauczyciele zauważali problemy uczniów, ale nie wiedzieli, do kogo w ośrodku pomocy "
        "społecznej się zwrócić.",
        "Pracownik socjalny raz w tygodniu pełni dyżur w szkole; pedagog i wychowawcy zgłaszają mu "
        "sytuacje, a sprawy wymagające współpracy trafiają do ZZK.",
        "W pierwszym semestrze zgłoszono 24 sprawy, w 9 powołano ZZK.",
    ),
    (
        "dzielnicowy-w-zzk",
        "Dzielnicowy w zespole zadaniowym",
        "Przykładowy powiat B",
        V.SLASKIE,
        [Sector.POLICE, Sector.SOCIAL_ASSISTANCE, Sector.NGO],
        [L.EMPLOYEE, L.CLIENT],
        [TargetGroup.VIOLENCE, TargetGroup.FAMILIES],
        "Rodziny doznające przemocy były wspierane równolegle przez policję i OPS bez uzgodnień.",
        "Dzielnicowi zostali stałymi członkami ZZK w sprawach przemocy; organizacja pozarządowa "
        "zapewnia konsultacje psychologiczne.",
        "Czas od zgłoszenia do pierwszego spotkania zespołu skrócił się z trzech tygodni do pięciu dni.",
    ),
    (
        "porozumienie-z-urzedem-pracy",
        "Porozumienie ośrodka z urzędem pracy",
        "Przykładowa gmina miejska C",
        V.LODZKIE,
        [Sector.SOCIAL_ASSISTANCE, Sector.LABOUR_MARKET],
        [L.INSTITUTION],
        [TargetGroup.UNEMPLOYED],
        "Osoby długotrwale bezrobotne musiały osobno umawiać się w OPS i w urzędzie pracy.",
        "OPS i powiatowy urząd pracy podpisały porozumienie o wspólnym planowaniu wsparcia "
        "i wymianie informacji za zgodą klienta.",
        "Wspólne plany działania objęły 40 osób; 11 podjęło zatrudnienie.",
    ),
    (
        "pielegniarka-srodowiskowa",
        "Pielęgniarka środowiskowa w kontrakcie socjalnym",
        "Przykładowa gmina miejska D",
        V.LODZKIE,
        [Sector.HEALTH, Sector.SOCIAL_ASSISTANCE],
        [L.CLIENT],
        [TargetGroup.SENIORS, TargetGroup.DISABLED],
        "Starsi mieszkańcy z wieloma chorobami nie realizowali zaleceń lekarzy.",
        "Kontrakty socjalne uwzględniają wizyty pielęgniarki środowiskowej i pomoc sąsiedzką "
        "organizowaną przez OPS.",
        "Spadła liczba ponownych hospitalizacji uczestników.",
    ),
    (
        "kurator-i-rodzina",
        "Kurator sądowy i pracownik socjalny przy jednym stole",
        "Przykładowy powiat E",
        V.LODZKIE,
        [Sector.JUSTICE, Sector.SOCIAL_ASSISTANCE],
        [L.EMPLOYEE],
        [TargetGroup.FAMILIES, TargetGroup.YOUTH],
        "Kuratorzy i pracownicy socjalni przygotowywali odrębne plany dla tych samych rodzin.",
        "Comiesięczne spotkania ZZK z udziałem kuratora; jeden wspólny plan pracy z rodziną.",
        "Wspólne plany przygotowano dla 18 rodzin.",
    ),
    (
        "pzk-w-miescie",
        "Pierwszy Partnerski Zespół Kooperacyjny w mieście",
        "Przykładowa gmina miejska F",
        V.MALOPOLSKIE,
        [Sector.SOCIAL_ASSISTANCE, Sector.EDUCATION, Sector.HEALTH, Sector.POLICE, Sector.NGO],
        [L.INSTITUTION],
        [TargetGroup.OTHER],
        "Instytucje współpracowały doraźnie, bez stałego forum i wspólnych zasad.",
        "Przy wsparciu animatora zawiązano PZK z udziałem dziewięciu instytucji i przyjęto "
        "regulamin jego pracy.",
        "PZK spotyka się co miesiąc; uzgodniono wspólny formularz zgłoszenia sprawy.",
    ),
    (
        "mlodziez-po-placowkach",
        "Wsparcie usamodzielniania młodzieży",
        "Przykładowy powiat G",
        V.MALOPOLSKIE,
        [Sector.SOCIAL_ASSISTANCE, Sector.EDUCATION, Sector.LABOUR_MARKET],
        [L.CLIENT, L.EMPLOYEE],
        [TargetGroup.YOUTH],
        "Młodzież opuszczająca pieczę zastępczą nie miała planu nauki i pracy.",
        "PCPR, szkoły branżowe i urząd pracy wspólnie przygotowują indywidualne programy "
        "usamodzielnienia.",
        "Wszyscy uczestnicy mają plan; ośmioro kontynuuje naukę zawodu.",
    ),
    (
        "streetworking",
        "Streetworking z organizacją pozarządową",
        "Przykładowa gmina miejska H",
        V.OPOLSKIE,
        [Sector.NGO, Sector.SOCIAL_ASSISTANCE, Sector.HEALTH],
        [L.CLIENT],
        [TargetGroup.HOMELESS, TargetGroup.ADDICTED],
        "Osoby w kryzysie bezdomności nie zgłaszały się same do instytucji.",
        "Streetworkerzy organizacji pozarządowej kontaktują je z pracownikiem socjalnym "
        "i punktem konsultacyjnym terapii uzależnień.",
        "W ciągu roku 15 osób zawarło kontrakt socjalny.",
    ),
    (
        "superwizja-zzk",
        "Superwizja dla zespołów zadaniowych",
        "Przykładowy powiat I",
        V.OPOLSKIE,
        [Sector.SOCIAL_ASSISTANCE, Sector.OTHER],
        [L.EMPLOYEE],
        [TargetGroup.OTHER],
        "Członkowie ZZK sygnalizowali wypalenie i trudności w podziale odpowiedzialności.",
        "Wprowadzono cykliczną superwizję grupową dla członków ZZK z różnych instytucji.",
        "Zespoły lepiej oceniają współpracę; nikt nie zrezygnował z udziału w ZZK.",
    ),
    (
        "rada-seniorow",
        "Rada seniorów w partnerstwie lokalnym",
        "Przykładowa gmina miejska J",
        V.SLASKIE,
        [Sector.OTHER, Sector.NGO, Sector.HEALTH],
        [L.INSTITUTION],
        [TargetGroup.SENIORS],
        "Oferta dla seniorów była rozproszona i mało znana.",
        "Rada seniorów i organizacje pozarządowe weszły do partnerstwa; przygotowano wspólny "
        "informator usług.",
        "Informator trafił do 3 000 gospodarstw domowych.",
    ),
]

PARTICIPANTS_SOURCED = [
    ("Gmina Miasto Oświęcim", JSTType.URBAN_MUNICIPALITY),
    ("Powiat Oświęcimski", JSTType.COUNTY),
]
PARTICIPANTS_SAMPLE = [
    ("Przykładowa gmina miejska (dane demonstracyjne)", JSTType.URBAN_MUNICIPALITY, V.SLASKIE),
    ("Przykładowe miasto na prawach powiatu (dane demonstracyjne)", JSTType.CITY_COUNTY, V.SLASKIE),
    ("Przykładowy powiat (dane demonstracyjne)", JSTType.COUNTY, V.LODZKIE),
    ("Przykładowa gmina miejska (dane demonstracyjne)", JSTType.URBAN_MUNICIPALITY, V.OPOLSKIE),
]
AGREEMENT_TITLE = (
    "Porozumienie o współpracy z 1 października 2018 r. – Województwo Małopolskie, "
    "Gmina Miasto Oświęcim, Powiat Oświęcimski"
)


def _home():
    site = Site.objects.get(is_default_site=True)
    return site.root_page.specific


def _agreement_document():
    """The registry document of the Oświęcim agreement; created (as a summary) when missing."""
    documents = get_document_model()
    existing = documents.objects.filter(title__icontains="Oświęcim").order_by("pk").first()
    if existing is not None:
        return existing
    from weasyprint import HTML

    from knowledge.pdf import quiet_weasyprint

    quiet_weasyprint()
    html = (
        "<html lang='pl'><body style='font-family: DejaVu Sans'>"
        f"<h1>{AGREEMENT_TITLE}</h1>"
        "<p>Informacja o porozumieniu (dokument demonstracyjny portalu): 1 października 2018 r. "
        "Województwo Małopolskie zawarło z Gminą Miasto Oświęcim i Powiatem Oświęcimskim "
        "porozumienie o współpracy przy realizacji projektu „Kooperacje 3D – model wielosektorowej "
        "współpracy na rzecz wsparcia osób i rodzin” (POWER 2014–2020, Działanie 2.5).</p>"
        "<p>Formy wsparcia: szkolenia międzysektorowe, coaching, warsztaty kooperacyjne, "
        "spotkania Partnerskiego Zespołu Kooperacyjnego.</p></body></html>"
    )
    document = documents(title=AGREEMENT_TITLE)
    document.file.save(
        "porozumienie-oswiecim-2018-10-01.pdf",
        ContentFile(HTML(string=html).write_pdf()),
        save=False,
    )
    document._set_document_file_metadata()  # size and hash, as the admin upload form does
    document.save()
    return document


def _glossary(refresh):
    created = 0
    terms = {}
    for slug, term, expansion, definition, _see_also in GLOSSARY:
        obj = GlossaryTerm.objects.filter(slug=slug).first()
        if obj is None:
            obj = GlossaryTerm.objects.create(
                slug=slug, term=term, expansion=expansion, definition=f"<p>{definition}</p>"
            )
            created += 1
        elif refresh:
            obj.term, obj.expansion, obj.definition = term, expansion, f"<p>{definition}</p>"
            obj.save()
        terms[slug] = obj
    for slug, _term, _expansion, _definition, see_also in GLOSSARY:
        if refresh or not terms[slug].see_also.exists():
            terms[slug].see_also.set([terms[other] for other in see_also])
    return created


def load(stdout, refresh=False):
    home = _home()
    model, _ = upsert_page(
        home,
        ModelPage,
        "model",
        refresh=refresh,
        show_in_menus=True,
        title="Model Kooperacje 3D",
        lead="Model wielosektorowej współpracy na rzecz wsparcia osób i rodzin na poziomie "
        "instytucji, pracownika i klienta – w wersji do wdrażania, przyjętej 29 marca 2019 r.",
        body=_p(
            "Model opisuje i porządkuje współpracę instytucji pomocy i integracji społecznej "
            "z podmiotami innych polityk sektorowych. Czytaj go rozdział po rozdziale albo "
            "wybierz poziom współpracy, który Cię interesuje."
        ),
    )
    for data in CHAPTERS:
        data = dict(data)
        upsert_page(model, ModelChapterPage, data.pop("slug"), refresh=refresh, **data)

    practices, _ = upsert_page(
        home,
        GoodPracticeIndexPage,
        "dobre-praktyki",
        refresh=refresh,
        show_in_menus=True,
        title="Dobre praktyki",
        lead="Katalog przykładów współpracy instytucji z różnych sektorów w gminach i powiatach "
        "makroregionu III.",
        notice=NOTE_EXAMPLE[0].upper() + NOTE_EXAMPLE[1:],
    )
    for (
        slug,
        title,
        jst,
        voivodeship,
        sectors,
        levels,
        groups,
        problem,
        actions,
        results,
    ) in PRACTICES:
        upsert_page(
            practices,
            GoodPracticePage,
            slug,
            refresh=refresh,
            title=title,
            is_example=True,
            jst_name=jst,
            voivodeship=voivodeship,
            sectors=sectors,
            levels=levels,
            target_groups=groups,
            lead=problem,
            problem=f"<p>{problem}</p>",
            actions=f"<p>{actions}</p>",
            results=f"<p>{results}</p>",
            contact_name="Zespół projektu Kooperacje 3D (kontakt przykładowy)",
        )

    upsert_page(
        home,
        GlossaryPage,
        "slownik",
        refresh=refresh,
        show_in_menus=True,
        title="Słownik pojęć",
        lead="Skróty i pojęcia używane w projekcie i w Modelu Kooperacje 3D, wyjaśnione prostym "
        "językiem.",
    )
    terms_created = _glossary(refresh)

    agreement = _agreement_document()
    rows = [
        Participant(
            name=name,
            jst_type=jst_type,
            voivodeship=V.MALOPOLSKIE,
            agreement_date=datetime.date(2018, 10, 1),
            agreement_parties="Województwo Małopolskie",
            agreement_document=agreement,
            sort_order=index,
        )
        for index, (name, jst_type) in enumerate(PARTICIPANTS_SOURCED)
    ] + [
        Participant(
            name=name,
            jst_type=jst_type,
            voivodeship=voivodeship,
            is_sample=True,
            sort_order=len(PARTICIPANTS_SOURCED) + index,
        )
        for index, (name, jst_type, voivodeship) in enumerate(PARTICIPANTS_SAMPLE)
    ]
    upsert_page(
        home,
        ParticipantsPage,
        "uczestnicy",
        refresh=refresh,
        show_in_menus=True,
        title="Uczestniczące JST",
        lead="W pilotażu Modelu uczestniczy 50 JST z makroregionu III: 30 gmin miejskich powyżej "
        "20 tys. mieszkańców i 20 powiatów. Poniżej JST wymienione w źródłach projektu "
        "i przykładowe wiersze pokazujące układ listy.",
        participants=rows,
    )
    stdout.write(f"  wiedza: Model, dobre praktyki, słownik (+{terms_created} pojęć), uczestnicy")
