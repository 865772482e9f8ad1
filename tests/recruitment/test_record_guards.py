"""The audit log and the submitted versions, kept by the database (portal/integrity.py): raw SQL,
queryset updates and raw deletes are refused by triggers, on SQLite (`make test`) and on
PostgreSQL (CI runs the whole suite there); only the retention pass lets a change through."""

import datetime
import importlib

from django.apps import apps
from django.db import IntegrityError, connection
from django.utils import timezone

import pytest

from portal.integrity import installed_triggers, retention_pass
from recruitment import audit
from recruitment.models import ApplicationAttachment, ApplicationVersion, AuditLogEntry
from tests.factories import default_site
from tests.guards import refused, refuses
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(db):
    user = factories.operator(username="operatorka.guard")
    return audit.record("application_viewed", user=user, obj=user, details={"why": "test"})


def test_raw_sql_cannot_change_or_delete_an_audit_entry(entry):
    table = AuditLogEntry._meta.db_table
    assert refused(f"UPDATE {table} SET action = 'forged' WHERE id = %s", [entry.pk])
    assert refused(f"UPDATE {table} SET username = 'ktos' WHERE id = %s", [entry.pk])
    assert refused(f"DELETE FROM {table} WHERE id = %s", [entry.pk])
    assert refused(f"DELETE FROM {table}")
    stored = AuditLogEntry.objects.get(pk=entry.pk)
    assert (stored.action, stored.username) == ("application_viewed", "operatorka.guard")


def test_the_orm_side_doors_are_refused_too(entry):
    assert refuses(lambda: AuditLogEntry._base_manager.filter(pk=entry.pk).update(action="x"))
    assert refuses(lambda: AuditLogEntry._base_manager.filter(pk=entry.pk)._raw_delete("default"))
    assert AuditLogEntry.objects.filter(pk=entry.pk, action="application_viewed").exists()


def test_new_entries_are_still_appended(entry):
    audit.record("application_viewed", user=None, obj=entry)
    assert AuditLogEntry.objects.count() == 2


def test_the_retention_pass_lets_a_change_through_in_its_block_only(entry):
    table = AuditLogEntry._meta.db_table
    with retention_pass(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET ip_address = NULL, username = '' WHERE id = %s", [entry.pk]
        )
    assert AuditLogEntry.objects.get(pk=entry.pk).username == ""
    # The pass ends with its block, also inside a longer transaction.
    assert refused(f"UPDATE {table} SET action = 'forged' WHERE id = %s", [entry.pk])


@pytest.fixture
def version(db):
    institution = factories.InstitutionFactory()
    applicant = factories.applicant(institution, username="wnioskodawca.guard")
    index = factories.CallIndexPageFactory(parent=default_site().root_page)
    call = factories.CallPageFactory(parent=index)
    application = factories.ApplicationFactory(call=call, institution=institution)
    return ApplicationVersion.objects.create(
        application=application,
        number=1,
        content={"diagnosis": {"diagnosis": "Ubóstwo."}},
        content_sha256="a" * 64,
        submitted_at=timezone.now(),
        submitted_by=applicant,
    )


def test_a_submitted_version_cannot_be_rewritten_or_deleted(version):
    table = ApplicationVersion._meta.db_table
    assert refused(
        f"UPDATE {table} SET content = %s WHERE id = %s", ['{"diagnosis": {}}', version.pk]
    )
    assert refused(f"UPDATE {table} SET content_sha256 = %s WHERE id = %s", ["b" * 64, version.pk])
    assert refused(
        f"UPDATE {table} SET submitted_at = %s WHERE id = %s",
        [timezone.now() + datetime.timedelta(days=1), version.pk],
    )
    assert refuses(lambda: ApplicationVersion._base_manager.filter(pk=version.pk).update(number=2))
    assert refused(f"DELETE FROM {table} WHERE id = %s", [version.pk])
    stored = ApplicationVersion.objects.get(pk=version.pk)
    assert (stored.content_sha256, stored.number) == ("a" * 64, 1)


def test_deleting_the_account_clears_only_who_submitted(version):
    other = factories.operator(username="ktos.inny")
    table = ApplicationVersion._meta.db_table
    assert refused(f"UPDATE {table} SET submitted_by_id = %s WHERE id = %s", [other.pk, version.pk])
    version.submitted_by.delete()
    stored = ApplicationVersion.objects.get(pk=version.pk)
    assert stored.submitted_by is None and stored.content_sha256 == "a" * 64


def test_an_upsert_meets_the_delete_guard(entry):
    # SQLite's REPLACE removes the old row first (recursive triggers make that a guarded
    # delete); PostgreSQL's ON CONFLICT ... DO UPDATE is an update.
    table = AuditLogEntry._meta.db_table
    columns = "id, created_at, username, action, object_type, object_id, details"
    if connection.vendor == "sqlite":
        assert refused(
            f"INSERT OR REPLACE INTO {table} ({columns}) "
            "VALUES (%s, %s, 'ktos', 'forged', '', '', '{}')",
            [entry.pk, timezone.now()],
        )
        assert refused(f"UPDATE OR REPLACE {table} SET action = 'forged' WHERE id = %s", [entry.pk])
    else:
        assert refused(
            f"INSERT INTO {table} ({columns}) VALUES (%s, %s, 'ktos', 'forged', '', '', '{{}}') "
            "ON CONFLICT (id) DO UPDATE SET action = EXCLUDED.action",
            [entry.pk, timezone.now()],
        )
    assert AuditLogEntry.objects.get(pk=entry.pk).action == "application_viewed"


def test_an_error_inside_the_retention_pass_is_the_one_raised(entry):
    table = AuditLogEntry._meta.db_table
    with pytest.raises(IntegrityError) as raised:
        with retention_pass(), connection.cursor() as cursor:
            # A unique violation, not a guard: the pass is on.
            cursor.execute(
                f"INSERT INTO {table} (id, created_at, username, action, object_type, "
                "object_id, details) VALUES (%s, %s, '', 'x', '', '', '{}')",
                [entry.pk, timezone.now()],
            )
    assert "append-only" not in str(raised.value)
    assert refused(f"DELETE FROM {table} WHERE id = %s", [entry.pk])


def _attachment(application, name, version=None):
    return ApplicationAttachment.objects.create(
        application=application,
        version=version,
        kind="signed_form",
        file=f"zgloszenia/{application.pk}/{name}",
        original_name=name,
        size=1024,
        sha256="c" * 64,
        content_type="application/pdf",
        uploaded_by=version.submitted_by if version else None,
        uploaded_at=timezone.now(),
    )


def test_the_files_of_a_submitted_version_stay_as_filed(version):
    filed = _attachment(version.application, "formularz.pdf", version)
    draft = _attachment(version.application, "szkic.pdf")
    table = ApplicationAttachment._meta.db_table
    assert refused(f"UPDATE {table} SET sha256 = %s WHERE id = %s", ["d" * 64, filed.pk])
    assert refused(f"UPDATE {table} SET file = 'inny.pdf' WHERE id = %s", [filed.pk])
    assert refused(f"UPDATE {table} SET version_id = NULL WHERE id = %s", [filed.pk])
    assert refused(f"DELETE FROM {table} WHERE id = %s", [filed.pk])
    # A draft's file is replaced or removed freely, and a submission takes it into a version.
    ApplicationAttachment.objects.filter(pk=draft.pk).update(original_name="szkic-2.pdf")
    ApplicationAttachment.objects.filter(pk=draft.pk).update(version=version)
    assert refused(f"DELETE FROM {table} WHERE id = %s", [draft.pk])
    stored = ApplicationAttachment.objects.get(pk=filed.pk)
    assert (stored.sha256, stored.file.name) == ("c" * 64, filed.file.name)
    # The account that uploaded it may go: only "uploaded by" is cleared.
    version.submitted_by.delete()
    assert ApplicationAttachment.objects.get(pk=filed.pk).uploaded_by is None


@pytest.mark.parametrize(
    "module",
    [
        "recruitment.migrations.0004_record_guards",
        "recruitment.migrations.0006_issued_documents",
        "evaluation.migrations.0003_record_guards",
        "portal.migrations.0005_privacy_notice",
    ],
)
def test_the_database_holds_every_guard_of_the_migrations(module, db):
    """The triggers stay as the migrations made them (a later migration that rebuilds a table on
    SQLite would drop them silently), and the column lists the guards compare are the tables'."""
    guards = importlib.import_module(module).GUARDS
    installed = installed_triggers(connection)
    expected = {}
    for guard in guards:
        expected.setdefault(guard.table, set()).update(guard.trigger_names(connection.vendor))
    assert {table: installed.get(table, set()) for table in expected} == expected
    migration = importlib.import_module(module)
    for name in ("VERSION_COLUMNS", "ATTACHMENT_COLUMNS", "CARD_COLUMNS", "ENTRY_COLUMNS"):
        columns = getattr(migration, name, None)
        if columns is None:
            continue
        table = {
            "VERSION_COLUMNS": "recruitment_applicationversion",
            "ATTACHMENT_COLUMNS": "recruitment_applicationattachment",
            "CARD_COLUMNS": "evaluation_substantivecard",
            "ENTRY_COLUMNS": "evaluation_resultentry",
        }[name]
        model = next(m for m in apps.get_models() if m._meta.db_table == table)
        assert set(columns) == {f.column for f in model._meta.concrete_fields}, name


@pytest.mark.postgres
def test_postgresql_refuses_truncate_of_a_kept_table(entry, version):
    with connection.cursor() as cursor:
        # The test's own rows leave deferred foreign-key checks, which TRUNCATE would not wait for.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert refused(f"TRUNCATE {AuditLogEntry._meta.db_table} CASCADE")
    assert refused(f"TRUNCATE {ApplicationVersion._meta.db_table} CASCADE")
    assert AuditLogEntry.objects.filter(pk=entry.pk).exists()
    assert ApplicationVersion.objects.filter(pk=version.pk).exists()
