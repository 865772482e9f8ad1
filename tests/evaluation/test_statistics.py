"""The public statistics of a call at /nabory/<call>/statystyki/ (`evaluation.statistics`,
`evaluation.public_statistics`): the numbers of a call built here as the page shows them, with
every count of 1 or 2 published as „<3” and no JST named; 404 before the first list is published
and for an unknown call; a fixed number of SQL queries; the flat rows for the open data."""

import datetime

from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from core.choices import JSTType
from evaluation import appeals, publication, statistics
from evaluation.models import ResultList
from recruitment.models import Application, ApplicationState, CallQuota
from tests.evaluation.conftest import make_application
from tests.evaluation.test_publication import scored
from tests.recruitment import factories

pytestmark = pytest.mark.django_db

S = ApplicationState
URBAN, COUNTY = JSTType.URBAN_MUNICIPALITY.value, JSTType.COUNTY.value
NAMES = (
    "Gmina Miejska Nysa",
    "Gmina Miejska Brzeg",
    "Gmina Miejska Prudnik",
    "Gmina Miejska Kluczbork",
    "Gmina Miejska Namysłów",
    "Powiat Opolski",
    "Gmina Miejska Głuchołazy",
    "Gmina Miejska Ozimek",
)
EVALUATOR_MARKS = ("oceniajacy1", "oceniajacy2", "oceniajacy3", "Numer1", "Numer2", "Numer3")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail keeps the sites' root paths in the cache: another test's sites must not make this
    call's page unroutable."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def apps(call, chair_user, evaluators):
    """Urban: 21.50 (a third evaluator), 20.50 selected; 18.00, 17.00 reserve; 13.00 not
    selected. County: 17.00 selected. Two urban applications formally rejected (one after a call
    to supplement it let pass); three of the scored ones were supplemented."""
    CallQuota.objects.create(call=call, jst_type=URBAN, places=2)
    CallQuota.objects.create(call=call, jst_type=COUNTY, places=1)
    e = evaluators
    found = {
        "nysa": scored(call, chair_user, e, URBAN, NAMES[0], [9, 8, 4], [8, 8, 4]),
        "brzeg": scored(call, chair_user, e, URBAN, NAMES[1], [8, 6, 4], [7, 7, 4]),
        "prudnik": scored(call, chair_user, e, URBAN, NAMES[2], [5, 5, 3], [6, 5, 2]),
        "kluczbork": scored(call, chair_user, e, URBAN, NAMES[3], [7, 7, 3], [8, 6, 3]),
        # 23 and 12 diverge: the third card (20) and the closer first one count, 21.50.
        "namyslow": scored(call, chair_user, e, URBAN, NAMES[4], [9, 9, 5], [4, 5, 3], [8, 8, 4]),
        "county": scored(call, chair_user, e, COUNTY, NAMES[5], [7, 7, 3], [8, 6, 3]),
    }
    due = timezone.now() - datetime.timedelta(days=15)
    for name, supplemented in ((NAMES[6], False), (NAMES[7], None)):
        application = make_application(
            call, factories.InstitutionFactory(name=name), state=S.FORMALLY_REJECTED
        )
        if supplemented is False:
            Application.objects.filter(pk=application.pk).update(supplement_due=due)
    Application.objects.filter(
        pk__in=[found[key].pk for key in ("nysa", "brzeg", "prudnik")]
    ).update(supplement_due=due, version=2)
    # A draft is no application yet: it counts nowhere.
    factories.ApplicationFactory(call=call, state=S.DRAFT)
    return found


def _publish(call, chair_user, capture, reason=""):
    result_list = publication.approve(call, chair_user, reason=reason)
    with capture(execute=True):
        publication.publish(result_list, chair_user)
    return result_list


@pytest.fixture
def published(call, chair_user, apps, django_capture_on_commit_callbacks):
    """Version 1 published; Prudnik's appeal rejected; version 2 published with a reason."""
    _publish(call, chair_user, django_capture_on_commit_callbacks)
    prudnik = apps["prudnik"]
    appeal = appeals.file(
        prudnik, prudnik.institution.memberships.get().user, "Kryterium 2 oceniono za nisko."
    )
    appeals.reject(appeal, chair_user, "Ocena kryterium 2 jest należycie uzasadniona.")
    _publish(
        call,
        chair_user,
        django_capture_on_commit_callbacks,
        reason="Korekta omyłki pisarskiej w uzasadnieniu.",
    )
    return apps


def _url(call):
    return f"{call.url}statystyki/"


def _main(response):
    return BeautifulSoup(response.content.decode(), "html.parser").find("main")


def _tables(main):
    """{caption: [[cell texts] per body row]}."""
    return {
        table.caption.get_text(" ", strip=True): [
            [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
            for row in table.tbody.find_all("tr")
        ]
        for table in main.find_all("table")
    }


def test_the_page_shows_the_counts_with_small_ones_suppressed_and_no_names(client, call, published):
    response = client.get(_url(call))
    assert response.status_code == 200
    body = response.content.decode()
    main = _main(response)
    text = main.get_text(" ", strip=True)
    assert main.h1.get_text(strip=True) == f"Statystyki naboru {call.number}"
    assert "Złożone zgłoszenia: 8" in text
    assert "Liczby 1 i 2 podajemy jako „<3”" in text
    tables = _tables(main)
    assert tables["Zgłoszenia według rodzaju JST"] == [
        # 7 and 1 of 8: the 7 is hidden too, or 8 − 7 would give the „<3” away.
        ["gmina miejska", "x"],
        ["miasto na prawach powiatu", "0"],
        ["powiat", "<3"],
    ]
    assert tables["Zgłoszenia według województwa"] == [["opolskie", "8"]]
    assert tables["Ocena formalna"] == [
        ["przyjęte formalnie", "x"],
        ["odrzucone formalnie", "<3"],
        ["w ocenie formalnej", "0"],
        ["wycofane", "0"],
        ["wezwane do uzupełnienia", "4"],
        ["uzupełnione", "3"],
    ]
    assert tables["Ocena merytoryczna"] == [
        ["ocenione merytorycznie", "6"],
        ["w tym z trzecim oceniającym", "<3"],
    ]
    assert tables["Wyniki według aktualnej wersji listy"] == [
        ["wybrane", "x"],
        ["na liście rezerwowej", "<3"],
        ["niewybrane", "<3"],
    ]
    assert tables["Odwołania"] == [
        ["wniesione", "<3"],
        ["uwzględnione", "0"],
        ["odrzucone", "<3"],
        ["nierozstrzygnięte", "0"],
    ]
    # Final scores 21.50, 20.50, 18.00, 17.00, 17.00, 13.00 in ranges of 10% of 25 points.
    assert tables["Ocena końcowa (maks. 25 pkt)"] == [
        ["0,00–2,49 pkt", "0"],
        ["2,50–4,99 pkt", "0"],
        ["5,00–7,49 pkt", "0"],
        ["7,50–9,99 pkt", "0"],
        ["10,00–12,49 pkt", "0"],
        ["12,50–14,99 pkt", "<3"],
        ["15,00–17,49 pkt", "<3"],
        ["17,50–19,99 pkt", "<3"],
        ["20,00–22,49 pkt", "<3"],
        ["22,50–25,00 pkt", "0"],
    ]
    # Criterion 3 (5 points): the scores of the 12 cards of the six pairs (the third card is not
    # counted: the number of cards would tell how many needed one), one row per point; the
    # smallest count beside the „<3” hidden.
    assert tables["Kryterium 3: Zaangażowanie kierownictwa. (maks. 5 pkt)"] == [
        ["0 pkt", "0"],
        ["1 pkt", "0"],
        ["2 pkt", "<3"],
        ["3 pkt", "6"],
        ["4 pkt", "x"],
        ["5 pkt", "<3"],
    ]
    assert "Gdy liczbę „<3” dałoby się odczytać z sumy" in text
    assert len(tables["Kryterium 1: Gotowość do partnerstwa. (maks. 10 pkt)"]) == 11
    versions = tables["Opublikowane wersje listy rankingowej"]
    assert [row[0] for row in versions] == ["1", "2"]
    assert versions[0][2] == "–"
    assert versions[1][2] == "Korekta omyłki pisarskiej w uzasadnieniu."
    for name in (*NAMES, *EVALUATOR_MARKS):
        assert name not in body


def test_each_chart_draws_the_tables_numbers_and_no_bar_for_a_suppressed_count(
    client, call, published
):
    main = _main(client.get(_url(call)))
    blocks = main.select("section.stat-block")
    assert len(blocks) == 6 + 1 + 3  # six groups of counts, the final score, three criteria
    for block in blocks:
        svg = block.find("svg")
        assert svg["role"] == "img"
        title = svg.find("title").get_text(strip=True)
        assert title == f"Wykres: {block.table.caption.get_text(' ', strip=True)}"
        table_values = [row.td.get_text(strip=True) for row in block.table.tbody.find_all("tr")]
        printed = [t.get_text(strip=True) for t in svg.find_all("text")][1::2]
        assert printed == table_values
        # A bar for every count shown above 0, none for „<3”, „x” or 0.
        assert len(svg.find_all("rect")) == sum(v not in ("0", "<3", "x") for v in table_values)
    types = main.find(id="rodzaj-jst").find_parent("section").find("svg")
    assert types.find_all("rect") == []  # gmina miejska „x”, powiat „<3”: no bar gives them away


def test_no_statistics_before_the_first_list_is_published(client, call, chair_user, apps):
    assert client.get(_url(call)).status_code == 404
    publication.approve(call, chair_user)  # approved, not published
    assert client.get(_url(call)).status_code == 404
    assert statistics.call_statistics(call) is None
    for url in (call.url, f"{call.url}wyniki/"):
        assert "statystyki/" not in str(_main(client.get(url))), url


def test_an_unknown_call_has_no_statistics(client, call, published):
    assert client.get("/nabory/nie-ma-takiego-naboru/statystyki/").status_code == 404
    assert client.get(f"{call.url}statystyki/nic/").status_code == 404


def test_the_call_page_and_the_results_page_link_to_the_statistics(client, call, published):
    for url in (call.url, f"{call.url}wyniki/"):
        link = _main(client.get(url)).find("a", string="Statystyki naboru")
        assert link is not None, url
        assert link["href"] == _url(call)


def test_the_page_has_a_fixed_number_of_queries(
    client, call, chair_user, evaluators, published, django_assert_num_queries,
    django_assert_max_num_queries, django_capture_on_commit_callbacks,
):  # fmt: skip
    def measure(submitted):
        client.get(_url(call))  # warm the site and settings caches, as a running server has
        # The statistics: six queries whatever the number of applications, cards and appeals.
        with django_assert_num_queries(6):
            statistics.call_statistics(call)
        # With routing and the site shell as on the results page (the issue: ≤ 20).
        with django_assert_max_num_queries(20):
            response = client.get(_url(call))
        assert f"Złożone zgłoszenia: {submitted}" in _main(response).get_text(" ", strip=True)

    measure(8)
    for n in range(5):
        scored(call, chair_user, evaluators, URBAN, f"Gmina Miejska {n}", [7, 7, 3], [8, 6, 3])
    _publish(call, chair_user, django_capture_on_commit_callbacks, reason="Nowe zgłoszenia.")
    measure(13)


def test_the_rows_for_the_open_data(call, published):
    stats = statistics.call_statistics(call)
    found = statistics.rows(stats)
    assert all(set(row) == {"section", "category", "value"} for row in found)
    assert {"section": "Zgłoszenia", "category": "złożone zgłoszenia", "value": "8"} in found
    assert {
        "section": "Zgłoszenia według rodzaju JST",
        "category": "powiat",
        "value": "<3",
    } in found
    assert {
        "section": "Rozkład punktów – Kryterium 3: Zaangażowanie kierownictwa.",
        "category": "3 pkt",
        "value": "6",
    } in found
    second = ResultList.objects.get(call=call, version=2)
    assert {
        "section": "Wersje listy – data publikacji",
        "category": "wersja 2",
        "value": second.published_at.isoformat(),
    } in found
    assert {
        "section": "Wersje listy – powód",
        "category": "wersja 2",
        "value": "Korekta omyłki pisarskiej w uzasadnieniu.",
    } in found
    # Nothing smaller than 3 leaves the module as a number.
    values = [row["value"] for row in found if "Wersje" not in row["section"]]
    assert not {"1", "2"} & set(values)


@pytest.mark.parametrize(
    ("count", "text", "value"), [(0, "0", 0), (1, "<3", None), (2, "<3", None), (3, "3", 3)]
)
def test_the_suppression_rule(count, text, value):
    item = statistics.figure("powiat", count)
    assert (item.text, item.value) == (text, value)


@pytest.mark.parametrize(
    ("max_points", "ranges"),
    [
        (3, [(0, 0), (1, 1), (2, 2), (3, 3)]),
        (
            15,
            [(0, 1), (2, 2), (3, 4), (5, 5), (6, 7), (8, 8), (9, 10), (11, 11), (12, 13), (14, 15)],
        ),
        (
            30,
            [(0, 2), (3, 5), (6, 8), (9, 11), (12, 14), (15, 17), (18, 20), (21, 23), (24, 26),
             (27, 30)],
        ),
    ],
)  # fmt: skip
def test_the_ranges_of_a_criterion_cover_every_score_once(max_points, ranges):
    assert statistics._criterion_ranges(max_points) == ranges


def test_protect_hides_a_complement_so_the_total_does_not_give_a_small_count_away():
    from evaluation.statistics import HIDDEN, figure, protect

    def texts(counts):
        return [f.text for f in protect(tuple(figure(str(n), n) for n in counts))]

    # Nothing small: nothing hidden.
    assert texts([7, 0, 5]) == ["7", "0", "5"]
    # 8 = 7 + 1: the 7 is hidden as well (the smallest count of 3 or more).
    assert texts([7, 0, 1]) == [HIDDEN, "0", "<3"]
    assert texts([9, 4, 2]) == ["9", HIDDEN, "<3"]
    # 1 + 3 is the only way two hidden cells add up to 4 (2 + 2 cannot be: one is „<3”, one „x”
    # of 3 or more), so the next count is hidden too.
    assert texts([3, 1, 5, 6]) == [HIDDEN, "<3", HIDDEN, "6"]
    # Only small counts and zeros: their sum leaves each of them open.
    assert texts([1, 2, 0]) == ["<3", "<3", "0"]
