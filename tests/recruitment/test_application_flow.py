"""The applicant's whole path in the Django client: start, autosave, attach, submit, receipt."""

import hashlib
import io

from django.core import mail

import pytest
from pypdf import PdfReader

from recruitment.checksums import canonical_json, content_hash
from recruitment.models import Application, ApplicationState, ApplicationVersion, AuditLogEntry
from tests.recruitment.application_helpers import (
    FULL_FORM,
    attach_signed_form,
    form_data,
    url,
)

pytestmark = pytest.mark.django_db


def test_applicant_starts_fills_attaches_submits_and_gets_the_receipt(client, open_call, applicant):
    client.force_login(applicant)
    dashboard = client.get("/konto/")
    assert "Rozpocznij zgłoszenie" in dashboard.content.decode()

    response = client.post(f"/konto/nabory/{open_call.pk}/rozpocznij/")
    application = Application.objects.get(call=open_call)
    assert response.url == f"/konto/zgloszenia/{application.pk}/"
    # Idempotent: starting again opens the same draft.
    client.post(f"/konto/nabory/{open_call.pk}/rozpocznij/")
    assert Application.objects.filter(call=open_call).count() == 1
    page = client.get(response.url).content.decode()
    assert "Gmina Miejska Brzeg" in page  # prefilled from the registry
    assert "1601011" in page

    partial = {"contact_name": "Jan Kowalski", "experience": "Pierwsze zdanie.",
               "partners-TOTAL_FORMS": "1", "partners-0-name": "Szkoła Podstawowa nr 1",
               "partners-0-sector": "education"}  # fmt: skip
    saved = client.post(url("autosave", application), partial)
    assert saved.status_code == 200
    assert saved.json()["message"].startswith("Zapisano wersję roboczą o ")
    application.refresh_from_db()
    assert application.data["experience"]["experience"] == "Pierwsze zdanie."
    assert application.data["partners"] == [
        {"name": "Szkoła Podstawowa nr 1", "sector": "education"}
    ]
    reloaded = client.get(url("application", application)).content.decode()
    assert "Pierwsze zdanie." in reloaded
    assert "Szkoła Podstawowa nr 1" in reloaded

    attach_signed_form(client, application)
    attachment = application.attachments.get()
    assert attachment.original_name == "formularz-podpisany.pdf"
    assert attachment.version is None
    download = client.get(f"/konto/zgloszenia/{application.pk}/zalaczniki/{attachment.pk}/")
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    body = b"".join(download.streaming_content)
    assert hashlib.sha256(body).hexdigest() == attachment.sha256

    response = client.post(url("submit", application), form_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response.url == url("receipt", application)
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert application.number == "5/2026/OP/001"
    version = ApplicationVersion.objects.get(application=application)
    assert version.number == 1
    assert version.content["experience"]["experience"] == FULL_FORM["experience"]
    assert version.content["jst"]["registry"]["teryt"] == "1601011"
    assert version.content_sha256 == content_hash(version.content, [attachment.sha256])
    assert len(canonical_json(version.content)) > 100
    attachment.refresh_from_db()
    assert attachment.version == version

    receipt = client.get(url("receipt", application)).content.decode()
    assert "5/2026/OP/001" in receipt
    assert version.content_sha256 in receipt
    assert "Europe/Warsaw" in receipt

    pdf = client.get(url("receipt_pdf", application))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "5/2026/OP/001" in text
    assert version.content_sha256[:20] in text.replace("\n", "")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [applicant.email]
    assert "5/2026/OP/001" in message.subject
    assert version.content_sha256 in message.body
    assert message.body.startswith("Dzień dobry,\n\nprzyjęliśmy zgłoszenie Państwa JST.\n")
    assert "(czas polski, Europe/Warsaw)" in message.body
    assert "{%" not in message.body and "%}" not in message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")

    # Read-only afterwards: the form shows the submitted content, edits change nothing.
    page = client.get(url("application", application)).content.decode()
    assert "Zgłoszenia nie można już zmieniać" in page
    assert 'name="contact_name"' not in page
    refused = client.post(url("autosave", application), form_data(experience="Zmiana"))
    assert refused.status_code == 403
    assert "nie można go już zmieniać" in refused.json()["error"]
    refused = client.post(url("application", application), form_data(experience="Zmiana"))
    assert refused.status_code == 403
    application.refresh_from_db()
    assert application.data["experience"]["experience"] == FULL_FORM["experience"]
    assert AuditLogEntry.objects.filter(application=application, action="submit").count() == 1


def test_autosave_and_submission_run_a_fixed_number_of_queries(
    client, draft_application, applicant, django_assert_max_num_queries
):
    """The deadline rush (bench/recruitment.py) is 40 autosaves a second: their SQL is pinned,
    and does not grow with the number of partner institutions in the form."""
    client.force_login(applicant)
    assert client.post(url("autosave", draft_application), form_data()).status_code == 200
    attach_signed_form(client, draft_application)
    many = {"partners-TOTAL_FORMS": "12"}
    for i in range(12):
        many[f"partners-{i}-name"] = f"Instytucja {i}"
        many[f"partners-{i}-sector"] = "ngo"
    with django_assert_max_num_queries(9):
        assert client.post(url("autosave", draft_application), form_data()).status_code == 200
    with django_assert_max_num_queries(9):
        response = client.post(url("autosave", draft_application), form_data(**many))
        assert response.status_code == 200
    # The tests run tasks at once: 4 of these issue the receipt (a worker's, in production);
    # 2 read the information page for the clause the version keeps (portal.privacy).
    with django_assert_max_num_queries(30):
        response = client.post(url("submit", draft_application), form_data(**many))
        assert response.status_code == 302
    version = ApplicationVersion.objects.get(application=draft_application)
    assert len(version.content["partners"]) == 12


def test_a_clause_changed_after_the_box_was_ticked_is_asked_again(
    client, draft_application, applicant
):
    """„I have read the information” counts for the words the form showed: the call's clause is
    edited after the draft was saved, so the form shows the box unticked with a note, and a
    submission is refused at the box until it is ticked under the new words."""
    from recruitment import application_clause

    call = draft_application.call
    client.force_login(applicant)
    form = client.get(url("application", draft_application)).content.decode()
    shown = application_clause.rodo_version(call)
    assert f'name="rodo_version" value="{shown}"' in form
    attach_signed_form(client, draft_application)
    assert (
        client.post(url("autosave", draft_application), form_data(rodo_version=shown)).status_code
        == 200
    )
    draft_application.refresh_from_db()
    assert draft_application.data["_rodo_version"] == shown

    call.rodo_clause = "<p>Dane otrzyma także Wojewoda Opolski &amp; jego urząd.</p>"
    call.save_revision().publish()
    now = application_clause.rodo_version(call)
    assert now != shown
    page = client.get(url("application", draft_application)).content.decode()
    assert "zmieniła się, odkąd ją potwierdzono" in page
    assert (
        'name="rodo_acknowledged"' in page
        and "checked" not in page.split('name="rodo_acknowledged"', 1)[1].split(">", 1)[0]
    )

    # The old draft submitted as it was: refused at the box, nothing submitted.
    data = form_data(rodo_version=shown)
    response = client.post(url("submit", draft_application), data)
    assert response.status_code == 422
    assert "Informacja o przetwarzaniu danych osobowych zmieniła się" in response.content.decode()
    assert not ApplicationVersion.objects.filter(application=draft_application).exists()

    response = client.post(url("submit", draft_application), form_data(rodo_version=now))
    assert response.status_code == 302
    version = ApplicationVersion.objects.get(application=draft_application)
    # Without the information page the version keeps the call's own clause, as shown.
    assert version.content["rodo"]["text"] == "Dane otrzyma także Wojewoda Opolski & jego urząd."
