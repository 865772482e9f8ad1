"""A database too busy to take a write: a Polish 503 with Retry-After, nothing stored, and the
write goes through once the other writer is done. The other writer is a second real connection
(another server process): on SQLite it holds the write lock, on PostgreSQL the application's row
with a lock timeout on ours."""

import json
from contextlib import contextmanager

from django.db import connection

import pytest

from recruitment.models import Application
from tests.factories import default_site
from tests.recruitment import factories

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def another_writer_holds(application):
    if connection.vendor == "sqlite":
        import sqlite3

        # The test database is SQLite's shared in-memory one: a second connection to it is a
        # second writer, whose open write transaction locks the tables for ours.
        other = sqlite3.connect(connection.settings_dict["NAME"], uri=True)
        other.isolation_level = None
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE recruitment_application SET updated_at = updated_at")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
    else:
        import psycopg

        settings_dict = connection.settings_dict
        other = psycopg.connect(
            dbname=settings_dict["NAME"],
            user=settings_dict["USER"],
            password=settings_dict["PASSWORD"],
            host=settings_dict["HOST"],
            port=settings_dict["PORT"] or 5432,
        )
        other.execute(
            "SELECT 1 FROM recruitment_application WHERE id = %s FOR UPDATE", [application.pk]
        )
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = 0")
            other.rollback()
            other.close()


@pytest.fixture
def draft(db):
    index = factories.CallIndexPageFactory(parent=default_site().root_page)
    call = factories.CallPageFactory(parent=index)
    institution = factories.InstitutionFactory()
    user = factories.applicant(institution, username="wnioskodawca.zajety")
    application = factories.ApplicationFactory(call=call, institution=institution, created_by=user)
    return application, user


def test_an_autosave_that_meets_a_busy_database_is_told_to_retry_and_stores_nothing(client, draft):
    application, user = draft
    client.force_login(user)
    url = f"/konto/zgloszenia/{application.pk}/autozapis/"
    form = {"experience": "Zespół interdyscyplinarny od 2015 r."}
    headers = {"X-Requested-With": "fetch", "Accept": "application/json"}

    with another_writer_holds(application):
        response = client.post(url, form, headers=headers)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = json.loads(response.content)
    assert "Spróbuj ponownie za kilka sekund" in body["error"] and body["retry_after"] == 5
    assert not Application.objects.get(pk=application.pk).data

    # The other writer is done: the same request, sent again by the script, is stored.
    again = client.post(url, form, headers=headers)
    assert again.status_code == 200
    stored = Application.objects.get(pk=application.pk).data
    assert stored["experience"]["experience"] == "Zespół interdyscyplinarny od 2015 r."


def test_a_form_sent_to_a_busy_database_gets_a_polish_page(client, draft):
    application, user = draft
    client.force_login(user)
    with another_writer_holds(application):
        response = client.post(
            f"/konto/zgloszenia/{application.pk}/",
            {"experience": "Tekst"},
        )
    assert response.status_code == 503 and response["Retry-After"] == "5"
    html = response.content.decode()
    assert "<h1>Serwer jest zajęty</h1>" in html
    assert "nie zapisał Twoich zmian" in html and 'lang="pl"' in html
