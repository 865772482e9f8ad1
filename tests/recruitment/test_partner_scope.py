"""Operators limited to a partner ("Operatorzy naboru (rops-opole)") see the calls of that
partner only: another partner's applications, files, cards, exports and audit entries are a
logged 404, and listings leave them out (recruitment.permissions.can_review_call)."""

import hashlib

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

import pytest

from core.roles import OPERATORS
from documents.generation import pdf_bytes
from portal.accounts import ensure_role_groups
from recruitment import audit, formal_check
from recruitment.models import ApplicationAttachment, AuditLogEntry
from tests.recruitment import factories
from tests.recruitment.test_operator_views import admin_url, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(call_index):
    opole = factories.CallPageFactory(parent=call_index, partner="rops-opole", number="1/2026/OP")
    krakow = factories.CallPageFactory(
        parent=call_index, partner="rops-krakow", number="2/2026/KR", title="Nabór krakowski"
    )
    return opole, krakow


@pytest.fixture
def opole_operator(db):
    ensure_role_groups()
    user = factories.operator(username="operator.opole")
    user.groups.add(Group.objects.get(name=f"{OPERATORS} (rops-opole)"))
    return user


@pytest.fixture
def krakow_application(calls, operator):
    _opole, krakow = calls
    application = submitted_application(
        krakow, factories.InstitutionFactory(name="Gmina Krakowska")
    )
    data = pdf_bytes("Formularz", ("Podpisano.",))
    attachment = ApplicationAttachment(
        application=application,
        kind="signed_form",
        original_name="formularz.pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content_type="application/pdf",
        uploaded_at=timezone.now(),
    )
    attachment.file.save("formularz.pdf", ContentFile(data), save=False)
    attachment.save()
    application.attachment = attachment
    formal_check.start(application, operator)
    audit.record("application_viewed", user=operator, application=application, obj=application)
    return application


def test_another_partners_call_is_a_logged_404_everywhere(
    client, calls, opole_operator, krakow_application
):
    opole, krakow = calls
    app = krakow_application
    client.force_login(opole_operator)
    urls = [
        admin_url("index", krakow.pk),
        admin_url("export_csv", krakow.pk),
        admin_url("export_xlsx", krakow.pk),
        admin_url("detail", krakow.pk, app.pk),
        admin_url("diff", krakow.pk, app.pk) + "?from=1&to=1",
        admin_url("formal_card", krakow.pk, app.pk),
        admin_url("formal_card_pdf", krakow.pk, app.pk, 1),
        reverse("recruitment:attachment", args=[app.pk, app.attachment.pk]),
        f"/admin/zgloszenia/inspect/{app.pk}/",
    ]
    for path in urls:
        response = client.get(path)
        assert response.status_code == 404, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"Gmina Krakowska" not in body, path
    assert AuditLogEntry.objects.filter(action="access_denied", user=opole_operator).count() == len(
        urls
    )
    # A forged transition changes nothing.
    client.post(admin_url("transition", krakow.pk, app.pk), {"transition": "withdraw"})
    app.refresh_from_db()
    assert app.state == "formal_check"


def test_listings_leave_another_partners_call_out(
    client, calls, opole_operator, krakow_application
):
    opole, _krakow = calls
    mine = submitted_application(opole, factories.InstitutionFactory(name="Gmina Opolska"))
    audit.record("application_viewed", user=opole_operator, application=mine, obj=mine)
    client.force_login(opole_operator)
    choose = client.get(admin_url("calls")).content.decode()
    assert "1/2026/OP" in choose and "2/2026/KR" not in choose
    everything = client.get("/admin/zgloszenia/").content.decode()
    assert "Gmina Opolska" in everything and "Gmina Krakowska" not in everything
    log = client.get("/admin/dziennik-zdarzen/").content.decode()
    assert mine.number in log and krakow_application.number not in log
    entry = AuditLogEntry.objects.filter(application=krakow_application).first()
    assert client.get(f"/admin/dziennik-zdarzen/inspect/{entry.pk}/").status_code == 404
    own_entry = AuditLogEntry.objects.filter(application=mine).first()
    assert client.get(f"/admin/dziennik-zdarzen/inspect/{own_entry.pk}/").status_code == 200


def test_an_operator_of_every_partner_sees_both(client, calls, operator, krakow_application):
    ensure_role_groups()
    client.force_login(operator)
    _opole, krakow = calls
    app = krakow_application
    for path in (
        admin_url("detail", krakow.pk, app.pk),
        admin_url("formal_card", krakow.pk, app.pk),
        admin_url("export_csv", krakow.pk),
        reverse("recruitment:attachment", args=[app.pk, app.attachment.pk]),
        f"/admin/zgloszenia/inspect/{app.pk}/",
    ):
        assert client.get(path).status_code == 200, path
    assert "Gmina Krakowska" in client.get("/admin/zgloszenia/").content.decode()


def test_a_chair_sees_the_audit_entries_of_their_signed_call_only(
    client, calls, chair, krakow_application
):
    opole, krakow = calls
    mine = submitted_application(opole, factories.InstitutionFactory(name="Gmina Opolska"))
    audit.record("application_viewed", user=None, application=mine, obj=mine)
    ensure_role_groups()
    client.force_login(chair)
    assert client.get("/admin/dziennik-zdarzen/").status_code == 200
    assert mine.number not in client.get("/admin/dziennik-zdarzen/").content.decode()
    factories.seat_chair(opole, chair)
    log = client.get("/admin/dziennik-zdarzen/").content.decode()
    assert mine.number in log and krakow_application.number not in log
