"""Security headers and sessions (portal/security.py): the Content-Security-Policy of the public,
applicant and admin pages, HSTS, the Polish 403 pages and the sessions' lifetimes."""

import os
import re
import time
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.template import engines
from django.test import Client, override_settings
from django.urls import include, path

import pytest

from portal.security import SESSION_SEEN_KEY
from tests.factories import default_site
from tests.processes import run_python
from tests.recruitment import factories

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"


def _forbidden(request):
    raise PermissionDenied("reason only the log sees")


def _inline_script(request):
    from django.http import HttpResponse

    template = engines["django"].from_string(
        '<!DOCTYPE html><html lang="pl"><body>'
        '<script nonce="{{ request.csp_nonce }}">document.title = "x";</script></body></html>'
    )
    return HttpResponse(template.render({}, request))


# The site's own URLs, with a view that refuses and one with an inline script (this module is
# the URLconf of the tests that need them).
urlpatterns = [
    path("test-zabronione/", _forbidden),
    path("test-skrypt/", _inline_script),
    path("", include("k3d.urls")),
]


def directives(response):
    return {
        name: value.split()
        for name, _sep, value in (
            part.strip().partition(" ") for part in response[CSP].split(";") if part.strip()
        )
    }


def assert_strict(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    assert all(not value.startswith("'unsafe") for value in policy["script-src"])
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert "'unsafe-eval'" not in response[CSP]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/o-projekcie/",
        "/aktualnosci/",
        "/szukaj/?q=regulamin",
        "/dokumenty/",
        "/slownik/",
        "/konto/logowanie/",
        "/konto/rejestracja/",
        "/brak-strony/",
    ],
)
def test_every_public_page_has_the_strict_policy(client, demo_content, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert_strict(response)


def test_a_cached_page_has_the_policy_too(client, demo_content):
    with override_settings(PAGE_CACHE_SECONDS=60):
        client.get("/o-projekcie/")
        hit = client.get("/o-projekcie/")
    assert hit["X-Page-Cache"] == "hit"
    assert_strict(hit)


@pytest.fixture
def applicant_client(client):
    root = default_site().root_page
    call = factories.CallPageFactory(
        parent=factories.CallIndexPageFactory(parent=root), number="9/2026/OP"
    )
    institution = factories.InstitutionFactory(name="Gmina Miejska Brzeg", teryt="1601011")
    user = factories.applicant(institution, username="wnioskodawca.brzeg")
    client.force_login(user)
    client.post(f"/konto/nabory/{call.pk}/rozpocznij/")
    return client


def test_every_applicant_page_has_the_strict_policy(applicant_client):
    from recruitment.models import Application

    application = Application.objects.get()
    for address in ("/konto/", f"/konto/zgloszenia/{application.pk}/"):
        response = applicant_client.get(address)
        assert response.status_code == 200, address
        assert_strict(response)


def test_an_inline_script_runs_only_with_the_nonce_of_its_own_response(client):
    with override_settings(ROOT_URLCONF=__name__):
        first = client.get("/test-skrypt/")
        second = client.get("/test-skrypt/")
    nonces = []
    for response in (first, second):
        nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
        assert f"'nonce-{nonce}'" in directives(response)["script-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_a_page_with_a_nonce_is_never_served_from_the_page_cache(rf):
    """A nonce is one response's own: a cached copy would hand it to every visitor."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache
    from django.http import HttpResponse

    from core.cache import PageCacheMiddleware, page_cache_key
    from portal.security import ContentSecurityPolicyMiddleware

    def view(request):
        request._k3d_page_cacheable = True  # as a Wagtail page marks itself
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')

    with override_settings(PAGE_CACHE_SECONDS=60):
        request = rf.get("/strona/")
        request.user = AnonymousUser()
        chain = PageCacheMiddleware(ContentSecurityPolicyMiddleware(view))
        response = chain(request)
        assert "'nonce-" in response[CSP]
        assert cache.get(page_cache_key(rf.get("/strona/"))) is None


def test_files_and_json_get_no_policy_of_the_pages(client, demo_content):
    """A browser runs no script in them, and Chrome's PDF viewer breaks under a policy that
    refuses inline styles; a registry document keeps its own sandboxing policy."""
    from django.core.files.base import ContentFile

    from documents.generation import pdf_bytes
    from documents.models import RegistryDocument
    from knowledge.models import ModelPage

    model = ModelPage.objects.live().get()
    model.pdf_file.save("model.pdf", ContentFile(pdf_bytes("Model", ("Treść.",))))
    pdf = client.get(model.pdf_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert CSP not in pdf
    for response in (client.get("/api/search/", {"q": "regulamin"}), client.get("/robots.txt")):
        assert response.status_code == 200 and CSP not in response
    document = client.get(RegistryDocument.objects.filter(file__endswith=".pdf").first().url)
    assert document[CSP] == "default-src 'none'; sandbox"


def test_the_admin_has_its_own_policy_without_eval(client, django_user_model):
    user = django_user_model.objects.create_superuser("redaktor", "r@example.pl", "Haslo-123-abc")
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'self'"]  # the page preview's frame
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in response[CSP]
    # No avatar from gravatar.com: it would send a hash of every editor's e-mail address there.
    assert "gravatar.com" not in response.content.decode()


TEMPLATE_DIRS = [Path(settings.BASE_DIR) / app / "templates" for app in settings.PROJECT_APPS]


def _public_templates():
    """The templates of pages a visitor or an applicant sees (not the admin's, not the PDFs' nor
    the e-mails')."""
    for folder in TEMPLATE_DIRS:
        for template in folder.rglob("*.html"):
            relative = template.relative_to(folder).as_posix()
            if "/admin/" in f"/{relative}" or "pdf" in relative or "mail" in relative:
                continue
            yield relative, template.read_text()


def test_public_templates_have_no_inline_script_without_the_nonce_nor_inline_style():
    """What the strict policy would refuse in a visitor's browser never reaches a template."""
    offences = []
    for name, text in _public_templates():
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'nonce="{{ request.csp_nonce }}"' not in tag:
                offences.append(f"{name}: {tag}")
        offences += [f"{name}: style attribute" for _m in re.finditer(r"\sstyle=", text)]
        offences += [f"{name}: <style>" for _m in re.finditer(r"<style\b", text)]
        offences += [f"{name}: {m.group(0)}" for m in re.finditer(r"\son[a-z]+=\"", text)]
        offences += [f"{name}: javascript: URL" for _m in re.finditer(r"javascript:", text)]
    assert offences == []


def test_hsts_is_sent_over_https(client):
    with override_settings(SECURE_HSTS_SECONDS=31_536_000):
        secure = client.get("/brak-strony/", secure=True)
        plain = client.get("/brak-strony/")
    assert secure["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in plain


def _production_settings(**variables):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "SESSION_", "STAFF_SESSION"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="k3d.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="portal.example.pl",
        SITE_URL="https://portal.example.pl",
        **variables,
    )
    code = (
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_AGE, s.STAFF_SESSION_COOKIE_AGE)"
    )
    return run_python(code, env).split()


def test_hsts_is_on_by_default_with_the_https_redirect_and_configurable():
    assert _production_settings(SECURE_SSL_REDIRECT="true")[:2] == ["31536000", "False"]
    assert _production_settings()[0] == "0"
    assert _production_settings(SECURE_SSL_REDIRECT="true", SECURE_HSTS_SECONDS="600")[0] == "600"
    assert _production_settings(SECURE_HSTS_SECONDS="600", SECURE_HSTS_INCLUDE_SUBDOMAINS="1")[
        :2
    ] == ["600", "True"]


def test_session_lifetimes_default_and_come_from_the_environment():
    assert _production_settings()[2:] == ["28800", "7200"]
    assert _production_settings(SESSION_COOKIE_AGE="3600", STAFF_SESSION_COOKIE_AGE="900")[2:] == [
        "3600",
        "900",
    ]


def test_the_403_page_is_polish_and_in_the_site_layout(client):
    with override_settings(ROOT_URLCONF=__name__):
        response = client.get("/test-zabronione/")
    text = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Brak dostępu</h1>" in text
    assert "Nie masz uprawnień, by zobaczyć tę stronę." in text
    assert 'class="site-header"' in text and "Przejdź do treści" in text  # the layout
    assert "reason only the log sees" not in text
    assert_strict(response)


def test_a_refused_form_explains_itself_in_polish_in_the_site_layout(db):
    client = Client(enforce_csrf_checks=True)
    client.get("/konto/logowanie/")  # the CSRF cookie is set, but the form's token is missing
    response = client.post("/konto/logowanie/", {"username": "x", "password": "y"})
    text = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Nie udało się wysłać formularza</h1>" in text
    assert "nic nie zostało zapisane" in text
    assert "sesja wygasła" in text
    assert 'class="site-header"' in text
    assert "CSRF" not in text  # the technical reason only with DEBUG


def test_a_refused_autosave_gets_the_reason_as_json(db):
    response = Client(enforce_csrf_checks=True).post(
        "/konto/zgloszenia/1/autozapis/", {}, headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 403
    assert "sesja wygasła" in response.json()["error"]


def test_a_form_without_the_csrf_cookie_says_to_allow_cookies(db):
    response = Client(enforce_csrf_checks=True).post("/konto/logowanie/", {"username": "x"})
    assert response.status_code == 403
    assert "Włącz pliki cookie" in response.content.decode()


# --- sessions -------------------------------------------------------------------------------


@pytest.fixture
def lifetimes(settings):
    """The production defaults (the test settings keep 14 days: other tests move the clock by
    days while someone is signed in)."""
    settings.SESSION_COOKIE_AGE = 8 * 3600
    settings.STAFF_SESSION_COOKIE_AGE = 2 * 3600


def _session(client):
    return client.session  # a fresh SessionStore of the client's cookie


def _expiry_seconds(client):
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (Session.objects.get(session_key=key).expire_date.timestamp()) - time.time()


def _idle(client, seconds):
    """As if the last request that moved the session's end on was `seconds` ago."""
    session = client.session
    session[SESSION_SEEN_KEY] = int(time.time()) - seconds
    session.save()


@pytest.fixture
def staff_user(django_user_model):
    from core.roles import EDITORS
    from portal.accounts import ensure_role_groups

    user = django_user_model.objects.create_user(
        "redaktorka", "redaktorka@example.pl", "Haslo-123-abc"
    )
    user.groups.add(ensure_role_groups()[EDITORS])
    return user


@pytest.fixture
def applicant_user(django_user_model):
    from core.roles import APPLICANTS
    from portal.accounts import ensure_role_groups

    user = django_user_model.objects.create_user(
        "wnioskodawca", "wnioskodawca@example.pl", "Haslo-123-abc"
    )
    user.groups.add(ensure_role_groups()[APPLICANTS])
    return user


def test_a_staff_session_lasts_the_staff_lifetime_and_an_applicant_session_longer(
    client, staff_user, applicant_user, lifetimes
):
    """Decided at login: the cookie and the session's expiry date in the database."""
    login = {"password": "Haslo-123-abc", "remember": "on"}
    assert client.post("/admin/login/", {"username": "redaktorka", **login}).status_code == 302
    assert int(client.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == 7200
    assert abs(_expiry_seconds(client) - 7200) < 60

    other = Client()
    response = other.post("/konto/logowanie/", {"username": "wnioskodawca", **login})
    assert response.status_code == 302
    assert int(other.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == 28800
    assert abs(_expiry_seconds(other) - 28800) < 60


def test_a_staff_session_ends_after_the_staff_lifetime_without_a_request(
    client, staff_user, lifetimes
):
    client.force_login(staff_user)
    assert client.get("/admin/").status_code == 200
    _idle(client, settings.STAFF_SESSION_COOKIE_AGE - 60)
    assert client.get("/admin/").status_code == 200  # still within it: and its end moves on
    assert time.time() - _session(client)[SESSION_SEEN_KEY] < 60
    _idle(client, settings.STAFF_SESSION_COOKIE_AGE + 1)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login/" in response.url
    assert "_auth_user_id" not in _session(client)


def test_an_applicant_session_outlives_the_staff_lifetime(client, applicant_user, lifetimes):
    client.force_login(applicant_user)
    client.get("/konto/")
    _idle(client, settings.STAFF_SESSION_COOKIE_AGE + 60)
    assert client.get("/konto/").status_code == 200
    _idle(client, settings.SESSION_COOKIE_AGE + 1)
    response = client.get("/konto/")
    assert response.status_code == 302 and "/konto/logowanie/" in response.url


def test_the_end_is_moved_on_without_writing_the_session_on_every_request(
    client, staff_user, lifetimes
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_user)  # the lifetime is decided at login
    seen = _session(client)[SESSION_SEEN_KEY]
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/").status_code == 200
        writes = [q["sql"] for q in queries if "django_session" in q["sql"]]
        assert not [sql for sql in writes if sql.startswith(("UPDATE", "INSERT"))]
    assert _session(client)[SESSION_SEEN_KEY] == seen  # within a tenth of the lifetime


def test_a_wagtail_login_without_remember_me_still_ends_after_the_staff_lifetime(
    client, staff_user, lifetimes
):
    """Wagtail's login without "remember me" gives a session that ends with the browser, whose
    expiry date in the database is the default lifetime: the staff lifetime holds anyway."""
    response = client.post("/admin/login/", {"username": "redaktorka", "password": "Haslo-123-abc"})
    assert response.status_code == 302
    client.get("/admin/")
    assert _session(client).get_expire_at_browser_close()
    _idle(client, settings.STAFF_SESSION_COOKIE_AGE + 1)
    assert client.get("/admin/").status_code == 302
