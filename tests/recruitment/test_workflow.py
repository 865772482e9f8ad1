"""The application state machine: named transitions, who may fire them, deadlines, audit log."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

import pytest

from recruitment import workflow
from recruitment.models import Application, ApplicationState, AuditLogEntry
from recruitment.workflow import (
    TransitionForbidden,
    TransitionNotAllowed,
    TransitionRefused,
    UnknownTransition,
    fire,
)
from tests.factories import UserFactory
from tests.recruitment import factories

S = ApplicationState
pytestmark = pytest.mark.django_db


def _stored(application):
    return Application.objects.get(pk=application.pk)


def _at(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def _move_to(application, state, **fields):
    Application.objects.filter(pk=application.pk).update(state=state, **fields)
    application.refresh_from_db()


def test_an_application_goes_the_whole_way_with_one_audit_entry_per_step(
    draft_application, applicant, operator, chair
):
    app = draft_application
    factories.seat_chair(app.call, chair)
    steps = [
        ("submit", applicant, S.SUBMITTED),
        ("start_formal_check", operator, S.FORMAL_CHECK),
        ("request_supplement", operator, S.TO_SUPPLEMENT),
        ("supplement", applicant, S.SUPPLEMENTED),
        ("start_formal_check", operator, S.FORMAL_CHECK),
        ("accept_formally", operator, S.FORMALLY_ACCEPTED),
        ("start_evaluation", chair, S.SUBSTANTIVE_EVALUATION),
        ("mark_scored", chair, S.SCORED),
        ("not_select", chair, S.NOT_SELECTED),
        ("appeal", applicant, S.APPEAL),
        ("start_reevaluation", chair, S.RE_EVALUATION),
        ("finalise", chair, S.FINAL),
    ]
    for name, user, expected in steps:
        fire(
            app,
            name,
            user,
            reason="Uzasadnienie." if name == "appeal" else "",
            ip_address="10.0.0.7",
        )
        assert _stored(app).state == expected
    stored = _stored(app)
    assert stored.number == "5/2026/OP/001"
    assert stored.submitted_at is not None
    assert stored.version == 2  # the supplement made a new version
    entries = list(AuditLogEntry.objects.filter(application=app).order_by("pk"))
    assert [e.action for e in entries] == [name for name, _, _ in steps]
    assert [(e.details["from"], e.details["to"]) for e in entries[:2]] == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.FORMAL_CHECK),
    ]
    first = entries[0]
    assert (first.user, first.username, first.ip_address) == (
        applicant,
        "wnioskodawca.brzeg",
        "10.0.0.7",
    )
    assert first.object_type == "recruitment.application" and first.object_id == str(app.pk)
    assert entries[9].details["reason"] == "Uzasadnienie."


@pytest.mark.parametrize(
    "name, who, state",
    [
        ("submit", "operator", S.DRAFT),
        ("submit", "other_applicant", S.DRAFT),
        ("submit", "anonymous", S.DRAFT),
        ("submit", "applicant_without_group", S.DRAFT),
        ("accept_formally", "applicant", S.FORMAL_CHECK),
        ("start_formal_check", "chair", S.SUBMITTED),
        ("select", "operator", S.SCORED),
        ("withdraw", "operator", S.SUBMITTED),
        ("appeal", "chair", S.NOT_SELECTED),
    ],
)
def test_a_transition_fired_by_the_wrong_role_is_refused_and_changes_nothing(
    draft_application, applicant, operator, chair, name, who, state
):
    from django.contrib.auth.models import AnonymousUser

    from recruitment.models import InstitutionMembership

    users = {
        "operator": operator,
        "chair": chair,
        "applicant": applicant,
        "anonymous": AnonymousUser(),
        "other_applicant": factories.applicant(factories.InstitutionFactory()),
    }
    if who == "applicant_without_group":
        users[who] = UserFactory()
        InstitutionMembership.objects.create(
            user=users[who], institution=draft_application.institution
        )
    _move_to(draft_application, state, result_at=timezone.now())
    before = _stored(draft_application)
    with pytest.raises(TransitionForbidden) as caught:
        fire(draft_application, name, users[who])
    assert "Nie masz uprawnień do czynności" in caught.value.message
    after = _stored(draft_application)
    assert (after.state, after.number, after.version, after.updated_at) == (
        before.state,
        before.number,
        before.version,
        before.updated_at,
    )
    assert draft_application.state == state
    assert not AuditLogEntry.objects.exists()


def test_a_transition_from_the_wrong_state_says_which_state_the_application_is_in(
    draft_application, operator
):
    with pytest.raises(TransitionNotAllowed) as caught:
        fire(draft_application, "accept_formally", operator)
    assert caught.value.message == (
        "Czynności „przyjęcie formalne” nie można wykonać, gdy zgłoszenie ma stan „wersja robocza”."
    )
    assert _stored(draft_application).state == S.DRAFT
    assert not AuditLogEntry.objects.exists()


def test_an_unknown_transition_is_refused(draft_application, operator):
    with pytest.raises(UnknownTransition, match="Nieznana czynność: „publish”"):
        fire(draft_application, "publish", operator)


def test_submission_one_second_after_the_deadline_is_refused_and_nothing_changes(
    draft_application, applicant, monkeypatch
):
    closes_at = draft_application.call.closes_at
    _at(monkeypatch, closes_at + datetime.timedelta(seconds=1))
    with pytest.raises(TransitionRefused) as caught:
        fire(draft_application, "submit", applicant)
    assert "Termin składania zgłoszeń w naborze 5/2026/OP minął" in caught.value.message
    stored = _stored(draft_application)
    assert (stored.state, stored.number, stored.submitted_at) == (S.DRAFT, None, None)
    assert not AuditLogEntry.objects.exists()


def test_submission_at_the_last_second_of_the_window_is_accepted(
    draft_application, applicant, monkeypatch
):
    closes_at = draft_application.call.closes_at
    _at(monkeypatch, closes_at)
    fire(draft_application, "submit", applicant)
    stored = _stored(draft_application)
    assert (stored.state, stored.submitted_at) == (S.SUBMITTED, closes_at)


def test_submission_before_the_call_opens_is_refused(draft_application, applicant, monkeypatch):
    _at(monkeypatch, draft_application.call.opens_at - datetime.timedelta(seconds=1))
    with pytest.raises(TransitionRefused, match="jeszcze się nie rozpoczął"):
        fire(draft_application, "submit", applicant)
    assert _stored(draft_application).state == S.DRAFT


@pytest.mark.parametrize("removed", ["formal_criteria", "substantive_criteria"])
def test_submission_to_a_call_whose_criteria_are_gone_is_refused(
    draft_application, applicant, removed
):
    from recruitment import criteria

    getattr(draft_application.call, removed).all().delete()
    with pytest.raises(TransitionRefused) as caught:
        fire(draft_application, "submit", applicant)
    assert caught.value.message == str(criteria.MISSING_MESSAGE)
    stored = _stored(draft_application)
    assert (stored.state, stored.number) == (S.DRAFT, None)


def test_submissions_are_numbered_in_order_within_the_call(open_call, draft_application, applicant):
    other = factories.InstitutionFactory()
    other_applicant = factories.applicant(other)
    second = factories.ApplicationFactory(call=open_call, institution=other)
    fire(second, "submit", other_applicant)
    fire(draft_application, "submit", applicant)
    assert _stored(second).number == "5/2026/OP/001"
    assert _stored(draft_application).number == "5/2026/OP/002"


ALL_STATES = list(S)
WITHDRAWABLE = [
    S.DRAFT,
    S.SUBMITTED,
    S.FORMAL_CHECK,
    S.TO_SUPPLEMENT,
    S.SUPPLEMENTED,
    S.FORMALLY_ACCEPTED,
    S.SUBSTANTIVE_EVALUATION,
    S.SCORED,
]


@pytest.mark.parametrize("state", ALL_STATES)
def test_withdrawal_is_possible_only_before_a_result(draft_application, applicant, state):
    _move_to(draft_application, state)
    if state in WITHDRAWABLE:
        fire(draft_application, "withdraw", applicant)
        assert _stored(draft_application).state == S.WITHDRAWN
    else:
        with pytest.raises(TransitionNotAllowed):
            fire(draft_application, "withdraw", applicant)
        assert _stored(draft_application).state == state


def test_only_one_call_to_supplement_and_a_late_supplement_is_refused(
    draft_application, applicant, operator, monkeypatch
):
    _move_to(draft_application, S.FORMAL_CHECK)
    fire(draft_application, "request_supplement", operator)
    due = _stored(draft_application).supplement_due
    # The end of the 7th day after today, Europe/Warsaw (workflow.supplement_deadline).
    local_due = timezone.localtime(due, workflow.WARSAW)
    today = timezone.localtime(timezone.now(), workflow.WARSAW).date()
    assert local_due.date() == today + datetime.timedelta(days=7)
    assert (local_due.hour, local_due.minute, local_due.second) == (23, 59, 59)
    _at(monkeypatch, due + datetime.timedelta(seconds=1))
    with pytest.raises(TransitionRefused, match="Termin na uzupełnienie minął"):
        fire(draft_application, "supplement", applicant)
    monkeypatch.undo()
    fire(draft_application, "reject_formally", operator, reason="Brak podpisów po wezwaniu.")
    _move_to(draft_application, S.FORMAL_CHECK)
    with pytest.raises(TransitionRefused, match="Do uzupełnienia można wezwać tylko raz."):
        fire(draft_application, "request_supplement", operator)


def test_formal_rejection_needs_a_written_reason(draft_application, operator):
    _move_to(draft_application, S.FORMAL_CHECK)
    with pytest.raises(TransitionRefused, match="Podaj pisemne uzasadnienie."):
        fire(draft_application, "reject_formally", operator, reason="  ")
    assert _stored(draft_application).state == S.FORMAL_CHECK


def test_appeal_after_the_appeal_deadline_is_refused(draft_application, applicant, monkeypatch):
    result_at = timezone.now()
    _move_to(draft_application, S.NOT_SELECTED, result_at=result_at)
    _at(monkeypatch, result_at + datetime.timedelta(days=7, seconds=1))
    with pytest.raises(TransitionRefused, match="Termin na odwołanie minął"):
        fire(draft_application, "appeal", applicant, reason="Nie zgadzamy się z oceną.")
    assert _stored(draft_application).state == S.NOT_SELECTED


def test_available_transitions_depend_on_role_and_state(draft_application, applicant, operator):
    assert workflow.available(draft_application, applicant) == ["submit", "withdraw"]
    assert workflow.available(draft_application, operator) == []
    _move_to(draft_application, S.FORMAL_CHECK)
    assert workflow.available(draft_application, operator) == [
        "request_supplement",
        "reject_formally",
        "accept_formally",
    ]


def test_a_superuser_acts_as_operator_and_chair_but_never_as_applicant(draft_application):
    admin = UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(TransitionForbidden):
        fire(draft_application, "submit", admin)
    _move_to(draft_application, S.SCORED)
    fire(draft_application, "select", admin)
    assert _stored(draft_application).state == S.SELECTED


def test_one_active_application_per_jst_and_call_but_a_new_one_after_withdrawal(
    draft_application, applicant
):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ApplicationFactory(
            call=draft_application.call, institution=draft_application.institution
        )
    fire(draft_application, "withdraw", applicant)
    again = factories.ApplicationFactory(
        call=draft_application.call, institution=draft_application.institution
    )
    assert again.state == S.DRAFT
