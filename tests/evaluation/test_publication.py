"""Approving, discarding and publishing a call's ranking list (`evaluation.publication`): what is
frozen, what refuses and changes nothing, the applications' results and the e-mails."""

import datetime
from decimal import Decimal

from django.core import mail
from django.utils import timezone

import pytest

from core.choices import JSTType
from evaluation import assignment, cards, publication
from evaluation.errors import EvaluationError
from evaluation.models import ResultEntry, ResultList
from recruitment.models import Application, ApplicationState, AuditLogEntry, CallQuota
from tests.evaluation.conftest import fill, make_application
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail keeps the sites' root paths in the cache: another test's sites must not make this
    call's page unroutable (its `url` None)."""
    from django.core.cache import cache

    cache.clear()


S = ApplicationState
URBAN, COUNTY = JSTType.URBAN_MUNICIPALITY.value, JSTType.COUNTY.value


def scored(call, chair, evaluators, jst_type, name, *cards_points, finish=True, draft=()):
    """An application of a JST (with one applicant account) scored by the evaluators in order;
    its scoring closed by the chair (`mark_scored`) unless `finish` is false."""
    from recruitment import workflow

    institution = factories.InstitutionFactory(jst_type=jst_type, name=name)
    factories.applicant(institution, username=f"wnioskodawca-{institution.pk}")
    application = make_application(call, institution)
    for index, points in enumerate(cards_points):
        card = assignment.assign(application, evaluators[index], by=chair).card
        if index in draft:
            cards.save_draft(card, fill(card, points), user=evaluators[index])
        else:
            cards.submit(
                card,
                fill(card, points, justification=f"Uzasadnienie oceniającego {index + 1}."),
                user=evaluators[index],
            )
    if finish and not draft:
        application.refresh_from_db()
        workflow.fire(application, "mark_scored", chair)
    return application


@pytest.fixture
def ranked_call(call, chair_user, evaluators):
    """Urban: 20.50 selected, 18.00 reserve 1, 13.00 not selected; county: 17.00 selected (its
    scoring not closed by the chair: publication closes it)."""
    CallQuota.objects.create(call=call, jst_type=URBAN, places=1)
    CallQuota.objects.create(call=call, jst_type=COUNTY, places=1)
    e = evaluators
    apps = {
        "top": scored(call, chair_user, e, URBAN, "Gmina Miejska Nysa", [9, 8, 4], [8, 8, 4]),
        "reserve": scored(call, chair_user, e, URBAN, "Gmina Miejska Brzeg", [8, 6, 4], [7, 7, 4]),
        "low": scored(call, chair_user, e, URBAN, "Gmina Miejska Prudnik", [5, 5, 3], [6, 5, 2]),
        "county": scored(
            call, chair_user, e, COUNTY, "Powiat Opolski", [7, 7, 3], [8, 6, 3], finish=False
        ),
    }
    return apps


def _stored_state(call):
    return sorted(Application.objects.filter(call=call).values_list("pk", "state", "result_at"))


def test_approve_freezes_the_ranking_as_version_1_and_changes_no_application(
    call, chair_user, ranked_call
):
    before = _stored_state(call)
    result_list = publication.approve(call, chair_user, ip_address="10.0.0.5")

    assert (result_list.version, result_list.approved_by, result_list.is_published) == (
        1,
        chair_user,
        False,
    )
    rows = list(
        result_list.entries.values_list(
            "institution_name", "jst_type", "final_score", "status", "position", "reserve_position"
        )
    )
    assert rows == [
        ("Gmina Miejska Nysa", URBAN, Decimal("20.50"), "selected", 1, None),
        ("Gmina Miejska Brzeg", URBAN, Decimal("18.00"), "reserve", 2, 1),
        ("Gmina Miejska Prudnik", URBAN, Decimal("13.00"), "not_selected", 3, None),
        ("Powiat Opolski", COUNTY, Decimal("17.00"), "selected", 1, None),
    ]
    assert _stored_state(call) == before
    entry = AuditLogEntry.objects.get(action="result_list_approved")
    assert (entry.user, entry.ip_address, entry.details["entries"]) == (chair_user, "10.0.0.5", 4)
    assert entry.details["statuses"] == {"selected": 2, "reserve": 1, "not_selected": 1}


def test_approve_with_unscored_applications_is_refused_naming_them_and_stores_nothing(
    call, chair_user, evaluators, ranked_call
):
    draft = scored(
        call, chair_user, evaluators, URBAN, "Gmina Miejska Kluczbork", [9, 9, 5], [9, 9, 5],
        draft={1},
    )  # fmt: skip
    unassigned = make_application(call, factories.InstitutionFactory(name="Gmina Miejska Olesno"))
    before = _stored_state(call)
    with pytest.raises(EvaluationError) as caught:
        publication.approve(call, chair_user)
    message = caught.value.message
    assert message.startswith("Listy nie można zatwierdzić")
    assert f"{draft.number} (Gmina Miejska Kluczbork): karty oceny nie zostały złożone" in message
    assert f"{unassigned.number} (Gmina Miejska Olesno): brak dwóch oceniających" in message
    assert not ResultList.objects.exists() and not ResultEntry.objects.exists()
    assert _stored_state(call) == before
    assert not AuditLogEntry.objects.filter(action="result_list_approved").exists()


def test_approve_with_nothing_scored_is_refused(call, chair_user):
    with pytest.raises(EvaluationError) as caught:
        publication.approve(call, chair_user)
    assert "nie ma ocenionych zgłoszeń" in caught.value.message
    assert not ResultList.objects.exists()


def test_only_the_calls_chair_approves(call, chair_user, evaluators, operator_user, ranked_call):
    other_chair = factories.chair(username="inny-przewodniczacy")
    for user in (evaluators[0], operator_user, other_chair):
        with pytest.raises(EvaluationError) as caught:
            publication.approve(call, user)
        assert "tylko przewodniczący komisji" in caught.value.message
    assert not ResultList.objects.exists()


def test_a_second_approval_while_one_waits_for_publication_is_refused(
    call, chair_user, ranked_call
):
    first = publication.approve(call, chair_user)
    with pytest.raises(EvaluationError) as caught:
        publication.approve(call, chair_user)
    assert "Wersja 1 listy jest już zatwierdzona i czeka na publikację" in caught.value.message
    assert list(ResultList.objects.values_list("pk", flat=True)) == [first.pk]


def test_discard_removes_an_unpublished_version_and_a_new_approval_follows(
    call, chair_user, evaluators, ranked_call
):
    first = publication.approve(call, chair_user)
    with pytest.raises(EvaluationError):
        publication.discard(first, evaluators[0])
    assert ResultList.objects.filter(pk=first.pk).exists()

    publication.discard(first, chair_user, ip_address="10.0.0.6")
    assert not ResultList.objects.exists() and not ResultEntry.objects.exists()
    logged = AuditLogEntry.objects.get(action="result_list_discarded")
    assert (logged.user, logged.details["version"], logged.details["entries"]) == (chair_user, 1, 4)
    with pytest.raises(EvaluationError) as caught:
        publication.discard(first, chair_user)
    assert "została odrzucona" in caught.value.message

    again = publication.approve(call, chair_user)
    assert again.version == 1 and again.entries.count() == 4


def test_entries_cannot_be_changed_or_deleted(call, chair_user, ranked_call):
    from evaluation.models import Immutable

    result_list = publication.approve(call, chair_user)
    entry = result_list.entries.first()
    with pytest.raises(Immutable):
        entry.delete()
    with pytest.raises(Immutable):
        result_list.entries.update(final_score=Decimal("25.00"))
    with pytest.raises(Immutable):
        ResultEntry.objects.filter(pk=entry.pk).delete()


def test_publish_gives_the_results_notifies_everyone_and_freezes_the_list(
    call, chair_user, ranked_call, django_capture_on_commit_callbacks
):
    result_list = publication.approve(call, chair_user)
    assert publication.current_list(call) is None
    started = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        publication.publish(result_list, chair_user, ip_address="10.0.0.7")

    result_list.refresh_from_db()
    assert result_list.published_by == chair_user and result_list.published_at >= started
    assert publication.current_list(call) == result_list
    assert list(publication.published_lists(call)) == [result_list]
    states = {key: Application.objects.get(pk=app.pk) for key, app in ranked_call.items()}
    assert {key: a.state for key, a in states.items()} == {
        "top": S.SELECTED,
        "reserve": S.RESERVE,
        "low": S.NOT_SELECTED,
        "county": S.SELECTED,
    }
    assert all(a.result_at >= started for a in states.values())
    # The county's scoring was closed by the publication, in the chair's name.
    county_log = list(
        AuditLogEntry.objects.filter(application=ranked_call["county"])
        .filter(action__in=["mark_scored", "select"])
        .order_by("pk")
        .values_list("action", "user")
    )
    assert county_log == [("mark_scored", chair_user.pk), ("select", chair_user.pk)]
    published = AuditLogEntry.objects.get(action="result_list_published")
    assert published.details["results_given"] == 4 and published.ip_address == "10.0.0.7"

    assert len(mail.outbox) == 4
    by_recipient = {message.to[0]: message for message in mail.outbox}
    low = ranked_call["low"]
    message = by_recipient[f"wnioskodawca-{low.institution_id}@example.pl"]
    assert message.subject == f"Wynik oceny zgłoszenia {low.number} w naborze {call.number}"
    assert "Wynik: niewybrany" in message.body
    assert "Ocena końcowa: 13,00 pkt" in message.body
    assert f"/konto/zgloszenia/{low.pk}/wynik/" in message.body
    assert f"{call.url}wyniki/" in message.body
    deadline = states["low"].result_at + datetime.timedelta(days=call.appeal_days)
    assert publication._when(deadline) in message.body
    assert "Termin na jego wniesienie upływa" in message.body
    top = ranked_call["top"]
    top_message = by_recipient[f"wnioskodawca-{top.institution_id}@example.pl"]
    assert "Wynik: wybrany" in top_message.body and "odwołanie" not in top_message.body
    reserve = ranked_call["reserve"]
    reserve_message = by_recipient[f"wnioskodawca-{reserve.institution_id}@example.pl"]
    assert "na liście rezerwowej (miejsce 1 na liście rezerwowej)" in reserve_message.body
    assert "Termin na jego wniesienie upływa" in reserve_message.body
    for evaluator_name in ("oceniajacy1", "Numer1", "Numer2"):
        assert all(evaluator_name not in m.body for m in mail.outbox)
    assert AuditLogEntry.objects.filter(action="result_notice_sent").count() == 4

    # Published: it cannot be published again nor discarded.
    with pytest.raises(EvaluationError) as caught:
        publication.publish(result_list, chair_user)
    assert "została już opublikowana" in caught.value.message
    with pytest.raises(EvaluationError) as caught:
        publication.discard(result_list, chair_user)
    assert "Opublikowanej listy nie można odrzucić" in caught.value.message
    assert ResultList.objects.get(pk=result_list.pk).published_by == chair_user
    assert len(mail.outbox) == 4


def test_an_operator_publishes_and_the_results_stay_the_chairs(
    call, chair_user, operator_user, evaluators, ranked_call, django_capture_on_commit_callbacks
):
    result_list = publication.approve(call, chair_user)
    with pytest.raises(EvaluationError) as caught:
        publication.publish(result_list, evaluators[0])
    assert "publikuje przewodniczący komisji" in caught.value.message
    with django_capture_on_commit_callbacks(execute=True):
        publication.publish(result_list, operator_user)
    assert ResultList.objects.get(pk=result_list.pk).published_by == operator_user
    select = AuditLogEntry.objects.filter(action="select", application=ranked_call["top"]).get()
    assert select.user == chair_user
    assert "opublikowana przez operatorka" in select.details["reason"]
    assert AuditLogEntry.objects.get(action="result_list_published").user == operator_user


def test_publish_is_refused_when_the_ranking_changed_since_approval(
    call, chair_user, evaluators, ranked_call
):
    result_list = publication.approve(call, chair_user)
    # The county's card is returned for correction after the approval: the ranking moves.
    card = ranked_call["county"].assignments.get(kind="first").card
    cards.return_card(card, by=chair_user, note="Popraw uzasadnienie.")
    before = _stored_state(call)
    with pytest.raises(EvaluationError) as caught:
        publication.publish(result_list, chair_user)
    assert "Ranking zmienił się od zatwierdzenia wersji 1" in caught.value.message
    assert ResultList.objects.get(pk=result_list.pk).published_at is None
    assert _stored_state(call) == before
    assert not mail.outbox


def test_a_withdrawn_application_after_approval_stops_publication(call, chair_user, ranked_call):
    result_list = publication.approve(call, chair_user)
    Application.objects.filter(pk=ranked_call["low"].pk).update(state=S.WITHDRAWN)
    with pytest.raises(EvaluationError):
        publication.publish(result_list, chair_user)
    publication.discard(result_list, chair_user)
    again = publication.approve(call, chair_user)
    assert again.entries.count() == 3


def test_a_later_version_notifies_only_the_changed_and_keeps_the_earlier(
    call, chair_user, ranked_call, django_capture_on_commit_callbacks
):
    first = publication.approve(call, chair_user)
    with django_capture_on_commit_callbacks(execute=True):
        publication.publish(first, chair_user)
    mail.outbox.clear()
    with pytest.raises(EvaluationError) as caught:
        publication.approve(call, chair_user)
    assert "Podaj powód nowej wersji" in caught.value.message
    # The same ranking again (as after an appeal that changed nothing): nobody's result moved.
    second = publication.approve(call, chair_user, reason="Odwołanie rozpatrzone.")
    assert second.version == 2
    with django_capture_on_commit_callbacks(execute=True):
        publication.publish(second, chair_user)
    assert mail.outbox == []
    assert list(publication.published_lists(call)) == [second, first]
    assert first.entries.count() == 4

    # Against a previous version with another score, the application is notified.
    assert publication._to_notify(second, list(second.entries.all())) == []
    third = ResultList.objects.create(
        call=call, version=3, approved_by=chair_user, approved_at=timezone.now()
    )
    ResultEntry.objects.create(
        result_list=third,
        application=ranked_call["low"],
        institution_name="Gmina Miejska Prudnik",
        jst_type=URBAN,
        final_score=Decimal("16.00"),
        status="reserve",
        position=3,
        reserve_position=2,
    )
    assert publication._to_notify(third, list(third.entries.all())) == [ranked_call["low"].pk]
