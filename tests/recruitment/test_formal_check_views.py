"""The formal check card in the operator views (/admin/nabory/…/ocena-formalna/): what it shows,
saving and deciding, every refused input (nothing stored, a Polish message, never a 500), who
may use it, CSRF, the PDF for signing, and the pinned query count."""

import io

from django.core import mail
from django.test import Client

import pytest
from bs4 import BeautifulSoup
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from evaluation import commission
from evaluation.models import CommissionMember, CommissionRole
from portal.accounts import ensure_role_groups
from recruitment import formal_check
from recruitment.models import (
    ApplicationState,
    AuditLogEntry,
    FormalCheckAnswer,
    FormalCheckCard,
    FormalCriterion,
    FormalResult,
    IssuedDocument,
)
from tests.recruitment.formal_helpers import (
    SIGNATURES,
    STATUTE,
    all_yes,
    card_post,
    card_url,
    formal_call,
    submitted,
)

pytestmark = pytest.mark.django_db
S = ApplicationState
R = FormalResult


@pytest.fixture
def groups(db):
    return ensure_role_groups()


@pytest.fixture
def operator_client(client, groups, operator):
    client.force_login(operator)
    return client


@pytest.fixture
def call(call_index):
    return formal_call(call_index, number="7/2026/OP")


@pytest.fixture
def application(call, institution):
    return submitted(call, institution)


@pytest.fixture
def card(application, operator):
    return formal_check.start(application, operator)


def _text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def _snapshot(application):
    application.refresh_from_db()
    return (
        application.state,
        application.supplement_due,
        list(FormalCheckCard.objects.filter(application=application).values().order_by("pk")),
        list(
            FormalCheckAnswer.objects.filter(card__application=application).values().order_by("pk")
        ),
        AuditLogEntry.objects.exclude(action="access_denied").count(),
        len(mail.outbox),
    )


def _row(card, position):
    return FormalCheckAnswer.objects.get(card=card, position=position)


# --- what the card shows ------------------------------------------------------------------------------


def test_starting_from_the_detail_opens_the_card_with_the_systems_proposals(
    operator_client, application
):
    detail = card_url(application, "detail")
    page = operator_client.get(detail).content.decode()
    assert "Ocena formalna jeszcze się nie rozpoczęła" in page
    response = operator_client.post(
        card_url(application, "transition"),
        {"transition": "start_formal_check", "state": S.SUBMITTED},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    card = FormalCheckCard.objects.get(application=application)
    # One group of radios per criterion, yes / no / not applicable, the proposals checked.
    fieldsets = soup.select("fieldset.k3d-criterion")
    assert len(fieldsets) == 5
    assert fieldsets[0].legend.get_text(strip=True).startswith("1. Zgłoszenie złożono w terminie")
    labels = [label.get_text(" ", strip=True) for label in fieldsets[3].select(".k3d-radios label")]
    assert labels == ["tak", "nie", "nie dotyczy"]
    deadline_row = _row(card, 1)
    checked = soup.find("input", {"name": f"answer-{deadline_row.pk}", "checked": True})
    assert checked["value"] == "yes"
    assert html.count("Propozycja systemu") == 3
    assert html.count("do zatwierdzenia przez operatora") == 3
    assert "nie podlega uzupełnieniu" in html.lower()
    assert soup.find("input", {"name": "csrfmiddlewaretoken"})
    assert soup.find("button", {"value": "supplement"})
    # The detail lists the card, and its results are no longer bare transition buttons.
    page = operator_client.get(detail).content.decode()
    assert "Karta oceny formalnej" in page and "w toku" in page
    assert 'value="accept_formally"' not in page


def test_saving_a_draft_stores_the_answers_and_shows_them_confirmed(
    operator_client, operator, application, card
):
    data = card_post(card, p4="yes", c4="Podpisy wójta i skarbnika.", p5=None)
    response = operator_client.post(card_url(application), data, follow=True)
    assert "Zapisano kartę (wersja robocza)" in _text(response)
    row = _row(card, SIGNATURES)
    assert (row.answer, row.comment, row.answered_by) == (
        "yes",
        "Podpisy wójta i skarbnika.",
        operator,
    )
    assert _row(card, STATUTE).answer == ""  # a draft may leave criteria open
    assert _row(card, 1).is_confirmed  # saving the form confirms the proposals shown
    assert "zatwierdził(a) operator.naboru" in response.content.decode()
    entry = AuditLogEntry.objects.get(action="formal_card_saved")
    assert (entry.username, entry.ip_address) == (operator.username, "127.0.0.1")
    application.refresh_from_db()
    assert application.state == S.FORMAL_CHECK


def test_accepting_from_the_card_shows_the_decided_card(operator_client, application, card):
    response = operator_client.post(
        card_url(application), card_post(card, action="accept"), follow=True
    )
    text = _text(response)
    assert "Rozstrzygnięto kartę: przyjęte formalnie" in text
    assert response.redirect_chain[-1][0].endswith("?runda=1")
    application.refresh_from_db()
    assert application.state == S.FORMALLY_ACCEPTED
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("form", {"class": "k3d-card"}) is None  # read-only now
    assert "Odpowiedzi – runda 1" in text


def test_a_call_to_supplement_from_the_card_emails_the_deficiencies(
    operator_client, application, card, applicant
):
    data = card_post(card, action="supplement", p4="no", deficiencies="Podpis skarbnika.\nPieczęć.")
    response = operator_client.post(card_url(application), data, follow=True)
    assert "Rozstrzygnięto kartę: wezwanie do uzupełnienia" in _text(response)
    application.refresh_from_db()
    assert application.state == S.TO_SUPPLEMENT
    card.refresh_from_db()
    assert card.deficiencies == ["Podpis skarbnika.", "Pieczęć."]
    assert len(mail.outbox) == 1 and "Pieczęć." in mail.outbox[0].body
    page = response.content.decode()
    assert "<li>Podpis skarbnika.</li>" in page


def test_the_card_proposes_the_deficiencies_and_the_reason_from_the_answers(
    operator_client, application, card
):
    operator_client.post(
        card_url(application),
        card_post(card, p4="no", c4="Brak podpisu skarbnika.", p5="no", c5="Poza JST."),
    )
    soup = BeautifulSoup(operator_client.get(card_url(application)).content, "html.parser")
    deficiencies = soup.find("textarea", {"name": "deficiencies"}).get_text()
    assert "Formularz podpisały osoby upoważnione. – Brak podpisu skarbnika." in deficiencies
    reason = soup.find("textarea", {"name": "reason"}).get_text()
    assert "Ośrodek pomocy społecznej działa na terenie JST. (Poza JST.)" in reason
    assert "wynik to: odrzucone formalnie" in soup.get_text(" ", strip=True)


def test_rejecting_while_a_supplement_is_awaited_tells_the_applicant(
    operator_client, operator, application, card, applicant
):
    formal_check.decide(
        card, operator, R.TO_SUPPLEMENT, all_yes(card, p4="no"), deficiencies="Podpis."
    )
    mail.outbox.clear()
    response = operator_client.post(
        card_url(application, "transition"),
        {
            "transition": "reject_formally",
            "state": S.TO_SUPPLEMENT,
            "reason": "JST zrezygnowała z udziału.",
        },
        follow=True,
    )
    assert "Wykonano: odrzucenie formalne" in _text(response)
    application.refresh_from_db()
    assert application.state == S.FORMALLY_REJECTED
    assert [m.subject for m in mail.outbox] == [
        f"Odrzucenie formalne zgłoszenia {application.number}"
    ]
    assert "JST zrezygnowała z udziału." in mail.outbox[0].body
    assert mail.outbox[0].to == [applicant.email]


# --- bad input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"action": "accept", "p4": None}, "brak odpowiedzi przy kryterium nr 4"),
        ({"action": "supplement", "p4": "no"}, "musi wymieniać braki"),
        ({"action": "reject", "p5": "no", "reason": "   "}, "wymaga pisemnego uzasadnienia"),
        ({"action": "supplement", "p5": "no", "deficiencies": "x"}, "nie podlega uzupełnieniu"),
        ({"action": "accept", "p4": "no"}, "nie można przyjąć"),
        ({"action": "reject", "reason": "Bez powodu."}, "nie można odrzucić formalnie"),
        ({"action": "accept", "p2": "może"}, "Wybierz „tak”, „nie” albo „nie dotyczy”"),
        ({"action": "save", "c4": "x" * 2001}, "Popraw zaznaczone pola"),
        ({"action": "publish"}, "Nieznana czynność"),
        ({"action": "reject", "p5": "no", "reason": "x" * 2001}, "Popraw zaznaczone pola"),
    ],
)
def test_refused_input_is_shown_in_polish_and_stores_nothing(
    operator_client, application, card, changes, message
):
    before = _snapshot(application)
    data = card_post(card, **{k: v for k, v in changes.items() if k != "action"})
    data["action"] = changes.get("action", "save")
    response = operator_client.post(card_url(application), data)
    assert response.status_code == 422
    assert message in _text(response)
    assert "Nic nie zostało zapisane" in _text(response)
    assert _snapshot(application) == before
    # What was typed is shown again, not lost.
    soup = BeautifulSoup(response.content, "html.parser")
    if "reason" in changes and changes["reason"].strip():
        assert soup.find("textarea", {"name": "reason"}).get_text().strip() == changes["reason"]


def test_a_tampered_hidden_field_is_refused_as_a_stale_form(operator_client, application, card):
    before = _snapshot(application)
    response = operator_client.post(
        card_url(application), card_post(card, action="accept", revision="abc"), follow=True
    )
    assert "niekompletny lub nieaktualny" in _text(response)
    assert _snapshot(application) == before


def test_a_missing_answer_is_marked_at_its_criterion(operator_client, application, card):
    response = operator_client.post(
        card_url(application), card_post(card, action="accept", p4=None, p5=None)
    )
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select(".k3d-error-summary a")
    assert [a["href"] for a in summary[:2]] == ["#kryterium-4", "#kryterium-5"]
    assert soup.find(id="kryterium-4-blad").get_text(strip=True).startswith("Zaznacz")


def test_deciding_twice_is_refused_and_changes_nothing(operator_client, application, card):
    data = card_post(card, action="accept")
    operator_client.post(card_url(application), data)
    before = _snapshot(application)
    again = dict(data, action="reject", reason="Jednak nie.")
    response = operator_client.post(card_url(application), again, follow=True)
    assert response.status_code == 200
    assert "Ta karta została już rozstrzygnięta (przyjęte formalnie)" in _text(response)
    assert _snapshot(application) == before


def test_a_stale_form_is_refused_and_changes_nothing(operator_client, operator, application, card):
    old = card_post(card, action="accept")
    # Another operator saved the card meanwhile.
    formal_check.save_draft(card, operator, all_yes(card, p5="no"))
    before = _snapshot(application)
    response = operator_client.post(card_url(application), old, follow=True)
    assert "zmieniły się w międzyczasie" in _text(response)
    assert _snapshot(application) == before
    # A form from before the state changed (the applicant withdrew).
    fresh = card_post(FormalCheckCard.objects.get(pk=card.pk), action="accept", p5="yes")
    fresh["state"] = S.SUBMITTED
    response = operator_client.post(card_url(application), fresh, follow=True)
    assert "zmieniły się w międzyczasie" in _text(response)
    assert _snapshot(application) == before


def test_a_form_of_a_withdrawn_application_is_refused(
    operator_client, application, card, applicant
):
    from recruitment import workflow

    data = card_post(card, action="accept")
    workflow.fire(application, "withdraw", applicant)
    before = _snapshot(application)
    response = operator_client.post(card_url(application), data, follow=True)
    assert response.status_code == 200
    assert "Nic nie zostało zapisane" in _text(response)
    assert _snapshot(application) == before


def test_a_forged_post_for_another_calls_application_is_a_404_and_logged(
    operator_client, call_index, application, card, operator
):
    other_call = formal_call(call_index, number="99/2026/OP")
    foreign = submitted(other_call)
    foreign_card = formal_check.start(foreign, operator)
    before = _snapshot(foreign)
    # The foreign application under this call's URL.
    url = card_url(application).replace(f"/{application.pk}/", f"/{foreign.pk}/")
    response = operator_client.post(url, card_post(foreign_card, action="accept"))
    assert response.status_code == 404
    assert foreign.institution.name not in response.content.decode()
    assert operator_client.get(url).status_code == 404
    assert _snapshot(foreign) == before
    assert AuditLogEntry.objects.filter(action="access_denied", object_id=str(foreign.pk)).count()
    # The foreign card's id posted to this application's card.
    data = card_post(card, action="accept")
    data["card"] = foreign_card.pk
    response = operator_client.post(card_url(application), data, follow=True)
    assert "zmieniły się w międzyczasie" in _text(response)
    assert _snapshot(foreign) == before
    application.refresh_from_db()
    assert application.state == S.FORMAL_CHECK


def test_answer_fields_of_another_card_are_ignored(operator_client, operator, application, card):
    other = formal_check.start(submitted(application.call), operator)
    other_row = _row(other, SIGNATURES)
    data = card_post(card, p4="yes")
    data[f"answer-{other_row.pk}"] = "no"
    operator_client.post(card_url(application), data)
    assert _row(other, SIGNATURES).answer == ""
    assert _row(card, SIGNATURES).answer == "yes"


def test_csrf_is_enforced(groups, operator, application, card):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    before = _snapshot(application)
    response = client.post(card_url(application), card_post(card, action="accept"))
    assert response.status_code == 403
    assert _snapshot(application) == before


# --- who may use it -----------------------------------------------------------------------------------


def test_a_chair_reads_the_card_but_cannot_change_it(client, groups, chair, application, card):
    """The call's chair, once the declaration is signed (before it, nothing of the call)."""
    CommissionMember.objects.create(call=application.call, user=chair, role=CommissionRole.CHAIR)
    client.force_login(chair)
    assert client.get(card_url(application)).status_code == 404
    commission.sign_declaration(application.call, chair, conflicts=[], ip_address="10.0.0.1")
    response = client.get(card_url(application))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("form", {"class": "k3d-card"}) is None
    before = _snapshot(application)
    response = client.post(card_url(application), card_post(card, action="accept"))
    assert response.status_code in (302, 403)
    assert _snapshot(application) == before


def test_applicants_and_anonymous_users_cannot_reach_the_card(
    client, groups, applicant, application, card
):
    before = _snapshot(application)
    response = client.get(card_url(application))
    assert response.status_code == 302 and "/login/" in response.url
    client.force_login(applicant)
    for response in (
        client.get(card_url(application)),
        client.post(card_url(application), card_post(card, action="accept")),
    ):
        assert response.status_code in (302, 403, 404)
    pdf = f"{card_url(application)}1/karta.pdf"
    assert client.get(pdf).status_code in (302, 403)
    assert _snapshot(application) == before


# --- the PDF ------------------------------------------------------------------------------------------


def test_the_card_exports_to_a_pdf_with_signature_lines(
    operator_client, operator, application, card
):
    formal_check.decide(
        card,
        operator,
        R.TO_SUPPLEMENT,
        all_yes(card, p4=("no", "Brak podpisu skarbnika.")),
        deficiencies="Podpis skarbnika.",
    )
    response = operator_client.get(f"{card_url(application)}1/karta.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="karta-oceny-formalnej-7-2026-OP-001-runda-1.pdf"'
        in (response["Content-Disposition"])
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Karta oceny formalnej" in text
    assert application.number in text
    assert "Brak podpisu skarbnika." in text
    assert "wezwanie do uzupełnienia" in text
    assert "Oceniający (data, imię i nazwisko, podpis)" in text
    assert "Zatwierdzający (data, imię i nazwisko, podpis)" in text
    assert "WERSJA ROBOCZA" not in text
    entry = AuditLogEntry.objects.get(action="formal_card_pdf")
    assert (entry.username, entry.details["round"]) == (operator.username, 1)
    assert operator_client.get(f"{card_url(application)}9/karta.pdf").status_code == 404


def test_a_decided_card_is_issued_once_sealed_and_served_as_issued(
    operator_client, operator, application, card
):
    formal_check.decide(card, operator, R.ACCEPTED, all_yes(card))
    first = operator_client.get(f"{card_url(application)}1/karta.pdf").content
    old_name = application.institution.name
    application.institution.name = "Gmina Przemianowana"
    application.institution.save()
    again = operator_client.get(f"{card_url(application)}1/karta.pdf").content
    assert again == first
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(first)).pages).split())
    assert old_name in text and "Przemianowana" not in text
    assert "pieczęcią demonstracyjną" in text
    issued = IssuedDocument.objects.get(formal_card=card)
    assert (issued.kind, issued.seal, bytes(issued.pdf)) == ("formal_card", "demo", first)
    signature = PdfFileReader(io.BytesIO(first)).embedded_signatures[0]
    assert validate_pdf_signature(signature, ValidationContext(trust_roots=[])).intact


def test_an_undecided_card_prints_as_a_draft(operator_client, application, card):
    response = operator_client.get(f"{card_url(application)}1/karta.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "WERSJA ROBOCZA" in text


# --- queries ------------------------------------------------------------------------------------------


def test_the_card_view_query_count_does_not_grow_with_criteria(
    operator_client, operator, call_index, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    few = formal_check.start(submitted(formal_call(call_index, number="40/2026/OP")), operator)
    many_call = formal_call(
        call_index,
        number="41/2026/OP",
        formal_criteria=[FormalCriterion(text=f"Kryterium {n}.") for n in range(25)],
    )
    many = formal_check.start(submitted(many_call), operator)
    operator_client.get(card_url(few.application))  # warm the admin's caches
    with CaptureQueriesContext(connection) as small:
        assert operator_client.get(card_url(few.application)).status_code == 200
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = operator_client.get(card_url(many.application))
    assert response.content.decode().count('class="k3d-criterion"') == 25
    # Session, user, permissions, profile, groups, application, call, versions, cards (2),
    # answers, and the admin menu's locale and permission lookups and the page-tree root an
    # operator may explore (their page permissions sit on the calls' index).
    with django_assert_max_num_queries(17):
        operator_client.get(card_url(many.application))
