"""The evaluation views in the admin: the declaration, the evaluator's dashboard and card, the
read-only application, the chair's dashboard and actions, the commission; bad input and forged
ids answered in Polish with nothing stored."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from evaluation import assignment, cards
from evaluation.models import (
    Assignment,
    CardScore,
    CardStatus,
    CommissionMember,
    ConflictDeclaration,
    Declaration,
    SubstantiveCard,
)
from recruitment.models import ApplicationState, AuditLogEntry
from tests.evaluation.conftest import fill, make_application, member
from tests.recruitment import factories

pytestmark = pytest.mark.django_db
S = ApplicationState


def url(name, *args):
    return reverse(f"evaluation:{name}", args=args)


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages] if response.wsgi_request else []


def card_state(card):
    card = SubstantiveCard.objects.get(pk=card.pk)
    return (
        card.status,
        card.total,
        list(
            CardScore.objects.filter(card=card)
            .order_by("pk")
            .values_list("points", "justification")
        ),
    )


@pytest.fixture
def pair(call, chair_user, evaluators, application):
    return (
        assignment.assign(application, evaluators[0], by=chair_user),
        assignment.assign(application, evaluators[1], by=chair_user),
    )


# --- menu and declaration -----------------------------------------------------------------------


def test_menu_item_leads_evaluators_to_their_calls(client, call, evaluators):
    client.force_login(evaluators[0])
    admin_home = client.get("/admin/").content.decode()
    assert "ocena-merytoryczna" in admin_home and url("home") in admin_home
    page = client.get(url("home"))
    assert page.status_code == 200
    assert url("evaluator", call.pk) in page.content.decode()


def test_an_unsigned_evaluator_is_sent_to_the_declaration(client, call):
    newcomer = member(call, username="nowy", first_name="Nowy", last_name="Oceniający", sign=False)
    client.force_login(newcomer)
    response = client.get(url("evaluator", call.pk))
    assert response.status_code == 302 and response.url == url("declaration", call.pk)
    page = client.get(url("declaration", call.pk))
    text = page.content.decode()
    assert "Deklaracja bezstronności i poufności" in text and "Nowy Oceniający" in text
    assert "KOP-1/2026" in text


def test_signing_needs_the_tick_and_stores_the_conflicts(client, call):
    nysa = make_application(call, factories.InstitutionFactory(name="Gmina Miejska Nysa"))
    newcomer = member(call, username="nowy", sign=False)
    client.force_login(newcomer)
    refused = client.post(url("declaration", call.pk), {"conflicts": [nysa.institution_id]})
    assert refused.status_code == 200
    assert "Zaznacz oświadczenie" in refused.content.decode()
    assert not Declaration.objects.filter(user=newcomer).exists()
    assert not ConflictDeclaration.objects.exists()
    forged = client.post(url("declaration", call.pk), {"accept": "on", "conflicts": ["999999"]})
    assert forged.status_code == 200 and "nie należy do niego" in forged.content.decode()
    assert not Declaration.objects.filter(user=newcomer).exists()
    signed = client.post(
        url("declaration", call.pk),
        {"accept": "on", "conflicts": [nysa.institution_id]},
        REMOTE_ADDR="192.0.2.44",
    )
    assert signed.status_code == 302 and signed.url == url("evaluator", call.pk)
    declaration = Declaration.objects.get(user=newcomer)
    assert declaration.ip_address == "192.0.2.44"
    assert list(ConflictDeclaration.objects.values_list("institution_id", flat=True)) == [
        nysa.institution_id
    ]
    again = client.post(url("declaration", call.pk), {"accept": "on"})
    assert again.status_code == 302
    assert Declaration.objects.filter(user=newcomer).count() == 1
    shown = client.get(url("declaration", call.pk)).content.decode()
    assert "Deklarację podpisano" in shown and declaration.text_sha256 in shown


def test_a_conflict_declared_from_the_dashboard_cancels_the_assignment(
    client, call, pair, evaluators
):
    client.force_login(evaluators[0])
    application = pair[0].application
    response = client.post(
        url("conflict", call.pk), {"institution": application.institution_id, "note": "Rodzina."}
    )
    assert response.status_code == 302
    assert Assignment.objects.get(pk=pair[0].pk).cancelled_at is not None
    forged = client.post(url("conflict", call.pk), {"institution": "abc"}, follow=True)
    assert "nie należy do niego" in forged.content.decode()
    assert ConflictDeclaration.objects.count() == 1


# --- the evaluator's dashboard and card -----------------------------------------------------------


def test_the_dashboard_lists_my_assignments_with_due_dates_and_progress(
    client, call, pair, evaluators
):
    card = pair[0].card
    cards.save_draft(card, fill(card, [5, None, None]), user=evaluators[0])
    client.force_login(evaluators[0])
    page = soup(client.get(url("evaluator", call.pk)))
    rows = page.select("table tbody tr")
    assert len(rows) == 1
    text = rows[0].get_text(" ", strip=True)
    assert pair[0].application.number in text and "Gmina Miejska Nysa" in text
    assert "w toku: 1 z 3 kryteriów" in text
    assert "pierwszy oceniający" in text
    assert url("card", pair[0].pk) in str(rows[0])


def test_the_card_form_is_labelled_in_fieldsets(client, pair, evaluators):
    client.force_login(evaluators[0])
    page = soup(client.get(url("card", pair[0].pk)))
    fieldsets = page.select("form.k3d-card fieldset")
    assert len(fieldsets) == 3
    for fieldset in fieldsets:
        assert fieldset.legend and "pkt" in fieldset.legend.get_text()
        for field in fieldset.select("input[type=text], textarea"):
            assert page.select_one(f'label[for="{field["id"]}"]') is not None
    assert page.select_one('button[value="submit"]') and page.select_one('button[value="save"]')


def test_saving_and_submitting_through_the_form(client, pair, evaluators):
    card = pair[0].card
    client.force_login(evaluators[0])
    saved = client.post(url("card", pair[0].pk), {**fill(card, [5, None, None]), "action": "save"})
    assert saved.status_code == 302
    assert card_state(card)[2][0] == (5, "Uzasadnienie oceny.")
    submitted = client.post(url("card", pair[0].pk), {**fill(card, [10, 9, 5]), "action": "submit"})
    assert submitted.status_code == 302
    assert card_state(card)[:2] == (CardStatus.SUBMITTED, 24)
    twice = client.post(
        url("card", pair[0].pk), {**fill(card, [1, 1, 1]), "action": "submit"}, follow=True
    )
    assert "zablokowana" in twice.content.decode()
    assert card_state(card)[:2] == (CardStatus.SUBMITTED, 24)
    page = soup(client.get(url("card", pair[0].pk)))
    assert page.select_one("form.k3d-card") is None
    assert "zablokowana" in page.get_text()


@pytest.mark.parametrize(
    "points, expected",
    [
        (["11", "5", "5"], "Najwyżej 10 pkt"),
        (["-3", "5", "5"], "liczbą całkowitą"),
        (["2.5", "5", "5"], "liczbą całkowitą"),
        (["", "5", "5"], "Wpisz liczbę punktów"),
    ],
)
def test_bad_scores_show_a_polish_error_summary_and_keep_what_was_typed(
    client, pair, evaluators, points, expected
):
    card = pair[0].card
    before = card_state(card)
    client.force_login(evaluators[0])
    data = fill(card, [0, 0, 0])
    for score, value in zip(card.scores.order_by("criterion__sort_order"), points, strict=True):
        data[cards.points_field(score.criterion_id)] = value
    response = client.post(url("card", pair[0].pk), {**data, "action": "submit"})
    assert response.status_code == 200
    page = soup(response)
    summary = page.select_one(".k3d-error-summary[role=alert]")
    assert summary is not None and expected in summary.get_text()
    link = summary.select_one("a")["href"]
    field = page.select_one(link)
    assert field is not None and field.get("aria-invalid") == "true"
    assert field.get("value") == points[0]
    assert card_state(card) == before


def test_a_missing_justification_is_named_next_to_its_field(client, pair, evaluators):
    card = pair[0].card
    client.force_login(evaluators[0])
    response = client.post(
        url("card", pair[0].pk), {**fill(card, [9, 10, 5], justification=""), "action": "submit"}
    )
    page = soup(response)
    assert "Uzasadnij ocenę" in page.select_one(".k3d-error-summary").get_text()
    assert len(page.select("textarea[aria-invalid=true]")) == 1
    assert card_state(card)[0] == CardStatus.DRAFT


def test_another_evaluators_card_is_hidden_until_all_are_submitted(client, pair, evaluators):
    one, two = pair
    client.force_login(evaluators[0])
    hidden = client.get(url("card", two.pk))
    assert hidden.status_code == 403
    assert "dopiero" in hidden.content.decode()
    entry = AuditLogEntry.objects.filter(action="evaluation_access_denied").latest("pk")
    assert entry.details["reason"] == "card_not_visible" and entry.username == "oceniajacy1"
    page = client.get(url("application", one.application_id)).content.decode()
    assert "zobaczysz, gdy wszystkie karty" in page
    cards.submit(one.card, fill(one.card, [9, 8, 4]), user=evaluators[0])
    assert client.get(url("card", two.pk)).status_code == 403
    cards.submit(
        two.card, fill(two.card, [8, 8, 3], justification="Ocena drugiego."), user=evaluators[1]
    )
    assert client.get(url("card", two.pk)).status_code == 200
    page = client.get(url("application", one.application_id)).content.decode()
    assert "Ocena drugiego." in page
    # Evaluators read each other's cards without names; the chair sees the names.
    assert "Numer2" not in page


def test_an_evaluator_cannot_post_someone_elses_card(client, pair, evaluators):
    card = pair[1].card
    before = card_state(card)
    client.force_login(evaluators[0])
    response = client.post(url("card", pair[1].pk), {**fill(card, [1, 1, 1]), "action": "submit"})
    assert response.status_code == 403
    assert card_state(card) == before


def test_the_application_view_shows_the_content_to_the_assigned_evaluator(client, pair, evaluators):
    client.force_login(evaluators[0])
    response = client.get(url("application", pair[0].application_id))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Zespół interdyscyplinarny od 2015 r." in text
    assert url("card", pair[0].pk) in text


def test_an_unassigned_evaluator_gets_403_and_the_attempt_is_logged(client, pair, evaluators):
    client.force_login(evaluators[2])
    application = pair[0].application
    response = client.get(url("application", application.pk), REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 403
    assert "nie jest przydzielone" in response.content.decode()
    assert "Zespół interdyscyplinarny" not in response.content.decode()
    entry = AuditLogEntry.objects.get(action="evaluation_access_denied")
    assert entry.application == application and entry.ip_address == "192.0.2.9"
    assert entry.details["reason"] == "not_assigned"
    assert client.get(url("card", pair[0].pk)).status_code == 403


def test_an_assigned_evaluator_who_has_not_signed_gets_403(client, call, chair_user, application):
    unsigned = member(call, username="niepodpisana", sign=False)
    # Assigned before the rule existed, or by data import: still no access before signing.
    held = Assignment.objects.create(
        application=application,
        evaluator=unsigned,
        kind="first",
        due_date=timezone.localdate(),
    )
    SubstantiveCard.objects.create(assignment=held)
    client.force_login(unsigned)
    for target in (url("application", application.pk), url("card", held.pk)):
        response = client.get(target)
        assert response.status_code == 403
        assert "podpisz deklarację" in response.content.decode()
    reasons = list(
        AuditLogEntry.objects.filter(action="evaluation_access_denied").values_list(
            "details__reason", flat=True
        )
    )
    assert reasons == ["not_signed", "not_signed"]


def test_nonexistent_ids_are_a_logged_403(client, evaluators):
    client.force_login(evaluators[0])
    assert client.get(url("application", 999999)).status_code == 403
    assert client.get(url("card", 999999)).status_code == 403
    assert AuditLogEntry.objects.filter(action="evaluation_access_denied").count() == 2


def test_the_assigned_evaluator_may_download_the_files(client, pair, evaluators):
    from recruitment import permissions as recruitment_permissions

    application = pair[0].application
    assert recruitment_permissions.can_view_application(evaluators[0], application)
    assert not recruitment_permissions.can_view_application(evaluators[2], application)


# --- the chair ------------------------------------------------------------------------------------


def test_the_chair_dashboard_shows_progress_divergence_and_conflicts(
    client, call, chair_user, evaluators, pair
):
    nysa_conflict = factories.InstitutionFactory(name="Gmina Miejska Prudnik")
    make_application(call, nysa_conflict)
    from evaluation import commission

    commission.declare_conflict(call, evaluators[2], nysa_conflict, note="Była pracownica.")
    one, two = pair
    cards.submit(one.card, fill(one.card, [10, 9, 5]), user=evaluators[0])
    cards.submit(two.card, fill(two.card, [4, 4, 2]), user=evaluators[1])
    client.force_login(chair_user)
    response = client.get(url("chair", call.pk))
    assert response.status_code == 200
    page = soup(response)
    text = page.get_text(" ", strip=True)
    assert "rozbieżność – czeka na trzeciego oceniającego" in text
    assert "24 i 10" in text
    assert "Gmina Miejska Prudnik" in text and "Była pracownica." in text
    row = page.select_one(f"#zgloszenie-{one.application_id}")
    options = [o.get_text() for o in row.select("select[name=evaluator] option")]
    assert options == ["Ocena Numer3"]
    assert row.select_one("input[name=kind]")["value"] == "third"
    # The application in conflict offers only evaluators without it.
    prudnik_row = page.select_one(
        f"#zgloszenie-{call.applications.get(institution=nysa_conflict).pk}"
    )
    offered = [o.get_text() for o in prudnik_row.select("select[name=evaluator] option")]
    assert "Ocena Numer3" not in offered and len(offered) == 2


def test_the_chair_assigns_by_hand_and_refusals_are_polish(
    client, call, chair_user, evaluators, application
):
    from evaluation import commission

    commission.declare_conflict(call, evaluators[0], application.institution)
    client.force_login(chair_user)
    refused = client.post(
        url("assign", call.pk),
        {"application": application.pk, "evaluator": evaluators[0].pk},
        follow=True,
    )
    assert "konflikt interesów" in refused.content.decode()
    assert not Assignment.objects.exists()
    other_call = factories.CallPageFactory(parent=call.get_parent(), number="8/2026/OP")
    foreign = make_application(other_call)
    forged = client.post(
        url("assign", call.pk),
        {"application": foreign.pk, "evaluator": evaluators[1].pk},
        follow=True,
    )
    assert "nie należy do niego" in forged.content.decode()
    outsider = member(other_call, username="z.innego.naboru")
    forged_user = client.post(
        url("assign", call.pk),
        {"application": application.pk, "evaluator": outsider.pk},
        follow=True,
    )
    assert "nie jest oceniającym w komisji tego naboru" in forged_user.content.decode()
    bad_date = client.post(
        url("assign", call.pk),
        {"application": application.pk, "evaluator": evaluators[1].pk, "due_date": "jutro"},
        follow=True,
    )
    assert "RRRR-MM-DD" in bad_date.content.decode()
    assert not Assignment.objects.exists()
    done = client.post(
        url("assign", call.pk),
        {
            "application": application.pk,
            "evaluator": evaluators[1].pk,
            "due_date": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
        },
        follow=True,
    )
    assert "Przydzielono" in done.content.decode()
    created = Assignment.objects.get()
    assert created.evaluator == evaluators[1] and created.created_by == chair_user


def test_the_chair_assigns_automatically(client, call, chair_user, evaluators):
    for _ in range(2):
        make_application(call)
    client.force_login(chair_user)
    response = client.post(url("assign_auto", call.pk), {"due_date": ""}, follow=True)
    assert "Przydzielono automatycznie 4 ocen" in response.content.decode()
    assert Assignment.objects.count() == 4
    past = client.post(url("assign_auto", call.pk), {"due_date": "2000-01-01"}, follow=True)
    assert "wcześniejszy niż dzisiaj" in past.content.decode()


def test_the_chair_returns_a_card_and_the_evaluator_sees_the_note(
    client, call, chair_user, evaluators, pair
):
    card = pair[0].card
    cards.submit(card, fill(card, [8, 7, 4]), user=evaluators[0])
    client.force_login(chair_user)
    page = soup(client.get(url("card", pair[0].pk)))
    assert page.select_one(f'form[action="{url("card_return", pair[0].pk)}"]') is not None
    empty = client.post(url("card_return", pair[0].pk), {"note": ""}, follow=True)
    assert "co oceniający ma poprawić" in empty.content.decode()
    assert card_state(card)[0] == CardStatus.SUBMITTED
    client.post(url("card_return", pair[0].pk), {"note": "Rozwiń uzasadnienie 2."})
    assert card_state(card)[0] == CardStatus.RETURNED
    client.force_login(evaluators[0])
    page = client.get(url("card", pair[0].pk)).content.decode()
    assert "Rozwiń uzasadnienie 2." in page and "k3d-card" in page
    refused = client.post(url("card_return", pair[0].pk), {"note": "Sam sobie."})
    assert refused.status_code == 403


def test_the_chair_cancels_an_assignment_of_this_call_only(
    client, call, chair_user, evaluators, pair
):
    client.force_login(chair_user)
    other_call = factories.CallPageFactory(parent=call.get_parent(), number="9/2026/OP")
    other_chair = member(other_call, "chair", username="inny.przewodniczacy")
    other_evaluator = member(other_call, username="inny.oceniajacy")
    foreign = assignment.assign(make_application(other_call), other_evaluator, by=other_chair)
    forged = client.post(
        url("cancel", call.pk), {"assignment": foreign.pk, "reason": "Nie moje."}, follow=True
    )
    assert "nie należy do niego" in forged.content.decode()
    assert Assignment.objects.get(pk=foreign.pk).cancelled_at is None
    client.post(url("cancel", call.pk), {"assignment": pair[0].pk, "reason": "Choroba."})
    assert Assignment.objects.get(pk=pair[0].pk).cancelled_at is not None


def test_the_chair_closes_a_complete_scoring_only(client, call, chair_user, evaluators, pair):
    one, two = pair
    client.force_login(chair_user)
    early = client.post(url("finish", call.pk), {"application": one.application_id}, follow=True)
    assert "nie jest kompletna" in early.content.decode()
    cards.submit(one.card, fill(one.card, [9, 8, 4]), user=evaluators[0])
    cards.submit(two.card, fill(two.card, [8, 8, 3]), user=evaluators[1])
    done = client.post(url("finish", call.pk), {"application": one.application_id}, follow=True)
    assert "Zakończono ocenę" in done.content.decode()
    one.application.refresh_from_db()
    assert one.application.state == S.SCORED


# --- the commission -------------------------------------------------------------------------------


def test_operators_appoint_and_dismiss_members(client, call, operator_user, groups):
    candidate = factories.user_in("Oceniający", username="kandydatka")
    client.force_login(operator_user)
    page = client.get(url("commission", call.pk))
    assert page.status_code == 200
    response = client.post(
        url("commission", call.pk), {"user": candidate.pk, "role": "evaluator", "employer": ""}
    )
    assert response.status_code == 302
    member_row = CommissionMember.objects.get(user=candidate)
    again = client.post(url("commission", call.pk), {"user": candidate.pk, "role": "evaluator"})
    assert "jest już w komisji" in again.content.decode()
    bad = client.post(url("commission", call.pk), {"user": "x", "role": "prezes"})
    assert "Wybierz konto z listy" in bad.content.decode()
    other_call = factories.CallPageFactory(parent=call.get_parent(), number="10/2026/OP")
    foreign = member(other_call, username="obcy")
    forged = client.post(
        url("dismiss", call.pk),
        {"member": CommissionMember.objects.get(user=foreign).pk},
        follow=True,
    )
    assert "nie należy do niego" in forged.content.decode()
    assert CommissionMember.objects.filter(user=foreign).exists()
    client.post(url("dismiss", call.pk), {"member": member_row.pk})
    assert not CommissionMember.objects.filter(pk=member_row.pk).exists()
