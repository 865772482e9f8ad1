"""The information on personal data (art. 13 RODO): one editable page, and the clause of each
form built from it and from the partner's record — the controller who runs the call or the
event, its data protection officer, the form's purposes with their legal bases, retention and
whether the data is required, the recipients, the rights and the complaint to UODO. The words a
participant acknowledged are kept by their hash and the database refuses to change them."""

import re

from django.db import IntegrityError, connection, transaction
from django.utils.html import strip_tags

import pytest

from events import consent
from events.models import EventIndexPage, Registration
from portal import privacy
from portal.models import ClauseText, PartnerPage, PrivacyNoticePage
from recruitment.models import CallPage
from recruitment.submission import rodo_text
from tests.events.conftest import make_event, registration_data

pytestmark = pytest.mark.django_db

UODO = "Prezesa Urzędu Ochrony Danych Osobowych (ul. Stawki 2, 00-193 Warszawa)"
OPOLE = "Regionalny Ośrodek Polityki Społecznej w Opolu"
OTHERS = (
    "Regionalny Ośrodek Polityki Społecznej Województwa Śląskiego",
    "Regionalne Centrum Polityki Społecznej w Łodzi",
    "Regionalny Ośrodek Polityki Społecznej w Krakowie",
)


def _text(response, status=200):
    assert response.status_code == status
    return re.sub(r"\s+", " ", strip_tags(response.content.decode()))


def _clause(response, form):
    """The words of the form's clause alone (the footer names every partner too)."""
    html = response.content.decode().split(f'id="klauzula-{form}"', 1)[1]
    return re.sub(r"\s+", " ", strip_tags(html.split("Pełna informacja o przetwarzaniu", 1)[0]))


def _edit(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_the_page_names_each_controller_its_officer_the_purposes_and_the_complaint(
    client, demo_content
):
    text = _text(client.get("/informacja-rodo/"))
    for name in (OPOLE, *OTHERS):
        assert name in text
    assert "ul. Głogowska 25c, 45-315 Opole" in text
    assert "Inspektor ochrony danych: iod.rops-opole@kooperacje3d.local" in text
    html = client.get("/informacja-rodo/").content.decode()
    for anchor, heading in (
        ("konto", "Konto JST w naborze"),
        ("zgloszenie", "Zgłoszenie JST do naboru"),
        ("wydarzenie", "Zapisy na wydarzenia"),
        ("portal", "Korzystanie z portalu i kontakt"),
    ):
        assert f'<h3 id="{anchor}">{heading}</h3>' in html
    assert (
        "art. 9 ust. 2 lit. g RODO (ważny interes publiczny – dane szczególnej kategorii)" in text
    )
    assert "Podanie danych jest dobrowolne." in text
    assert "Podanie danych jest wymogiem ustawowym." in text
    assert UODO in text
    # The footer's „Informacja RODO” leads to it.
    assert 'href="/informacja-rodo/">Informacja RODO</a>' in client.get("/").content.decode()


def test_a_partner_record_changed_once_is_changed_on_the_page_and_in_every_clause(
    client, demo_content
):
    opole = PartnerPage.objects.get(slug="rops-opole")
    _edit(
        opole,
        street_address="ul. Nowa 1",
        dpo_email="iod@opole.example.pl",
        dpo_phone="77 000 00 00",
    )
    text = _text(client.get("/informacja-rodo/"))
    assert "ul. Nowa 1, 45-315 Opole" in text
    assert "iod@opole.example.pl, tel. 77 000 00 00" in text
    call = CallPage.objects.get(number="1/2026/OP")
    stored = rodo_text(call)
    assert f"Administratorem danych jest {OPOLE}, ul. Nowa 1, 45-315 Opole" in stored
    assert "iod@opole.example.pl, tel. 77 000 00 00" in stored


def test_the_account_clause_names_every_partner_and_only_the_account_purposes(client, demo_content):
    text = _clause(client.get("/konto/rejestracja/"), "konto")
    for name in (OPOLE, *OTHERS):
        assert name in text
    assert "Założenie i prowadzenie konta JST w naborze" in text
    assert "art. 6 ust. 1 lit. c RODO (obowiązek prawny administratora)" in text
    assert "Okres przechowywania: do usunięcia konta" in text
    assert "Podanie danych jest warunkiem udziału" in text
    assert UODO in text
    assert "wizerunku" not in text  # an event's purpose, not the account's
    assert 'href="/informacja-rodo/#konto"' in client.get("/konto/rejestracja/").content.decode()


def test_the_application_keeps_the_clause_of_the_partner_who_runs_the_call(demo_content):
    call = CallPage.objects.get(number="1/2026/OP")
    assert call.partner == "rops-opole"
    stored = rodo_text(call)
    assert stored.startswith(
        "Informacja o przetwarzaniu danych osobowych\nAdministratorem danych jest"
    )
    assert OPOLE in stored
    assert all(name not in stored for name in OTHERS)
    assert "Przeprowadzenie naboru JST" in stored
    assert "Rozliczenie, monitorowanie, kontrola i ewaluacja projektu" in stored
    assert "Zapisy na wydarzenie" not in stored
    assert UODO in stored
    # The call's own additions follow it.
    _edit(call, rodo_clause="<p>Dane z tego naboru otrzyma także Urząd Marszałkowski.</p>")
    assert rodo_text(call).endswith("Dane z tego naboru otrzyma także Urząd Marszałkowski.")


def _event(**overrides):
    index = EventIndexPage.objects.live().first()
    return make_event(index, slug="szkolenie-rodo", **overrides)


def _post(client, event, **extra):
    data = {**registration_data(7), "clause": "on", **extra}
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(event.url + event.reverse_subpage("register"), data)


def test_an_event_clause_is_the_organiser_s_and_its_words_are_kept_by_hash(client, demo_content):
    event = _event(partner="rops-krakow", voivodeship="12")
    form = client.get(event.url + event.reverse_subpage("register"))
    text = _text(form)
    words = _clause(form, "wydarzenie")
    assert "Administratorem danych jest Regionalny Ośrodek Polityki Społecznej w Krakowie" in words
    assert OPOLE not in words
    assert "Wykorzystanie wizerunku w materiałach informacyjnych projektu" in words
    clause = consent.current_clause(event)
    assert re.fullmatch(r"RODO-[0-9a-f]{12}", clause.version)
    assert f"Wersja klauzuli: {clause.version}" in text
    assert f'name="clause_version" value="{clause.version}"' in form.content.decode()

    response = _post(client, event, clause_version=clause.version)
    assert response.status_code == 302
    stored = Registration.objects.get(event=event)
    assert (stored.clause_version, stored.clause_sha256) == (clause.version, clause.sha256)
    kept = ClauseText.objects.get(sha256=stored.clause_sha256)
    assert kept.form == "wydarzenie" and kept.text == clause.text
    assert privacy.sha256(kept.text) == stored.clause_sha256

    # The page is edited: new words, a new version; the registration's words stay readable.
    notice = PrivacyNoticePage.objects.get()
    _edit(notice, rights="<p>Masz prawo dostępu do danych.</p>")
    assert consent.current_clause(event).version != clause.version
    assert ClauseText.objects.get(sha256=stored.clause_sha256).text == clause.text


def test_a_clause_edited_after_the_form_opened_is_shown_again_and_nothing_is_stored(
    client, demo_content
):
    event = _event()
    shown = consent.current_clause(event).version
    _edit(PrivacyNoticePage.objects.get(), rights="<p>Nowe brzmienie praw.</p>")
    response = _post(client, event, clause_version=shown)
    text = _text(response, status=409)
    assert "Treść klauzuli informacyjnej zmieniła się" in text
    assert "Nowe brzmienie praw." in text
    assert f'value="{consent.current_clause(event).version}"' in response.content.decode()
    assert 'name="clause" checked' not in response.content.decode()
    assert "Uczestnik7" in response.content.decode()  # what was typed is offered again
    assert not Registration.objects.filter(event=event).exists()


def test_the_database_refuses_to_rewrite_or_delete_an_acknowledged_wording(demo_content):
    kept = privacy.remember("wydarzenie", "Treść klauzuli")
    table = ClauseText._meta.db_table
    for statement in (
        f"UPDATE {table} SET text = 'inna' WHERE sha256 = %s",
        f"DELETE FROM {table} WHERE sha256 = %s",
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [kept])
    assert ClauseText.objects.get(sha256=kept).text == "Treść klauzuli"
    # The same words again are the same record.
    assert privacy.remember("wydarzenie", "Treść klauzuli") == kept
    assert ClauseText.objects.filter(sha256=kept).count() == 1


def test_a_registration_without_the_clause_version_is_asked_to_acknowledge_it(client, demo_content):
    """A stale page or a hand-made request does not acknowledge words it never showed."""
    event = _event()
    response = _post(client, event, clause_version=None, image_consent="on")
    html = response.content.decode()
    assert response.status_code == 409
    assert "Treść klauzuli informacyjnej zmieniła się" in html
    assert f'value="{consent.current_clause(event).version}"' in html
    assert 'name="image_consent" checked' not in html  # both boxes are asked again
    assert not Registration.objects.filter(event=event).exists()


def test_stored_choices_no_longer_offered_are_shown_as_stored_not_an_error(client, demo_content):
    notice = PrivacyNoticePage.objects.get()
    raw = notice.purposes.raw_data
    raw[0]["value"]["legal_bases"] = ["6-1-z"]
    raw[0]["value"]["provision"] = "gone"
    notice.purposes = raw
    notice.save_revision().publish()
    for path in ("/informacja-rodo/", "/konto/rejestracja/"):
        assert client.get(path).status_code == 200
    assert "6-1-z" in _text(client.get("/informacja-rodo/"))


def test_a_partner_without_a_live_page_is_still_the_one_named(client, demo_content):
    """The call's partner page unpublished: the clause names that partner (not „the partners”,
    not another), without the contact data the portal no longer has."""
    PartnerPage.objects.get(slug="rops-opole").unpublish()
    call = CallPage.objects.get(number="1/2026/OP")
    stored = rodo_text(call)
    assert "Administratorem danych jest ROPS w Opolu." in stored
    assert "Administratorami danych są partnerzy" not in stored
    assert all(name not in stored for name in OTHERS)


def test_the_officer_is_named_by_any_contact_given(demo_content):
    opole = PartnerPage.objects.get(slug="rops-opole")
    _edit(opole, dpo_email="", dpo_phone="77 123 00 00", dpo_address="")
    stored = rodo_text(CallPage.objects.get(number="1/2026/OP"))
    assert (
        "Z inspektorem ochrony danych skontaktujesz się: tel. 77 123 00 00, pisemnie: "
        "ul. Głogowska 25c, 45-315 Opole (z dopiskiem „Inspektor Ochrony Danych”)."
    ) in stored


def test_a_changed_link_address_is_a_new_wording(demo_content):
    event = _event()
    before = consent.current_clause(event)
    assert "[/informacja-rodo/#wydarzenie]" in before.text
    notice = PrivacyNoticePage.objects.get()
    _edit(
        notice,
        rights=notice.rights.replace(
            "<p>Nie podejmujemy", '<p><a href="https://uodo.gov.pl/">UODO</a> Nie podejmujemy'
        ),
    )
    changed = consent.current_clause(event)
    assert "UODO [https://uodo.gov.pl/]" in changed.text
    _edit(notice, rights=notice.rights.replace("https://uodo.gov.pl/", "https://example.com/"))
    assert consent.current_clause(event).version != changed.version


def test_an_account_keeps_the_words_it_acknowledged(demo_content, rf):
    from accounts.models import ApplicantProfile
    from accounts.services import register_applicant
    from recruitment.models import Institution

    request = rf.post("/konto/rejestracja/")
    request.META["REMOTE_ADDR"] = "10.0.0.7"
    user = register_applicant(
        email="ktos@gmina.example.pl",
        password="Dlugie-Haslo-2026!",
        first_name="Ewa",
        last_name="Nowak",
        institution=Institution.objects.first(),
        position="sekretarz",
        phone="77 000 00 01",
        request=request,
    )
    profile = ApplicantProfile.objects.get(user=user)
    kept = ClauseText.objects.get(sha256=profile.rodo_clause_sha256)
    assert kept.form == "konto"
    assert kept.text == privacy.plain_text(privacy.clause_for("konto"))
    assert all(name in kept.text for name in (OPOLE, *OTHERS))
