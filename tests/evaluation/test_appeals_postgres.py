"""On PostgreSQL: two submissions of one applicant's appeal at the same moment store exactly one
appeal (the application's row lock in `evaluation.appeals.file`, then the one-to-one)."""

import contextlib
import threading

from django.db import connection

import pytest

from evaluation import appeals
from evaluation.errors import EvaluationError
from evaluation.models import Appeal
from recruitment.models import ApplicationState, AuditLogEntry
from tests.evaluation.test_appeals import applicant_of, publish_three, stored

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _together(*actions):
    """Run the actions in threads released at once; their outcomes in order."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            outcomes[index] = action()
        except EvaluationError as error:
            outcomes[index] = error.message
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_appeals_filed_at_once_store_one(call, chair_user, evaluators):
    apps = publish_three(call, chair_user, evaluators, lambda execute: contextlib.nullcontext())
    application = apps["reserve"]
    user = applicant_of(application)

    def filing(text):
        def act():
            appeals.file(application.__class__.objects.get(pk=application.pk), user, text)
            return text

        return act

    outcomes = _together(filing("Pierwsza karta."), filing("Druga karta."))
    stored_texts = list(Appeal.objects.values_list("text", flat=True))
    assert len(stored_texts) == 1, outcomes
    assert stored_texts[0] in outcomes
    refusals = [o for o in outcomes if o not in stored_texts]
    assert len(refusals) == 1 and "wniesiono już odwołanie" in str(refusals[0])
    assert stored(application).state == ApplicationState.APPEAL
    assert AuditLogEntry.objects.filter(action="appeal", application=application).count() == 1
