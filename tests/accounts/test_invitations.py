"""The JST team page: the primary account invites and revokes, colleagues accept invitations."""

import datetime
import re

from django.core import mail
from django.test import Client
from django.utils import timezone

import pytest

from accounts.models import Invitation
from accounts.services import invite
from core.roles import APPLICANTS
from portal.models import User
from recruitment.models import AuditLogEntry, InstitutionMembership
from tests.recruitment import factories

pytestmark = pytest.mark.django_db

STRONG = "Zielony-Rower-2026"


def accept_data(**overrides):
    data = {
        "first_name": "Ola",
        "last_name": "Nowak",
        "phone": "",
        "position": "Specjalistka ds. projektów",
        "password1": STRONG,
        "password2": STRONG,
        "rodo": "on",
    }
    data.update(overrides)
    return data


def invitation_path():
    return re.search(r"https?://[^/\s]+(/konto/zaproszenie/\S+/)", mail.outbox[-1].body).group(1)


def test_primary_invites_and_the_colleague_accepts(client, institution, primary):
    client.force_login(primary)
    response = client.post("/konto/zespol/", {"email": "Ola@Brzeg.pl"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "ola@brzeg.pl"
    assert invitation.invited_by == primary and invitation.institution == institution
    lifetime = invitation.expires_at - invitation.created_at
    assert abs(lifetime - datetime.timedelta(days=7)) < datetime.timedelta(seconds=5)
    assert len(invitation.token_hash) == 64
    assert mail.outbox[0].to == ["ola@brzeg.pl"]
    assert "Gmina Miejska Brzeg" in mail.outbox[0].subject
    path = invitation_path()
    assert invitation.token_hash not in path  # only the hash is stored, only the token is sent
    page = client.get("/konto/zespol/").content.decode()
    assert "Wysłaliśmy zaproszenie na adres ola@brzeg.pl" in page
    assert "czeka na przyjęcie" in page
    assert AuditLogEntry.objects.filter(action="account.invitation_sent", user=primary).exists()

    visitor = Client()
    form = visitor.get(path)
    assert form.status_code == 200
    assert "Gmina Miejska Brzeg" in form.content.decode()
    accepted = visitor.post(path, accept_data())
    assert accepted.status_code == 302 and accepted["Location"] == "/konto/"
    user = User.objects.get(email="ola@brzeg.pl")
    assert user.is_active and user.username == "ola@brzeg.pl"
    assert user.groups.filter(name=APPLICANTS).exists()
    membership = user.institution_membership
    assert membership.institution == institution
    assert not membership.is_primary and membership.invited_by == primary
    invitation.refresh_from_db()
    assert invitation.accepted_at and invitation.accepted_user == user
    assert visitor.session["_auth_user_id"] == str(user.pk)

    used = Client().get(path)
    assert used.status_code == 409
    assert "Zaproszenie zostało już przyjęte" in used.content.decode()


def test_non_primary_sees_the_team_but_may_not_invite(client, institution, primary, colleague):
    client.force_login(colleague)
    page = client.get("/konto/zespol/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "jan@brzeg.pl" in html and "ola@brzeg.pl" in html
    assert "Wyślij zaproszenie" not in html
    refused = client.post("/konto/zespol/", {"email": "ktos@brzeg.pl"})
    assert refused.status_code == 403
    assert "tylko konto główne JST" in refused.content.decode()
    assert not Invitation.objects.exists()
    invitation = invite(institution=institution, email="x@brzeg.pl", inviter=primary, request=None)
    assert client.post(f"/konto/zespol/zaproszenia/{invitation.pk}/cofnij/").status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_team_page_is_for_jst_accounts_only(client, db):
    assert client.get("/konto/zespol/")["Location"].startswith("/konto/logowanie/?next=")
    client.force_login(factories.operator(username="operator.x"))
    assert client.get("/konto/zespol/").status_code == 403


def test_revoked_and_expired_invitations_are_refused(client, institution, primary):
    client.force_login(primary)
    client.post("/konto/zespol/", {"email": "ola@brzeg.pl"})
    revoked_path = invitation_path()
    invitation = Invitation.objects.get()
    assert client.post(f"/konto/zespol/zaproszenia/{invitation.pk}/cofnij/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at and invitation.revoked_by == primary
    response = Client().post(revoked_path, accept_data())
    assert response.status_code == 400
    assert "Zaproszenie zostało cofnięte" in response.content.decode()

    client.post("/konto/zespol/", {"email": "ola@brzeg.pl"})
    expired_path = invitation_path()
    Invitation.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = Client().post(expired_path, accept_data())
    assert response.status_code == 400
    assert "Zaproszenie wygasło" in response.content.decode()
    assert not User.objects.filter(email="ola@brzeg.pl").exists()
    assert InstitutionMembership.objects.filter(institution=institution).count() == 1


def test_forged_invitation_token(client):
    response = client.get("/konto/zaproszenie/nie-ma-takiego-tokenu/")
    assert response.status_code == 400
    assert "Nieprawidłowy link" in response.content.decode()


def test_registered_email_cannot_be_invited_nor_accept(client, institution, primary):
    client.force_login(primary)
    html = client.post("/konto/zespol/", {"email": "JAN@brzeg.pl"}).content.decode()
    assert "Konto z tym adresem e-mail już istnieje" in html
    assert not Invitation.objects.exists()
    invitation = invite(
        institution=institution, email="ola@brzeg.pl", inviter=primary, request=None
    )
    path = invitation_path()
    factories.user_in(APPLICANTS, username="ola@brzeg.pl", email="ola@brzeg.pl")
    response = Client().post(path, accept_data(first_name="Zmieniona"))
    assert response.status_code == 409
    assert "Konto już istnieje" in response.content.decode()
    assert User.objects.get(email="ola@brzeg.pl").first_name != "Zmieniona"
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_another_jsts_invitation_cannot_be_revoked(client, institution, primary):
    other = factories.InstitutionFactory(name="Gmina Miejska Nysa", teryt="1610011")
    other_primary = factories.applicant(other, username="nysa@nysa.pl", email="nysa@nysa.pl")
    foreign = invite(institution=other, email="x@nysa.pl", inviter=other_primary, request=None)
    client.force_login(primary)
    assert client.post(f"/konto/zespol/zaproszenia/{foreign.pk}/cofnij/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def test_team_page_query_count_is_pinned(client, institution, primary, django_assert_num_queries):
    for n in range(3):
        factories.applicant(institution, is_primary=False, username=f"osoba{n}@brzeg.pl")
        invite(institution=institution, email=f"nowa{n}@brzeg.pl", inviter=primary, request=None)
    client.force_login(primary)
    client.get("/konto/zespol/")
    # session, user, membership with its JST, groups, members, invitations; the rest is the
    # site chrome (site, menu, user bar permissions, footer settings).
    with django_assert_num_queries(12):
        response = client.get("/konto/zespol/")
    assert response.content.decode().count("czeka na przyjęcie") == 3
