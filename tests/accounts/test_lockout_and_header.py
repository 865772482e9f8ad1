"""Login rate limiting (django-axes), the header's account links and the anonymous page cache."""

from django.core.cache import cache
from django.test import Client

import pytest

from recruitment.models import AuditLogEntry

pytestmark = pytest.mark.django_db

PASSWORD = "Haslo-Testowe-123"


def test_five_failures_lock_the_username_at_the_ip_out_with_a_polish_429(client, primary):
    answers = [
        client.post("/konto/logowanie/", {"username": "jan@brzeg.pl", "password": f"zle-{n}"})
        for n in range(5)
    ]
    assert [a.status_code for a in answers[:4]] == [200] * 4
    assert answers[4].status_code == 429
    html = answers[4].content.decode()
    assert "Logowanie czasowo zablokowane" in html
    assert "Po 5 nieudanych próbach" in html and "na 1 godzinę" in html
    assert 'lang="pl"' in html

    correct = client.post("/konto/logowanie/", {"username": "jan@brzeg.pl", "password": PASSWORD})
    assert correct.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditLogEntry.objects.filter(action="account.locked_out").exists()

    # Another address (REMOTE_ADDR) is not locked out: the lock is per username and IP.
    elsewhere = Client(REMOTE_ADDR="10.0.0.9").post(
        "/konto/logowanie/", {"username": "jan@brzeg.pl", "password": PASSWORD}
    )
    assert elsewhere.status_code == 302


def test_the_email_case_does_not_escape_the_lockout(client, primary):
    for n in range(5):
        client.post("/konto/logowanie/", {"username": "JAN@brzeg.pl", "password": f"zle-{n}"})
    assert (
        client.post(
            "/konto/logowanie/", {"username": "jan@BRZEG.pl", "password": PASSWORD}
        ).status_code
        == 429
    )


def test_header_shows_login_or_account_links(client, primary):
    anonymous = client.get("/konto/logowanie/").content.decode()
    assert 'href="/konto/logowanie/">Zaloguj się</a>' in anonymous
    assert "Moje konto" not in anonymous
    client.force_login(primary)
    html = client.get("/konto/zespol/").content.decode()
    assert 'href="/konto/">Moje konto</a>' in html
    assert 'action="/konto/wylogowanie/"' in html and "Wyloguj się" in html
    assert "Zaloguj się</a>" not in html


def test_cached_anonymous_page_never_shows_a_logged_in_header(settings, demo_content, primary):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    anonymous = Client()
    first = anonymous.get("/o-projekcie/")
    assert first["X-Page-Cache"] == "miss"
    assert "Zaloguj się" in first.content.decode()

    logged_in = Client()
    logged_in.force_login(primary)
    own = logged_in.get("/o-projekcie/")
    assert "X-Page-Cache" not in own
    assert "Moje konto" in own.content.decode() and "Zaloguj się</a>" not in own.content.decode()

    again = Client().get("/o-projekcie/")
    assert again["X-Page-Cache"] == "hit"
    assert "Zaloguj się" in again.content.decode() and "Moje konto" not in again.content.decode()
    assert "csrfmiddlewaretoken" not in again.content.decode()

    # A logged-in visit first: what it renders is not stored for anonymous visitors.
    cache.clear()
    logged_in.get("/o-projekcie/")
    fresh = Client().get("/o-projekcie/")
    assert fresh["X-Page-Cache"] == "miss" and "Moje konto" not in fresh.content.decode()


def test_client_login_works_with_axes_switched_on(client, primary, settings):
    assert settings.AXES_ENABLED
    assert client.login(username="jan@brzeg.pl", password=PASSWORD)
    assert not client.login(username="jan@brzeg.pl", password="zle-haslo")
