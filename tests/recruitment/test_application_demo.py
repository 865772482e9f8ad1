"""The demo's applications: one submitted application of another opolskie JST, and the demo
applicant accounts belong to their JST, so gmina.opole can apply to 1/2026/OP itself."""

import io

from django.contrib.auth import get_user_model

import pytest

from portal.accounts import ensure_demo_accounts
from recruitment import demo
from recruitment.models import Application, ApplicationState, CallPage

pytestmark = pytest.mark.django_db


def test_demo_has_one_submitted_application_with_a_version(recruitment_demo):
    application = Application.objects.get()
    assert application.institution.teryt == demo.DEMO_SUBMITTED_TERYT
    assert application.state == ApplicationState.SUBMITTED
    assert application.number == "1/2026/OP/001"
    version = application.versions.get()
    assert version.attachments.get().kind == "signed_form"
    # Its one-off account is gone (the demo creates accounts only with --accounts); the audit
    # log keeps the name.
    assert not get_user_model().objects.exists()
    assert application.audit_entries.get(action="submit").username == demo.DEMO_SUBMITTED_USERNAME
    demo.load(io.StringIO())
    assert Application.objects.count() == 1


def test_demo_applicant_can_start_an_application_to_the_open_call(client, recruitment_demo):
    ensure_demo_accounts()
    demo.link_demo_accounts()
    assert client.login(username="gmina.opole", password="Kooperacje3D-gmina")
    page = client.get("/konto/").content.decode()
    assert "Gmina Miasto Opole" in page
    assert "Rozpocznij zgłoszenie" in page
    call = CallPage.objects.get(number="1/2026/OP")
    response = client.post(f"/konto/nabory/{call.pk}/rozpocznij/")
    assert response.status_code == 302
    assert Application.objects.filter(call=call, institution__teryt="1661011").exists()
