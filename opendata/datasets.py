"""The data sets of /dane/, one definition each: what it holds (title, description, keywords,
themes), its columns, its rows and a cheap stamp of its state (the ETag and Last-Modified).

Only what a visitor of the portal may already see: published registry documents outside private
collections (`RegistryDocument.objects.public()`), the published versions of result lists (their
frozen `ResultEntry` rows), live public event pages without any registration, and the public
statistics of calls with a published list. The stamp of a data set is one aggregate query (the
row count, the sum of ids and the latest timestamps), never a rendering of the rows.
"""

import datetime
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wagtail.models import CollectionViewRestriction

from core.cache import content_version
from core.choices import JSTType, Sector, Voivodeship
from core.partners import Partner
from core.site_url import absolute
from core.visibility import restricted_paths
from documents.models import RegistryDocument
from documents.models.choices import Language, LegalStatus
from evaluation import statistics
from evaluation.models import Appeal, Assignment, ResultEntry, ResultList
from events.choices import FORMS_OF_SUPPORT, EventKind
from events.models import EventPage, RegistrationClosure
from recruitment.models import Application, CallPage

Row = dict[str, Any]

# EU vocabularies (publications.europa.eu authority tables) used by DCAT-AP.
THEME = "http://publications.europa.eu/resource/authority/data-theme/"
SOCIETY, GOVERNMENT, EDUCATION = f"{THEME}SOCI", f"{THEME}GOVE", f"{THEME}EDUC"


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise


@dataclass(frozen=True)
class Stamp:
    """When the data set last changed (None: never, it is empty) and the text its ETag hashes."""

    modified: datetime.datetime | None
    key: str
    # The number of rows where the stamp's query counts them (None: known only from the rows).
    count: int | None


class Rows:
    """The rows of a data set, counted and sliced in the database, so that a Paginator asks for
    one page of them; `prepare` turns a slice of objects into rows."""

    def __init__(self, queryset: QuerySet, prepare: Callable[[list], list[Row]]):
        self.queryset = queryset
        self.prepare = prepare

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index: slice) -> list[Row]:
        return self.prepare(list(self.queryset[index]))

    def __iter__(self) -> Iterator[Row]:
        return iter(self.prepare(list(self.queryset)))


class Scope:
    """What one request reads: the whole data set or one call's part (`call`), and the view
    restrictions of pages and collections, looked up once however many queries use them."""

    def __init__(self, call=None):
        self.call = call
        self._page_paths: list[str] | None = None
        self._collection_paths: list[str] | None = None

    @property
    def page_paths(self) -> list[str]:
        if self._page_paths is None:
            self._page_paths = restricted_paths(None)
        return self._page_paths

    @property
    def collection_paths(self) -> list[str]:
        if self._collection_paths is None:
            self._collection_paths = list(
                CollectionViewRestriction.objects.values_list("collection__path", flat=True)
            )
        return self._collection_paths


def _outside(queryset: QuerySet, paths: list[str]) -> QuerySet:
    """`queryset` without the pages below any of `paths` (restricted pages and their subtrees)."""
    if not paths:
        return queryset
    hidden = Q()
    for path in paths:
        hidden |= Q(path__startswith=path)
    return queryset.exclude(hidden)


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str | Promise
    description: str | Promise
    keywords: tuple[str | Promise, ...]
    themes: tuple[str, ...]
    columns: tuple[Column, ...]
    # rows(scope) and stamp(scope): the whole data set, or one call's part where `per_call`.
    rows: Callable[["Scope"], Sequence[Row] | Rows]
    stamp: Callable[["Scope"], Stamp]
    per_call: bool = False
    # Where `per_call`: the calls that have a part (for the filter's list and the metadata).
    calls: Callable[["Scope"], list] = field(default=lambda scope: [])

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]


def _latest(*moments: datetime.datetime | None) -> datetime.datetime | None:
    present = [moment for moment in moments if moment is not None]
    return max(present) if present else None


def _stamp(values: dict, *extra: object) -> Stamp:
    moments = [v for v in values.values() if isinstance(v, datetime.datetime)]
    key = "|".join(str(values[name]) for name in sorted(values)) + "|" + "|".join(map(str, extra))
    return Stamp(_latest(*moments), key, values.get("count"))


def _label(choices: type, value: str) -> str:
    labels = dict(choices.choices)
    return str(labels.get(value, value)) if value else ""


# --- public calls -------------------------------------------------------------------------------


def public_calls(scope: Scope) -> QuerySet:
    """Live call pages without a view restriction (on themselves or an ancestor)."""
    return _outside(CallPage.objects.live(), scope.page_paths)


def published_lists(scope: Scope) -> QuerySet:
    return ResultList.objects.filter(
        published_at__isnull=False, call__in=public_calls(scope).values("pk")
    )


def calls_with_results(scope: Scope) -> list:
    """The public calls with a published list, in the order of their numbers."""
    return list(
        public_calls(scope)
        .filter(pk__in=published_lists(scope).values("call_id"))
        .order_by("number", "pk")
    )


# Digits as a URL writes them: str.isdigit() also takes „²” and other digits int() refuses.
ASCII_DIGITS = re.compile(r"[0-9]{1,18}")


def find_call(scope: Scope, value: str):
    """The public call with a published list whose number (or id) is `value`, or None."""
    value = (value or "").strip()
    # A call's number is short printable text (PostgreSQL refuses a NUL in a query outright).
    if not value or len(value) > 100 or not value.isprintable():
        return None
    calls = public_calls(scope).filter(pk__in=published_lists(scope).values("call_id"))
    found = calls.filter(number=value).first()
    if found is None and ASCII_DIGITS.fullmatch(value):
        found = calls.filter(pk=int(value)).first()
    return found


# --- 1. the document registry ---------------------------------------------------------------


def public_documents(scope: Scope) -> QuerySet:
    """What the public registry lists: published main records (their other formats are offered
    on their page) outside every collection with a view restriction."""
    documents = RegistryDocument.objects.public().listed()
    hidden = Q(pk__in=[])
    for path in scope.collection_paths:
        hidden |= Q(collection__path__startswith=path)
    return documents.exclude(hidden)


def _document_rows(documents: list) -> list[Row]:
    return [
        {
            "id": d.pk,
            "tytul": str(d.display_title),
            "typ": d.document_type.name if d.document_type else "",
            "numer": d.number,
            "w_sprawie": d.subject,
            "data_wydania": d.issued_on,
            "wystawca": d.issuer,
            "partner": _label(Partner, d.partner),
            "wojewodztwo": _label(Voivodeship, d.voivodeship),
            "status_prawny": _label(LegalStatus, d.legal_status),
            "obowiazuje_od": d.valid_from,
            "obowiazuje_do": d.valid_to,
            "jezyk": _label(Language, d.language),
            "wersja": d.version,
            "nabor": d.call_reference,
            "opis": d.description,
            "tagi": ", ".join(sorted(tag.name for tag in d.tags.all())),
            "data_udostepnienia": d.publication_date,
            "format": d.format_label,
            "adres_strony": absolute(d.get_absolute_url()),
            "adres_pliku": absolute(d.url),
        }
        for d in documents
    ]


def document_rows(scope: Scope) -> Rows:
    documents = (
        public_documents(scope)
        .select_related("document_type")
        .prefetch_related("tags")
        .order_by("-issued_on", "title", "pk")
    )
    return Rows(documents, _document_rows)


def document_stamp(scope: Scope) -> Stamp:
    values = public_documents(scope).aggregate(
        count=Count("pk"),
        ids=Sum("pk"),
        created=Max("created_at"),
        published=Max("published_at"),
        moderated=Max("moderated_at"),
        live=Max("go_live_at", filter=Q(go_live_at__lte=timezone.now())),
    )
    # Editing a document's fields leaves no timestamp on it; it drops the page cache's version
    # (portal.signals), so the ETag follows that too.
    return _stamp(values, content_version())


DOCUMENTS = Dataset(
    slug="dokumenty",
    title=_("Rejestr dokumentów"),
    description=_(
        "Metryki opublikowanych dokumentów projektu Kooperacje 3D (regulaminy, zarządzenia, "
        "formularze, karty oceny, porozumienia, raporty): typ, numer, data wydania, wystawca, "
        "status prawny, okres obowiązywania, adres strony dokumentu i adres pliku. Bez "
        "dokumentów oczekujących na zatwierdzenie i bez dokumentów z kolekcji prywatnych."
    ),
    keywords=(_("dokumenty"), _("rejestr"), _("regulaminy"), _("Kooperacje 3D")),
    themes=(GOVERNMENT, SOCIETY),
    columns=(
        Column("id", _("identyfikator dokumentu w rejestrze")),
        Column("tytul", _("tytuł")),
        Column("typ", _("typ dokumentu")),
        Column("numer", _("numer lub sygnatura")),
        Column("w_sprawie", _("w sprawie")),
        Column("data_wydania", _("data wydania (RRRR-MM-DD)")),
        Column("wystawca", _("wystawca")),
        Column("partner", _("partner projektu")),
        Column("wojewodztwo", _("województwo")),
        Column("status_prawny", _("status prawny")),
        Column("obowiazuje_od", _("początek mocy obowiązującej")),
        Column("obowiazuje_do", _("koniec mocy obowiązującej")),
        Column("jezyk", _("język")),
        Column("wersja", _("numer wersji")),
        Column("nabor", _("numer naboru, którego dotyczy")),
        Column("opis", _("opis")),
        Column("tagi", _("tagi, rozdzielone przecinkami")),
        Column("data_udostepnienia", _("data i godzina udostępnienia")),
        Column("format", _("format pliku")),
        Column("adres_strony", _("adres strony dokumentu")),
        Column("adres_pliku", _("adres pliku do pobrania")),
    ),
    rows=document_rows,
    stamp=document_stamp,
)


# --- 2. published result lists, every version -------------------------------------------------


def _entries(scope: Scope) -> QuerySet:
    lists = published_lists(scope)
    if scope.call is not None:
        lists = lists.filter(call=scope.call)
    return ResultEntry.objects.filter(result_list__in=lists.values("pk"))


def _result_rows(entries: list) -> list[Row]:
    urls: dict[int, str] = {}
    rows = []
    for entry in entries:
        result_list = entry.result_list
        call = result_list.call
        if call.pk not in urls:
            urls[call.pk] = call.get_full_url() or ""
        rows.append(
            {
                "nabor_id": call.pk,
                "nabor_numer": call.number or "",
                "nabor_tytul": call.title,
                "wersja": result_list.version,
                "opublikowano": result_list.published_at,
                "powod_nowej_wersji": result_list.reason,
                "jst": entry.institution_name,
                "rodzaj_jst_kod": entry.jst_type,
                "rodzaj_jst": _label(JSTType, entry.jst_type),
                "ocena_koncowa": entry.final_score,
                "wynik_kod": entry.status,
                "wynik": entry.get_status_display(),
                "miejsce": entry.position,
                "miejsce_rezerwowe": entry.reserve_position,
                "adres_listy": (
                    f"{urls[call.pk]}wyniki/wersja/{result_list.version}/" if urls[call.pk] else ""
                ),
            }
        )
    return rows


def result_rows(scope: Scope) -> Rows:
    entries = (
        _entries(scope)
        .select_related("result_list__call")
        .order_by(
            "result_list__call__number",
            "result_list__call_id",
            "result_list__version",
            "jst_type",
            "position",
            "pk",
        )
    )
    return Rows(entries, _result_rows)


def result_stamp(scope: Scope) -> Stamp:
    # A published version is never changed (evaluation.publication); a new one is published,
    # and the call's title may be edited (its page published again).
    values = _entries(scope).aggregate(
        count=Count("pk"),
        ids=Sum("pk"),
        published=Max("result_list__published_at"),
        call_published=Max("result_list__call__last_published_at"),
    )
    return _stamp(values)


RESULTS = Dataset(
    slug="wyniki-naborow",
    title=_("Listy rankingowe naborów JST"),
    description=_(
        "Wszystkie opublikowane wersje list rankingowych naborów jednostek samorządu "
        "terytorialnego: numer i nazwa naboru, wersja listy, data publikacji, powód nowej "
        "wersji, JST, rodzaj JST, ocena końcowa, wynik, miejsce w rodzaju JST i na liście "
        "rezerwowej. Parametr ?nabor=<numer lub identyfikator naboru> zawęża dane do jednego "
        "naboru."
    ),
    keywords=(_("nabór"), _("JST"), _("lista rankingowa"), _("wyniki"), _("Kooperacje 3D")),
    themes=(SOCIETY, GOVERNMENT),
    columns=(
        Column("nabor_id", _("identyfikator naboru")),
        Column("nabor_numer", _("numer naboru")),
        Column("nabor_tytul", _("nazwa naboru")),
        Column("wersja", _("wersja listy")),
        Column("opublikowano", _("data i godzina publikacji wersji")),
        Column("powod_nowej_wersji", _("powód nowej wersji (po odwołaniu)")),
        Column("jst", _("nazwa JST")),
        Column("rodzaj_jst_kod", _("rodzaj JST – kod")),
        Column("rodzaj_jst", _("rodzaj JST")),
        Column("ocena_koncowa", _("ocena końcowa (punkty, dwa miejsca po przecinku)")),
        Column("wynik_kod", _("wynik – kod (selected, reserve, not_selected)")),
        Column("wynik", _("wynik")),
        Column("miejsce", _("miejsce w rodzaju JST")),
        Column("miejsce_rezerwowe", _("miejsce na liście rezerwowej")),
        Column("adres_listy", _("adres tej wersji listy na portalu")),
    ),
    rows=result_rows,
    stamp=result_stamp,
    per_call=True,
    calls=calls_with_results,
)


# --- 3. call statistics -------------------------------------------------------------------------


def _statistics_calls(scope: Scope) -> list:
    return [scope.call] if scope.call is not None else calls_with_results(scope)


def statistics_rows(scope: Scope) -> list[Row]:
    """The figures of `evaluation.statistics` (counts under 3 already published as „<3”), one
    call after another: a few queries per call, none per row."""
    found = []
    for call in _statistics_calls(scope):
        stats = statistics.call_statistics(call)
        if stats is None:
            continue
        found += [
            {
                "nabor_id": call.pk,
                "nabor_numer": call.number or "",
                "nabor_tytul": call.title,
                "sekcja": str(row["section"]),
                "kategoria": str(row["category"]),
                "wartosc": str(row["value"]),
            }
            for row in statistics.rows(stats)
        ]
    return found


def statistics_stamp(scope: Scope) -> Stamp:
    """What the statistics count changes with: the applications (saved with `updated_at`), the
    evaluators' assignments and cards, the appeals and the published versions of the lists."""
    lists = published_lists(scope)
    if scope.call is not None:
        lists = lists.filter(call=scope.call)
    calls = lists.values("call_id")
    values = lists.aggregate(
        lists=Count("pk"),
        published=Max("published_at"),
        call_published=Max("call__last_published_at"),
    )
    values.update(
        Application.objects.filter(call__in=calls).aggregate(
            applications=Count("pk"), application_ids=Sum("pk"), saved=Max("updated_at")
        )
    )
    values.update(
        Assignment.objects.filter(application__call__in=calls).aggregate(
            assignments=Count("pk"),
            assigned=Max("created_at"),
            cancelled=Max("cancelled_at"),
            submitted=Max("card__submitted_at"),
            returned=Max("card__returned_at"),
        )
    )
    values.update(
        Appeal.objects.filter(application__call__in=calls).aggregate(
            appeals=Count("pk"), filed=Max("filed_at"), decided=Max("decided_at")
        )
    )
    return _stamp(values)


STATISTICS = Dataset(
    slug="statystyki-naborow",
    title=_("Statystyki naborów JST"),
    description=_(
        "Statystyki naborów z opublikowaną listą rankingową, te same co na stronach "
        "statystyk naborów: zgłoszenia według rodzaju JST i województwa, wyniki oceny "
        "formalnej, ocena merytoryczna (także z trzecim oceniającym), rozkłady punktów, "
        "wyniki, odwołania i wersje listy. Liczby 1 i 2 są podane jako „<3”, aby nie "
        "wskazywały pojedynczej JST. Parametr ?nabor=<numer lub identyfikator naboru> zawęża "
        "dane do jednego naboru."
    ),
    keywords=(_("nabór"), _("JST"), _("statystyki"), _("ocena"), _("Kooperacje 3D")),
    themes=(SOCIETY, GOVERNMENT),
    columns=(
        Column("nabor_id", _("identyfikator naboru")),
        Column("nabor_numer", _("numer naboru")),
        Column("nabor_tytul", _("nazwa naboru")),
        Column("sekcja", _("część statystyk")),
        Column("kategoria", _("kategoria")),
        Column("wartosc", _("wartość (liczba, „<3”, data lub tekst)")),
    ),
    rows=statistics_rows,
    stamp=statistics_stamp,
    per_call=True,
    calls=calls_with_results,
)


# --- 4. events ----------------------------------------------------------------------------------

REGISTRATION_STATES = {
    "disabled": _("bez zapisów przez portal"),
    "closed": _("zamknięte przez organizatora"),
    "not_yet": _("jeszcze nieotwarte"),
    "over": _("zakończone"),
    "open": _("otwarte"),
}


def public_events(scope: Scope) -> QuerySet:
    return _outside(EventPage.objects.live(), scope.page_paths)


def _event_rows(events: list) -> list[Row]:
    now = timezone.now()
    sectors = dict(Sector.choices)
    rows = []
    for event in events:
        state = event.registration_state(now, closed=event.is_closed)
        rows.append(
            {
                "id": event.pk,
                "tytul": event.title,
                "rodzaj_kod": event.kind,
                "rodzaj": _label(EventKind, event.kind),
                "forma_wsparcia": event.kind in FORMS_OF_SUPPORT,
                "organizator": _label(Partner, event.partner),
                "wojewodztwo": _label(Voivodeship, event.voivodeship),
                "poczatek": event.starts_at,
                "koniec": event.ends_at,
                "online": event.is_online,
                "miejsce": "" if event.is_online else event.venue,
                "ulica": "" if event.is_online else event.street_address,
                "kod_pocztowy": "" if event.is_online else event.postal_code,
                "miejscowosc": "" if event.is_online else event.city,
                "liczba_miejsc": event.capacity,
                "lista_rezerwowa": event.waiting_list,
                "grupa_docelowa": ", ".join(
                    str(sectors.get(value, value)) for value in event.target_sectors
                ),
                "grupa_docelowa_opis": event.target_description,
                "zapisy_od": event.registration_opens_at if event.registration_enabled else None,
                "zapisy_do": event.registration_closes() if event.registration_enabled else None,
                "zapisy_kod": state,
                "zapisy": str(REGISTRATION_STATES[state]),
                "adres_strony": event.get_full_url() or "",
            }
        )
    return rows


def event_rows(scope: Scope) -> Rows:
    events = (
        public_events(scope)
        .annotate(is_closed=Exists(RegistrationClosure.objects.filter(event_id=OuterRef("pk"))))
        .order_by("starts_at", "pk")
    )
    return Rows(events, _event_rows)


def event_stamp(scope: Scope) -> Stamp:
    """The registration state follows the clock: the latest opening or closing of a
    registration window that has passed counts as a change, and so does an organiser's
    closing."""
    now = timezone.now()
    closes = Coalesce("registration_closes_at", "starts_at")
    values = public_events(scope).aggregate(
        count=Count("pk"),
        ids=Sum("pk"),
        published=Max("last_published_at"),
        opened=Max("registration_opens_at", filter=Q(registration_opens_at__lte=now)),
        ended=Max(
            closes,
            filter=Q(registration_closes_at__lte=now)
            | Q(registration_closes_at__isnull=True, starts_at__lte=now),
        ),
    )
    closures = RegistrationClosure.objects.filter(event__in=public_events(scope).values("pk"))
    values.update(
        closures.aggregate(closures=Count("pk"), closed=Max("closed_at")),
    )
    return _stamp(values, content_version())


EVENTS = Dataset(
    slug="wydarzenia",
    title=_("Wydarzenia projektu"),
    description=_(
        "Szkolenia, coaching, warsztaty, spotkania, superwizje i konferencje projektu "
        "Kooperacje 3D: rodzaj, organizator, województwo, daty, miejsce, liczba miejsc, grupa "
        "docelowa i stan zapisów. Bez danych uczestników."
    ),
    keywords=(_("wydarzenia"), _("szkolenia"), _("konferencje"), _("Kooperacje 3D")),
    themes=(EDUCATION, SOCIETY),
    columns=(
        Column("id", _("identyfikator wydarzenia")),
        Column("tytul", _("nazwa wydarzenia")),
        Column("rodzaj_kod", _("rodzaj – kod")),
        Column("rodzaj", _("rodzaj wydarzenia")),
        Column("forma_wsparcia", _("forma wsparcia (true) czy inne działanie (false)")),
        Column("organizator", _("partner projektu, który organizuje")),
        Column("wojewodztwo", _("województwo")),
        Column("poczatek", _("początek (data i godzina)")),
        Column("koniec", _("koniec (data i godzina)")),
        Column("online", _("wydarzenie online (true/false)")),
        Column("miejsce", _("miejsce (sala, budynek)")),
        Column("ulica", _("ulica i numer")),
        Column("kod_pocztowy", _("kod pocztowy")),
        Column("miejscowosc", _("miejscowość")),
        Column("liczba_miejsc", _("liczba miejsc")),
        Column("lista_rezerwowa", _("lista rezerwowa po wyczerpaniu miejsc (true/false)")),
        Column("grupa_docelowa", _("grupa docelowa: sektory instytucji, puste – wszystkie")),
        Column("grupa_docelowa_opis", _("grupa docelowa – opis")),
        Column("zapisy_od", _("otwarcie zapisów")),
        Column("zapisy_do", _("zamknięcie zapisów")),
        Column("zapisy_kod", _("stan zapisów – kod (open, not_yet, over, closed, disabled)")),
        Column("zapisy", _("stan zapisów w chwili pobrania")),
        Column("adres_strony", _("adres strony wydarzenia")),
    ),
    rows=event_rows,
    stamp=event_stamp,
)


DATASETS: dict[str, Dataset] = {
    dataset.slug: dataset for dataset in (DOCUMENTS, RESULTS, STATISTICS, EVENTS)
}
