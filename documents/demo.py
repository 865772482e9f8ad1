"""Demo content of the registry: the Opole call set (seed 001), the Oświęcim agreement (seed 004),
the milestone-I diagnosis report, and one internal document in a private collection.

Records are found again by `source_key`, so a second run adds nothing; it works on a flushed
database (the root collection is created when missing).
"""

import datetime

from django.contrib.auth.models import Group

from wagtail.models import Collection, CollectionViewRestriction

from core.choices import Voivodeship
from core.partners import Partner

from .generation import docx_bytes, pdf_bytes
from .models import LegalStatus, RegistryDocument
from .services import create_document, ensure_document_types

OPOLE = {
    "partner": Partner.ROPS_OPOLE,
    "voivodeship": Voivodeship.OPOLSKIE,
    "issuer": "Regionalny Ośrodek Polityki Społecznej w Opolu",
    "call_reference": "Nabór JST – województwo opolskie, 2018",
}
CALL_DATE = datetime.date(2018, 5, 30)
ORDER_DATE = datetime.date(2018, 8, 30)
CALL_TAGS = ("nabór JST", "Opole")

# key, format, title, type slug, extra fields, tags, paragraphs
DOCUMENTS = [
    (
        "opole-regulamin-naboru",
        "pdf",
        "Regulamin naboru jednostek samorządu terytorialnego",
        "regulamin",
        {**OPOLE, "issued_on": CALL_DATE, "subject": "w sprawie naboru gmin miejskich do projektu"},
        CALL_TAGS,
        (
            "Regulamin określa zasady, na jakich gminy miejskie z województwa opolskiego liczące "
            "ponad 20 tysięcy mieszkańców mogą zgłosić się do udziału w projekcie Kooperacje 3D.",
            "Zgłoszenia przyjmuje Regionalny Ośrodek Polityki Społecznej w Opolu na formularzu "
            "zgłoszeniowym, w wersji papierowej, w terminie do 20 czerwca 2018 r.",
            "Zgłoszenia podlegają ocenie formalnej i merytorycznej na kartach oceny; kryteria "
            "merytoryczne opisuje odrębny dokument naboru.",
        ),
    ),
    (
        "opole-informacja-o-projekcie",
        "pdf",
        "Informacja dotycząca Projektu",
        "informacja",
        {**OPOLE, "issued_on": CALL_DATE},
        CALL_TAGS,
        (
            "Projekt Kooperacje 3D jest współfinansowany z Europejskiego Funduszu Społecznego "
            "w ramach Programu Operacyjnego Wiedza Edukacja Rozwój, Działanie 2.5 Skuteczna pomoc "
            "społeczna.",
            "Jego celem jest wypracowanie modelu współdziałania pomocy społecznej z edukacją, "
            "ochroną zdrowia, sądami i policją w 20 powiatach i 30 gminach miejskich "
            "makroregionu III.",
            "Projekt prowadzą wspólnie cztery regionalne ośrodki polityki społecznej; liderem "
            "jest ROPS Województwa Śląskiego.",
        ),
    ),
    (
        "opole-opis-i-harmonogram",
        "pdf",
        "Opis i harmonogram wybranych działań w ramach Projektu",
        "informacja",
        {**OPOLE, "issued_on": CALL_DATE},
        CALL_TAGS,
        (
            "Faza I trwa 12 miesięcy i służy opracowaniu modelu kooperacji; faza II to 18 miesięcy "
            "pilotażu w wybranych gminach i powiatach.",
            "Po pilotażu przewidziano trzymiesięczne podsumowanie testów oraz trzy miesiące "
            "działań edukacyjnych upowszechniających model.",
            "Uczestniczące gminy otrzymają wsparcie w formie szkoleń międzysektorowych, coachingu "
            "i warsztatów kooperacyjnych.",
        ),
    ),
    (
        "opole-formularz-zgloszeniowy",
        "docx",
        "Formularz zgłoszeniowy",
        "formularz",
        {**OPOLE, "issued_on": CALL_DATE},
        (*CALL_TAGS, "formularze"),
        (
            "Nazwa gminy miejskiej, adres urzędu i dane osoby do kontaktu.",
            "Liczba mieszkańców gminy według ostatnich danych GUS oraz nazwa ośrodka pomocy "
            "społecznej, który będzie uczestniczył w projekcie.",
            "Opis dotychczasowej współpracy ośrodka z instytucjami innych sektorów.",
        ),
    ),
    (
        "opole-karta-oceny-formalnej",
        "docx",
        "Karta oceny formalnej",
        "karta-oceny",
        {**OPOLE, "issued_on": CALL_DATE},
        CALL_TAGS,
        (
            "Dla każdego kryterium formalnego oceniający zaznacza: tak, nie albo nie dotyczy.",
            "Sprawdza się między innymi termin złożenia formularza, typ jednostki i liczbę "
            "mieszkańców powyżej 20 tysięcy oraz komplet podpisów.",
        ),
    ),
    (
        "opole-karta-oceny-merytorycznej",
        "docx",
        "Karta oceny merytorycznej",
        "karta-oceny",
        {**OPOLE, "issued_on": CALL_DATE},
        CALL_TAGS,
        (
            "Każde kryterium merytoryczne oceniający punktuje w skali określonej w kryteriach "
            "oceny i uzasadnia każdą ocenę niższą od maksymalnej.",
            "Karta zawiera oświadczenie oceniającego o bezstronności i poufności.",
        ),
    ),
    (
        "opole-kryteria-merytoryczne",
        "pdf",
        "Kryteria merytoryczne oceny formularzy",
        "kryteria",
        {**OPOLE, "issued_on": CALL_DATE},
        CALL_TAGS,
        (
            "Ocenie podlega gotowość gminy do budowania partnerstwa z instytucjami edukacji, "
            "ochrony zdrowia, wymiaru sprawiedliwości i policji.",
            "Punktowane są także doświadczenie ośrodka pomocy społecznej we współpracy "
            "międzysektorowej oraz zaangażowanie kadry kierowniczej.",
        ),
    ),
    (
        "opole-zarzadzenie-20-18",
        "pdf",
        "Zarządzenie nr 20/18 Dyrektora ROPS w Opolu z dnia 30 sierpnia 2018 r.",
        "zarzadzenie",
        {
            **OPOLE,
            "number": "20/18",
            "issued_on": ORDER_DATE,
            "issuer": "Dyrektor Regionalnego Ośrodka Polityki Społecznej w Opolu",
            "subject": "w sprawie wprowadzenia regulaminu uczestnictwa w formach wsparcia "
            "projektu Kooperacje 3D",
        },
        ("Opole", "zarządzenia"),
        (
            "Dyrektor ROPS w Opolu wprowadza regulamin uczestnictwa w formach wsparcia oraz innych "
            "działaniach organizowanych w ramach projektu Kooperacje 3D.",
            "Zarządzenie wchodzi w życie z dniem podpisania.",
        ),
    ),
    (
        "opole-regulamin-uczestnictwa",
        "pdf",
        "Regulamin uczestnictwa w formach wsparcia oraz innych działaniach organizowanych przez "
        "ROPS w Opolu",
        "regulamin",
        {**OPOLE, "issued_on": ORDER_DATE, "attachment_to": "opole-zarzadzenie-20-18"},
        ("Opole", "formy wsparcia"),
        (
            "Formami wsparcia są szkolenia międzysektorowe, coaching, warsztaty kooperacyjne "
            "i spotkania Partnerskiego Zespołu Kooperacyjnego.",
            "Konferencje regionalne i makroregionalne oraz spotkania edukacyjne i konsultacyjne "
            "są działaniami niebędącymi formami wsparcia.",
            "Zgłoszenia przyjmuje się na formularzach stanowiących załączniki nr 2 i 3; każdy "
            "uczestnik składa oświadczenie RODO (załącznik nr 1).",
        ),
    ),
    (
        "opole-zalacznik-1-rodo",
        "docx",
        "Załącznik nr 1 – Oświadczenie RODO",
        "zalacznik",
        {
            **OPOLE,
            "issued_on": ORDER_DATE,
            "attachment_to": "opole-regulamin-uczestnictwa",
            "attachment_number": 1,
        },
        ("Opole", "RODO", "formularze"),
        (
            "Uczestnik oświadcza, że przyjmuje do wiadomości zasady przetwarzania jego danych "
            "osobowych w projekcie Kooperacje 3D.",
            "Dane są przetwarzane wyłącznie w celu realizacji, monitorowania i rozliczenia "
            "projektu współfinansowanego z Europejskiego Funduszu Społecznego.",
        ),
    ),
    (
        "opole-zalacznik-2-formy-wsparcia",
        "docx",
        "Załącznik nr 2 – Formularz zgłoszenia udziału w formach wsparcia",
        "zalacznik",
        {
            **OPOLE,
            "issued_on": ORDER_DATE,
            "attachment_to": "opole-regulamin-uczestnictwa",
            "attachment_number": 2,
        },
        ("Opole", "formy wsparcia", "formularze"),
        (
            "Imię i nazwisko, instytucja, sektor i stanowisko zgłaszanej osoby.",
            "Wybrana forma wsparcia: szkolenie międzysektorowe, coaching, warsztat kooperacyjny "
            "albo spotkanie Partnerskiego Zespołu Kooperacyjnego.",
        ),
    ),
    (
        "opole-zalacznik-3-inne-dzialania",
        "docx",
        "Załącznik nr 3 – Formularz zgłoszenia udziału w działaniach niebędących formami wsparcia",
        "zalacznik",
        {
            **OPOLE,
            "issued_on": ORDER_DATE,
            "attachment_to": "opole-regulamin-uczestnictwa",
            "attachment_number": 3,
        },
        ("Opole", "formularze"),
        (
            "Formularz dotyczy konferencji regionalnej lub makroregionalnej oraz spotkań "
            "edukacyjnych i konsultacyjnych.",
            "Zgłaszający podaje dane kontaktowe i potrzeby związane z udziałem, np. dostępność "
            "sali dla osób z niepełnosprawnościami.",
        ),
    ),
    (
        "porozumienie-oswiecim-2018",
        "pdf",
        "Porozumienie o współpracy – Województwo Małopolskie, Gmina Miasto Oświęcim i Powiat "
        "Oświęcimski",
        "porozumienie",
        {
            "partner": Partner.ROPS_KRAKOW,
            "voivodeship": Voivodeship.MALOPOLSKIE,
            "issuer": "Województwo Małopolskie – ROPS w Krakowie",
            "issued_on": datetime.date(2018, 10, 1),
            "subject": "w sprawie współpracy przy realizacji projektu Kooperacje 3D",
        },
        ("porozumienia", "Oświęcim"),
        (
            "Strony porozumienia zawartego 1 października 2018 r. to Województwo Małopolskie, "
            "Gmina Miasto Oświęcim oraz Powiat Oświęcimski.",
            "Strony współdziałają przy pilotażu modelu kooperacji instytucji pomocy i integracji "
            "społecznej z podmiotami innych polityk sektorowych.",
            "Przedstawiciele instytucji z Oświęcimia wezmą udział w szkoleniach "
            "międzysektorowych, coachingu, warsztatach kooperacyjnych i spotkaniach PZK.",
        ),
    ),
    (
        "raport-diagnoza-kamien-milowy-1",
        "pdf",
        "Diagnoza stanu oraz warunków i sposobu poprawy wielosektorowej kooperacji na rzecz "
        "włączenia społecznego osób i rodzin w gminach miejskich powyżej 20 tys. mieszkańców",
        "raport",
        {
            "partner": Partner.ROPS_KATOWICE,
            "voivodeship": Voivodeship.SLASKIE,
            "issuer": "Regionalny Ośrodek Polityki Społecznej Województwa Śląskiego",
            "issued_on": datetime.date(2019, 3, 29),
            "subject": "raport z badania – I Kamień Milowy projektu",
        },
        ("raporty", "Kamień Milowy I"),
        (
            "Raport podsumowuje badanie współpracy ośrodków pomocy społecznej z innymi "
            "instytucjami w miastach makroregionu III.",
            "Wnioski z diagnozy posłużyły do opracowania Modelu Kooperacje 3D, przyjętego "
            "29 marca 2019 r. w Katowicach na zakończenie I fazy projektu.",
            "Badanie wskazuje bariery współpracy: brak wspólnej diagnozy rodziny, rozproszenie "
            "informacji i brak stałych zespołów łączących sektory.",
        ),
    ),
]

PRIVATE_COLLECTION = "Dokumenty wewnętrzne"
PRIVATE_DOCUMENT = (
    "instrukcja-dla-oceniajacych",
    "pdf",
    "Instrukcja dla członków komisji oceny projektów",
    "informacja",
    {**OPOLE, "issued_on": CALL_DATE},
    ("dokumenty wewnętrzne",),
    (
        "Dokument wewnętrzny dla członków komisji oceny: kolejność pracy z kartami oceny "
        "i zasady uzasadniania ocen niższych od maksymalnych.",
    ),
)


def _root_collection():
    root = Collection.get_first_root_node()
    if root is None:
        root = Collection.add_root(name="Root")
    return root


def _private_collection(root):
    from core.roles import CHAIRS, EVALUATORS, OPERATORS

    collection = root.get_children().filter(name=PRIVATE_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=PRIVATE_COLLECTION)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        groups = [Group.objects.get_or_create(name=n)[0] for n in (EVALUATORS, CHAIRS, OPERATORS)]
        restriction.groups.set(groups)
    return collection


def _load_one(spec, types, collection, stdout, refresh):
    key, fmt, title, type_slug, fields, tags, paragraphs = spec
    fields = dict(fields)
    for name in ("attachment_to",):
        if name in fields:
            fields[name] = RegistryDocument.objects.filter(source_key=fields[name]).first()
    metadata = {
        "title": title,
        "document_type": types[type_slug],
        "legal_status": LegalStatus.IN_FORCE,
        "source_key": key,
        **fields,
    }
    existing = RegistryDocument.objects.filter(source_key=key).first()
    if existing is not None:
        if refresh:
            for name, value in metadata.items():
                setattr(existing, name, value)
            existing.save()
        return existing, False
    subtitle = fields.get("subject", "")
    if fmt == "pdf":
        data = pdf_bytes(title, paragraphs, subtitle)
    else:
        data = docx_bytes(title, paragraphs, subtitle)
    filename = f"{key}.{fmt}"
    document = create_document(data, filename, metadata, tags=tags, collection=collection)
    return document, True


def load(stdout, refresh=False):
    types = ensure_document_types()
    root = _root_collection()
    created = 0
    loaded = {}
    for spec in DOCUMENTS:
        document, was_created = _load_one(spec, types, root, stdout, refresh)
        loaded[spec[0]] = document
        created += was_created
    _, was_created = _load_one(PRIVATE_DOCUMENT, types, _private_collection(root), stdout, refresh)
    created += was_created
    # The call's documents refer to each other: the rules, the forms and the evaluation cards.
    rules = loaded["opole-regulamin-naboru"]
    related_keys = [
        "opole-formularz-zgloszeniowy",
        "opole-karta-oceny-formalnej",
        "opole-karta-oceny-merytorycznej",
        "opole-kryteria-merytoryczne",
        "opole-informacja-o-projekcie",
        "opole-opis-i-harmonogram",
    ]
    if not rules.related_documents.exists():
        rules.related_documents.add(*[loaded[k] for k in related_keys])
    order = loaded["opole-zarzadzenie-20-18"]
    if not order.related_documents.exists():
        order.related_documents.add(loaded["opole-regulamin-uczestnictwa"])
    stdout.write(f"  dokumenty: {created} nowych, {len(DOCUMENTS) + 1 - created} istniejących")
