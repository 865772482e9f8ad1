"""Submitted cards and published result lists, kept by the database (portal/integrity.py): raw
SQL and queryset changes are refused by triggers, on SQLite and PostgreSQL; the chair's return,
drafts, publication and the discarding of an unseen version still work."""

from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

import pytest

from evaluation import assignment, cards
from evaluation.models import CardScore, CardStatus, ResultEntry, ResultList, SubstantiveCard
from tests.evaluation.conftest import fill
from tests.guards import refused, refuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_card(call, chair_user, evaluators, application):
    card = assignment.assign(application, evaluators[0], by=chair_user).card
    cards.submit(card, fill(card, [8, 7, 4]), user=evaluators[0])
    return SubstantiveCard.objects.get(pk=card.pk)


def test_a_submitted_card_and_its_scores_cannot_be_changed(submitted_card):
    card_table, score_table = SubstantiveCard._meta.db_table, CardScore._meta.db_table
    score = submitted_card.scores.order_by("pk").first()
    assert refused(f"UPDATE {card_table} SET total = 25 WHERE id = %s", [submitted_card.pk])
    assert refused(f"UPDATE {card_table} SET status = 'draft' WHERE id = %s", [submitted_card.pk])
    assert refused(f"UPDATE {score_table} SET points = 10 WHERE id = %s", [score.pk])
    assert refuses(lambda: CardScore.objects.filter(card=submitted_card).update(justification=""))
    assert refused(f"DELETE FROM {score_table} WHERE id = %s", [score.pk])
    assert refused(f"DELETE FROM {card_table} WHERE id = %s", [submitted_card.pk])
    assert refuses(lambda: CardScore.objects.create(card=submitted_card, criterion=score.criterion))
    stored = SubstantiveCard.objects.get(pk=submitted_card.pk)
    assert (stored.status, stored.total) == (CardStatus.SUBMITTED, 19)
    assert [s.points for s in stored.scores.order_by("criterion__sort_order")] == [8, 7, 4]


def test_the_chairs_return_reopens_a_card_for_correction(submitted_card, chair_user, evaluators):
    cards.return_card(submitted_card, by=chair_user, note="Uzasadnij kryterium 2.")
    card = SubstantiveCard.objects.get(pk=submitted_card.pk)
    assert card.status == CardStatus.RETURNED
    cards.submit(card, fill(card, [8, 6, 4]), user=evaluators[0])
    card = SubstantiveCard.objects.get(pk=card.pk)
    assert (card.status, card.total) == (CardStatus.SUBMITTED, 18)


def test_a_card_reopens_only_with_the_return_in_the_audit_log(submitted_card, chair_user):
    table = SubstantiveCard._meta.db_table
    # Posing as the chair's return without its audit entry ...
    assert refused(
        f"UPDATE {table} SET status = 'returned', returned_at = %s WHERE id = %s",
        [timezone.now(), submitted_card.pk],
    )
    cards.return_card(submitted_card, by=chair_user, note="Uzasadnij kryterium 2.")
    returned = SubstantiveCard.objects.get(pk=submitted_card.pk)
    # ... and the evidence of a return stays on the reopened card.
    assert refused(f"UPDATE {table} SET returned_at = NULL WHERE id = %s", [returned.pk])
    assert refused(f"UPDATE {table} SET return_note = '' WHERE id = %s", [returned.pk])
    stored = SubstantiveCard.objects.get(pk=submitted_card.pk)
    assert (stored.return_note, stored.returned_at) == (
        "Uzasadnij kryterium 2.",
        returned.returned_at,
    )


@pytest.mark.postgres
def test_a_temporary_table_does_not_stand_in_for_the_cards(submitted_card):
    score = submitted_card.scores.order_by("pk").first()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE evaluation_substantivecard (id integer, status text)"
        )
        assert refused(
            f"UPDATE {CardScore._meta.db_table} SET points = 0 WHERE id = %s", [score.pk]
        )
        cursor.execute("DROP TABLE pg_temp.evaluation_substantivecard")
    assert CardScore.objects.get(pk=score.pk).points == 8


def test_a_draft_card_is_still_edited(call, chair_user, evaluators, application):
    card = assignment.assign(application, evaluators[1], by=chair_user).card
    cards.save_draft(card, fill(card, [5, None, 2], justification=""), user=evaluators[1])
    CardScore.objects.filter(card=card).update(justification="Poprawione.")
    assert set(CardScore.objects.filter(card=card).values_list("justification", flat=True)) == {
        "Poprawione."
    }


@pytest.fixture
def lists(call, chair_user, application):
    def make(version, published):
        result_list = ResultList.objects.create(
            call=call, version=version, approved_by=chair_user, approved_at=timezone.now()
        )
        ResultEntry.objects.create(
            result_list=result_list,
            application=application,
            institution_name="Gmina Miejska Nysa",
            jst_type="gmina_miejska",
            final_score=Decimal("19.50"),
            status="selected",
            position=1,
        )
        if published:
            ResultList.objects.filter(pk=result_list.pk).update(
                published_by=chair_user, published_at=timezone.now()
            )
        return ResultList.objects.get(pk=result_list.pk)

    return make(1, True), make(2, False)


def test_a_published_list_and_its_entries_cannot_be_changed(lists):
    published, _draft = lists
    list_table, entry_table = ResultList._meta.db_table, ResultEntry._meta.db_table
    entry = published.entries.get()
    assert refused(f"UPDATE {list_table} SET reason = 'x' WHERE id = %s", [published.pk])
    assert refused(f"UPDATE {list_table} SET published_at = NULL WHERE id = %s", [published.pk])
    assert refused(f"DELETE FROM {list_table} WHERE id = %s", [published.pk])
    assert refused(f"UPDATE {entry_table} SET final_score = 25 WHERE id = %s", [entry.pk])
    assert refused(f"DELETE FROM {entry_table} WHERE id = %s", [entry.pk])
    assert refuses(
        lambda: ResultEntry.objects.create(
            result_list=published,
            application=entry.application,
            institution_name="Gmina Dopisana",
            jst_type="gmina_miejska",
            final_score=Decimal("30.00"),
            status="selected",
            position=2,
        )
    )
    assert list(ResultEntry.objects.filter(result_list=published).values_list("final_score")) == [
        (Decimal("19.50"),)
    ]


def test_an_unpublished_version_is_published_once_or_discarded(lists, chair_user):
    _published, draft = lists
    entry_table = ResultEntry._meta.db_table
    # Its entries are frozen at approval ...
    assert refused(f"UPDATE {entry_table} SET position = 3 WHERE result_list_id = %s", [draft.pk])
    # ... and the version nobody has seen may go with them.
    ResultList.objects.filter(pk=draft.pk).delete()
    assert not ResultEntry.objects.filter(result_list_id=draft.pk).exists()
