"""On PostgreSQL: two operators deciding one card at the same moment make exactly one decision
(the row locks of formal_check and workflow)."""

import threading

from django.db import connection

import pytest

from recruitment import formal_check
from recruitment.models import AuditLogEntry, FormalCheckCard, FormalResult
from tests.recruitment import factories
from tests.recruitment.formal_helpers import all_yes, formal_call, submitted

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _together(*actions):
    """Run the actions in threads released at once; their outcomes in order."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            outcomes[index] = action()
        except formal_check.FormalCheckError as error:
            outcomes[index] = type(error).__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_operators_deciding_one_card_make_one_decision(call_index, institution):
    call = formal_call(call_index, number="7/2026/OP")
    application = submitted(call, institution)
    first, second = factories.operator(), factories.operator()
    card = formal_check.start(application, first)
    values = all_yes(card)

    def accept():
        copy = FormalCheckCard.objects.get(pk=card.pk)
        formal_check.decide(copy, first, FormalResult.ACCEPTED, values, revision=1)
        return "accepted"

    def reject():
        copy = FormalCheckCard.objects.get(pk=card.pk)
        formal_check.decide(
            copy, second, FormalResult.TO_SUPPLEMENT, all_yes(card, p4="no"),
            deficiencies="Podpis.", revision=1,
        )  # fmt: skip
        return "supplement"

    outcomes = _together(accept, reject)
    assert outcomes.count("CardNotOpen") == 1, outcomes
    decided = FormalCheckCard.objects.get(pk=card.pk)
    winner = {"accepted": FormalResult.ACCEPTED, "supplement": FormalResult.TO_SUPPLEMENT}
    assert [decided.result] == [winner[o] for o in outcomes if o != "CardNotOpen"]
    assert AuditLogEntry.objects.filter(action="formal_card_decided").count() == 1
    assert (
        AuditLogEntry.objects.filter(action__in=["accept_formally", "request_supplement"]).count()
        == 1
    )
