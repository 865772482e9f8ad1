"""The appeal pages: the applicant's form under /konto/ (deadline, one appeal, the decision) and
the chair's list of a call's appeals with its uphold and reject forms and the new version."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from evaluation import appeals
from evaluation.models import Appeal, AppealDecision, Assignment, AssignmentKind, ResultList
from recruitment.models import Application, ApplicationState
from tests.evaluation.conftest import fill, member
from tests.evaluation.test_appeals import applicant_of, file, publish_three, stored
from tests.recruitment import factories

pytestmark = pytest.mark.django_db
S = ApplicationState
K = AssignmentKind


@pytest.fixture
def published(call, chair_user, evaluators, django_capture_on_commit_callbacks):
    return publish_three(call, chair_user, evaluators, django_capture_on_commit_callbacks)


def appeal_url(application):
    return reverse("evaluation_account:appeal", args=[application.pk])


def appeals_url(call):
    return reverse("evaluation:appeals", args=[call.pk])


def text_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser").get_text(" ", strip=True)


# --- the applicant ---------------------------------------------------------------------------


def test_the_applicant_sees_the_deadline_and_files_the_appeal(
    client, published, chair_user, django_capture_on_commit_callbacks
):
    application = published["reserve"]
    client.force_login(applicant_of(application))
    page = client.get(appeal_url(application))
    assert page.status_code == 200
    soup = BeautifulSoup(page.content.decode(), "html.parser")
    textarea = soup.select_one("textarea[name=text]")
    assert soup.select_one(f"label[for={textarea['id']}]").get_text(strip=True)
    body = text_of(page)
    assert "Termin na odwołanie" in body and "czasu polskiego" in body
    assert "18.00" in body or "18,00" in body

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(appeal_url(application), {"text": "Zaniżona ocena kryterium 2."})
    assert response.status_code == 302 and response.url == appeal_url(application)
    assert Appeal.objects.get().text == "Zaniżona ocena kryterium 2."
    assert stored(application).state == S.APPEAL
    assert [m.to for m in mail.outbox] == [[chair_user.email]]

    after = client.get(appeal_url(application))
    body = text_of(after)
    assert "Zaniżona ocena kryterium 2." in body
    assert "czeka na rozstrzygnięcie" in body
    assert not BeautifulSoup(after.content.decode(), "html.parser").select("textarea")


def test_an_empty_appeal_is_refused_with_a_message(client, published):
    application = published["reserve"]
    client.force_login(applicant_of(application))
    response = client.post(appeal_url(application), {"text": "   "})
    assert response.status_code == 400
    assert "Napisz uzasadnienie odwołania" in text_of(response)
    assert not Appeal.objects.exists()
    assert stored(application).state == S.RESERVE


def test_a_second_appeal_through_the_form_is_refused(client, published):
    application = published["reserve"]
    client.force_login(applicant_of(application))
    client.post(appeal_url(application), {"text": "Pierwsze."})
    second = client.post(appeal_url(application), {"text": "Drugie."})
    assert second.status_code == 400
    assert "wniesiono już odwołanie" in text_of(second)
    assert list(Appeal.objects.values_list("text", flat=True)) == ["Pierwsze."]


def test_a_late_appeal_through_the_form_is_refused(client, published):
    application = published["low"]
    Application.objects.filter(pk=application.pk).update(
        result_at=timezone.now() - datetime.timedelta(days=8)
    )
    client.force_login(applicant_of(application))
    page = client.get(appeal_url(application))
    assert "Termin na odwołanie minął" in text_of(page)
    assert not BeautifulSoup(page.content.decode(), "html.parser").select("textarea")
    response = client.post(appeal_url(application), {"text": "Spóźnione."})
    assert response.status_code == 400
    assert "Termin na odwołanie minął" in text_of(response)
    assert not Appeal.objects.exists()
    assert stored(application).state == S.NOT_SELECTED


def test_a_selected_applicant_sees_why_there_is_no_form(client, published):
    application = published["top"]
    client.force_login(applicant_of(application))
    page = client.get(appeal_url(application))
    assert page.status_code == 200
    assert "wybrane do projektu" in text_of(page)
    assert not BeautifulSoup(page.content.decode(), "html.parser").select("textarea")
    assert client.post(appeal_url(application), {"text": "Chcemy więcej."}).status_code == 400
    assert not Appeal.objects.exists()


def test_another_jsts_account_gets_a_404(client, published):
    application = published["reserve"]
    client.force_login(applicant_of(published["low"]))
    assert client.get(appeal_url(application)).status_code == 404
    assert client.post(appeal_url(application), {"text": "Cudze."}).status_code == 404
    assert client.get(reverse("evaluation_account:appeal", args=[999999])).status_code == 404
    assert not Appeal.objects.exists()
    assert stored(application).state == S.RESERVE


def test_the_applicant_reads_the_rejection(client, published, chair_user):
    application = published["reserve"]
    appeals.reject(file(application), chair_user, "Ocena jest należycie uzasadniona.")
    client.force_login(applicant_of(application))
    body = text_of(client.get(appeal_url(application)))
    assert "Odwołanie odrzucono." in body
    assert "Ocena jest należycie uzasadniona." in body


# --- the chair -------------------------------------------------------------------------------


def test_the_chair_lists_the_appeals_with_the_eligible_evaluators_only(
    client, call, published, chair_user, evaluators
):
    conflicted = member(call, username="powiazany", conflicts=[published["reserve"].institution])
    file(published["reserve"], "Zaniżona ocena kryterium 2.")
    client.force_login(chair_user)
    page = client.get(appeals_url(call))
    assert page.status_code == 200
    soup = BeautifulSoup(page.content.decode(), "html.parser")
    assert "Zaniżona ocena kryterium 2." in soup.get_text()
    options = [int(o["value"]) for o in soup.select("select[name=evaluator] option")]
    assert options == [evaluators[2].pk]
    assert conflicted.pk not in options
    for field in soup.select("form select, form textarea, form input[type=date]"):
        assert soup.select_one(f"label[for={field['id']}]"), field


def test_the_chair_dashboard_links_the_appeals(client, call, published, chair_user):
    file(published["reserve"])
    client.force_login(chair_user)
    page = client.get(reverse("evaluation:chair", args=[call.pk]))
    link = BeautifulSoup(page.content.decode(), "html.parser").select_one("#odwolania")
    assert link.a["href"] == appeals_url(call)
    assert "czeka na rozstrzygnięcie 1" in link.get_text(" ", strip=True)


def test_evaluators_and_other_chairs_may_not_see_the_appeals(
    client, call, published, evaluators, chair_user
):
    file(published["reserve"])
    client.force_login(evaluators[2])
    assert client.get(appeals_url(call)).status_code == 403
    other_call = factories.CallPageFactory(parent=call.get_parent(), number="8/2026/OP")
    other_chair = member(other_call, role="chair", username="inny-przewodniczacy")
    client.force_login(other_chair)
    assert client.get(appeals_url(call)).status_code == 403


def test_an_operator_looks_without_the_forms(client, call, published, operator_user):
    file(published["reserve"])
    client.force_login(operator_user)
    page = client.get(appeals_url(call))
    assert page.status_code == 200
    assert not BeautifulSoup(page.content.decode(), "html.parser").select("form[method=post]")
    appeal = Appeal.objects.get()
    reject = reverse("evaluation:appeal_reject", args=[call.pk, appeal.pk])
    assert client.post(reject, {"reason": "Nie moja rola."}).status_code == 403
    assert stored(published["reserve"]).state == S.APPEAL


def test_reject_without_a_reason_changes_nothing_and_with_one_decides(
    client, call, published, chair_user
):
    appeal = file(published["reserve"])
    client.force_login(chair_user)
    path = reverse("evaluation:appeal_reject", args=[call.pk, appeal.pk])
    refused = client.post(path, {"reason": ""}, follow=True)
    assert "Podaj uzasadnienie odrzucenia" in text_of(refused)
    appeal.refresh_from_db()
    assert appeal.decision == "" and stored(published["reserve"]).state == S.APPEAL
    client.post(path, {"reason": "Bez podstaw."})
    appeal.refresh_from_db()
    assert appeal.decision == AppealDecision.REJECTED
    assert stored(published["reserve"]).state == S.FINAL


def test_uphold_with_an_earlier_evaluator_is_refused_and_with_a_new_one_starts_re_scoring(
    client, call, published, chair_user, evaluators
):
    application = published["reserve"]
    appeal = file(application)
    client.force_login(chair_user)
    path = reverse("evaluation:appeal_uphold", args=[call.pk, appeal.pk])
    refused = client.post(path, {"evaluator": evaluators[0].pk}, follow=True)
    assert "już ocenia to zgłoszenie" in text_of(refused)
    assert stored(application).state == S.APPEAL
    assert not Assignment.objects.filter(kind=K.APPEAL).exists()
    forged = client.post(path, {"evaluator": 999999}, follow=True)
    assert "Wybierz oceniającego z komisji" in text_of(forged)
    client.post(path, {"evaluator": evaluators[2].pk, "due_date": ""})
    assert stored(application).state == S.RE_EVALUATION
    assert Assignment.objects.get(kind=K.APPEAL).evaluator == evaluators[2]


def test_an_appeal_of_another_call_is_a_404(client, call, published):
    other_call = factories.CallPageFactory(parent=call.get_parent(), number="9/2026/OP")
    appeal = file(published["reserve"])
    client.force_login(member(other_call, role="chair", username="przewodniczaca-2"))
    path = reverse("evaluation:appeal_reject", args=[other_call.pk, appeal.pk])
    assert client.post(path, {"reason": "Nie ten nabór."}).status_code == 404
    appeal.refresh_from_db()
    assert appeal.decision == ""


def test_the_appeal_evaluator_scores_blind_and_the_chair_publishes_version_2(
    client, call, published, chair_user, evaluators
):
    application = published["reserve"]
    appeals.uphold(file(application), chair_user, evaluators[2])
    held = Assignment.objects.get(kind=K.APPEAL)
    earlier = application.assignments.get(kind=K.FIRST)
    client.force_login(evaluators[2])
    assert client.get(reverse("evaluation:card", args=[held.pk])).status_code == 200
    assert client.get(reverse("evaluation:card", args=[earlier.pk])).status_code == 403
    page = client.get(reverse("evaluation:application", args=[application.pk]))
    assert page.status_code == 200
    assert "Uzasadnienie oceny." not in page.content.decode()
    response = client.post(
        reverse("evaluation:card", args=[held.pk]),
        {**fill(held.card, [10, 10, 5]), "action": "submit"},
    )
    assert response.status_code == 302
    assert client.get(reverse("evaluation:card", args=[earlier.pk])).status_code == 200

    client.force_login(chair_user)
    page = client.get(appeals_url(call))
    assert "karta złożona: 25 pkt" in text_of(page)
    response = client.post(reverse("evaluation:appeals_republish", args=[call.pk]), follow=True)
    assert "Opublikowano wersję 2" in text_of(response)
    assert list(ResultList.objects.filter(call=call).values_list("version", flat=True)) == [2, 1]
    assert stored(application).state == S.FINAL
    client.force_login(applicant_of(application))
    body = text_of(client.get(appeal_url(application)))
    assert "Odwołanie uwzględniono." in body and "wersję 2" in body


def test_the_appeals_page_has_a_fixed_number_of_queries(
    client, call, published, chair_user, evaluators, django_assert_max_num_queries
):
    client.force_login(chair_user)
    appeals.uphold(file(published["reserve"]), chair_user, evaluators[2])
    few = _count(client, appeals_url(call))
    file(published["low"])
    with django_assert_max_num_queries(few):
        response = client.get(appeals_url(call))
    assert response.status_code == 200
    assert few <= 20


def _count(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries.captured_queries)
