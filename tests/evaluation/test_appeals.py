"""Appeals against a published ranking list (`evaluation.appeals`): filing within the deadline
and once, the chair's rejection and uphold, the re-scoring by a new evaluator, the recomputed
ranking and the new version of the list; every refusal changes nothing."""

import datetime
from decimal import Decimal

from django.core import mail
from django.utils import timezone

import pytest

from core.choices import JSTType
from evaluation import appeals, assignment, cards, permissions, publication, republication, results
from evaluation.errors import EvaluationError
from evaluation.models import (
    Appeal,
    AppealDecision,
    Assignment,
    AssignmentKind,
    ResultEntry,
    ResultList,
)
from evaluation.ranking import Status
from recruitment import workflow
from recruitment.models import Application, ApplicationState, AuditLogEntry, CallQuota
from tests.evaluation.conftest import fill, make_application, member
from tests.recruitment import factories

pytestmark = pytest.mark.django_db
S = ApplicationState
K = AssignmentKind
URBAN = JSTType.URBAN_MUNICIPALITY.value


def scored(call, chair, evaluators, name, *cards_points):
    """An urban JST's application with an applicant account, scored by the first evaluators."""
    institution = factories.InstitutionFactory(jst_type=URBAN, name=name)
    factories.applicant(institution, username=f"jst-{institution.pk}")
    application = make_application(call, institution)
    for index, points in enumerate(cards_points):
        card = assignment.assign(application, evaluators[index], by=chair).card
        cards.submit(card, fill(card, points), user=evaluators[index])
    return application


def applicant_of(application):
    return application.institution.memberships.get().user


def stored(application):
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def published(call, chair_user, evaluators, django_capture_on_commit_callbacks):
    return publish_three(call, chair_user, evaluators, django_capture_on_commit_callbacks)


def publish_three(call, chair_user, evaluators, django_capture_on_commit_callbacks):
    """Version 1 of an urban list with one place: 20.50 selected, 18.00 reserve, 13.00 not
    selected (cards by the first two evaluators; the third is free for an appeal)."""
    CallQuota.objects.create(call=call, jst_type=URBAN, places=1)
    e = evaluators
    apps = {
        "top": scored(call, chair_user, e, "Gmina Miejska Nysa", [9, 8, 4], [8, 8, 4]),
        "reserve": scored(call, chair_user, e, "Gmina Miejska Brzeg", [8, 6, 4], [7, 7, 4]),
        "low": scored(call, chair_user, e, "Gmina Miejska Prudnik", [5, 5, 3], [6, 5, 2]),
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = publication.approve(call, chair_user)
        publication.publish(first, chair_user)
    for key in apps:
        apps[key].refresh_from_db()
    assert [apps[k].state for k in ("top", "reserve", "low")] == [
        S.SELECTED,
        S.RESERVE,
        S.NOT_SELECTED,
    ]
    mail.outbox.clear()
    apps["list"] = first
    return apps


def file(application, text="Kryterium 2 oceniono z pominięciem diagnozy z załącznika nr 3."):
    return appeals.file(application, applicant_of(application), text, ip_address="10.1.1.1")


# --- filing ----------------------------------------------------------------------------------


def test_an_appeal_within_the_deadline_is_filed_and_the_chair_is_told(
    published, chair_user, django_capture_on_commit_callbacks
):
    application = published["reserve"]
    with django_capture_on_commit_callbacks(execute=True):
        appeal = file(application)
    appeal = Appeal.objects.get(pk=appeal.pk)
    assert stored(application).state == S.APPEAL
    assert appeal.result_list == published["list"]
    assert appeal.text.startswith("Kryterium 2")
    assert appeal.ip_address == "10.1.1.1"
    assert appeal.decision == ""
    assert AuditLogEntry.objects.filter(action="appeal", application=application).exists()
    assert AuditLogEntry.objects.filter(action="appeal_filed", object_id=str(appeal.pk)).exists()
    [message] = mail.outbox
    assert message.to == [chair_user.email]
    assert application.number in message.subject
    assert "Kryterium 2 oceniono" in message.body


def test_the_not_selected_may_appeal_too(published):
    file(published["low"])
    assert stored(published["low"]).state == S.APPEAL


def test_an_appeal_after_its_deadline_is_refused_and_nothing_changes(published):
    application = published["reserve"]
    result_at = timezone.now() - datetime.timedelta(days=7, seconds=5)
    Application.objects.filter(pk=application.pk).update(result_at=result_at)
    application.refresh_from_db()
    with pytest.raises(EvaluationError, match="Termin na odwołanie minął") as refusal:
        file(application)
    assert "czasu polskiego" in refusal.value.message
    deadline = (result_at + datetime.timedelta(days=7)).astimezone(workflow.WARSAW)
    assert f"{deadline:%H:%M:%S}" in refusal.value.message
    assert stored(application).state == S.RESERVE
    assert not Appeal.objects.exists()
    assert not mail.outbox


def test_the_last_moment_of_the_deadline_is_still_in_time(published, monkeypatch):
    application = published["reserve"]
    deadline = application.result_at + datetime.timedelta(days=7)
    monkeypatch.setattr(timezone, "now", lambda: deadline)
    file(application)
    assert stored(application).state == S.APPEAL


def test_a_second_appeal_is_refused_and_the_first_is_kept(published):
    application = published["reserve"]
    first = file(application, "Pierwsze odwołanie.")
    # The state went back by hand to show that the appeal itself, not the state, refuses.
    Application.objects.filter(pk=application.pk).update(state=S.RESERVE)
    application.refresh_from_db()
    with pytest.raises(EvaluationError, match="wniesiono już odwołanie"):
        file(application, "Drugie odwołanie.")
    assert list(Appeal.objects.values_list("pk", "text")) == [(first.pk, "Pierwsze odwołanie.")]
    assert stored(application).state == S.RESERVE


def test_a_selected_application_may_not_appeal(published):
    application = published["top"]
    with pytest.raises(EvaluationError, match="wybrane do projektu"):
        file(application)
    assert stored(application).state == S.SELECTED
    assert not Appeal.objects.exists()


def test_another_jsts_account_may_not_appeal(published):
    application = published["reserve"]
    stranger = applicant_of(published["low"])
    with pytest.raises(EvaluationError, match="tylko konto JST"):
        appeals.file(application, stranger, "Nie nasze zgłoszenie.")
    assert stored(application).state == S.RESERVE
    assert not Appeal.objects.exists()


@pytest.mark.parametrize("text", ["", "   \r\n  "])
def test_an_appeal_needs_a_text(published, text):
    application = published["reserve"]
    with pytest.raises(EvaluationError, match="Napisz uzasadnienie odwołania"):
        file(application, text)
    assert stored(application).state == S.RESERVE
    assert not Appeal.objects.exists()


def test_no_appeal_before_the_list_is_published(call, chair_user, evaluators):
    application = scored(call, chair_user, evaluators, "Gmina Miejska Opole", [9, 8, 4], [8, 8, 4])
    with pytest.raises(EvaluationError, match="opublikowanej liście"):
        file(application)
    assert not Appeal.objects.exists()


# --- rejecting -------------------------------------------------------------------------------


def test_a_rejection_needs_a_reason(published, chair_user):
    appeal = file(published["reserve"])
    for reason in ("", "   "):
        with pytest.raises(EvaluationError, match="Podaj uzasadnienie odrzucenia"):
            appeals.reject(appeal, chair_user, reason)
    appeal.refresh_from_db()
    assert appeal.decision == "" and appeal.decided_by is None
    assert stored(published["reserve"]).state == S.APPEAL


def test_a_rejection_is_final_and_told_to_the_applicant(
    published, chair_user, django_capture_on_commit_callbacks
):
    application = published["reserve"]
    appeal = file(application)
    with django_capture_on_commit_callbacks(execute=True):
        appeals.reject(appeal, chair_user, "Ocena kryterium 2 jest należycie uzasadniona.")
    appeal.refresh_from_db()
    assert appeal.decision == AppealDecision.REJECTED
    assert appeal.decided_by == chair_user and appeal.decided_at is not None
    assert appeal.decision_reason == "Ocena kryterium 2 jest należycie uzasadniona."
    assert stored(application).state == S.FINAL
    # No new version: the published list stands.
    assert ResultList.objects.filter(call=application.call).count() == 1
    [message] = mail.outbox
    assert message.to == [applicant_of(application).email]
    assert "odrzucone" in message.subject
    assert "należycie uzasadniona" in message.body
    with pytest.raises(EvaluationError, match="już rozstrzygnięte"):
        appeals.reject(appeal, chair_user, "Jeszcze raz.")


def test_only_the_calls_chair_decides(published, evaluators):
    appeal = file(published["reserve"])
    with pytest.raises(EvaluationError, match="przewodniczący komisji"):
        appeals.reject(appeal, evaluators[2], "Nie moja rola.")
    with pytest.raises(EvaluationError, match="przewodniczący komisji"):
        appeals.uphold(appeal, evaluators[2], evaluators[2])
    assert stored(published["reserve"]).state == S.APPEAL


# --- upholding -------------------------------------------------------------------------------


def test_an_earlier_evaluator_may_not_re_score(published, chair_user, evaluators):
    application = published["reserve"]
    appeal = file(application)
    with pytest.raises(EvaluationError, match="ocenia"):
        appeals.uphold(appeal, chair_user, evaluators[0])
    appeal.refresh_from_db()
    assert appeal.decision == ""
    assert stored(application).state == S.APPEAL
    assert not Assignment.objects.filter(kind=K.APPEAL).exists()


def test_an_evaluator_whose_assignment_was_cancelled_may_not_re_score(
    call, published, chair_user, evaluators
):
    application = published["reserve"]
    # A fourth evaluator was assigned once and withdrawn: he is an earlier evaluator all the same.
    fourth = member(call, username="oceniajacy4")
    Assignment.objects.create(
        application=application,
        evaluator=fourth,
        kind=K.APPEAL,
        due_date=timezone.localdate(),
        cancelled_at=timezone.now(),
    )
    appeal = file(application)
    with pytest.raises(EvaluationError, match="ocenia"):
        appeals.uphold(appeal, chair_user, fourth)
    assert stored(application).state == S.APPEAL


def test_a_conflicted_evaluator_may_not_re_score(call, published, chair_user):
    application = published["reserve"]
    conflicted = member(call, username="powiazany", conflicts=[application.institution])
    employed = member(call, username="zatrudniony", employer=application.institution)
    appeal = file(application)
    with pytest.raises(EvaluationError, match="konflikt interesów"):
        appeals.uphold(appeal, chair_user, conflicted)
    with pytest.raises(EvaluationError, match="zatrudniony"):
        appeals.uphold(appeal, chair_user, employed)
    appeal.refresh_from_db()
    assert appeal.decision == ""
    assert stored(application).state == S.APPEAL
    assert not Assignment.objects.filter(kind=K.APPEAL).exists()


def test_an_unsigned_evaluator_may_not_re_score(call, published, chair_user):
    unsigned = member(call, username="bez-podpisu", sign=False)
    appeal = file(published["reserve"])
    with pytest.raises(EvaluationError, match="deklaracji"):
        appeals.uphold(appeal, chair_user, unsigned)
    assert stored(published["reserve"]).state == S.APPEAL


def test_the_upheld_appeal_is_re_scored_ranked_and_republished(
    published, chair_user, evaluators, django_capture_on_commit_callbacks
):
    application = published["reserve"]
    first_list = published["list"]
    before = list(
        ResultEntry.objects.filter(result_list=first_list)
        .order_by("position")
        .values_list("application_id", "final_score", "status", "position")
    )
    appeal = file(application)
    new_evaluator = evaluators[2]

    # The chair upholds it: the new evaluator gets the application and an e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        appeals.uphold(appeal, chair_user, new_evaluator, reason="Zarzut co do kryterium 2.")
    appeal.refresh_from_db()
    assert appeal.decision == AppealDecision.UPHELD
    assert stored(application).state == S.RE_EVALUATION
    held = Assignment.objects.get(application=application, kind=K.APPEAL)
    assert held.evaluator == new_evaluator and held.card.scores.count() == 3
    assert [m.to for m in mail.outbox] == [[new_evaluator.email]]
    assert application.number in mail.outbox[0].subject

    # Until his card is in, the application is pending and no new version can be approved.
    pending = {p.application.pk: p.reason for p in results.rank_call(application.call).pending}
    assert pending == {application.pk: results.Pending.RE_EVALUATION_IN_PROGRESS}
    with pytest.raises(EvaluationError, match="Ponowna ocena po odwołaniu nie została"):
        republication.republish(application.call, chair_user)
    with pytest.raises(EvaluationError, match="ponowna ocena po odwołaniu nie została"):
        publication.approve(application.call, chair_user, reason="Za wcześnie.")
    assert ResultList.objects.filter(call=application.call).count() == 1

    # He scores independently: the earlier cards stay hidden until his own is submitted.
    earlier = application.assignments.get(kind=K.FIRST).card
    assert not permissions.can_view_card(new_evaluator, earlier)
    cards.save_draft(held.card, fill(held.card, [10, 10, None]), user=new_evaluator)
    cards.submit(held.card, fill(held.card, [10, 10, 5]), user=new_evaluator)
    new_evaluator._k3d_assigned = {}
    assert permissions.can_view_card(new_evaluator, earlier)

    # The ranking uses the appeal card alone: 25.00 takes the place, 20.50 goes to the reserve.
    ranked = results.rank_call(application.call)
    assert ranked.is_complete
    assert [(r.application.pk, r.score.final, r.status) for r in ranked] == [
        (application.pk, Decimal("25.00"), Status.SELECTED),
        (published["top"].pk, Decimal("20.50"), Status.RESERVE),
        (published["low"].pk, Decimal("13.00"), Status.NOT_SELECTED),
    ]

    # The chair publishes version 2; version 1 stays as it was.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = republication.republish(application.call, chair_user)
    assert second.version == 2 and second.is_published
    assert application.number in second.reason
    new = {e.application_id: e for e in second.entries.all()}
    assert (new[application.pk].status, new[application.pk].final_score) == (
        "selected",
        Decimal("25.00"),
    )
    assert new[published["top"].pk].status == "reserve"
    # Moved down by another JST's appeal: no stale "selected" state; the result is given anew,
    # with the reason, and opens its own appeal window (tests/evaluation/
    # test_appeal_after_republication.py follows it further).
    moved = stored(published["top"])
    assert moved.state == S.RESERVE
    assert moved.result_at >= second.published_at
    worsened = AuditLogEntry.objects.get(application=moved, action="worsen_to_reserve")
    assert "Wersja 2 listy" in worsened.details["reason"]
    assert "wybrany → na liście rezerwowej (miejsce 1)" in worsened.details["reason"]
    assert stored(published["low"]).state == S.NOT_SELECTED  # unchanged status, unchanged state
    assert (
        list(
            ResultEntry.objects.filter(result_list=first_list)
            .order_by("position")
            .values_list("application_id", "final_score", "status", "position")
        )
        == before
    )
    assert ResultList.objects.get(pk=first_list.pk).published_at == first_list.published_at
    assert stored(application).state == S.FINAL
    appeal.refresh_from_db()
    assert appeal.republished_list == second
    assert publication.current_list(application.call) == second
    applicant_mail = [m for m in mail.outbox if m.to == [applicant_of(application).email]]
    assert any("Rozstrzygnięcie odwołania" in m.subject for m in applicant_mail)
    assert any("25.00" in m.body or "25,00" in m.body for m in applicant_mail)

    # The re-evaluated application is final: no second appeal, no second version.
    with pytest.raises(EvaluationError):
        file(application)
    with pytest.raises(EvaluationError, match="Nie ma uwzględnionych odwołań"):
        republication.republish(application.call, chair_user)


def test_a_cancelled_appeal_evaluator_is_replaced_by_another_new_one(
    call, published, chair_user, evaluators
):
    application = published["reserve"]
    appeal = file(application)
    appeals.uphold(appeal, chair_user, evaluators[2])
    held = Assignment.objects.get(application=application, kind=K.APPEAL)
    with pytest.raises(EvaluationError, match="ma już oceniającego po odwołaniu"):
        appeals.reassign(appeal, chair_user, member(call, username="piaty"))
    assignment.cancel(held, by=chair_user, reason="Zgłosił konflikt interesów.")
    with pytest.raises(EvaluationError, match="ocenia"):
        appeals.reassign(appeal, chair_user, evaluators[2])
    fifth = member(call, username="szosty")
    again = appeals.reassign(appeal, chair_user, fifth)
    assert again.kind == K.APPEAL and again.evaluator == fifth
    pending = {p.application.pk: p.reason for p in results.rank_call(call).pending}
    assert pending == {application.pk: results.Pending.RE_EVALUATION_IN_PROGRESS}


def test_a_rejected_appeal_keeps_its_place_in_a_later_ranking(published, chair_user):
    appeal = file(published["low"])
    appeals.reject(appeal, chair_user, "Bez podstaw.")
    ranked = results.rank_call(published["low"].call)
    assert ranked.is_complete
    assert [(r.application.pk, r.status) for r in ranked] == [
        (published["top"].pk, Status.SELECTED),
        (published["reserve"].pk, Status.RESERVE),
        (published["low"].pk, Status.NOT_SELECTED),
    ]


def test_ranking_after_publication_keeps_its_query_count(
    call, published, chair_user, evaluators, django_assert_max_num_queries
):
    for _ in range(5):
        make_application(call, factories.InstitutionFactory(jst_type=URBAN))
    appeal = file(published["reserve"])
    appeals.uphold(appeal, chair_user, evaluators[2])
    held = Assignment.objects.get(kind=K.APPEAL)
    cards.submit(held.card, fill(held.card, [10, 10, 5]), user=evaluators[2])
    with django_assert_max_num_queries(5):
        ranked = results.rank_call(call)
        rows = [(r.application.institution.name, r.score.final) for r in ranked]
    assert rows[0] == ("Gmina Miejska Brzeg", Decimal("25.00"))
    assert len(ranked.pending) == 5
