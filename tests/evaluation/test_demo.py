"""The demo commission helper appoints the demo accounts once, whatever the number of runs; the
demo (`make demo`: load_demo_content --accounts) holds the closed, evaluated call 1/2026/MP with
its published list, and the printed chair and evaluator logins open their dashboards."""

import io
import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F

import pytest

from evaluation import demo, permissions
from evaluation.models import (
    Assignment,
    CardScore,
    CardStatus,
    CommissionMember,
    ConflictDeclaration,
    Declaration,
    ResultList,
    SubstantiveCard,
)
from portal.accounts import DEMO_ACCOUNTS, ensure_demo_accounts
from recruitment.models import (
    Application,
    ApplicationState,
    ApplicationVersion,
    AuditLogEntry,
    CallPage,
    CallStatus,
    FormalCheckCard,
)

pytestmark = pytest.mark.django_db

S = ApplicationState
PASSWORDS = {username: password for username, password, *_rest in DEMO_ACCOUNTS}


def test_the_demo_commission_is_appointed_once_and_signs(call):
    ensure_demo_accounts()
    demo.appoint_demo_commission(call)
    members = demo.appoint_demo_commission(call, sign=True)
    assert sorted(m.user.username for m in members) == [
        "oceniajacy1",
        "oceniajacy2",
        "oceniajacy3",
        "przewodniczacy",
    ]
    assert CommissionMember.objects.filter(call=call).count() == 4
    assert Declaration.objects.filter(call=call).count() == 4
    chair = CommissionMember.objects.get(call=call, role="chair").user
    assert chair.username == "przewodniczacy"
    assert permissions.can_manage_evaluation(chair, call)


def _load(settings):
    settings.DEMO_ACCOUNTS_ALLOWED = True
    out = io.StringIO()
    call_command("load_demo_content", "--accounts", stdout=out)
    return out.getvalue()


def _counts(call):
    return {
        "calls": CallPage.objects.count(),
        "applications": sorted(
            Application.objects.filter(call=call).values_list("number", "state", "version")
        ),
        "versions": ApplicationVersion.objects.filter(application__call=call).count(),
        "formal_cards": FormalCheckCard.objects.filter(application__call=call).count(),
        "members": CommissionMember.objects.filter(call=call).count(),
        "declarations": Declaration.objects.filter(call=call).count(),
        "assignments": Assignment.objects.filter(application__call=call).count(),
        "lists": ResultList.objects.filter(call=call).count(),
        "audit": AuditLogEntry.objects.filter(application__call=call).count(),
    }


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def loaded(settings, demo_with_accounts):
    """The demo with accounts (built once per run), then loaded a second time in this test."""
    call = CallPage.objects.get(number="1/2026/MP")
    before = _counts(call)
    second = _load(settings)
    return {"call": call, "before": before, "first": demo_with_accounts, "second": second}


def test_the_demo_has_a_closed_evaluated_call_with_a_published_list(loaded, client):
    call = CallPage.objects.get(pk=loaded["call"].pk)
    assert _counts(call) == loaded["before"], "the second load changed the evaluated call"
    assert call.status == CallStatus.CLOSED
    assert call.url == "/nabory/1-2026-mp/"

    states = dict(Application.objects.filter(call=call).values_list("institution__name", "state"))
    assert states == {
        "Gmina Miasto Oświęcim": S.SELECTED,
        "Gmina Miasto Nowy Targ": S.SELECTED,
        "Gmina Miasto Gorlice": S.RESERVE,
        "Gmina Miasto Zakopane": S.NOT_SELECTED,
        "Powiat Tatrzański": S.SELECTED,
        "Powiat Oświęcimski": S.RESERVE,
        "Powiat Gorlicki": S.NOT_SELECTED,
        "Powiat Wadowicki": S.FORMALLY_REJECTED,
    }
    # One supplement (a second version after a call to supplement), one written rejection.
    tatra = Application.objects.get(call=call, institution__name="Powiat Tatrzański")
    assert tatra.version == 2
    assert list(tatra.formal_cards.order_by("round").values_list("result", flat=True)) == [
        "to_supplement",
        "accepted",
    ]
    rejected = FormalCheckCard.objects.get(application__institution__name="Powiat Wadowicki")
    assert "nie podlega uzupełnieniu" in rejected.reason

    # The commission: a chair and three evaluators who signed; one declared a conflict and was
    # not assigned to that JST; one divergence went to a third evaluator.
    assert CommissionMember.objects.filter(call=call).count() == 4
    assert Declaration.objects.filter(call=call).count() == 4
    conflict = ConflictDeclaration.objects.get(call=call)
    assert (conflict.user.username, conflict.institution.name) == (
        "oceniajacy3",
        "Gmina Miasto Zakopane",
    )
    assert not Assignment.objects.filter(
        evaluator=conflict.user, application__institution=conflict.institution
    ).exists()
    thirds = Assignment.objects.filter(application__call=call, kind="third")
    assert [a.application.institution.name for a in thirds] == ["Gmina Miasto Nowy Targ"]
    cards = SubstantiveCard.objects.filter(assignment__application__call=call)
    assert cards.count() == 15
    assert set(cards.values_list("status", flat=True)) == {CardStatus.SUBMITTED}
    below_max = CardScore.objects.filter(
        card__in=cards, points__lt=F("criterion__max_points")
    ).values_list("justification", flat=True)
    assert below_max and all(text.strip() for text in below_max)

    # The published list, version 1, on the public page.
    result_list = ResultList.objects.get(call=call)
    assert (result_list.version, result_list.is_published) == (1, True)
    assert result_list.entries.count() == 7
    response = client.get("/nabory/1-2026-mp/wyniki/")
    assert response.status_code == 200
    page = _text(response)
    assert "wersja 1" in page
    for name, score in [
        ("Gmina Miasto Oświęcim", "21,00"),
        ("Gmina Miasto Nowy Targ", "20,00"),
        ("Powiat Tatrzański", "19,50"),
        ("Powiat Oświęcimski", "16,50"),
        ("Powiat Gorlicki", "13,50"),
    ]:
        assert re.search(rf"{name} \S+( \S+)? {score}", page), name
    assert "Powiat Wadowicki" not in page

    # The printed logins, and no one-off applicant account left behind.
    assert "przewodniczacy / Kooperacje3D-przewodniczacy" in loaded["second"]
    assert f"/admin/ocena/{call.pk}/komisja/" in loaded["second"]
    assert set(get_user_model().objects.values_list("username", flat=True)) == set(PASSWORDS)

    # The demo account of Powiat Oświęcimski submitted its application and sees its result.
    client.login(username="powiat.oswiecim", password=PASSWORDS["powiat.oswiecim"])
    application = Application.objects.get(call=call, institution__name="Powiat Oświęcimski")
    response = client.get(f"/konto/zgloszenia/{application.pk}/wynik/")
    assert response.status_code == 200
    page = _text(response)
    assert "16,50" in page and "rezerwow" in page


def test_the_printed_commission_logins_open_their_dashboards(demo_with_accounts, client):
    call = CallPage.objects.get(number="1/2026/MP")
    for username, dashboard in [
        ("przewodniczacy", f"/admin/ocena/{call.pk}/komisja/"),
        ("oceniajacy1", f"/admin/ocena/{call.pk}/"),
        ("oceniajacy3", f"/admin/ocena/{call.pk}/"),
    ]:
        assert f"{username} / {PASSWORDS[username]}" in demo_with_accounts
        client.logout()
        assert client.login(username=username, password=PASSWORDS[username]), username
        home = client.get("/admin/ocena/")
        assert home.status_code == 200
        assert "1/2026/MP" in home.content.decode()
        response = client.get(dashboard)
        assert response.status_code == 200, username
        assert "Gmina Miasto Oświęcim" in _text(response) or "Powiat" in _text(response)
