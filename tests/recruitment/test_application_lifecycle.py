"""After submission: withdrawal, the status page, the supplement (version 2), immutability,
private files, the dashboard and the query counts of the busiest applicant pages."""

from pathlib import Path

from django.conf import settings
from django.core import mail

import pytest

from recruitment import permissions
from recruitment.models import (
    ApplicationState,
    ApplicationVersion,
    VersionImmutable,
)
from tests.recruitment import factories
from tests.recruitment.application_helpers import (
    attach_signed_form,
    form_data,
    png_file,
    request_supplement,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client, open_call, applicant):
    client.force_login(applicant)
    client.post(f"/konto/nabory/{open_call.pk}/rozpocznij/")
    draft_application = open_call.applications.get()
    client.post(url("autosave", draft_application), form_data())
    attach_signed_form(client, draft_application)
    assert client.post(url("submit", draft_application), form_data()).status_code == 302
    draft_application.refresh_from_db()
    return draft_application


def test_withdrawal_asks_for_confirmation_then_withdraws(client, submitted):
    page = client.get(url("withdraw", submitted))
    assert "Czy na pewno wycofać zgłoszenie" in page.content.decode()
    client.post(url("withdraw", submitted), {})  # without the confirmation: nothing happens
    submitted.refresh_from_db()
    assert submitted.state == ApplicationState.SUBMITTED
    response = client.post(
        url("withdraw", submitted), {"confirm": "tak", "reason": "Zmiana planów"}
    )
    assert response.url == url("status", submitted)
    submitted.refresh_from_db()
    assert submitted.state == ApplicationState.WITHDRAWN
    status = client.get(url("status", submitted)).content.decode()
    assert "wycofanie zgłoszenia" in status
    assert "Zmiana planów" in status
    # The JST may start a new application in the open call.
    client.post(f"/konto/nabory/{submitted.call_id}/rozpocznij/")
    assert submitted.call.applications.exclude(state=ApplicationState.WITHDRAWN).count() == 1


def test_withdrawal_after_the_result_is_refused(client, submitted, operator):
    from recruitment import workflow

    workflow.fire(submitted, "start_formal_check", operator)
    workflow.fire(submitted, "reject_formally", operator, reason="Brak podpisu.")
    response = client.post(url("withdraw", submitted), {"confirm": "tak"})
    assert response.status_code == 409
    assert "nie można wykonać" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == ApplicationState.FORMALLY_REJECTED


def test_status_page_shows_history_and_versions(client, submitted, applicant):
    page = client.get(url("status", submitted)).content.decode()
    assert "rozpoczęcie zgłoszenia" in page
    assert "dodanie załącznika" in page
    assert "złożenie zgłoszenia" in page
    assert applicant.username in page
    assert submitted.versions.get().content_sha256 in page


def test_supplement_makes_version_two_and_keeps_version_one(client, submitted, operator):
    first = submitted.versions.get()
    first_files = list(first.attachments.values_list("pk", "sha256"))
    request_supplement(submitted, operator, reason="Brak podpisu skarbnika.")
    page = client.get(url("application", submitted)).content.decode()
    assert "Wezwanie do uzupełnienia" in page
    assert "Brak podpisu skarbnika." in page
    assert "Złóż uzupełnienie" in page
    assert form_data()["experience"] in page  # the new draft starts from the last version
    submitted.refresh_from_db()
    draft_files = submitted.attachments.filter(version__isnull=True)
    assert [a.sha256 for a in draft_files] == [sha for _pk, sha in first_files]

    client.post(url("autosave", submitted), form_data(experience="Uzupełniony opis."))
    payload = form_data(experience="Uzupełniony opis.", action="upload")
    payload["power_of_attorney"] = png_file()
    client.post(url("application", submitted), payload)
    mail.outbox.clear()
    response = client.post(url("submit", submitted), form_data(experience="Uzupełniony opis."))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == ApplicationState.SUPPLEMENTED
    assert submitted.version == 2
    second = submitted.versions.get(number=2)
    assert second.content["experience"]["experience"] == "Uzupełniony opis."
    assert second.attachments.count() == 2
    first.refresh_from_db()
    assert first.content["experience"]["experience"] == form_data()["experience"]
    assert list(first.attachments.values_list("pk", "sha256")) == first_files
    assert first.content_sha256 != second.content_sha256
    assert "uzupełnienia" in mail.outbox[0].subject
    # Version 1's receipt stays available.
    assert client.get(url("receipt", submitted) + "?wersja=1").status_code == 200


def test_a_supplement_after_its_deadline_is_refused(client, submitted, operator):
    import datetime
    from unittest import mock

    from recruitment import workflow

    request_supplement(submitted, operator)
    submitted.refresh_from_db()
    late = submitted.supplement_due + datetime.timedelta(seconds=1)
    with mock.patch.object(workflow.timezone, "now", return_value=late):
        response = client.post(url("submit", submitted), form_data())
    assert response.status_code == 422
    assert "Termin na uzupełnienie minął" in response.content.decode()
    assert submitted.versions.count() == 1


def test_a_submitted_version_cannot_be_changed(submitted):
    version = submitted.versions.get()
    version.content = {}
    with pytest.raises(VersionImmutable):
        version.save()
    with pytest.raises(VersionImmutable):
        ApplicationVersion.objects.filter(pk=version.pk).update(content={})
    with pytest.raises(VersionImmutable):
        version.delete()


def test_files_live_in_private_storage_outside_media(submitted):
    attachment = submitted.attachments.get()
    path = Path(attachment.file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert attachment.original_name not in str(path)
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018


def test_can_view_application_is_the_applicants_and_operators(submitted, applicant, operator):
    other = factories.applicant(factories.InstitutionFactory(), username="inna.jst")
    chair = factories.chair(username="komisja")
    assert permissions.can_view_application(applicant, submitted)
    assert permissions.can_view_application(operator, submitted)
    assert not permissions.can_view_application(other, submitted)
    assert not permissions.can_view_application(chair, submitted)


def test_dashboard_lists_applications_and_open_calls(client, submitted, call_index):
    factories.CallPageFactory(parent=call_index, number="8/2026/OP", title="Drugi nabór")
    page = client.get("/konto/").content.decode()
    assert "5/2026/OP/001" in page
    assert "złożony" in page
    assert "Drugi nabór" in page
    assert "Rozpocznij zgłoszenie" in page


def test_dashboard_for_an_operator_explains_and_links_to_the_admin(client, operator):
    client.force_login(operator)
    page = client.get("/konto/").content.decode()
    assert "nie należy do żadnej JST" in page
    assert 'href="/admin/"' in page


def test_dashboard_and_form_query_counts_are_pinned(
    client, submitted, call_index, django_assert_max_num_queries
):
    for n in range(5):
        factories.CallPageFactory(parent=call_index, number=f"{20 + n}/2026/OP")
    client.get("/konto/")  # warm the site root cache
    with django_assert_max_num_queries(14):
        assert client.get("/konto/").status_code == 200
    with django_assert_max_num_queries(13):
        assert client.get(url("application", submitted)).status_code == 200
    draft = factories.ApplicationFactory(
        call=factories.CallPageFactory(parent=call_index, number="30/2026/OP"),
        institution=submitted.institution,
        data=form_data(),
    )
    client.get(url("application", draft))
    with django_assert_max_num_queries(13):
        assert client.get(url("application", draft)).status_code == 200
