"""Registration, e-mail confirmation and login of JST applicant accounts."""

import re
import time
from unittest import mock

from django.core import mail, signing
from django.test import Client

import pytest

from accounts.models import ApplicantProfile
from accounts.services import confirmation_token
from core.roles import APPLICANTS
from portal.models import User
from recruitment.models import AuditLogEntry, InstitutionMembership
from tests.recruitment import factories

pytestmark = pytest.mark.django_db

STRONG = "Zielony-Rower-2026"


def form_data(institution, **overrides):
    data = {
        "first_name": "Anna",
        "last_name": "Kowalska",
        "email": "Anna.Kowalska@Brzeg.pl",
        "phone": "77 404 00 00",
        "position": "Kierowniczka MOPS",
        "institution": str(institution.pk),
        "password1": STRONG,
        "password2": STRONG,
        "rodo": "on",
    }
    data.update(overrides)
    return data


def confirmation_link():
    body = mail.outbox[-1].body
    return re.search(r"https?://[^\s]+/konto/potwierdz/[^\s]+/", body).group(0)


def test_registration_confirmation_and_login(client, institution):
    response = client.post("/konto/rejestracja/", form_data(institution))
    assert response.status_code == 302
    assert response["Location"] == "/konto/rejestracja/wyslano/"
    user = User.objects.get(email="anna.kowalska@brzeg.pl")
    assert user.username == "anna.kowalska@brzeg.pl"
    assert not user.is_active
    assert not InstitutionMembership.objects.filter(user=user).exists()
    assert user.applicant_profile.requested_institution == institution
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna.kowalska@brzeg.pl"]
    assert "potwierdź adres e-mail" in mail.outbox[0].subject
    assert "ważny przez 3 dni" in mail.outbox[0].body
    assert "Sprawdź skrzynkę" in client.get(response["Location"]).content.decode()

    path = confirmation_link().split("kooperacje3d.example.pl", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    assert "Potwierdzam adres e-mail" in page.content.decode()
    user.refresh_from_db()
    assert not user.is_active  # a GET (a mail scanner) does not confirm

    done = client.post(path)
    assert done.status_code == 200
    assert "Adres e-mail potwierdzony" in done.content.decode()
    user.refresh_from_db()
    assert user.is_active
    assert user.groups.filter(name=APPLICANTS).exists()
    membership = user.institution_membership
    assert membership.institution == institution and membership.is_primary
    assert AuditLogEntry.objects.filter(action="account.confirmed", user=user).exists()

    again = client.post(path)
    assert "Link został już użyty" in again.content.decode()

    login = client.post(
        "/konto/logowanie/", {"username": "ANNA.kowalska@brzeg.pl", "password": STRONG}
    )
    assert login.status_code == 302
    assert login["Location"] == "/konto/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_weak_password_is_refused_in_polish(client, institution):
    response = client.post(
        "/konto/rejestracja/", form_data(institution, password1="12345678", password2="12345678")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "za krótkie" in html and "co najmniej 12 znaków" in html
    assert "Hasło składa się wyłącznie z cyfr." in html
    assert 'role="alert"' in html and 'href="#id_password1"' in html
    assert (
        'aria-invalid="true"' in html
        and 'aria-describedby="id_password1_helptext id_password1_error"' in html
    )
    assert not User.objects.exists()
    assert mail.outbox == []


def test_mismatched_passwords_and_missing_rodo(client, institution):
    data = form_data(institution, password2="Inne-Haslo-2026!")
    del data["rodo"]
    html = client.post("/konto/rejestracja/", data).content.decode()
    assert "Hasła w obu polach nie są takie same." in html
    assert "Potwierdź, że znasz informację o przetwarzaniu danych." in html
    assert not User.objects.exists()


def test_duplicate_email_changes_nothing_and_reveals_nothing(client, institution, primary):
    other = factories.InstitutionFactory(name="Gmina Miejska Nysa", teryt="1610011")
    response = client.post(
        "/konto/rejestracja/", form_data(other, email="JAN@brzeg.pl", first_name="Intruz")
    )
    assert response.status_code == 302 and response["Location"] == "/konto/rejestracja/wyslano/"
    assert User.objects.filter(email__iexact="jan@brzeg.pl").count() == 1
    primary.refresh_from_db()
    assert primary.first_name != "Intruz"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jan@brzeg.pl"]
    assert "konto z tym adresem już istnieje" in mail.outbox[0].body


def test_jst_with_a_primary_account_is_refused_with_the_masked_holder(client, primary, institution):
    response = client.post("/konto/rejestracja/", form_data(institution))
    html = response.content.decode()
    assert response.status_code == 200
    assert "ma już konto główne" in html
    assert "j***@brzeg.pl" in html
    assert "jan@brzeg.pl" not in html
    assert "zaproszenie" in html
    assert not User.objects.filter(email="anna.kowalska@brzeg.pl").exists()


def test_second_confirmation_for_the_same_jst_is_refused(client, institution):
    client.post("/konto/rejestracja/", form_data(institution))
    first_link = confirmation_link().split("kooperacje3d.example.pl", 1)[1]
    client.post(
        "/konto/rejestracja/",
        form_data(institution, email="piotr@brzeg.pl", first_name="Piotr", last_name="Nowak"),
    )
    second_link = confirmation_link().split("kooperacje3d.example.pl", 1)[1]
    assert client.post(first_link).status_code == 200
    refused = client.post(second_link)
    html = refused.content.decode()
    assert refused.status_code == 409
    assert "JST ma już konto główne" in html and "a***@brzeg.pl" in html
    assert (
        InstitutionMembership.objects.filter(institution=institution, is_primary=True).count() == 1
    )
    assert not User.objects.filter(email="piotr@brzeg.pl").exists()


def test_forged_and_expired_confirmation_tokens_answer_in_polish(client, institution):
    forged = client.get("/konto/potwierdz/bm90LWEtdG9rZW4:1abc:xyz/")
    assert forged.status_code == 400
    assert "Nieprawidłowy link" in forged.content.decode()
    assert "Wyślij link ponownie" in forged.content.decode()

    wrong_salt = signing.dumps({"u": 1, "e": "a@b.pl"})
    assert client.post(f"/konto/potwierdz/{wrong_salt}/").status_code == 400

    client.post("/konto/rejestracja/", form_data(institution))
    user = User.objects.get()
    three_days_and_a_minute_ago = time.time() - 3 * 24 * 3600 - 60
    with mock.patch("django.core.signing.time.time", return_value=three_days_and_a_minute_ago):
        token = confirmation_token(user)
    expired = client.post(f"/konto/potwierdz/{token}/")
    assert expired.status_code == 400
    assert "Link wygasł" in expired.content.decode()
    user.refresh_from_db()
    assert not user.is_active


def test_resend_confirmation_answers_the_same_for_any_address(client, institution):
    client.post("/konto/rejestracja/", form_data(institution))
    ApplicantProfile.objects.update(confirmation_sent_at=None)
    mail.outbox.clear()
    known = client.post("/konto/rejestracja/nowy-link/", {"email": "anna.kowalska@brzeg.pl"})
    unknown = client.post("/konto/rejestracja/nowy-link/", {"email": "nikt@example.pl"})
    assert known.content.decode().count("Sprawdź skrzynkę") == unknown.content.decode().count(
        "Sprawdź skrzynkę"
    )
    assert [m.to for m in mail.outbox] == [["anna.kowalska@brzeg.pl"]]


def test_unconfirmed_account_login_asks_to_confirm(client, institution):
    client.post("/konto/rejestracja/", form_data(institution))
    response = client.post(
        "/konto/logowanie/", {"username": "anna.kowalska@brzeg.pl", "password": STRONG}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Potwierdź adres e-mail – wysłaliśmy link" in html
    assert "/konto/rejestracja/nowy-link/" in html
    assert "_auth_user_id" not in client.session
    wrong = client.post(
        "/konto/logowanie/", {"username": "anna.kowalska@brzeg.pl", "password": "zle-haslo-123"}
    )
    assert "Potwierdź adres e-mail" not in wrong.content.decode()
    assert "Nieprawidłowy adres e-mail" in wrong.content.decode()


def test_html_in_names_is_stored_as_text_and_shown_escaped(client, institution):
    script = "<script>alert(1)</script>"
    client.post(
        "/konto/rejestracja/", form_data(institution, first_name=script, last_name="<b>X</b>")
    )
    user = User.objects.get()
    assert user.first_name == script
    client.post(confirmation_link().split("kooperacje3d.example.pl", 1)[1])
    client.force_login(user)
    html = client.get("/konto/zespol/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert script not in html and "<b>X</b>" not in html


@pytest.mark.parametrize("path", ["/konto/rejestracja/", "/konto/logowanie/"])
def test_csrf_is_enforced(institution, path):
    client = Client(enforce_csrf_checks=True)
    data = form_data(institution) if "rejestracja" in path else {"username": "a", "password": "b"}
    assert client.post(path, data).status_code == 403
    assert not User.objects.exists()


def test_open_redirect_in_next_is_ignored(client, primary):
    response = client.post(
        "/konto/logowanie/?next=https://evil.example/",
        {
            "username": "jan@brzeg.pl",
            "password": "Haslo-Testowe-123",
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/konto/"
    local = Client().post(
        "/konto/logowanie/",
        {"username": "jan@brzeg.pl", "password": "Haslo-Testowe-123", "next": "/nabory/"},
    )
    assert local["Location"] == "/nabory/"


def test_demo_style_login_by_username_still_works(client, institution):
    user = factories.applicant(institution, username="gmina.test", email="gmina.test@example.pl")
    assert (
        client.post(
            "/konto/logowanie/",
            {"username": "gmina.test@example.pl", "password": "Haslo-Testowe-123"},
        ).status_code
        == 302
    )
    assert (
        Client().post(
            "/konto/logowanie/", {"username": "gmina.test", "password": "Haslo-Testowe-123"}
        )["Location"]
        == "/konto/"
    )
    assert user.is_active


def test_logout_is_post_only(client, primary):
    client.force_login(primary)
    assert client.get("/konto/wylogowanie/").status_code == 405
    assert client.post("/konto/wylogowanie/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_polish_link_that_sets_a_new_password(client, primary):
    form = client.get("/konto/haslo/reset/").content.decode()
    assert '<label for="id_email">Adres e-mail</label>' in form
    client.post("/konto/haslo/reset/", {"email": "jan@brzeg.pl"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "ustaw nowe hasło" in message.subject
    path = re.search(
        r"https://kooperacje3d\.example\.pl(/konto/haslo/reset/\S+/)", message.body
    ).group(1)
    form_page = client.get(path, follow=True)
    assert "Nowe hasło" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Nowe-Haslo-Bardzo-2026", "new_password2": "Nowe-Haslo-Bardzo-2026"},
    )
    assert done.status_code == 302
    primary.refresh_from_db()
    assert primary.check_password("Nowe-Haslo-Bardzo-2026")


def test_password_change_checks_the_old_password_and_the_policy(client, primary):
    client.force_login(primary)
    weak = client.post(
        "/konto/haslo/zmiana/",
        {
            "old_password": "Haslo-Testowe-123",
            "new_password1": "krotkie",
            "new_password2": "krotkie",
        },
    )
    assert weak.status_code == 200 and "za krótkie" in weak.content.decode()
    wrong_old = client.post(
        "/konto/haslo/zmiana/",
        {"old_password": "zle", "new_password1": STRONG, "new_password2": STRONG},
    )
    assert wrong_old.status_code == 200
    done = client.post(
        "/konto/haslo/zmiana/",
        {"old_password": "Haslo-Testowe-123", "new_password1": STRONG, "new_password2": STRONG},
    )
    assert done["Location"] == "/konto/haslo/zmiana/gotowe/"
    primary.refresh_from_db()
    assert primary.check_password(STRONG)
