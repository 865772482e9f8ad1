"""Calls: the window and its status, points, and the criteria rules in the model and the admin."""

import datetime
import decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from recruitment import criteria, workflow
from recruitment.models import CallPage, CallStatus, FormalCriterion, SubstantiveCriterion
from recruitment.services import countdown_text
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


def test_a_call_must_close_after_it_opens(call_index):
    now = timezone.now()
    call = factories.CallPageFactory.build(opens_at=now, closes_at=now)
    with pytest.raises(ValidationError) as caught:
        call.full_clean(exclude=["path", "depth", "slug"])
    assert caught.value.message_dict["closes_at"] == [
        "Koniec naboru musi być późniejszy niż jego początek."
    ]


def test_status_is_upcoming_then_open_until_the_closing_second_inclusive_then_closed(open_call):
    second = datetime.timedelta(seconds=1)
    opens, closes = open_call.opens_at, open_call.closes_at
    assert open_call.status_at(opens - second) == CallStatus.UPCOMING
    assert open_call.status_at(opens) == CallStatus.OPEN
    assert open_call.status_at(closes) == CallStatus.OPEN
    assert open_call.status_at(closes + second) == CallStatus.CLOSED
    assert open_call.status == CallStatus.OPEN


def test_threshold_is_the_percentage_of_the_maximum_rounded_half_up(open_call):
    assert open_call.max_total_points == 25
    assert open_call.threshold_points == decimal.Decimal("15.00")
    open_call.threshold_percent = 65
    open_call.substantive_criteria = [SubstantiveCriterion(text="Jedno", max_points=11)]
    assert open_call.threshold_points == decimal.Decimal("7.15")


@pytest.mark.parametrize(
    "delta, expected",
    [
        (
            datetime.timedelta(days=3, hours=4, minutes=30),
            "Do końca naboru zostały 3 dni 4 godziny.",
        ),
        (datetime.timedelta(days=1, minutes=5), "Do końca naboru został 1 dzień."),
        (datetime.timedelta(days=9, hours=1), "Do końca naboru zostało 9 dni 1 godzina."),
        (datetime.timedelta(hours=5, minutes=2), "Do końca naboru zostało 5 godzin 2 minuty."),
        (datetime.timedelta(seconds=20), "Do końca naboru została 1 minuta."),
    ],
)
def test_countdown_is_written_in_polish_with_the_right_forms(open_call, delta, expected):
    assert countdown_text(open_call, open_call.closes_at - delta) == expected


def test_countdown_of_upcoming_and_closed_calls(open_call):
    before = open_call.opens_at - datetime.timedelta(days=2, hours=3)
    assert countdown_text(open_call, before) == "Do rozpoczęcia naboru zostały 2 dni 3 godziny."
    after = open_call.closes_at + datetime.timedelta(days=1)
    local = timezone.localtime(open_call.closes_at)
    assert countdown_text(open_call, after).startswith(f"Nabór zakończył się {local.day} ")


def test_a_call_cannot_be_published_without_criteria_but_may_be_a_draft(call_index):
    draft = factories.CallPageFactory(
        parent=call_index, live=False, formal_criteria=[], substantive_criteria=[]
    )
    assert not draft.live
    with pytest.raises(ValidationError) as caught:
        draft.save_revision().publish()
    assert caught.value.messages == [str(criteria.MISSING_MESSAGE)]
    assert not CallPage.objects.get(pk=draft.pk).live


def _submitted(call):
    institution = factories.InstitutionFactory()
    application = factories.ApplicationFactory(call=call, institution=institution)
    workflow.fire(application, "submit", factories.applicant(institution))
    return application


def _criteria_rows(call):
    return (
        list(
            FormalCriterion.objects.filter(call=call)
            .order_by("sort_order")
            .values_list("pk", "text")
        ),
        list(
            SubstantiveCriterion.objects.filter(call=call)
            .order_by("sort_order")
            .values_list("pk", "text", "max_points")
        ),
    )


def test_publishing_changed_criteria_after_a_submission_is_refused_on_save(open_call):
    _submitted(open_call)
    before = _criteria_rows(open_call)
    open_call.formal_criteria = [FormalCriterion(text="Nowe kryterium.")]
    with pytest.raises(ValidationError) as caught:
        open_call.save_revision().publish()
    assert "Kryteriów nie można już zmienić" in caught.value.messages[0]
    assert _criteria_rows(open_call) == before


# --- the admin form -------------------------------------------------------------------------


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _form_data(call, formal=None, substantive=None, **overrides):
    """POST data of the call's edit form, as the admin sends it, with the stored rows."""
    if formal is None:
        formal = [
            {
                "id": c.pk,
                "ORDER": i,
                "text": c.text,
                "correctable": "on" if c.correctable else "",
                "check_mode": c.check_mode,
                "auto_rule": c.auto_rule,
            }
            for i, c in enumerate(call.formal_criteria.order_by("sort_order"), start=1)
        ]
    if substantive is None:
        substantive = [
            {
                "id": c.pk,
                "ORDER": i,
                "text": c.text,
                "guidance": c.guidance,
                "max_points": c.max_points,
                "min_points": "" if c.min_points is None else c.min_points,
                "tie_breaker_order": c.tie_breaker_order or "",
            }
            for i, c in enumerate(call.substantive_criteria.order_by("sort_order"), start=1)
        ]
    data = {
        "title": call.title,
        "slug": call.slug,
        "lead": call.lead,
        "number": call.number,
        "partner": call.partner,
        "voivodeship": call.voivodeship,
        "opens_at": _local(call.opens_at),
        "closes_at": _local(call.closes_at),
        "body": rich_text(call.body or "<p>Zasady.</p>"),
        "contact": call.contact,
        "population_threshold": call.population_threshold,
        "threshold_percent": call.threshold_percent,
        "divergence_percent": call.divergence_percent,
        "supplement_days": call.supplement_days,
        "appeal_days": call.appeal_days,
        "rodo_clause": rich_text(call.rodo_clause or ""),
        "declaration": rich_text(call.declaration or ""),
        "call_documents": inline_formset([]),
        "quotas": inline_formset([]),
        "formal_criteria": inline_formset(formal, initial=call.formal_criteria.count()),
        "substantive_criteria": inline_formset(
            substantive, initial=call.substantive_criteria.count()
        ),
        "seo_title": "",
        "search_description": "",
        "action-publish": "action-publish",
    }
    eligible = overrides.pop("eligible_jst_types", list(call.eligible_jst_types))
    data.update(overrides)
    flat = nested_form_data(data)
    flat["eligible_jst_types"] = [
        str(value) for value in eligible
    ]  # checkboxes: one key, many values
    return flat


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "admin.naboru", "admin@example.pl", "Haslo-123-abc"
    )
    client.force_login(user)
    return client


def _edit(admin_client, call, data):
    return admin_client.post(f"/admin/pages/{call.pk}/edit/", data)


def test_the_admin_form_saves_an_unchanged_call_and_changed_criteria_before_any_submission(
    admin_client, open_call
):
    response = _edit(admin_client, open_call, _form_data(open_call, title="Nabór po zmianie"))
    assert response.status_code == 302, response.context["form"].errors
    assert CallPage.objects.get(pk=open_call.pk).title == "Nabór po zmianie"

    formal = _form_data(open_call)
    formal["formal_criteria-0-text"] = "Zgłoszenie złożono w terminie naboru."
    assert _edit(admin_client, open_call, formal).status_code == 302
    assert FormalCriterion.objects.filter(
        call=open_call, text__endswith="terminie naboru."
    ).exists()


def _with_changed_text(call):
    data = _form_data(call)
    data["formal_criteria-0-text"] = "Zgłoszenie złożono w dowolnym terminie."
    return data


def _with_added_criterion(call):
    data = _form_data(call)
    data["substantive_criteria-3-text"] = "Nowe kryterium punktowane."
    data["substantive_criteria-3-max_points"] = "5"
    data["substantive_criteria-3-ORDER"] = "4"
    data["substantive_criteria-3-id"] = ""
    data["substantive_criteria-TOTAL_FORMS"] = "4"
    return data


def _with_deleted_criterion(call):
    data = _form_data(call)
    data["formal_criteria-1-DELETE"] = "1"
    return data


@pytest.mark.parametrize(
    "change", [_with_changed_text, _with_added_criterion, _with_deleted_criterion]
)
def test_criteria_cannot_change_in_the_admin_after_the_first_submission(
    admin_client, open_call, change
):
    _submitted(open_call)
    before = _criteria_rows(open_call)
    revisions = open_call.revisions.count()
    response = _edit(admin_client, open_call, change(open_call))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    assert errors[0].startswith(
        "Kryteriów nie można już zmienić: pierwsze zgłoszenie do tego naboru złożono"
    )
    assert "Wszystkie JST muszą być ocenione według tych samych kryteriów" in errors[0]
    assert "Kryteriów nie można już zmienić" in response.content.decode()
    assert _criteria_rows(open_call) == before
    assert open_call.revisions.count() == revisions


def test_other_fields_of_a_call_may_still_change_after_a_submission(admin_client, open_call):
    _submitted(open_call)
    response = _edit(admin_client, open_call, _form_data(open_call, contact="Tel. 77 44 15 250"))
    assert response.status_code == 302
    assert CallPage.objects.get(pk=open_call.pk).contact == "Tel. 77 44 15 250"


def test_publishing_a_call_without_criteria_in_the_admin_shows_why(admin_client, call_index):
    draft = factories.CallPageFactory(
        parent=call_index, live=False, formal_criteria=[], substantive_criteria=[]
    )
    response = _edit(admin_client, draft, _form_data(draft))
    assert response.status_code == 200
    assert [str(e) for e in response.context["form"].non_field_errors()] == [
        str(criteria.MISSING_MESSAGE)
    ]
    assert not CallPage.objects.get(pk=draft.pk).live
    saved_as_draft = _form_data(draft)
    del saved_as_draft["action-publish"]
    assert _edit(admin_client, draft, saved_as_draft).status_code == 302


def test_quotas_only_for_eligible_types_and_tie_breakers_distinct(admin_client, open_call):
    data = _form_data(
        open_call,
        eligible_jst_types=["powiat"],
        quotas=inline_formset([{"jst_type": "gmina_miejska", "places": 3, "ORDER": 1}]),
    )
    data["substantive_criteria-1-tie_breaker_order"] = "1"
    response = _edit(admin_client, open_call, data)
    assert response.status_code == 200
    assert [str(e) for e in response.context["form"].non_field_errors()] == [
        "Każde kryterium rozstrzygające remis musi mieć inny numer kolejności.",
        "Limit miejsc można ustalić tylko dla rodzajów JST uprawnionych w naborze.",
    ]
