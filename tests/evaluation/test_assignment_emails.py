"""E-mails to evaluators (evaluation.notify_tasks): a new assignment, by hand or automatic, and a
card returned for correction; nothing for a refused assignment. The tasks run at once in tests
(django-tasks' immediate backend) when the transaction commits."""

import datetime

from django.core import mail
from django.utils import timezone

import pytest

from evaluation import assignment, cards, commission, notify_tasks
from evaluation.errors import EvaluationError
from recruitment.models import AuditLogEntry
from tests.evaluation.conftest import fill, make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def test_an_assignment_is_mailed_to_its_evaluator(
    call, chair_user, evaluators, application, committed
):
    due = timezone.localdate() + datetime.timedelta(days=10)
    with committed():
        held = assignment.assign(application, evaluators[0], by=chair_user, due_date=due)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [evaluators[0].email]
    assert message.subject == (
        f"Przydział do oceny: zgłoszenie {application.number} w naborze {call.number}"
    )
    text = message.body
    assert text.startswith("Dzień dobry,\n\nprzewodniczący komisji oceny przydzielił Ci")
    assert f"Nabór: {call.number} – {call.title}" in text
    assert f"Zgłoszenie: {application.number}" in text
    assert "JST: Gmina Miejska Nysa (gmina miejska)" in text
    assert "Rodzaj oceny: pierwszy oceniający" in text
    months = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
              "września", "października", "listopada", "grudnia"]  # fmt: skip
    assert f"Termin oceny: {due.day} {months[due.month - 1]} {due.year}" in text
    assert f"https://kooperacje3d.example.pl/admin/ocena/karty/{held.pk}/" in text
    assert "&quot;" not in text and "&#x27;" not in text
    entry = AuditLogEntry.objects.get(action="assignment_email_sent")
    assert entry.details["evaluator"] == evaluators[0].username


def test_the_automatic_assignment_mails_each_evaluator(call, chair_user, evaluators, committed):
    applications = [make_application(call) for _ in range(2)]
    with committed():
        result = assignment.assign_automatically(call, by=chair_user)
    assert len(result.created) == 4
    assert len(mail.outbox) == 4
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    wanted = sorted(
        (
            a.evaluator.email,
            f"Przydział do oceny: zgłoszenie {a.application.number} w naborze {call.number}",
        )
        for a in result.created
    )
    assert sent == wanted
    assert {m.subject.split()[4] for m in mail.outbox} == {a.number for a in applications}


def test_a_refused_assignment_sends_nothing(call, chair_user, evaluators, application, committed):
    commission.declare_conflict(call, evaluators[0], application.institution)
    with committed() as callbacks, pytest.raises(EvaluationError):
        assignment.assign(application, evaluators[0], by=chair_user)
    assert mail.outbox == []
    assert callbacks == []
    # Refused inside the transaction (the kind is taken): rolled back, nothing queued either.
    assignment.assign(application, evaluators[1], by=chair_user, kind="first")
    with committed(), pytest.raises(EvaluationError):
        assignment.assign(application, evaluators[2], by=chair_user, kind="first")
    assert mail.outbox == []


def test_a_cancelled_assignment_is_not_mailed_late(call, chair_user, evaluators, application):
    held = assignment.assign(application, evaluators[0], by=chair_user)
    assignment.cancel(held, by=chair_user, reason="Pomyłka.")
    assert notify_tasks.send_assignment(held.pk) == 0
    assert mail.outbox == []


def test_an_evaluator_without_an_address_gets_nothing(call, chair_user, evaluators, application):
    held = assignment.assign(application, evaluators[0], by=chair_user)
    type(evaluators[0]).objects.filter(pk=evaluators[0].pk).update(email="", is_active=True)
    assert notify_tasks.send_assignment(held.pk) == 0
    assert mail.outbox == []


def test_a_returned_card_mails_the_note(call, chair_user, evaluators, application, committed):
    held = assignment.assign(application, evaluators[0], by=chair_user)
    cards.submit(held.card, fill(held.card, [9, 8, 4]), user=evaluators[0])
    with committed():
        cards.return_card(
            held.card, by=chair_user, note="Uzasadnij kryterium 2: <b>brak</b> odniesienia."
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [evaluators[0].email]
    assert message.subject == f"Karta oceny zgłoszenia {application.number} zwrócona do poprawy"
    assert "Uwagi przewodniczącego:\nUzasadnij kryterium 2: <b>brak</b> odniesienia." in (
        message.body
    )
    assert f"/admin/ocena/karty/{held.pk}/" in message.body
    assert "Rodzaj oceny: pierwszy oceniający" in message.body
    assert AuditLogEntry.objects.filter(action="card_returned_email_sent").count() == 1


def test_a_refused_return_sends_nothing(call, chair_user, evaluators, application, committed):
    held = assignment.assign(application, evaluators[0], by=chair_user)
    with committed(), pytest.raises(EvaluationError):
        cards.return_card(held.card, by=chair_user, note="Popraw.")  # not submitted
    with committed(), pytest.raises(EvaluationError):
        cards.return_card(held.card, by=evaluators[1], note="Popraw.")
    assert mail.outbox == []


def test_a_card_submitted_again_is_not_mailed_late(call, chair_user, evaluators, application):
    held = assignment.assign(application, evaluators[0], by=chair_user)
    cards.submit(held.card, fill(held.card, [9, 8, 4]), user=evaluators[0])
    cards.return_card(held.card, by=chair_user, note="Popraw.")
    cards.submit(held.card, fill(held.card, [9, 8, 5]), user=evaluators[0])
    assert notify_tasks.send_card_returned(held.card.pk) == 0
    assert mail.outbox == []


def test_the_chairs_form_sends_the_e_mail(
    client, call, chair_user, evaluators, application, committed
):
    from django.urls import reverse

    client.force_login(chair_user)
    with committed():
        response = client.post(
            reverse("evaluation:assign", args=[call.pk]),
            {"application": application.pk, "evaluator": evaluators[1].pk, "kind": "first"},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[evaluators[1].email]]
    assert "Rodzaj oceny: pierwszy oceniający" in mail.outbox[0].body
