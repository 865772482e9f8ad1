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
# The chair's return (DOMAIN.md) is the one change of a submitted card: status "returned",
# a new return time, nothing else of the card changed, and the audit log already holding the
# return (evaluation.cards.return_card writes it first).
RETURN = (
    "NEW.status = 'returned' AND NOT "
    f"{changed(CARD_COLUMNS, but=('status', 'return_note', 'returned_at'))} "
    "AND NEW.returned_at IS NOT NULL AND NEW.returned_at IS DISTINCT FROM OLD.returned_at "
    "AND EXISTS (SELECT 1 FROM recruitment_auditlogentry AS entry "
    "WHERE entry.action = 'card_returned' "
    "AND entry.object_type = 'evaluation.substantivecard' "
    "AND entry.object_id = CAST(OLD.id AS TEXT) AND entry.created_at >= OLD.submitted_at)"
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
    Guard(
        name="card",
        table="evaluation_substantivecard",
        message="A submitted card is locked: only the chair's return reopens it.",
        conditions={
            # A card not submitted keeps the evidence of its last return.
            "UPDATE": (
                f"(OLD.status = 'submitted' AND NOT ({RETURN})) OR "
                "(OLD.status <> 'submitted' AND (NEW.returned_at IS DISTINCT FROM OLD.returned_at "
                "OR NEW.return_note IS DISTINCT FROM OLD.return_note))"
            ),
            "DELETE": "OLD.status = 'submitted'",
        },
    ),
    Guard(
        name="card_score",
        table="evaluation_cardscore",
        message="The scores of a submitted card are locked: only the chair's return reopens it.",
        conditions={"INSERT": SUBMITTED_CARD, "UPDATE": SUBMITTED_CARD, "DELETE": SUBMITTED_CARD},
    ),
    Guard(
        name="result_list",
        table="evaluation_resultlist",
        message="A published result list is never changed: an upheld appeal makes a new version.",
        conditions={"UPDATE": "OLD.published_at IS NOT NULL", "DELETE": "OLD.published_at IS NOT NULL"},
    ),
    Guard(
        name="result_entry",
        table="evaluation_resultentry",
        message="The entries of a result list are frozen at its approval.",
        conditions={
            "UPDATE": changed(ENTRY_COLUMNS),
            "INSERT": PUBLISHED_LIST,
            "DELETE": PUBLISHED_LIST,
        },
    ),
]


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0002_results_and_appeals")]

    operations = [migrations.RunPython(install(GUARDS), uninstall(GUARDS))]
