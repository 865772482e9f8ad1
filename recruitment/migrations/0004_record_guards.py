"""The audit log and the submitted versions are kept by the database too (portal.integrity)."""

from django.db import migrations

from portal.integrity import Guard, changed, install, uninstall

VERSION_COLUMNS = (
    "id",
    "application_id",
    "number",
    "content",
    "content_sha256",
    "submitted_at",
    "submitted_by_id",
    "submitted_ip",
)

GUARDS = [
    Guard(
        name="audit_log",
        table="recruitment_auditlogentry",
        operations=("UPDATE", "DELETE"),
        message="The audit log is append-only: entries are never changed or deleted.",
    ),
    Guard(
        name="application_version_delete",
        table="recruitment_applicationversion",
        operations=("DELETE",),
        message="A submitted version is never deleted.",
    ),
    # Deleting an account clears "submitted by" (SET NULL); nothing else of a version changes.
    Guard(
        name="application_version_update",
        table="recruitment_applicationversion",
        operations=("UPDATE",),
        message="A submitted version is immutable: a supplement makes a new version instead.",
        condition=(
            f"{changed(VERSION_COLUMNS, but=('submitted_by_id',))} OR "
            "(NEW.submitted_by_id IS NOT NULL "
            "AND NEW.submitted_by_id IS DISTINCT FROM OLD.submitted_by_id)"
        ),
    ),
]


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0003_formal_check_cards")]

    operations = [migrations.RunPython(install(GUARDS), uninstall(GUARDS))]
