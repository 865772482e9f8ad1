"""On PostgreSQL: two submissions of one application at the same moment (a double click on two
servers) make exactly one version; the row lock makes the second wait and refuses it."""

import threading

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

import pytest

from documents.generation import pdf_bytes
from recruitment import application_forms as af
from recruitment import submission
from recruitment.models import Application, ApplicationVersion
from tests.recruitment.application_helpers import form_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_submissions_make_one_version(open_call, institution, applicant):
    application = Application.objects.create(call=open_call, institution=institution)
    data, errors = af.read_draft(form_data())
    assert not errors
    submission.save_draft(application, applicant, data)
    content = pdf_bytes("Formularz", ("Podpis.",))
    submission.add_attachment(
        application,
        applicant,
        "signed_form",
        SimpleUploadedFile("f.pdf", content),
        "application/pdf",
        content,
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def submit_once():
        try:
            copy = Application.objects.get(pk=application.pk)
            barrier.wait()
            submission.submit(copy, applicant)
            outcomes.append("submitted")
        except submission.AlreadySubmitted:
            outcomes.append("already")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already", "submitted"]
    assert ApplicationVersion.objects.filter(application=application).count() == 1
    application.refresh_from_db()
    assert application.number == f"{open_call.number}/001"


def test_a_draft_save_locks_only_its_own_application(open_call, institution, applicant):
    """Autosaves of different JST in one call never wait for each other: the lock taken while
    a draft is saved covers the application's row, not the call's (a deadline rush of 200 JST
    saving every few seconds would otherwise queue behind one another)."""
    from django.db import OperationalError, transaction

    from tests.recruitment import factories

    other_institution = factories.InstitutionFactory()
    other_applicant = factories.applicant(other_institution)
    first = Application.objects.create(call=open_call, institution=institution)
    second = Application.objects.create(call=open_call, institution=other_institution)
    data, errors = af.read_draft(form_data())
    assert not errors
    holding, release = threading.Event(), threading.Event()

    def hold_first_lock():
        try:
            with transaction.atomic():
                submission._lock(first)
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=hold_first_lock)
    thread.start()
    try:
        assert holding.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            try:
                submission.save_draft(second, other_applicant, data)
            except OperationalError as error:  # the lock timeout: the save waited
                pytest.fail(f"saving another JST's draft waited for the lock: {error}")
    finally:
        release.set()
        thread.join()
    second.refresh_from_db()
    assert second.data["experience"] == data["experience"]
    assert second.draft_saved_at is not None
