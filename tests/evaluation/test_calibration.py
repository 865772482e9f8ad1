"""The chair's calibration of the evaluators (issue #25): the figures a chair reads on
/admin/ocena/<call>/kalibracja/ (mean difference from the pair's mean per criterion and in total,
applications that went to a third evaluator, the spread of the totals), the message before every
pair card is in, who may open the page, and its fixed number of queries."""

from decimal import Decimal

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from core.choices import JSTType
from core.roles import EDITORS
from evaluation import assignment, calibration, cards
from evaluation.calibration import Card, Criterion
from evaluation.models import CommissionRole
from recruitment.models import AuditLogEntry
from tests.evaluation.conftest import fill, make_application, member
from tests.evaluation.test_publication import scored
from tests.recruitment import factories

pytestmark = pytest.mark.django_db

URBAN = JSTType.URBAN_MUNICIPALITY.value


def _soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def _table(soup, table_id):
    """{row header: [cells]} of a table of the page."""
    rows = {}
    for tr in soup.select(f"#{table_id} tbody tr"):
        rows[tr.th.get_text(" ", strip=True)] = [
            td.get_text(" ", strip=True) for td in tr.find_all("td")
        ]
    return rows


@pytest.fixture
def evaluated(call, chair_user, evaluators):
    """Numer1 always gives 2 points more in total than Numer2 (in different criteria); one
    application of Numer2 and Numer3 diverged (8 against 23) and went to Numer1 as the third."""
    e1, e2, e3 = evaluators
    scored(call, chair_user, [e1, e2], URBAN, "Gmina Miejska Nysa", [6, 5, 3], [5, 4, 3])
    scored(call, chair_user, [e2, e1], URBAN, "Gmina Miejska Brzeg", [8, 5, 3], [8, 6, 4])
    scored(call, chair_user, [e1, e2], URBAN, "Gmina Miejska Prudnik", [5, 5, 2], [4, 5, 1])
    diverged = scored(
        call, chair_user, [e2, e3, e1], URBAN, "Gmina Miejska Olesno", [3, 3, 2], [9, 9, 5],
        [6, 6, 3],
    )  # fmt: skip
    return diverged


def test_the_figures_of_a_call_with_a_constant_difference(call, evaluators, evaluated):
    result = calibration.load(call)
    assert result.ready and result.pairs == 4 and result.missing_cards == 0
    rows = {row.name: row for row in result.evaluators}
    assert list(rows) == ["Ocena Numer1", "Ocena Numer2", "Ocena Numer3"]
    one, two, three = rows.values()
    # Numer1: +2 over Numer2 on each of 3 cards, i.e. +1 from the pair's mean; per criterion
    # (+1, 0, +1), (+1, +1, 0) and (0, +1, +1) halved: a third of a point each.
    assert one.total_difference == Decimal("1.00")
    assert one.criterion_differences == (Decimal("0.33"),) * 3
    assert one.pair_cards == 3 and one.other_cards == 1  # the third card is not compared
    assert (one.third_count, one.third_share) == (0, Decimal("0.00"))
    assert (one.total_min, one.total_median, one.total_max) == (12, Decimal("14.00"), 18)
    assert one.total_stdev == Decimal("2.49")  # population deviation of 14, 18, 12
    # Numer2: −1 three times and −7.5 in the diverged pair (8 against 23); per criterion
    # (−1 −1 0), (0 −1 −1), (−1 0 −1) and (−6 −6 −3), halved, over four cards.
    assert two.total_difference == Decimal("-2.63")  # (−3 − 7.5) / 4 = −2.625, half-up
    assert two.criterion_differences == (Decimal("-1.00"), Decimal("-1.00"), Decimal("-0.63"))
    assert (two.third_count, two.third_share) == (1, Decimal("25.00"))
    assert three.total_difference == Decimal("7.50") and three.pair_cards == 1
    assert (three.third_count, three.third_share) == (1, Decimal("100.00"))


def test_the_chair_reads_the_chart_the_tables_and_how_to_read_them(
    client, call, chair_user, evaluated
):
    client.force_login(chair_user)
    response = client.get(reverse("evaluation:calibration", args=[call.pk]))
    assert response.status_code == 200
    soup = _soup(response)
    text = soup.get_text(" ", strip=True)
    assert "Wartość dodatnia: oceniający przyznawał średnio więcej punktów niż para" in text
    assert "Karty trzeciego oceniającego i karty po odwołaniu nie wchodzą do porównań" in text
    svg = soup.select_one("main svg[role=img]") or soup.select_one("svg[role=img]")
    assert svg.title.get_text() == "Średnia różnica sumy punktów oceniającego od średniej pary"
    chart_texts = [t.get_text() for t in svg.find_all("text")]
    assert chart_texts == [
        "Ocena Numer1", "+1,00", "Ocena Numer2", "\u22122,63", "Ocena Numer3", "+7,50",
    ]  # fmt: skip
    # The negative bar lies left of the zero axis, the positive ones right of it.
    zero = float(svg.line["x1"])
    bars = svg.find_all("rect")
    assert float(bars[0]["x"]) == pytest.approx(zero)
    assert float(bars[1]["x"]) + float(bars[1]["width"]) == pytest.approx(zero)
    assert _table(soup, "tabela-kryteria") == {
        "Ocena Numer1": ["+0,33", "+0,33", "+0,33", "+1,00"],
        "Ocena Numer2": ["\u22121,00", "\u22121,00", "\u22120,63", "\u22122,63"],
        "Ocena Numer3": ["+3,00", "+3,00", "+1,50", "+7,50"],
    }
    assert _table(soup, "tabela-rozrzut") == {
        "Ocena Numer1": ["3", "0", "0,00%", "12", "14,00", "18", "2,49", "1"],
        "Ocena Numer2": ["4", "1", "25,00%", "8", "11,00", "16", "2,96", "0"],
        "Ocena Numer3": ["1", "1", "100,00%", "23", "23,00", "23", "0,00", "0"],
    }
    assert "Doświadczenie ośrodka." in text  # the criteria are named above their numbers


def test_before_every_pair_card_is_in_the_page_says_how_many_are_missing(
    client, call, chair_user, evaluators, evaluated
):
    waiting = make_application(call, factories.InstitutionFactory(name="Gmina Miejska Olesno 2"))
    card = assignment.assign(waiting, evaluators[0], by=chair_user).card
    assignment.assign(waiting, evaluators[2], by=chair_user)
    cards.submit(card, fill(card, [5, 5, 5]), user=evaluators[0])
    make_application(call)  # no evaluator yet: both of its cards are missing
    client.force_login(chair_user)
    response = client.get(reverse("evaluation:calibration", args=[call.pk]))
    assert response.status_code == 200
    soup = _soup(response)
    text = soup.get_text(" ", strip=True)
    assert "Kalibracja nie jest jeszcze dostępna" in text
    assert "Brakujące karty: 3." in text
    assert soup.select("svg[role=img]") == [] and soup.select("#tabela-kryteria") == []
    assert "Ocena Numer1" not in text


def test_a_call_without_evaluated_applications_says_so(client, call, chair_user):
    client.force_login(chair_user)
    response = client.get(reverse("evaluation:calibration", args=[call.pk]))
    assert response.status_code == 200
    assert "nie ma jeszcze zgłoszeń ocenionych przez parę" in response.content.decode()


def test_the_chair_dashboard_links_to_the_calibration(client, call, chair_user):
    client.force_login(chair_user)
    soup = _soup(client.get(reverse("evaluation:chair", args=[call.pk])))
    assert soup.find("a", href=reverse("evaluation:calibration", args=[call.pk])) is not None


def test_who_may_open_the_calibration(
    client, call, chair_user, evaluators, operator_user, evaluated
):
    url = reverse("evaluation:calibration", args=[call.pk])
    assert client.get(url).status_code == 302  # to the login
    for allowed in (chair_user, operator_user):
        client.force_login(allowed)
        response = client.get(url)
        assert response.status_code == 200
        assert "Ocena Numer1" in response.content.decode()

    other_call = factories.CallPageFactory(parent=call.get_parent(), number="8/2026/OP")
    other_chair = member(other_call, CommissionRole.CHAIR, username="inny-przewodniczacy")
    editor = factories.user_in(EDITORS, username="redaktorka")
    for denied in (other_chair, evaluators[0], editor):
        client.force_login(denied)
        before = AuditLogEntry.objects.filter(action="evaluation_access_denied").count()
        response = client.get(url)
        assert response.status_code == 403, denied
        assert "Ocena Numer2" not in response.content.decode()
        entries = AuditLogEntry.objects.filter(action="evaluation_access_denied")
        assert entries.count() == before + 1
        assert entries.latest("pk").details["path"] == url

    applicant = factories.applicant(factories.InstitutionFactory(), username="jst-kalibracja")
    client.force_login(applicant)
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert "Ocena Numer1" not in response.content.decode()

    # A chair who has not signed the call's declaration is sent to sign it first.
    third_call = factories.CallPageFactory(parent=call.get_parent(), number="9/2026/OP")
    unsigned = member(third_call, CommissionRole.CHAIR, username="niepodpisany", sign=False)
    other_url = reverse("evaluation:calibration", args=[third_call.pk])
    client.force_login(unsigned)
    response = client.get(other_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:declaration", args=[third_call.pk])
    assert client.get(reverse("evaluation:calibration", args=[999999])).status_code == 404


def test_the_page_has_a_fixed_number_of_queries(
    client, call, chair_user, evaluators, evaluated, django_assert_max_num_queries
):
    url = reverse("evaluation:calibration", args=[call.pk])
    client.force_login(chair_user)
    client.get(url)
    with django_assert_max_num_queries(QUERIES):
        few = client.get(url)
    for n in range(12):
        scored(call, chair_user, evaluators[n % 3 :] + evaluators[: n % 3], URBAN,
               f"Gmina Miejska {n}", [7, 7, 3], [8, 6, 3])  # fmt: skip
    with django_assert_max_num_queries(QUERIES):
        many = client.get(url)
    assert "Porównano karty 4 par" in few.content.decode()
    assert "Porównano karty 16 par" in many.content.decode()


# The session, the user and their permissions and profile (5), the call, the chair's commission
# facts, the four reads of `calibration.load`, the admin shell (locale, page, collection and site
# permissions, groups: 5). The issue allows 20.
QUERIES = 16


# --- the pure rules -----------------------------------------------------------------------------


CRITERIA = (Criterion(1, 1, "A", 10), Criterion(2, 2, "B", 10))


def test_a_returned_or_missing_pair_card_keeps_the_figures_back():
    cards_in = [
        Card(1, 11, "first", True, (5, 5)),
        Card(1, 12, "second", False),
        Card(2, 11, "first", True, (5, 5)),
    ]
    result = calibration.calibrate(CRITERIA, {1, 2}, cards_in, {})
    assert not result.ready and result.missing_cards == 2 and result.evaluators == ()


def test_an_evaluator_with_third_and_appeal_cards_only_has_no_figures():
    cards_in = [
        Card(1, 11, "first", True, (6, 4)),
        Card(1, 12, "second", True, (4, 4)),
        Card(1, 13, "third", True, (9, 9)),
        Card(1, 13, "appeal", True, (9, 9)),
    ]
    result = calibration.calibrate(CRITERIA, {1}, cards_in, {11: "A", 12: "B", 13: "C"})
    a, b, c = result.evaluators
    assert (a.criterion_differences, a.total_difference) == ((Decimal("1.00"), 0), Decimal("1.00"))
    assert b.total_difference_text == "\u22121,00" and b.third_count == 1
    assert c.pair_cards == 0 and c.other_cards == 2 and c.total_difference is None
    assert c.total_difference_text == "–" and c.third_share_text == "–"
