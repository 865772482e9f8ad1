"""The formal check (recruitment/formal_check/): the card and the system's proposals, the
results the answers allow, the call to supplement and its deadline, the second round, the
e-mails, the recruitment_deadlines command and what the applicant sees (DOMAIN.md, "Formal
check")."""

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from recruitment import formal_check, workflow
from recruitment.formal_check import FormalCheckError
from recruitment.models import (
    ApplicationState,
    AuditLogEntry,
    FormalCheckAnswer,
    FormalCheckCard,
    FormalResult,
)
from tests.recruitment import factories
from tests.recruitment.application_helpers import form_data, url
from tests.recruitment.formal_helpers import (
    ATTACHMENTS,
    DEADLINE,
    ELIGIBILITY,
    SIGNATURES,
    STATUTE,
    all_yes,
    answers,
    formal_call,
    submitted,
    supplement,
    warsaw,
)

pytestmark = pytest.mark.django_db
S = ApplicationState
R = FormalResult


@pytest.fixture
def call(call_index):
    return formal_call(call_index, number="7/2026/OP")


@pytest.fixture
def application(call, institution):
    return submitted(call, institution)


@pytest.fixture
def card(application, operator):
    return formal_check.start(application, operator, ip_address="10.1.2.3")


def _rows(card):
    return {row.position: row for row in FormalCheckAnswer.objects.filter(card=card)}


def _stored(application):
    application.refresh_from_db()
    return application


def _snapshot(application):
    """Everything a refused request must leave as it was."""
    card_rows = list(
        FormalCheckCard.objects.filter(application=application).values().order_by("pk")
    )
    answer_rows = list(
        FormalCheckAnswer.objects.filter(card__application=application).values().order_by("pk")
    )
    application.refresh_from_db()
    return (
        application.state,
        application.supplement_due,
        card_rows,
        answer_rows,
        AuditLogEntry.objects.count(),
        len(mail.outbox),
    )


def _at(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


# --- the card and the system's proposals -----------------------------------------------------------


def test_starting_the_check_opens_a_card_with_the_systems_proposals_to_confirm(
    application, card, operator
):
    assert _stored(application).state == S.FORMAL_CHECK
    assert (card.round, card.version.number, card.result) == (1, 1, "")
    rows = _rows(card)
    assert [rows[p].text for p in sorted(rows)][0] == "Zgłoszenie złożono w terminie naboru."
    # What the system decides is proposed and marked, not confirmed.
    for position in (DEADLINE, ELIGIBILITY, ATTACHMENTS):
        row = rows[position]
        assert (row.answer, row.system_answer, row.is_confirmed) == ("yes", "yes", False)
        assert row.is_prefilled
    assert "nabór trwał do" in rows[DEADLINE].system_note
    assert "TERYT 1601011" in rows[ELIGIBILITY].system_note
    assert "Skan podpisanego formularza" in rows[ATTACHMENTS].system_note
    # The operator decides the rest.
    for position in (SIGNATURES, STATUTE):
        assert (rows[position].answer, rows[position].system_answer) == ("", "")
    assert rows[SIGNATURES].correctable and not rows[STATUTE].correctable
    opened = AuditLogEntry.objects.get(action="formal_card_opened")
    assert (opened.username, opened.ip_address, opened.details["prefilled"]) == (
        operator.username,
        "10.1.2.3",
        {"1": "yes", "2": "yes", "3": "yes"},
    )
    assert AuditLogEntry.objects.filter(action="start_formal_check").count() == 1


def test_the_system_proposes_no_for_a_late_ineligible_application_without_files(call, operator):
    small = factories.InstitutionFactory(name="Gmina Miejska Mała", population=12_000)
    late = submitted(
        call, small, kinds=(), submitted_at=call.closes_at + datetime.timedelta(minutes=1)
    )
    rows = _rows(formal_check.start(late, operator))
    assert rows[DEADLINE].system_answer == "no"
    assert "po zakończeniu naboru" in rows[DEADLINE].system_note
    assert rows[ELIGIBILITY].system_answer == "no"
    assert "powyżej 20\u00a0000 mieszkańców" in rows[ELIGIBILITY].system_note
    assert rows[ATTACHMENTS].system_answer == "no"
    assert "Brak załącznika: Skan podpisanego formularza" in rows[ATTACHMENTS].system_note


def test_a_proxy_signature_requires_the_power_of_attorney(call, operator):
    without = submitted(call, kinds=("signed_form",), signed_by_proxy=True)
    row = _rows(formal_check.start(without, operator))[ATTACHMENTS]
    assert (row.system_answer, row.system_note) == ("no", "Brak załącznika: Pełnomocnictwo.")
    with_it = submitted(call, kinds=("signed_form", "power_of_attorney"), signed_by_proxy=True)
    row = _rows(formal_check.start(with_it, operator))[ATTACHMENTS]
    assert row.system_answer == "yes"
    assert "Pełnomocnictwo" in row.system_note


def test_a_card_is_opened_once_per_version_even_if_the_check_started_elsewhere(
    application, operator
):
    workflow.fire(application, "start_formal_check", operator)
    first = formal_check.current_card(application)
    again = formal_check.current_card(application)
    assert first.pk == again.pk
    assert FormalCheckCard.objects.filter(application=application).count() == 1
    assert formal_check.current_card(submitted(application.call)) is None  # not started


# --- drafts -------------------------------------------------------------------------------------------


def test_saving_a_draft_confirms_the_answers_and_logs_who_when_what_from_where(
    application, card, operator
):
    changed = formal_check.save_draft(
        card,
        operator,
        answers(card, p4=("yes", "Podpisy wójta i skarbnika."), p5="yes"),
        revision=card.revision,
        expected_state=S.FORMAL_CHECK,
        ip_address="10.0.0.9",
    )
    assert changed == 5  # two answered, three proposals confirmed
    rows = _rows(card)
    assert (rows[SIGNATURES].answer, rows[SIGNATURES].comment) == (
        "yes",
        "Podpisy wójta i skarbnika.",
    )
    assert rows[SIGNATURES].answered_by == operator and rows[SIGNATURES].answered_at
    assert rows[DEADLINE].is_confirmed and rows[DEADLINE].answered_by == operator
    card.refresh_from_db()
    assert (card.revision, card.updated_by, card.result) == (2, operator, "")
    entry = AuditLogEntry.objects.get(action="formal_card_saved")
    assert (entry.username, entry.ip_address, entry.application_id) == (
        operator.username,
        "10.0.0.9",
        application.pk,
    )
    assert entry.details["written"]["4"] == {
        "answer": "yes",
        "comment": "Podpisy wójta i skarbnika.",
        "changed": True,
    }
    assert entry.details["written"]["1"] == {"answer": "yes", "comment": "", "changed": False}
    assert _stored(application).state == S.FORMAL_CHECK
    # Nothing changed: nothing written.
    count = AuditLogEntry.objects.count()
    assert formal_check.save_draft(card, operator, answers(card)) == 0
    assert AuditLogEntry.objects.count() == count


def test_a_stale_draft_is_refused_and_nothing_is_stored(application, card, operator):
    formal_check.save_draft(card, operator, answers(card, p4="yes"), revision=1)
    before = _snapshot(application)
    with pytest.raises(formal_check.StaleCard, match="zmieniły się w międzyczasie"):
        formal_check.save_draft(card, operator, answers(card, p5="no"), revision=1)
    with pytest.raises(formal_check.StaleCard):
        formal_check.save_draft(card, operator, answers(card, p5="no"), expected_state=S.SUBMITTED)
    assert _snapshot(application) == before


def test_an_unknown_answer_or_a_long_comment_is_refused(application, card, operator):
    before = _snapshot(application)
    with pytest.raises(FormalCheckError, match="Nieznana odpowiedź"):
        formal_check.save_draft(card, operator, answers(card, p4="może"))
    with pytest.raises(FormalCheckError, match="najwyżej 2000 znaków"):
        formal_check.save_draft(card, operator, answers(card, p4=("yes", "x" * 2001)))
    assert _snapshot(application) == before


# --- results --------------------------------------------------------------------------------------


def test_all_criteria_met_accepts_the_application(application, card, operator):
    formal_check.decide(card, operator, R.ACCEPTED, all_yes(card, p5="na"), ip_address="10.0.0.1")
    application = _stored(application)
    assert application.state == S.FORMALLY_ACCEPTED
    card.refresh_from_db()
    assert (card.result, card.decided_by, card.reason, card.deficiencies) == (
        R.ACCEPTED,
        operator,
        "",
        [],
    )
    rows = _rows(card)
    assert all(row.is_confirmed for row in rows.values())
    assert rows[STATUTE].answer == "na"
    decided = AuditLogEntry.objects.get(action="formal_card_decided")
    assert decided.details["result"] == R.ACCEPTED
    assert decided.details["answers"]["5"]["answer"] == "na"
    assert decided.ip_address == "10.0.0.1"
    assert AuditLogEntry.objects.filter(action="accept_formally").count() == 1
    assert mail.outbox == []


def test_a_correctable_no_calls_to_supplement_to_the_end_of_the_seventh_day_with_an_email(
    application, card, operator, applicant, monkeypatch
):
    # 3 March 2027, 16:20 in Warsaw: the deadline is the end of 10 March.
    moment = datetime.datetime(2027, 3, 3, 15, 20, tzinfo=datetime.UTC)
    _at(monkeypatch, moment)
    formal_check.decide(
        card,
        operator,
        R.TO_SUPPLEMENT,
        all_yes(card, p4=("no", "Brak podpisu skarbnika.")),
        deficiencies="Podpis skarbnika na formularzu.\n\n  Pełnomocnictwo wójta.  ",
    )
    application = _stored(application)
    assert application.state == S.TO_SUPPLEMENT
    due = warsaw(application.supplement_due)
    assert (due.date(), due.hour, due.minute, due.second) == (
        datetime.date(2027, 3, 10),
        23,
        59,
        59,
    )
    card.refresh_from_db()
    assert card.deficiencies == ["Podpis skarbnika na formularzu.", "Pełnomocnictwo wójta."]
    assert card.supplement_due == application.supplement_due
    entry = AuditLogEntry.objects.get(action="request_supplement")
    assert entry.details["reason"] == "Podpis skarbnika na formularzu.\nPełnomocnictwo wójta."
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [applicant.email]
    assert message.subject == f"Wezwanie do uzupełnienia zgłoszenia {application.number}"
    assert "– Podpis skarbnika na formularzu." in message.body
    assert "– Pełnomocnictwo wójta." in message.body
    assert "10 marca 2027, 23:59" in message.body
    assert f"/konto/zgloszenia/{application.pk}/" in message.body
    assert AuditLogEntry.objects.filter(
        action="formal_notice_sent", details__kind="supplement_call"
    ).exists()


def test_the_deadline_is_the_end_of_the_day_in_warsaw_across_a_time_change():
    # 28 March 2026 is before the spring change, 4 April after it.
    before = datetime.datetime(2026, 3, 28, 22, 30, tzinfo=datetime.UTC)  # 23:30 in Warsaw
    due = workflow.supplement_deadline(before, 7)
    assert due.isoformat() == "2026-04-04T23:59:59.999999+02:00"
    after_midnight = datetime.datetime(2026, 3, 28, 23, 30, tzinfo=datetime.UTC)  # 00:30, 29th
    assert workflow.supplement_deadline(after_midnight, 7).date() == datetime.date(2026, 4, 5)


def test_a_no_on_a_criterion_that_cannot_be_corrected_forbids_a_supplement_and_rejects(
    application, card, operator, applicant
):
    values = all_yes(card, p5=("no", "Ośrodek działa poza JST."))
    before = _snapshot(application)
    with pytest.raises(FormalCheckError, match="nie podlega uzupełnieniu") as refused:
        formal_check.decide(card, operator, R.TO_SUPPLEMENT, values, deficiencies="Cokolwiek.")
    assert "decision" in refused.value.errors
    with pytest.raises(FormalCheckError, match="nie można przyjąć"):
        formal_check.decide(card, operator, R.ACCEPTED, values)
    with pytest.raises(FormalCheckError, match="wymaga pisemnego uzasadnienia"):
        formal_check.decide(card, operator, R.REJECTED, values, reason="   ")
    assert _snapshot(application) == before

    formal_check.decide(
        card, operator, R.REJECTED, values, reason="Ośrodek nie działa na terenie JST."
    )
    application = _stored(application)
    assert application.state == S.FORMALLY_REJECTED and application.result_at
    card.refresh_from_db()
    assert (card.result, card.reason) == (R.REJECTED, "Ośrodek nie działa na terenie JST.")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"Odrzucenie formalne zgłoszenia {application.number}"
    assert "Ośrodek nie działa na terenie JST." in mail.outbox[0].body


@pytest.mark.parametrize(
    ("values", "result", "message"),
    [
        ({}, R.REJECTED, "nie można odrzucić formalnie"),
        ({}, R.TO_SUPPLEMENT, "nie ma czego uzupełniać"),
        ({"p4": "no"}, R.ACCEPTED, "nie można przyjąć"),
        ({"p4": "no"}, R.REJECTED, "najpierw wezwij JST do uzupełnienia"),
        ({"p4": ""}, R.ACCEPTED, "brak odpowiedzi przy kryterium nr 4"),
        ({"p1": "", "p5": ""}, R.REJECTED, "brak odpowiedzi przy kryterium nr 1"),
    ],
)
def test_a_result_the_answers_do_not_allow_is_refused_and_nothing_is_stored(
    application, card, operator, values, result, message
):
    before = _snapshot(application)
    with pytest.raises(FormalCheckError, match=message):
        formal_check.decide(
            card,
            operator,
            result,
            all_yes(card, **values),
            deficiencies="Brak.",
            reason="Uzasadnienie.",
        )
    assert _snapshot(application) == before


def test_a_call_to_supplement_must_list_the_deficiencies(application, card, operator):
    before = _snapshot(application)
    with pytest.raises(FormalCheckError, match="musi wymieniać braki") as refused:
        formal_check.decide(
            card, operator, R.TO_SUPPLEMENT, all_yes(card, p4="no"), deficiencies=" \n \n"
        )
    assert "deficiencies" in refused.value.errors
    assert _snapshot(application) == before


def test_deciding_twice_is_refused(application, card, operator):
    formal_check.decide(card, operator, R.ACCEPTED, all_yes(card))
    before = _snapshot(application)
    with pytest.raises(formal_check.CardNotOpen, match="już rozstrzygnięta"):
        formal_check.decide(card, operator, R.REJECTED, all_yes(card), reason="Jednak nie.")
    with pytest.raises(formal_check.CardNotOpen):
        formal_check.save_draft(card, operator, all_yes(card, p5="no"))
    assert _snapshot(application) == before


def test_a_card_cannot_change_after_the_applicant_withdrew(application, card, operator, applicant):
    workflow.fire(application, "withdraw", applicant)
    with pytest.raises(formal_check.CardNotOpen, match="wycofany"):
        formal_check.decide(card, operator, R.ACCEPTED, all_yes(card))
    assert _stored(application).state == S.WITHDRAWN


def test_only_operators_decide(application, card, chair):
    with pytest.raises(FormalCheckError, match="Nie masz uprawnień"):
        formal_check.decide(card, chair, R.ACCEPTED, all_yes(card))
    card.refresh_from_db()
    assert card.result == "" and _stored(application).state == S.FORMAL_CHECK


# --- the second round -----------------------------------------------------------------------------


def test_the_supplemented_version_gets_a_second_card_and_the_first_card_stays(
    application, card, operator, applicant
):
    formal_check.decide(
        card, operator, R.TO_SUPPLEMENT, all_yes(card, p4="no"), deficiencies="Podpis skarbnika."
    )
    first = FormalCheckCard.objects.get(pk=card.pk)
    first_rows = list(first.answers.values("answer", "comment", "answered_at"))
    supplement(application, applicant)
    assert _stored(application).state == S.SUPPLEMENTED
    second = formal_check.start(application, operator)
    assert (second.round, second.version.number) == (2, 2)
    rows = _rows(second)
    assert rows[DEADLINE].system_answer == "yes"
    assert "Uzupełnienie złożono" in rows[DEADLINE].system_note
    assert rows[SIGNATURES].answer == ""  # a new round is answered anew
    # The first card is kept as decided.
    first.refresh_from_db()
    assert (first.result, first.deficiencies, first.version.number) == (
        R.TO_SUPPLEMENT,
        ["Podpis skarbnika."],
        1,
    )
    assert list(first.answers.values("answer", "comment", "answered_at")) == first_rows
    # A second call to supplement does not exist; what remains rejects.
    with pytest.raises(FormalCheckError, match="tylko raz"):
        formal_check.decide(
            second, operator, R.TO_SUPPLEMENT, all_yes(second, p4="no"), deficiencies="Znowu."
        )
    formal_check.decide(
        second,
        operator,
        R.REJECTED,
        all_yes(second, p4="no"),
        reason="Nie uzupełniono podpisu skarbnika.",
    )
    assert _stored(application).state == S.FORMALLY_REJECTED
    assert FormalCheckCard.objects.filter(application=application).count() == 2


def test_a_supplement_after_the_deadline_is_proposed_as_late(
    application, card, operator, applicant, monkeypatch
):
    formal_check.decide(
        card, operator, R.TO_SUPPLEMENT, all_yes(card, p4="no"), deficiencies="Podpis."
    )
    application = _stored(application)
    workflow.fire(application, "supplement", applicant)
    from tests.recruitment.formal_helpers import add_version

    add_version(
        application, 2, submitted_at=application.supplement_due + datetime.timedelta(seconds=5)
    )
    rows = _rows(formal_check.start(application, operator))
    assert rows[DEADLINE].system_answer == "no"
    assert "po terminie" in rows[DEADLINE].system_note


# --- the command ------------------------------------------------------------------------------------


@pytest.fixture
def called(application, card, operator, monkeypatch):
    """Called to supplement on 3 March 2027 at 10:00 (Warsaw); due at the end of 10 March."""
    _at(monkeypatch, datetime.datetime(2027, 3, 3, 9, 0, tzinfo=datetime.UTC))
    formal_check.decide(
        card,
        operator,
        R.TO_SUPPLEMENT,
        all_yes(card, p4="no"),
        deficiencies="Podpis skarbnika.",
    )
    monkeypatch.undo()
    mail.outbox.clear()
    return _stored(application)


def _run(monkeypatch, local, *args):
    """Run the command at a Warsaw wall-clock time; returns its output."""
    moment = datetime.datetime(*local, tzinfo=workflow.WARSAW)
    _at(monkeypatch, moment)
    out = io.StringIO()
    call_command("recruitment_deadlines", *args, stdout=out)
    monkeypatch.undo()
    return out.getvalue()


def test_the_command_does_nothing_before_the_reminder_day(called, monkeypatch):
    output = _run(monkeypatch, (2027, 3, 7, 23, 59))
    assert "Przypomnienia: 0; odrzucenia: 0." in output
    assert mail.outbox == []
    card = FormalCheckCard.objects.get(application=called)
    assert card.reminder_sent_at is None
    assert _stored(called).state == S.TO_SUPPLEMENT


def test_the_reminder_goes_out_once_two_days_before_the_deadline(called, applicant, monkeypatch):
    output = _run(monkeypatch, (2027, 3, 8, 7, 0))
    assert f"Przypomnienie: {called.number}" in output
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [applicant.email]
    assert message.subject == f"Przypomnienie: termin uzupełnienia zgłoszenia {called.number}"
    assert "10 marca 2027, 23:59" in message.body
    assert "Podpis skarbnika." in message.body
    card = FormalCheckCard.objects.get(application=called)
    assert warsaw(card.reminder_sent_at).date() == datetime.date(2027, 3, 8)
    entry = AuditLogEntry.objects.get(action="supplement_reminder")
    assert (entry.username, entry.user) == ("system", None)
    # Later runs send nothing more.
    _run(monkeypatch, (2027, 3, 8, 8, 0))
    _run(monkeypatch, (2027, 3, 10, 12, 0))
    assert len(mail.outbox) == 1
    assert _stored(called).state == S.TO_SUPPLEMENT


def test_after_the_deadline_the_command_rejects_once_with_a_written_reason(
    called, applicant, monkeypatch
):
    output = _run(monkeypatch, (2027, 3, 10, 23, 59, 59))
    assert "odrzucenia: 0" in output  # the last second of the last day still belongs to the JST
    assert _stored(called).state == S.TO_SUPPLEMENT
    mail.outbox.clear()
    output = _run(monkeypatch, (2027, 3, 11, 0, 5))
    assert f"Odrzucenie po terminie uzupełnienia: {called.number}" in output
    application = _stored(called)
    assert application.state == S.FORMALLY_REJECTED
    entry = AuditLogEntry.objects.get(action="expire_supplement")
    assert (entry.username, entry.details["from"], entry.details["to"]) == (
        "system",
        S.TO_SUPPLEMENT,
        S.FORMALLY_REJECTED,
    )
    assert "nie zostało uzupełnione w wyznaczonym terminie" in entry.details["reason"]
    assert "10 marca 2027, 23:59" in entry.details["reason"]
    assert "– Podpis skarbnika." in entry.details["reason"]
    assert [m.subject for m in mail.outbox] == [
        f"Odrzucenie formalne zgłoszenia {application.number}"
    ]
    assert "Podpis skarbnika." in mail.outbox[0].body
    # Idempotent: a second run changes nothing and sends nothing.
    count = AuditLogEntry.objects.count()
    output = _run(monkeypatch, (2027, 3, 11, 1, 0))
    assert "Przypomnienia: 0; odrzucenia: 0." in output
    assert AuditLogEntry.objects.count() == count
    assert len(mail.outbox) == 1


def test_a_supplemented_application_is_neither_reminded_nor_rejected(
    called, applicant, monkeypatch
):
    supplement(called, applicant)
    _run(monkeypatch, (2027, 3, 9, 7, 0))
    _run(monkeypatch, (2027, 3, 12, 7, 0))
    assert _stored(called).state == S.SUPPLEMENTED
    assert mail.outbox == []


def test_an_application_supplemented_after_the_command_listed_it_is_skipped(
    called, applicant, monkeypatch
):
    after = datetime.datetime(2027, 3, 11, 0, 5, tzinfo=workflow.WARSAW)
    listed = formal_check.expired(after)
    assert [a.pk for a in listed] == [called.pk]
    supplement(called, applicant)  # meanwhile, in time
    monkeypatch.setattr(formal_check.deadlines, "expired", lambda now: listed)
    _at(monkeypatch, after)
    assert formal_check.reject_expired(after) == []
    monkeypatch.undo()
    assert _stored(called).state == S.SUPPLEMENTED
    assert mail.outbox == []


def test_a_dry_run_changes_nothing(called, monkeypatch):
    before = _snapshot(called)
    output = _run(monkeypatch, (2027, 3, 12, 7, 0), "--dry-run")
    assert f"[próba] Odrzucenie po terminie uzupełnienia: {called.number}" in output
    assert _snapshot(called) == before


def test_a_short_deadline_is_its_own_reminder(call_index, operator, monkeypatch):
    call = formal_call(call_index, number="8/2026/OP", supplement_days=2)
    application = submitted(call)
    card = formal_check.start(application, operator)
    _at(monkeypatch, datetime.datetime(2027, 3, 3, 9, 0, tzinfo=datetime.UTC))
    formal_check.decide(
        card, operator, R.TO_SUPPLEMENT, all_yes(card, p4="no"), deficiencies="Podpis."
    )
    monkeypatch.undo()
    mail.outbox.clear()
    _run(monkeypatch, (2027, 3, 4, 7, 0))
    assert mail.outbox == []


def test_the_system_actor_fires_only_the_expiry_and_only_after_the_deadline(called, operator):
    with pytest.raises(workflow.TransitionRefused, match="jeszcze nie minął"):
        workflow.fire(called, "expire_supplement", workflow.SYSTEM, reason="Po terminie.")
    with pytest.raises(workflow.TransitionForbidden):
        workflow.fire(called, "reject_formally", workflow.SYSTEM, reason="Nie.")
    with pytest.raises(workflow.TransitionForbidden):
        workflow.fire(called, "expire_supplement", operator, reason="Nie.")
    assert _stored(called).state == S.TO_SUPPLEMENT


# --- what the applicant sees ------------------------------------------------------------------------


def test_the_status_page_shows_the_deficiencies_and_the_deadline(
    client, called, applicant, monkeypatch
):
    _at(monkeypatch, datetime.datetime(2027, 3, 5, 9, 0, tzinfo=datetime.UTC))
    client.force_login(applicant)  # the session starts at the patched time
    page = client.get(url("status", called)).content.decode()
    assert "Wezwanie do uzupełnienia" in page
    assert "<li>Podpis skarbnika.</li>" in page
    assert "10 marca 2027, 23:59" in page
    assert "zostało 5 dni" in page
    # The operators' working steps stay off the applicant's history.
    assert "formal_card" not in page
    assert "karty oceny formalnej" not in page
    form = client.get(url("application", called)).content.decode()
    assert "Podpis skarbnika." in form
    assert "Złóż uzupełnienie" in form


def test_after_the_deadline_the_supplement_is_refused_in_polish(
    client, called, applicant, monkeypatch
):
    _at(monkeypatch, datetime.datetime(2027, 3, 11, 8, 0, tzinfo=datetime.UTC))
    client.force_login(applicant)
    page = client.get(url("status", called)).content.decode()
    assert "Termin na uzupełnienie minął 10 marca 2027, 23:59" in page
    form = client.get(url("application", called)).content.decode()
    assert "Uzupełnienia nie można już złożyć" in form
    assert "Złóż uzupełnienie" not in form
    response = client.post(url("submit", called), form_data())
    assert response.status_code == 422
    assert "Termin na uzupełnienie minął" in response.content.decode()
    response = client.post(url("autosave", called), form_data())
    assert response.status_code == 403
    assert "Termin na uzupełnienie minął" in response.json()["error"]
    called.refresh_from_db()
    assert (called.state, called.versions.count()) == (S.TO_SUPPLEMENT, 1)


def test_a_rejected_applicant_sees_the_reason(client, application, card, operator, applicant):
    formal_check.decide(
        card,
        operator,
        R.REJECTED,
        all_yes(card, p5="no"),
        reason="Ośrodek nie działa na terenie JST.",
    )
    client.force_login(applicant)
    page = client.get(url("status", application)).content.decode()
    assert "Zgłoszenie odrzucone formalnie" in page
    assert "Ośrodek nie działa na terenie JST." in page
