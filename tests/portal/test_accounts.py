"""Role groups and the demo accounts printed by `make run`."""

import io

from django.core.management import call_command

import pytest

from core.roles import APPLICANTS, EVALUATORS, OPERATORS
from portal.accounts import DEMO_ACCOUNTS
from portal.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts(demo_with_accounts):
    """The demo with its accounts (`make demo`), built once per run."""


def test_demo_accounts_cover_every_role(accounts):
    assert User.objects.filter(is_superuser=True, username="admin").exists()
    assert User.objects.filter(groups__name=OPERATORS).count() == 2
    assert User.objects.filter(groups__name=f"{OPERATORS} (rops-opole)").get().username == (
        "operator.opole"
    )
    assert User.objects.filter(groups__name=EVALUATORS).count() == 3
    assert User.objects.filter(groups__name=APPLICANTS).count() == 2
    assert User.objects.count() == len(DEMO_ACCOUNTS)


def test_printed_operator_login_opens_the_polish_admin(client, accounts):
    username, password = next(a[:2] for a in DEMO_ACCOUNTS if a[0] == "operator")
    response = client.post(
        "/admin/login/", {"username": username, "password": password}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user.username == "operator"
    html = response.content.decode()
    assert 'lang="pl"' in html
    assert "Wyloguj" in html or "Pulpit" in html


def test_applicant_cannot_enter_the_admin(client, accounts):
    username, password = next(a[:2] for a in DEMO_ACCOUNTS if APPLICANTS in a[4])
    client.login(username=username, password=password)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_accounts_are_not_created_without_debug_or_explicit_permission(settings, demo_content):
    settings.DEBUG = False
    settings.DEMO_ACCOUNTS_ALLOWED = False
    errors = io.StringIO()
    call_command("load_demo_content", "--accounts", stdout=io.StringIO(), stderr=errors)
    assert not User.objects.exists()
    assert "Konta demonstracyjne mają jawne hasła" in errors.getvalue()
