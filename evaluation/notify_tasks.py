"""E-mails to evaluators (django-tasks, as recruitment.tasks): a new assignment, with the call,
the application, the kind, the due date and the link to the card; a card returned by the chair
for correction, with the chair's note.

The services queue them with `transaction.on_commit`: an assignment or a return that is refused
(and so rolled back) sends nothing, and the action stands even if the queue or the mail server is
down. The task reads the rows again and sends nothing if they changed meanwhile (an assignment
cancelled, a card submitted again before the worker got to it).
"""

import functools
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from django_tasks import task

from core.site_url import absolute

logger = logging.getLogger(__name__)


def _enqueue(task_object, object_id):
    try:
        task_object.enqueue(object_id)
    except Exception:
        logger.exception("Evaluation e-mail %s of %s failed", task_object.name, object_id)


def notify_assigned(assignment):
    """Queue the e-mail of a new assignment once the transaction commits."""
    transaction.on_commit(functools.partial(_enqueue, send_assignment_email, assignment.pk))


def notify_returned(card):
    """Queue the e-mail of a card returned for correction once the transaction commits."""
    transaction.on_commit(functools.partial(_enqueue, send_card_returned_email, card.pk))


def _context(assignment):
    application = assignment.application
    return {
        "assignment": assignment,
        "application": application,
        "call": application.call,
        "institution": application.institution,
        "kind_label": assignment.get_kind_display(),
        "card_url": absolute(reverse("evaluation:card", args=[assignment.pk])),
    }


def _send(assignment, subject, template, context, action):
    from recruitment import audit, workflow

    to = assignment.evaluator.email
    if not to or not assignment.evaluator.is_active:
        return 0
    body = render_to_string(template, context)
    sent = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to]).send()
    audit.record(
        action,
        user=workflow.SYSTEM,
        obj=assignment,
        application=assignment.application,
        details={"assignment": assignment.pk, "evaluator": assignment.evaluator.get_username()},
    )
    return sent


def send_assignment(assignment_id):
    """E-mail the evaluator of a current assignment. Returns the number of messages sent."""
    from .models import Assignment

    assignment = (
        Assignment.objects.select_related(
            "application__call", "application__institution", "evaluator"
        )
        .filter(pk=assignment_id, cancelled_at__isnull=True)
        .first()
    )
    if assignment is None:
        return 0
    subject = _("Przydział do oceny: zgłoszenie %(number)s w naborze %(call)s") % {
        "number": assignment.application.number,
        "call": assignment.application.call.number,
    }
    return _send(
        assignment,
        subject,
        "evaluation/email/assignment.txt",
        _context(assignment),
        "assignment_email_sent",
    )


def send_card_returned(card_id):
    """E-mail the evaluator the chair's note on a card returned for correction."""
    from .models import CardStatus, SubstantiveCard

    card = (
        SubstantiveCard.objects.select_related(
            "assignment__application__call",
            "assignment__application__institution",
            "assignment__evaluator",
        )
        .filter(pk=card_id, status=CardStatus.RETURNED, assignment__cancelled_at__isnull=True)
        .first()
    )
    if card is None:
        return 0
    assignment = card.assignment
    subject = _("Karta oceny zgłoszenia %(number)s zwrócona do poprawy") % {
        "number": assignment.application.number
    }
    return _send(
        assignment,
        subject,
        "evaluation/email/card_returned.txt",
        {**_context(assignment), "card": card, "note": card.return_note},
        "card_returned_email_sent",
    )


@task()
def send_assignment_email(assignment_id):
    """E-mail an evaluator their new assignment (evaluation.assignment)."""
    return send_assignment(assignment_id)


@task()
def send_card_returned_email(card_id):
    """E-mail an evaluator the chair's note on their returned card (evaluation.cards)."""
    return send_card_returned(card_id)
