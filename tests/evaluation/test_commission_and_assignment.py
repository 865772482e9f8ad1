"""The commission and the assignment rules: appointment, declarations and conflicts, who may be
assigned, the automatic assignment's balance and determinism, the third evaluator."""

import datetime

from django.utils import timezone

import pytest

from evaluation import assignment, cards, commission, declaration
from evaluation.errors import EvaluationError
from evaluation.models import (
    Assignment,
    AssignmentKind,
    CardScore,
    CommissionMember,
    CommissionRole,
    ConflictDeclaration,
    Declaration,
    Immutable,
    SubstantiveCard,
)
from recruitment.models import ApplicationState, AuditLogEntry
from tests.evaluation.conftest import fill, make_application, member
from tests.recruitment import factories

pytestmark = pytest.mark.django_db
K = AssignmentKind
S = ApplicationState


def snapshot():
    """Everything the services may change, to prove a refusal changed nothing."""
    return (
        list(Assignment.objects.values_list("pk", "kind", "evaluator_id", "cancelled_at")),
        list(SubstantiveCard.objects.values_list("pk", "status", "total")),
        list(CardScore.objects.values_list("pk", "points", "justification")),
        ConflictDeclaration.objects.count(),
        Declaration.objects.count(),
        CommissionMember.objects.count(),
    )


# --- commission and declarations ----------------------------------------------------------------


def test_appointing_needs_the_role_group_and_one_chair_per_call(call, operator_user, chair_user):
    outsider = factories.UserFactory(username="bez.grupy")
    with pytest.raises(EvaluationError) as refused:
        commission.appoint(call, outsider, CommissionRole.EVALUATOR, by=operator_user)
    assert "Oceniający" in str(refused.value.message)
    other_chair = factories.chair(username="drugi.przewodniczacy")
    with pytest.raises(EvaluationError) as refused:
        commission.appoint(call, other_chair, CommissionRole.CHAIR, by=operator_user)
    assert "ma już przewodniczącego" in str(refused.value.message)
    with pytest.raises(EvaluationError) as refused:
        commission.appoint(call, chair_user, CommissionRole.CHAIR, by=operator_user)
    assert "jest już w komisji" in str(refused.value.message)
    assert CommissionMember.objects.filter(call=call).count() == 1


def test_appointment_is_logged(call, operator_user, groups):
    user = factories.user_in("Oceniający", username="nowa.oceniajaca")
    employer = factories.InstitutionFactory(name="Powiat Nyski")
    created = commission.appoint(
        call, user, CommissionRole.EVALUATOR, by=operator_user, employer=employer
    )
    assert created.employer == employer
    entry = AuditLogEntry.objects.get(action="commission_appointed")
    assert entry.username == "operatorka" and entry.details["member"] == "nowa.oceniajaca"


def test_signed_declaration_keeps_text_version_hash_and_ip_and_cannot_change(call):
    user = member(call, username="podpisujaca", first_name="Irena", last_name="Podpis", sign=False)
    signed = commission.sign_declaration(call, user, ip_address="192.0.2.7")
    assert "Irena Podpis" in signed.text and call.number in signed.text
    assert signed.text_version == declaration.TEXT_VERSION
    assert signed.text_sha256 == declaration.sha256(signed.text)
    assert signed.ip_address == "192.0.2.7" and signed.signed_at is not None
    assert AuditLogEntry.objects.filter(action="declaration_signed", user=user).exists()
    signed.text = "Inna treść"
    with pytest.raises(Immutable):
        signed.save()
    with pytest.raises(Immutable):
        Declaration.objects.filter(pk=signed.pk).update(text="Inna")
    with pytest.raises(Immutable):
        signed.delete()
    with pytest.raises(EvaluationError):
        commission.sign_declaration(call, user)
    assert Declaration.objects.get(pk=signed.pk).text != "Inna treść"


def test_only_members_sign(call):
    outsider = factories.user_in("Oceniający", username="spoza.komisji")
    with pytest.raises(EvaluationError) as refused:
        commission.sign_declaration(call, outsider)
    assert "Nie jesteś członkiem komisji" in str(refused.value.message)
    assert not Declaration.objects.exists()


def test_conflicts_declared_at_signing_bar_the_jst(call, chair_user):
    nysa = factories.InstitutionFactory(name="Gmina Miejska Nysa")
    application = make_application(call, nysa)
    conflicted = member(call, username="w.konflikcie", conflicts=[nysa])
    with pytest.raises(EvaluationError) as refused:
        assignment.assign(application, conflicted, by=chair_user)
    assert "konflikt interesów" in str(refused.value.message)
    assert not Assignment.objects.exists()


def test_a_conflict_declared_later_cancels_the_assignment(call, chair_user, evaluators):
    application = make_application(call)
    held = assignment.assign(application, evaluators[0], by=chair_user)
    commission.declare_conflict(
        call,
        evaluators[0],
        application.institution,
        note="Brat jest skarbnikiem.",
        ip_address="10.0.0.2",
    )
    held.refresh_from_db()
    assert held.cancelled_at is not None and held.cancel_reason
    with pytest.raises(EvaluationError):
        assignment.assign(application, evaluators[0], by=chair_user)
    with pytest.raises(EvaluationError) as twice:
        commission.declare_conflict(call, evaluators[0], application.institution)
    assert "już zgłoszony" in str(twice.value.message)
    assert ConflictDeclaration.objects.count() == 1


def test_a_member_with_assignments_cannot_be_dismissed(call, chair_user, evaluators, operator_user):
    application = make_application(call)
    assignment.assign(application, evaluators[0], by=chair_user)
    membership = CommissionMember.objects.get(call=call, user=evaluators[0])
    with pytest.raises(EvaluationError) as refused:
        commission.dismiss(membership, by=operator_user)
    assert "cofnąć przydziały" in str(refused.value.message)
    idle = CommissionMember.objects.get(call=call, user=evaluators[2])
    commission.dismiss(idle, by=operator_user)
    assert not CommissionMember.objects.filter(pk=idle.pk).exists()


# --- assigning by hand ----------------------------------------------------------------------------


def test_assigning_fills_first_then_second_and_starts_the_evaluation(
    call, chair_user, evaluators, application
):
    first = assignment.assign(application, evaluators[0], by=chair_user, ip_address="10.0.0.9")
    second = assignment.assign(application, evaluators[1], by=chair_user)
    assert (first.kind, second.kind) == (K.FIRST, K.SECOND)
    application.refresh_from_db()
    assert application.state == S.SUBSTANTIVE_EVALUATION
    assert first.card.scores.count() == 3
    assert first.due_date == timezone.localdate() + datetime.timedelta(days=14)
    entry = AuditLogEntry.objects.filter(action="evaluator_assigned").first()
    assert entry.application == application and entry.ip_address in ("10.0.0.9", None)
    assert AuditLogEntry.objects.filter(action="start_evaluation").count() == 1
    with pytest.raises(EvaluationError) as full:
        assignment.assign(application, evaluators[2], by=chair_user)
    assert "komplet oceniających" in str(full.value.message)


def test_refusals_change_nothing(call, chair_user, evaluators, application):
    employer = application.institution
    employed = member(call, username="urzedniczka", employer=employer)
    unsigned = member(call, username="bez.podpisu", sign=False)
    assignment.assign(application, evaluators[0], by=chair_user)
    before = snapshot()
    cases = [
        (employed, None, "zatrudniony"),
        (unsigned, None, "nie podpisał"),
        (evaluators[0], None, "już ocenia"),
        (chair_user, None, "nie jest oceniającym"),
        (evaluators[1], K.FIRST, "ma już przydzielonego"),
        (evaluators[1], K.THIRD, "Trzeciego oceniającego"),
        (evaluators[1], "czwarty", "Nieznany rodzaj"),
    ]
    for user, kind, message in cases:
        with pytest.raises(EvaluationError) as refused:
            assignment.assign(application, user, by=chair_user, kind=kind)
        assert message in str(refused.value.message), (user, kind)
    with pytest.raises(EvaluationError) as late:
        assignment.assign(
            application,
            evaluators[1],
            by=chair_user,
            due_date=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert "wcześniejszy niż dzisiaj" in str(late.value.message)
    assert snapshot() == before


@pytest.mark.parametrize("state", [S.SUBMITTED, S.FORMALLY_REJECTED, S.WITHDRAWN, S.SCORED])
def test_no_assignment_outside_the_evaluation(call, chair_user, evaluators, state):
    application = make_application(call, state=state)
    with pytest.raises(EvaluationError) as refused:
        assignment.assign(application, evaluators[0], by=chair_user)
    assert "nie przydziela się" in str(refused.value.message)
    assert not Assignment.objects.exists()


def test_cancel_keeps_the_record_and_frees_the_place(call, chair_user, evaluators, application):
    held = assignment.assign(application, evaluators[0], by=chair_user)
    with pytest.raises(EvaluationError):
        assignment.cancel(held, by=chair_user, reason="  ")
    assignment.cancel(held, by=chair_user, reason="Długa choroba.")
    replacement = assignment.assign(application, evaluators[1], by=chair_user)
    assert replacement.kind == K.FIRST
    assert Assignment.objects.filter(application=application).count() == 2
    with pytest.raises(EvaluationError) as twice:
        assignment.cancel(held, by=chair_user, reason="Znowu.")
    assert "już cofnięty" in str(twice.value.message)


def test_a_submitted_card_cannot_be_cancelled(call, chair_user, evaluators, application):
    held = assignment.assign(application, evaluators[0], by=chair_user)
    application.refresh_from_db()
    cards.submit(held.card, fill(held.card, [10, 10, 5]), user=evaluators[0])
    with pytest.raises(EvaluationError) as refused:
        assignment.cancel(held, by=chair_user, reason="Pomyłka.")
    assert "zwróć ją do poprawy" in str(refused.value.message)
    held.refresh_from_db()
    assert held.cancelled_at is None


# --- the third evaluator --------------------------------------------------------------------------


def score_both(application, chair_user, evaluators, first_points, second_points):
    one = assignment.assign(application, evaluators[0], by=chair_user)
    two = assignment.assign(application, evaluators[1], by=chair_user)
    cards.submit(one.card, fill(one.card, first_points), user=evaluators[0])
    cards.submit(two.card, fill(two.card, second_points), user=evaluators[1])
    return one, two


def test_divergent_totals_flag_the_third_evaluator(call, chair_user, evaluators, application):
    # Max 25, threshold 15: 24 and 10 differ by 14 > 7.5 (30% of 25).
    score_both(application, chair_user, evaluators, [10, 9, 5], [4, 4, 2])
    current = list(Assignment.objects.current().filter(application=application))
    assert cards.awaits_third(call, current)
    flag = AuditLogEntry.objects.get(action="third_evaluator_needed")
    assert flag.details["totals"] == [24, 10]
    assert assignment.open_kind(application, current) == K.THIRD
    with pytest.raises(EvaluationError) as refused:
        assignment.assign(application, evaluators[0], by=chair_user)
    assert "już ocenia" in str(refused.value.message)
    third = assignment.assign(application, evaluators[2], by=chair_user)
    assert third.kind == K.THIRD


def test_split_at_the_threshold_flags_the_third_evaluator(
    call, chair_user, evaluators, application
):
    # 15 reaches the threshold of 15, 14 does not: one passes, the other not.
    score_both(application, chair_user, evaluators, [6, 6, 3], [6, 5, 3])
    assert AuditLogEntry.objects.filter(action="third_evaluator_needed").exists()


def test_close_totals_need_no_third(call, chair_user, evaluators, application):
    score_both(application, chair_user, evaluators, [9, 8, 4], [8, 8, 3])
    current = list(Assignment.objects.current().filter(application=application))
    assert not cards.awaits_third(call, current)
    assert assignment.open_kind(application, current) is None
    assert not AuditLogEntry.objects.filter(action="third_evaluator_needed").exists()
    with pytest.raises(EvaluationError):
        assignment.assign(application, evaluators[2], by=chair_user, kind=K.THIRD)


# --- automatic assignment -------------------------------------------------------------------------


def test_automatic_assignment_balances_the_load_in_a_fixed_order(call, chair_user, evaluators):
    applications = [make_application(call) for _ in range(3)]
    result = assignment.assign_automatically(call, by=chair_user)
    assert len(result.created) == 6 and not result.unfilled
    pairs = [
        [
            a.evaluator.username
            for a in sorted(Assignment.objects.filter(application=app), key=lambda a: a.kind)
        ]
        for app in applications
    ]
    # first, second for each application: always the least loaded, the earlier account on a tie.
    assert pairs == [
        ["oceniajacy1", "oceniajacy2"],
        ["oceniajacy3", "oceniajacy1"],
        ["oceniajacy2", "oceniajacy3"],
    ]
    loads = sorted(Assignment.objects.values_list("evaluator__username", flat=True))
    assert {name: loads.count(name) for name in set(loads)} == {
        "oceniajacy1": 2,
        "oceniajacy2": 2,
        "oceniajacy3": 2,
    }
    again = assignment.assign_automatically(call, by=chair_user)
    assert again.created == [] and again.unfilled == []
    assert all(a.automatic for a in Assignment.objects.all())
    assert all(
        state == S.SUBSTANTIVE_EVALUATION
        for state in call.applications.values_list("state", flat=True)
    )


def test_automatic_assignment_respects_conflicts_and_employers_and_reports_gaps(
    call, chair_user, evaluators
):
    nysa = factories.InstitutionFactory(name="Gmina Miejska Nysa")
    brzeg = factories.InstitutionFactory(name="Gmina Miejska Brzeg")
    commission.declare_conflict(call, evaluators[0], nysa)
    CommissionMember.objects.filter(user=evaluators[1]).update(employer=nysa)
    nysa_application = make_application(call, nysa)
    brzeg_application = make_application(call, brzeg)
    result = assignment.assign_automatically(call, by=chair_user)
    nysa_evaluators = set(
        Assignment.objects.filter(application=nysa_application).values_list(
            "evaluator__username", flat=True
        )
    )
    assert nysa_evaluators == {"oceniajacy3"}
    assert [(a.pk, k) for a, k, _reason in result.unfilled] == [(nysa_application.pk, K.SECOND)]
    assert "konfliktu" in str(result.unfilled[0][2])
    assert Assignment.objects.filter(application=brzeg_application).count() == 2


def test_automatic_assignment_picks_a_third_who_is_not_one_of_the_first_two(
    call, chair_user, evaluators, application
):
    score_both(application, chair_user, evaluators, [10, 10, 5], [2, 2, 1])
    result = assignment.assign_automatically(call, by=chair_user)
    assert [(a.kind, a.evaluator.username) for a in result.created] == [(K.THIRD, "oceniajacy3")]


def test_unsigned_evaluators_get_no_automatic_work(call, chair_user):
    member(call, username="niepodpisany", sign=False)
    make_application(call)
    result = assignment.assign_automatically(call, by=chair_user)
    assert result.created == [] and len(result.unfilled) == 1
    assert not Assignment.objects.exists()


def test_only_the_calls_chair_assigns(call, chair_user, evaluators, application, operator_user):
    other_call = factories.CallPageFactory(parent=call.get_parent(), number="13/2026/OP")
    other_chair = member(other_call, CommissionRole.CHAIR, username="obcy.przewodniczacy")
    for user in (evaluators[0], operator_user, other_chair):
        with pytest.raises(EvaluationError) as refused:
            assignment.assign(application, evaluators[1], by=user)
        assert "przewodniczący komisji" in str(refused.value.message)
        with pytest.raises(EvaluationError):
            assignment.assign_automatically(call, by=user)
    held = assignment.assign(application, evaluators[1], by=chair_user)
    with pytest.raises(EvaluationError):
        assignment.cancel(held, by=operator_user, reason="Nie mnie.")
    assert Assignment.objects.current().count() == 1
