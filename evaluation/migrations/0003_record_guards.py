"""Submitted cards and published result lists are kept by the database too (portal.integrity)."""

from django.db import migrations

from portal.integrity import Guard, changed, install, uninstall

CARD_COLUMNS = (
    "id",
    "assignment_id",
    "status",
    "total",
    "saved_at",
    "submitted_at",
    "return_note",
    "returned_at",
)
ENTRY_COLUMNS = (
    "id",
    "result_list_id",
    "application_id",
    "institution_name",
    "jst_type",
    "final_score",
    "status",
    "position",
    "reserve_position",
)
SUBMITTED_CARD = (
    "EXISTS (SELECT 1 FROM evaluation_substantivecard AS card "
    "WHERE card.id IN (OLD.card_id, NEW.card_id) AND card.status = 'submitted')"
)
PUBLISHED_LIST = (
    "EXISTS (SELECT 1 FROM evaluation_resultlist AS list "
    "WHERE list.id IN (OLD.result_list_id, NEW.result_list_id) AND list.published_at IS NOT NULL)"
)

GUARDS = [
    # The only change of a submitted card is the chair's return for correction (DOMAIN.md).
    Guard(
        name="card_update",
        table="evaluation_substantivecard",
        operations=("UPDATE",),
        message="A submitted card is locked: only the chair's return reopens it.",
        condition=(
            "OLD.status = 'submitted' AND NOT (NEW.status = 'returned' AND NOT "
            f"{changed(CARD_COLUMNS, but=('status', 'return_note', 'returned_at'))})"
        ),
    ),
    Guard(
        name="card_delete",
        table="evaluation_substantivecard",
        operations=("DELETE",),
        message="A submitted card is never deleted.",
        condition="OLD.status = 'submitted'",
    ),
    Guard(
        name="card_score",
        table="evaluation_cardscore",
        operations=("INSERT", "UPDATE", "DELETE"),
        message="The scores of a submitted card are locked: only the chair's return reopens it.",
        condition=SUBMITTED_CARD,
    ),
    Guard(
        name="result_list",
        table="evaluation_resultlist",
        operations=("UPDATE", "DELETE"),
        message="A published result list is never changed: an upheld appeal makes a new version.",
        condition="OLD.published_at IS NOT NULL",
    ),
    Guard(
        name="result_entry_update",
        table="evaluation_resultentry",
        operations=("UPDATE",),
        message="The entries of a result list are frozen at its approval.",
        condition=changed(ENTRY_COLUMNS),
    ),
    Guard(
        name="result_entry",
        table="evaluation_resultentry",
        operations=("INSERT", "DELETE"),
        message="A published result list is never changed: an upheld appeal makes a new version.",
        condition=PUBLISHED_LIST,
    ),
]


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0002_results_and_appeals")]

    operations = [migrations.RunPython(install(GUARDS), uninstall(GUARDS))]
