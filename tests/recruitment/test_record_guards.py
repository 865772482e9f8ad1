"""The audit log and the submitted versions, kept by the database (portal/integrity.py): raw SQL,
queryset updates and raw deletes are refused by triggers, on SQLite (`make test`) and on
PostgreSQL (CI runs the whole suite there); only the retention pass lets a change through."""

import datetime

from django.db import connection
from django.utils import timezone

import pytest

from portal.integrity import retention_pass
from recruitment import audit
from recruitment.models import ApplicationVersion, AuditLogEntry
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
