"""The results as people see them: the chair's admin page of the ranking list (approve, discard,
publish), the public page /nabory/<call>/wyniki/ and its versions, and the applicant's result
with anonymous cards; who is refused."""

from django.core import mail
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from core.choices import JSTType
from evaluation import publication
from evaluation.models import ResultList
from recruitment.models import Application, ApplicationState, CallQuota
from tests.evaluation.conftest import make_application
from tests.evaluation.test_publication import scored
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail keeps the sites' root paths in the cache: another test's sites must not make this
    call's page unroutable (its `url` None)."""
    from django.core.cache import cache

    cache.clear()


S = ApplicationState
URBAN, COUNTY = JSTType.URBAN_MUNICIPALITY.value, JSTType.COUNTY.value
# What must never reach a page an applicant or a visitor reads: the evaluators' usernames and
# surnames (tests/evaluation/conftest.py, `evaluators`).
EVALUATOR_MARKS = ("oceniajacy1", "oceniajacy2", "oceniajacy3", "Numer1", "Numer2", "Numer3")


@pytest.fixture
def apps(call, chair_user, evaluators):
    CallQuota.objects.create(call=call, jst_type=URBAN, places=1)
    CallQuota.objects.create(call=call, jst_type=COUNTY, places=1)
    e = evaluators
    return {
        "top": scored(call, chair_user, e, URBAN, "Gmina Miejska Nysa", [9, 8, 4], [8, 8, 4]),
        "low": scored(call, chair_user, e, URBAN, "Gmina Miejska Prudnik", [5, 5, 3], [6, 5, 2]),
        # 23 and 12 diverge: the third card (20) and the closer first one count, 21.50.
        "county": scored(
            call, chair_user, e, COUNTY, "Powiat Opolski", [9, 9, 5], [4, 5, 3], [8, 8, 4]
        ),
    }


def _soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def _published(call, chair_user, capture):
    result_list = publication.approve(call, chair_user)
    with capture(execute=True):
        publication.publish(result_list, chair_user)
    return result_list


def _public_url(call):
    return f"{call.url}wyniki/"


# --- the chair's page ------------------------------------------------------------------------


def test_the_chair_sees_the_ranking_and_what_waits_then_approves_and_publishes(
    client, call, chair_user, evaluators, apps, django_capture_on_commit_callbacks
):
    waiting = make_application(call, factories.InstitutionFactory(name="Gmina Miejska Olesno"))
    client.force_login(chair_user)
    page_url = reverse("evaluation:results", args=[call.pk])
    soup = _soup(client.get(page_url))
    text = soup.get_text(" ", strip=True)
    assert f"{waiting.number} – Gmina Miejska Olesno: brak dwóch oceniających" in text
    assert "Zatwierdzenie listy będzie możliwe" in text
    captions = [c.get_text(" ", strip=True) for c in soup.select("table caption")]
    assert "gmina miejska – miejsc w projekcie: 1" in captions

    # A forged approval while one application waits: refused with the reason, nothing stored.
    response = client.post(reverse("evaluation:results_approve", args=[call.pk]), follow=True)
    assert "Listy nie można zatwierdzić" in response.content.decode()
    assert not ResultList.objects.exists()

    Application.objects.filter(pk=waiting.pk).update(state=S.WITHDRAWN)
    response = client.post(reverse("evaluation:results_approve", args=[call.pk]), follow=True)
    assert "Zatwierdzono wersję 1 listy rankingowej" in response.content.decode()
    result_list = ResultList.objects.get()
    # A double submit: the second approval is refused.
    response = client.post(reverse("evaluation:results_approve", args=[call.pk]), follow=True)
    assert "czeka na publikację" in response.content.decode()
    assert ResultList.objects.count() == 1

    soup = _soup(client.get(page_url))
    buttons = [b.get_text(" ", strip=True) for b in soup.select("form button")]
    assert "Opublikuj wersję 1 i powiadom wnioskodawców" in buttons
    assert "Odrzuć wersję 1" in buttons

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluation:results_publish", args=[call.pk]),
            {"list": result_list.pk},
            follow=True,
        )
    assert "Opublikowano wersję 1 listy rankingowej" in response.content.decode()
    assert len(mail.outbox) == 3
    response = client.post(
        reverse("evaluation:results_publish", args=[call.pk]), {"list": result_list.pk}, follow=True
    )
    assert "została już opublikowana" in response.content.decode()
    response = client.post(
        reverse("evaluation:results_discard", args=[call.pk]), {"list": result_list.pk}, follow=True
    )
    assert "Opublikowanej listy nie można odrzucić" in response.content.decode()
    assert len(mail.outbox) == 3


def test_discard_from_the_page_and_forged_list_ids(client, call, chair_user, apps):
    other_call = factories.CallPageFactory(parent=call.get_parent(), number="8/2026/OP")
    result_list = publication.approve(call, chair_user)
    client.force_login(chair_user)
    for value in ("abc", "", "999999"):
        response = client.post(
            reverse("evaluation:results_discard", args=[call.pk]), {"list": value}, follow=True
        )
        assert "Nie ma takiej wersji listy w tym naborze." in response.content.decode()
    # This call's list through another call's URL: refused (the chair is not that call's).
    response = client.post(
        reverse("evaluation:results_discard", args=[other_call.pk]), {"list": result_list.pk}
    )
    assert response.status_code == 403
    assert ResultList.objects.filter(pk=result_list.pk).exists()
    response = client.post(
        reverse("evaluation:results_discard", args=[call.pk]), {"list": result_list.pk}, follow=True
    )
    assert "Odrzucono zatwierdzoną wersję 1 listy." in response.content.decode()
    assert not ResultList.objects.exists()


def test_who_reaches_the_admin_page(client, call, chair_user, evaluators, operator_user, apps):
    page_url = reverse("evaluation:results", args=[call.pk])
    approve_url = reverse("evaluation:results_approve", args=[call.pk])
    response = client.get(page_url)
    assert response.status_code == 302  # to the login
    client.force_login(evaluators[0])
    assert client.get(page_url).status_code == 403
    assert client.post(approve_url).status_code == 403
    client.force_login(operator_user)
    soup = _soup(client.get(page_url))
    assert soup.find("form", action=approve_url) is None
    assert client.post(approve_url).status_code == 403
    assert not ResultList.objects.exists()
    # The operator publishes what the chair approved.
    result_list = publication.approve(call, chair_user)
    soup = _soup(client.get(page_url))
    buttons = [b.get_text(" ", strip=True) for b in soup.select("form button")]
    assert buttons == ["Opublikuj wersję 1 i powiadom wnioskodawców"]
    client.post(reverse("evaluation:results_publish", args=[call.pk]), {"list": result_list.pk})
    assert ResultList.objects.get().published_by == operator_user


def test_the_chair_dashboard_links_to_the_results(client, call, chair_user):
    client.force_login(chair_user)
    soup = _soup(client.get(reverse("evaluation:chair", args=[call.pk])))
    assert soup.find("a", href=reverse("evaluation:results", args=[call.pk])) is not None


# --- the public page -----------------------------------------------------------------------------


def test_the_public_page_before_and_after_publication(
    client, call, chair_user, apps, django_capture_on_commit_callbacks
):
    response = client.get(_public_url(call))
    assert response.status_code == 200
    assert "Wyniki naboru nie zostały jeszcze opublikowane." in response.content.decode()
    assert "wyniki/" not in str(_soup(client.get(call.url)).find("main"))
    publication.approve(call, chair_user)
    # Approved, not published: still nothing public.
    assert "nie zostały jeszcze opublikowane" in client.get(_public_url(call)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        publication.publish(ResultList.objects.get(), chair_user)
    response = client.get(_public_url(call))
    assert response.status_code == 200
    body = response.content.decode()
    soup = _soup(response)
    main = soup.find("main")
    assert main.find("h1").get_text(strip=True) == f"Wyniki naboru {call.number}"
    assert "wersja 1" in main.get_text(" ", strip=True)
    tables = main.find_all("table")
    assert [t.caption.get_text(strip=True) for t in tables] == [
        "Lista rankingowa – gmina miejska (wersja 1)",
        "Lista rankingowa – powiat (wersja 1)",
    ]
    assert all(th["scope"] == "col" for th in tables[0].thead.find_all("th"))
    rows = [
        [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        for tr in tables[0].tbody.find_all("tr")
    ]
    assert rows == [
        ["1", "Gmina Miejska Nysa", "gmina miejska", "20,50", "wybrany"],
        ["2", "Gmina Miejska Prudnik", "gmina miejska", "13,00", "niewybrany"],
    ]
    county = [c.get_text(strip=True) for c in tables[1].tbody.find("tr").find_all(["th", "td"])]
    assert county == ["1", "Powiat Opolski", "powiat", "21,50", "wybrany"]
    for mark in EVALUATOR_MARKS:
        assert mark not in body
    # The call page links to it.
    link = _soup(client.get(call.url)).find("a", string="Lista rankingowa naboru")
    assert link["href"] == _public_url(call)


def test_earlier_versions_stay_viewable(
    client, call, chair_user, apps, django_capture_on_commit_callbacks
):
    _published(call, chair_user, django_capture_on_commit_callbacks)
    second = publication.approve(call, chair_user, reason="Odwołanie Gminy Miejskiej Prudnik.")
    with django_capture_on_commit_callbacks(execute=True):
        publication.publish(second, chair_user)
    latest = _soup(client.get(_public_url(call))).find("main").get_text(" ", strip=True)
    assert "Lista rankingowa, wersja 2" in latest
    assert "Powód nowej wersji: Odwołanie Gminy Miejskiej Prudnik." in latest
    assert "wersja 1" in latest  # in the list of versions
    earlier = client.get(f"{_public_url(call)}wersja/1/")
    text = _soup(earlier).find("main").get_text(" ", strip=True)
    assert "Lista rankingowa, wersja 1" in text and "To nie jest aktualna wersja listy." in text
    assert client.get(f"{_public_url(call)}wersja/7/").status_code == 404


def test_an_unpublished_version_is_not_public(client, call, chair_user, apps):
    publication.approve(call, chair_user)
    assert client.get(f"{_public_url(call)}wersja/1/").status_code == 404


def test_the_public_page_has_a_fixed_number_of_queries(
    client, call, chair_user, evaluators, apps, django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    for n in range(6):
        scored(call, chair_user, evaluators, URBAN, f"Gmina Miejska {n}", [7, 7, 3], [8, 6, 3])
    _published(call, chair_user, django_capture_on_commit_callbacks)
    client.get(_public_url(call))  # warm the site and settings caches, as a running server has
    # Routing and the site shell as on any page (12, as the call page's budget says), then the
    # published versions and the shown version's entries, and, as the six equal scores here
    # are ties, the tied applications' cards that explain them (issue #25): whatever the
    # number of rows.
    with django_assert_max_num_queries(15):
        response = client.get(_public_url(call))
    assert len(_soup(response).select("main tbody tr")) == 9


# --- the applicant's result ------------------------------------------------------------------------


def test_the_applicant_sees_their_scores_and_justifications_without_names(
    client, call, chair_user, apps, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    county = apps["county"]
    user = get_user_model().objects.get(username=f"wnioskodawca-{county.institution_id}")
    url = reverse("evaluation_account:result", args=[county.pk])
    client.force_login(user)
    before = client.get(url)
    assert before.status_code == 200
    assert "Wyniki naboru nie zostały jeszcze opublikowane." in before.content.decode()
    assert "Uzasadnienie oceniającego" not in before.content.decode()

    _published(call, chair_user, django_capture_on_commit_callbacks)
    response = client.get(url)
    body = response.content.decode()
    main = _soup(response).find("main")
    text = main.get_text(" ", strip=True)
    assert "Status wybrany" in text
    assert "Ocena końcowa 21,50 pkt z 25" in text
    assert [h.get_text(strip=True) for h in main.find_all("h3")] == [
        "Oceniający 1",
        "Oceniający 2",
        "Oceniający 3",
    ]
    for number in (1, 2, 3):
        assert f"Uzasadnienie oceniającego {number}." in text
    # 23, 12 and 20: the third and the closer first card count.
    counted = [
        "nieuwzględniona" not in p.get_text()
        for p in main.select("section p")
        if "Suma" in p.get_text()
    ]
    assert counted == [True, False, True]
    first_table = main.find_all("table")[0]
    assert [td.get_text(strip=True) for td in first_table.select("tbody td")][:2] == [
        "9 / 10",
        "Uzasadnienie oceniającego 1.",
    ]
    for mark in EVALUATOR_MARKS:
        assert mark not in body
    # Selected: no appeal; not selected: the deadline and the link to the appeal.
    assert "Termin na odwołanie" not in text
    assert main.find("a", string="Wnieś odwołanie od wyniku") is None
    low = apps["low"]
    low_user = get_user_model().objects.get(username=f"wnioskodawca-{low.institution_id}")
    client.force_login(low_user)
    low_main = _soup(client.get(reverse("evaluation_account:result", args=[low.pk]))).find("main")
    assert "Termin na odwołanie" in low_main.get_text(" ", strip=True)
    link = low_main.find("a", string="Wnieś odwołanie od wyniku")
    assert link["href"] == reverse("evaluation_account:appeal", args=[low.pk])
    client.force_login(user)
    # The status page and the dashboard link to it now.
    status = _soup(client.get(reverse("recruitment:status", args=[county.pk])))
    assert status.find("a", href=url) is not None
    dashboard = _soup(client.get(reverse("recruitment:dashboard")))
    assert dashboard.find("a", href=url) is not None


def test_another_jst_an_evaluator_and_a_visitor_are_refused(
    client, call, chair_user, evaluators, apps, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    _published(call, chair_user, django_capture_on_commit_callbacks)
    county = apps["county"]
    url = reverse("evaluation_account:result", args=[county.pk])
    assert client.get(url).status_code == 302  # to the login
    other = get_user_model().objects.get(username=f"wnioskodawca-{apps['top'].institution_id}")
    for user in (other, evaluators[0], chair_user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 404
        assert "Uzasadnienie oceniającego" not in response.content.decode()
    client.force_login(other)
    assert client.get(reverse("evaluation_account:result", args=[999999])).status_code == 404


def test_an_operator_of_another_partner_neither_sees_nor_publishes(client, call, chair_user, apps):
    from django.contrib.auth.models import Group

    from core.roles import OPERATORS
    from evaluation.errors import EvaluationError

    elsewhere = factories.operator(username="operator-krakow")
    elsewhere.groups.add(Group.objects.get_or_create(name=f"{OPERATORS} (rops-krakow)")[0])
    result_list = publication.approve(call, chair_user)
    with pytest.raises(EvaluationError):
        publication.publish(result_list, elsewhere)
    client.force_login(elsewhere)
    assert client.get(reverse("evaluation:results", args=[call.pk])).status_code == 403
    response = client.post(
        reverse("evaluation:results_publish", args=[call.pk]), {"list": result_list.pk}
    )
    assert response.status_code == 403
    assert ResultList.objects.get().published_at is None


def test_the_chairs_page_and_the_applicants_result_have_fixed_numbers_of_queries(
    client, call, chair_user, evaluators, apps, django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page_url = reverse("evaluation:results", args=[call.pk])
    client.force_login(chair_user)
    client.get(page_url)
    with CaptureQueriesContext(connection) as few:
        client.get(page_url)
    for n in range(8):
        scored(call, chair_user, evaluators, URBAN, f"Gmina Miejska {n}", [7, 7, 3], [8, 6, 3])
    publication.approve(call, chair_user)
    with django_assert_max_num_queries(len(few) + 1):  # + the waiting version's entries
        response = client.get(page_url)
    # The ranking, the waiting version and the table of versions.
    assert len(_soup(response).select("tbody tr")) == 11 + 11 + 1

    result_list = ResultList.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        publication.publish(result_list, chair_user)
    county = apps["county"]
    user = get_user_model().objects.get(username=f"wnioskodawca-{county.institution_id}")
    client.force_login(user)
    url = reverse("evaluation_account:result", args=[county.pk])
    client.get(url)
    # The session and the user with their groups and JST, the application, its entry, the
    # criteria, the cards and their scores, and the site shell.
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert len(_soup(response).select("main table")) == 3
