"""Bad input from issue 6: each case answers in Polish and leaves stored data unchanged."""

import datetime
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

import pytest

from recruitment import workflow
from recruitment.models import (
    Application,
    ApplicationAttachment,
    ApplicationState,
    ApplicationVersion,
    AuditLogEntry,
)
from tests.recruitment import factories
from tests.recruitment.application_helpers import (
    attach_signed_form,
    form_data,
    png_file,
    signed_pdf,
    url,
)

pytestmark = pytest.mark.django_db

APPLICATION_URLS = ["application", "receipt", "receipt_pdf", "receipt_json", "status", "withdraw"]
POST_URLS = ["application", "autosave", "submit", "withdraw"]


@pytest.fixture
def other_applicant(db):
    other = factories.InstitutionFactory(name="Gmina Miejska Nysa", teryt="1610041")
    return factories.applicant(other, username="wnioskodawca.nysa")


@pytest.fixture
def filled_draft(client, draft_application, applicant):
    """A complete draft with its signed form, saved through the views."""
    client.force_login(applicant)
    assert client.post(url("autosave", draft_application), form_data()).status_code == 200
    attach_signed_form(client, draft_application)
    draft_application.refresh_from_db()
    return draft_application


def _snapshot(application):
    application.refresh_from_db()
    return (
        application.state,
        application.data,
        application.number,
        list(application.versions.values_list("pk", "content_sha256")),
        list(application.attachments.values_list("pk", "sha256", "version_id")),
    )


# --- another JST's application ------------------------------------------------------------------


def test_another_jsts_application_is_404_in_every_url_and_logged(
    client, filled_draft, other_applicant
):
    before = _snapshot(filled_draft)
    attachment = filled_draft.attachments.get()
    client.force_login(other_applicant)
    for name in APPLICATION_URLS:
        assert client.get(url(name, filled_draft)).status_code == 404, name
    for name in POST_URLS:
        response = client.post(
            url(name, filled_draft), form_data(experience="Cudze", confirm="tak")
        )
        assert response.status_code == 404, name
    response = client.get(f"/konto/zgloszenia/{filled_draft.pk}/zalaczniki/{attachment.pk}/")
    assert response.status_code == 404
    assert _snapshot(filled_draft) == before
    denied = AuditLogEntry.objects.filter(action="access_denied", object_id=str(filled_draft.pk))
    assert denied.count() == len(APPLICATION_URLS) + len(POST_URLS) + 1
    assert denied.first().username == "wnioskodawca.nysa"


def test_a_nonexistent_application_is_404_and_logged(client, applicant):
    client.force_login(applicant)
    assert client.get("/konto/zgloszenia/999999/").status_code == 404
    assert client.post("/konto/zgloszenia/999999/autozapis/", {}).status_code == 404
    assert AuditLogEntry.objects.filter(action="access_denied", object_id="999999").count() == 2


def test_an_attachment_of_another_application_is_404(client, filled_draft, open_call, institution):
    other_app = factories.ApplicationFactory(
        call=factories.CallPageFactory(parent=open_call.get_parent(), number="9/2026/OP"),
        institution=institution,
    )
    attachment = filled_draft.attachments.get()
    response = client.get(f"/konto/zgloszenia/{other_app.pk}/zalaczniki/{attachment.pk}/")
    assert response.status_code == 404


def test_operator_may_view_but_not_edit(client, filled_draft, operator):
    before = _snapshot(filled_draft)
    attachment = filled_draft.attachments.get()
    client.force_login(operator)
    page = client.get(url("application", filled_draft))
    assert page.status_code == 200
    assert "nie możesz jej zmieniać" in page.content.decode()
    assert (
        client.get(f"/konto/zgloszenia/{filled_draft.pk}/zalaczniki/{attachment.pk}/").status_code
        == 200
    )
    response = client.post(url("autosave", filled_draft), form_data(experience="Operator"))
    assert response.status_code == 403
    assert "nie możesz go zmieniać" in response.json()["error"]
    response = client.post(url("application", filled_draft), form_data(experience="Operator"))
    assert response.status_code == 403
    response = client.post(url("submit", filled_draft), form_data())
    assert response.status_code == 403
    assert _snapshot(filled_draft) == before


# --- submissions ---------------------------------------------------------------------------------


def test_a_second_submission_makes_no_second_version(client, filled_draft):
    first = client.post(url("submit", filled_draft), form_data())
    assert first.status_code == 302
    before = _snapshot(filled_draft)
    second = client.post(
        url("submit", filled_draft), form_data(experience="Inna treść"), follow=True
    )
    assert "zostało już złożone" in second.content.decode()
    assert "Potwierdzenie złożenia zgłoszenia" in second.content.decode()
    assert ApplicationVersion.objects.filter(application=filled_draft).count() == 1
    assert _snapshot(filled_draft) == before


def test_a_double_click_on_submit_makes_one_version(client, filled_draft, applicant):
    """Two requests that both saw a draft: the second waits for the row lock and is refused."""
    from recruitment import submission

    stale = Application.objects.get(pk=filled_draft.pk)  # read before the first submission
    client.post(url("submit", filled_draft), form_data())
    with pytest.raises(submission.AlreadySubmitted) as refused:
        submission.submit(stale, applicant)
    assert "zostało już złożone" in str(refused.value.message)
    assert ApplicationVersion.objects.filter(application=filled_draft).count() == 1
    assert AuditLogEntry.objects.filter(application=filled_draft, action="submit").count() == 1


def test_submission_one_second_after_closes_at_is_refused(client, filled_draft):
    before = _snapshot(filled_draft)
    late = filled_draft.call.closes_at + datetime.timedelta(seconds=1)
    with mock.patch.object(workflow.timezone, "now", return_value=late):
        response = client.post(url("submit", filled_draft), form_data(experience="Po terminie"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Termin składania zgłoszeń w naborze 5/2026/OP minął" in page
    assert 'role="alert"' in page
    assert "Po terminie" in page  # shown again, not stored
    after = _snapshot(filled_draft)
    assert after[0] == ApplicationState.DRAFT
    assert after == before
    assert not ApplicationVersion.objects.exists()


def test_submission_at_closes_at_exactly_is_accepted(client, filled_draft):
    with mock.patch.object(workflow.timezone, "now", return_value=filled_draft.call.closes_at):
        response = client.post(url("submit", filled_draft), form_data())
    assert response.status_code == 302
    filled_draft.refresh_from_db()
    assert filled_draft.state == ApplicationState.SUBMITTED


def test_submission_of_a_jst_outside_the_voivodeship_is_refused_with_reasons(client, call_index):
    call = factories.CallPageFactory(parent=call_index, number="7/2026/OP")
    outsider = factories.InstitutionFactory(name="Gmina Miejska Bochnia", teryt="1201011")
    user = factories.applicant(outsider, username="bochnia")
    client.force_login(user)
    dashboard = client.get("/konto/").content.decode()
    assert "nie może zgłosić się do tego naboru" in dashboard
    assert "poza województwem opolskie" in dashboard
    response = client.post(f"/konto/nabory/{call.pk}/rozpocznij/", follow=True)
    assert "poza województwem opolskie" in response.content.decode()
    assert not Application.objects.exists()
    # Even with a draft made some other way, submission explains and refuses.
    draft = factories.ApplicationFactory(call=call, institution=outsider)
    client.post(url("autosave", draft), form_data())
    attach_signed_form(client, draft)
    response = client.post(url("submit", draft), form_data())
    assert response.status_code == 422
    assert "poza województwem opolskie" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == ApplicationState.DRAFT


def test_a_forged_jst_in_the_post_is_ignored(client, filled_draft, other_applicant, open_call):
    other = other_applicant.institution_membership.institution
    forged = form_data(institution=str(other.pk), institution_id=str(other.pk), teryt="1610041")
    client.post(f"/konto/nabory/{open_call.pk}/rozpocznij/", {"institution": other.pk})
    assert not Application.objects.filter(institution=other).exists()
    client.post(url("submit", filled_draft), forged)
    filled_draft.refresh_from_db()
    assert filled_draft.institution.name == "Gmina Miejska Brzeg"
    version = filled_draft.versions.get()
    assert version.content["jst"]["registry"]["teryt"] == "1601011"
    assert "institution" not in str(filled_draft.data)


# --- field contents --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "limit"),
    [("contact_name", 200), ("experience", 10_000), ("partners-0-name", 200)],
)
def test_overlong_fields_are_refused_and_nothing_is_stored(client, filled_draft, field, limit):
    before = _snapshot(filled_draft)
    overlong = form_data(**{field: "x" * (limit + 1)})
    response = client.post(url("autosave", filled_draft), overlong)
    assert response.status_code == 400
    assert f"może mieć najwyżej {limit} znaków (wpisano {limit + 1})" in response.json()["error"]
    response = client.post(url("application", filled_draft), overlong)
    assert response.status_code == 422
    assert "Nie zapisano zmian" in response.content.decode()
    assert "x" * (limit + 1) in response.content.decode()  # what was typed is shown again
    response = client.post(url("submit", filled_draft), overlong)
    assert response.status_code == 422
    assert _snapshot(filled_draft) == before


def test_html_and_script_are_stored_as_text_and_shown_escaped(client, filled_draft):
    payload = '<script>alert("x")</script><b>pogrubienie</b>'
    response = client.post(url("autosave", filled_draft), form_data(diagnosis=payload))
    assert response.status_code == 200
    filled_draft.refresh_from_db()
    assert filled_draft.data["diagnosis"]["diagnosis"] == payload
    page = client.get(url("application", filled_draft)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    client.post(url("submit", filled_draft), form_data(diagnosis=payload))
    readonly = client.get(url("application", filled_draft)).content.decode()
    assert "&lt;b&gt;pogrubienie&lt;/b&gt;" in readonly
    assert "<b>pogrubienie</b>" not in readonly
    assert filled_draft.versions.get().content["diagnosis"]["diagnosis"] == payload


# --- files -------------------------------------------------------------------------------------------


def _upload(client, application, uploaded, name="signed_form"):
    payload = form_data(action="upload")
    payload[name] = uploaded
    return client.post(url("application", application), payload)


def test_a_file_of_the_wrong_type_is_refused_by_its_content(client, filled_draft):
    before = _snapshot(filled_draft)
    fake_pdf = SimpleUploadedFile(
        "formularz.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf"
    )
    response = _upload(client, filled_draft, fake_pdf)
    assert response.status_code == 422
    assert "nie jest dokumentem PDF ani obrazem JPG lub PNG" in response.content.decode()
    png_named_pdf = png_file("skan.pdf")
    response = _upload(client, filled_draft, png_named_pdf)
    assert response.status_code == 422
    assert _snapshot(filled_draft) == before


def test_an_image_scan_is_accepted(client, filled_draft):
    response = _upload(client, filled_draft, png_file("skan.png"), name="power_of_attorney")
    assert response.status_code == 302
    assert filled_draft.attachments.filter(
        kind="power_of_attorney", content_type="image/png"
    ).exists()


@override_settings(APPLICATION_ATTACHMENT_MAX_SIZE=1024)
def test_an_oversized_file_is_refused(client, filled_draft):
    before = _snapshot(filled_draft)
    response = _upload(client, filled_draft, signed_pdf())
    assert response.status_code == 422
    assert "Plik jest za duży" in response.content.decode()
    assert _snapshot(filled_draft) == before


def test_power_of_attorney_is_required_only_when_signed_by_a_proxy(client, filled_draft):
    response = client.post(url("submit", filled_draft), form_data(signed_by_proxy="on"))
    assert response.status_code == 422
    assert "dołącz pełnomocnictwo" in response.content.decode()
    assert filled_draft.versions.count() == 0


# --- sessions and CSRF ---------------------------------------------------------------------------------


def test_autosave_with_an_expired_session_answers_401_json_and_keeps_the_draft(filled_draft):
    before = _snapshot(filled_draft)
    anonymous = Client()
    response = anonymous.post(url("autosave", filled_draft), form_data(experience="Po wygaśnięciu"))
    assert response.status_code == 401
    body = response.json()
    assert "Sesja wygasła" in body["error"]
    assert (
        body["login_url"] == f"/konto/logowanie/?next=%2Fkonto%2Fzgloszenia%2F{filled_draft.pk}%2F"
    )
    assert _snapshot(filled_draft) == before
    # The HTML views send the visitor to the login page instead.
    response = anonymous.get(url("application", filled_draft))
    assert response.status_code == 302 and response.url.startswith("/konto/logowanie/")


def test_csrf_is_enforced_on_every_post(filled_draft, applicant):
    before = _snapshot(filled_draft)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(applicant)
    for name in POST_URLS:
        response = strict.post(url(name, filled_draft), form_data(experience="Bez tokenu"))
        assert response.status_code == 403, name
    assert strict.post(f"/konto/nabory/{filled_draft.call_id}/rozpocznij/").status_code == 403
    assert _snapshot(filled_draft) == before
    assert not ApplicationAttachment.objects.filter(version__isnull=False).exists()


def test_dates_in_the_receipt_are_in_warsaw_time(client, filled_draft):
    from recruitment.models import CallPage

    moment = datetime.datetime(2026, 6, 20, 21, 30, 5, tzinfo=datetime.UTC)
    CallPage.objects.filter(pk=filled_draft.call_id).update(
        opens_at=moment - datetime.timedelta(days=10), closes_at=moment + datetime.timedelta(days=1)
    )
    with mock.patch.object(workflow.timezone, "now", return_value=moment):
        assert client.post(url("submit", filled_draft), form_data()).status_code == 302
    page = client.get(url("receipt", filled_draft)).content.decode()
    assert "20 czerwca 2026, 23:30:05" in page


def test_a_forged_remove_action_changes_nothing(client, filled_draft):
    before = _snapshot(filled_draft)
    for action in ("remove:abc", "remove:999999", "remove:"):
        response = client.post(url("application", filled_draft), form_data(action=action))
        assert response.status_code == 302
    assert _snapshot(filled_draft)[4] == before[4]


def test_removing_a_draft_file_deletes_it(client, filled_draft):
    attachment = filled_draft.attachments.get()
    path = attachment.file.path
    response = client.post(
        url("application", filled_draft), form_data(action=f"remove:{attachment.pk}")
    )
    assert response.status_code == 302
    assert not filled_draft.attachments.exists()
    import os

    assert not os.path.exists(path)


def test_an_incomplete_submission_is_refused_but_what_was_typed_is_kept(client, filled_draft):
    """The button posts the form's content: when the submission finds it incomplete, the page
    says what is missing and the typed content stays stored as the draft (nothing is lost)."""
    response = client.post(
        url("submit", filled_draft), form_data(diagnosis="", experience="Wpisane przed kliknięciem")
    )
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    filled_draft.refresh_from_db()
    assert filled_draft.state == ApplicationState.DRAFT
    assert filled_draft.data["experience"]["experience"] == "Wpisane przed kliknięciem"
    assert not ApplicationVersion.objects.exists()


def test_the_submitted_version_holds_what_the_button_posted(client, filled_draft):
    response = client.post(url("submit", filled_draft), form_data(experience="Ostatnie zdanie."))
    assert response.status_code == 302
    version = ApplicationVersion.objects.get(application=filled_draft)
    assert version.content["experience"]["experience"] == "Ostatnie zdanie."
    filled_draft.refresh_from_db()
    assert filled_draft.data["experience"]["experience"] == "Ostatnie zdanie."
