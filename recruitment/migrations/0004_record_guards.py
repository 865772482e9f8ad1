"""The audit log, the submitted versions and their files are kept by the database too
(portal.integrity)."""

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
ATTACHMENT_COLUMNS = (
    "id",
    "application_id",
    "version_id",
    "kind",
    "file",
    "original_name",
    "size",
    "sha256",
    "content_type",
    "uploaded_by_id",
    "uploaded_at",
)

# Deleting an account clears "submitted by" / "uploaded by" (SET NULL): the one change a kept
# row takes. Setting another account there is refused.
GUARDS = [
    Guard(
        name="audit_log",
        table="recruitment_auditlogentry",
        message="The audit log is append-only: entries are never changed or deleted.",
        conditions={"UPDATE": "", "DELETE": ""},
    ),
    Guard(
        name="application_version",
        table="recruitment_applicationversion",
        message="A submitted version is immutable: a supplement makes a new version instead.",
        conditions={
            "UPDATE": (
                f"{changed(VERSION_COLUMNS, but=('submitted_by_id',))} OR "
                "(NEW.submitted_by_id IS NOT NULL "
                "AND NEW.submitted_by_id IS DISTINCT FROM OLD.submitted_by_id)"
            ),
            "DELETE": "",
        },
    ),
    # A draft's file (no version yet) may be replaced or removed; once a submission took it
    # into a version it stays as filed.
    Guard(
        name="application_attachment",
        table="recruitment_applicationattachment",
        message="A file of a submitted version is never changed or deleted.",
        conditions={
            "UPDATE": (
                "OLD.version_id IS NOT NULL AND ("
                f"{changed(ATTACHMENT_COLUMNS, but=('uploaded_by_id',))} OR "
                "(NEW.uploaded_by_id IS NOT NULL "
                "AND NEW.uploaded_by_id IS DISTINCT FROM OLD.uploaded_by_id))"
            ),
            "DELETE": "OLD.version_id IS NOT NULL",
        },
    ),
]


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0003_formal_check_cards")]

    operations = [migrations.RunPython(install(GUARDS), uninstall(GUARDS))]
