"""Operator views of applications in the admin: the list of a call with filters, one application
with its history, versions, files and transitions, the diff of two versions, CSV and XLSX
exports, who may see them, and the pinned query counts."""

import csv
import datetime
import hashlib
import io

from django.urls import reverse
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from core.choices import JSTType
from core.roles import EVALUATORS
from portal.accounts import ensure_role_groups
from recruitment import submission, workflow
from recruitment.models import (
    Application,
    ApplicationAttachment,
    ApplicationState,
    ApplicationVersion,
    AuditLogEntry,
)
from tests.recruitment import factories

pytestmark = pytest.mark.django_db
S = ApplicationState


def commission_sign(call, user):
    from evaluation import commission

    commission.sign_declaration(call, user, conflicts=[], ip_address="10.0.0.1")


def admin_url(name, *args):
    return reverse(f"recruitment_operator:{name}", args=args)


@pytest.fixture
def groups(db):
    return ensure_role_groups()


@pytest.fixture
def operator_client(client, groups, operator):
    client.force_login(operator)
    return client


def draft_data(**changes):
    """A complete draft as the form stores it, with `changes` applied to its fields."""
    data = {
        "jst": {
            "contact_name": "Jan Kowalski",
            "contact_position": "Kierownik",
            "contact_email": "jan@example.pl",
            "contact_phone": "77 123 45 67",
        },
        "centre": {
            "centre_name": "MOPS",
            "centre_kind": "ops",
            "centre_head": "Anna Nowak",
            "centre_street_address": "ul. Rynek 2",
            "centre_postal_code": "49-300",
            "centre_city": "Brzeg",
            "centre_email": "mops@example.pl",
            "centre_phone": "77 000 00 00",
        },
        "partners": [
            {"name": "Komenda Powiatowa Policji", "sector": "police"},
            {"name": "Powiatowy Urząd Pracy", "sector": "labour"},
        ],
        "experience": {"experience": "Zespół interdyscyplinarny od 2015 r. z policją."},
        "diagnosis": {"diagnosis": "Bezrobocie długotrwałe."},
        "motivation": {"motivation": "Chcemy współpracować.", "expected_results": "Plany."},
        "declarations": {"declarations_accepted": True},
        "rodo": {"rodo_acknowledged": True},
        "attachments": {"signed_by_proxy": False},
    }
    for key, value in changes.items():
        if key == "partners":
            data["partners"] = value
            continue
        for section in data.values():
            if isinstance(section, dict) and key in section:
                section[key] = value
    return data


def submitted_application(call, institution=None, state=S.SUBMITTED, submitted_at=None, **changes):
    """An application with version 1 made by the submission service's own content builder."""
    institution = institution or factories.InstitutionFactory()
    taken = Application.objects.filter(call=call, number__isnull=False).count()
    application = factories.ApplicationFactory(
        call=call,
        institution=institution,
        state=state,
        number=f"{call.number}/{taken + 1:03d}",
        submitted_at=submitted_at or timezone.now(),
        data=draft_data(**changes),
    )
    add_version(application, 1)
    return application


def add_version(application, number, attachments=(), **changes):
    if changes:
        application.data = draft_data(**changes)
    content = submission.build_content(application, list(attachments), application.number)
    version = ApplicationVersion.objects.create(
        application=application,
        number=number,
        content=content,
        content_sha256=submission.content_hash(content, [a.sha256 for a in attachments]),
        submitted_at=timezone.now(),
    )
    Application.objects.filter(pk=application.pk).update(version=number)
    application.version = number
    return version


# --- list ---------------------------------------------------------------------------------------


def test_menu_item_and_call_chooser_lead_to_the_list(operator_client, open_call):
    submitted_application(open_call, factories.InstitutionFactory(name="Gmina Miejska Brzeg"))
    # The sidebar menu is JSON in the page: look for the item's name and URL.
    home = operator_client.get("/admin/").content.decode()
    assert "zgloszenia-w-naborze" in home and admin_url("calls") in home
    page = operator_client.get(admin_url("calls"))
    assert page.status_code == 200
    assert admin_url("index", open_call.pk) in page.content.decode()
    listing = operator_client.get(admin_url("index", open_call.pk)).content.decode()
    assert "Gmina Miejska Brzeg" in listing
    assert '<th scope="col"' in listing and "<caption>" in listing


def test_filters_show_and_omit_the_right_jst(operator_client, open_call):
    brzeg = submitted_application(
        open_call, factories.InstitutionFactory(name="Gmina Miejska Brzeg")
    )
    nysa = submitted_application(
        open_call,
        factories.InstitutionFactory(name="Powiat Nyski", jst_type=JSTType.COUNTY, teryt="1610"),
        state=S.FORMAL_CHECK,
        submitted_at=timezone.now() - datetime.timedelta(days=5),
    )
    other_call = factories.CallPageFactory(parent=open_call.get_parent(), number="99/2026/OP")
    submitted_application(other_call, factories.InstitutionFactory(name="Gmina Obca"))
    listing = admin_url("index", open_call.pk)

    def names(query):
        body = operator_client.get(listing, query).content.decode()
        rows = BeautifulSoup(body, "html.parser").select("tbody th[scope=row]")
        return {row.get_text(strip=True) for row in rows}

    assert names({}) == {"Gmina Miejska Brzeg", "Powiat Nyski"}
    assert names({"state": S.FORMAL_CHECK}) == {"Powiat Nyski"}
    assert names({"jst_type": JSTType.URBAN_MUNICIPALITY}) == {"Gmina Miejska Brzeg"}
    assert names({"q": "brzeg"}) == {"Gmina Miejska Brzeg"}
    assert names({"q": nysa.number}) == {"Powiat Nyski"}
    today = timezone.localdate()
    assert names({"submitted_from": today.isoformat()}) == {"Gmina Miejska Brzeg"}
    assert names({"submitted_to": (today - datetime.timedelta(days=1)).isoformat()}) == {
        "Powiat Nyski"
    }
    # Bad input is ignored with a message, never a 500.
    bad = operator_client.get(listing, {"submitted_from": "2026-13-45", "sort": "x", "p": "zz"})
    assert bad.status_code == 200
    assert "Podaj datę w formacie RRRR-MM-DD." in bad.content.decode()
    # Sorting by JST name, both ways.
    body = operator_client.get(listing, {"sort": "-jst"}).content.decode()
    assert body.index("Powiat Nyski") < body.index("Gmina Miejska Brzeg")
    assert 'aria-sort="descending"' in body
    assert brzeg.number in body


def test_list_query_count_does_not_grow_with_applications(
    operator_client, open_call, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    listing = admin_url("index", open_call.pk)
    submitted_application(open_call)
    operator_client.get(listing)
    with CaptureQueriesContext(connection) as few:
        operator_client.get(listing)
    for _ in range(12):
        submitted_application(open_call)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = operator_client.get(listing)
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert len(soup.select("table tbody tr")) == 13
    assert len(few.captured_queries) <= 15


# --- detail -------------------------------------------------------------------------------------


def test_detail_shows_the_content_escaped_with_labels_and_history(operator_client, open_call):
    application = submitted_application(
        open_call, experience='<script>alert("x")</script><b>pogrubione</b>'
    )
    workflow.fire(application, "start_formal_check", factories.operator())
    body = operator_client.get(admin_url("detail", open_call.pk, application.pk)).content.decode()
    assert "<script>alert" not in body and "<b>pogrubione</b>" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert "Doświadczenie JST i ośrodka we współpracy międzysektorowej" in body
    assert "Komenda Powiatowa Policji" in body and "policja" in body
    assert "rozpoczęcie oceny formalnej" in body.lower()
    assert application.versions.get().content_sha256 in body
    assert "w ocenie formalnej" in body


def test_another_calls_application_in_the_url_is_a_404_and_logged(operator_client, open_call):
    other_call = factories.CallPageFactory(parent=open_call.get_parent(), number="99/2026/OP")
    foreign = submitted_application(other_call)
    for name in ("detail", "diff"):
        response = operator_client.get(admin_url(name, open_call.pk, foreign.pk))
        assert response.status_code == 404
        assert foreign.institution.name not in response.content.decode()
    response = operator_client.post(
        admin_url("transition", open_call.pk, foreign.pk), {"transition": "start_formal_check"}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == S.SUBMITTED
    assert (
        AuditLogEntry.objects.filter(action="access_denied", object_id=str(foreign.pk)).count() == 3
    )


def test_operator_downloads_a_file_from_the_detail(operator_client, open_call, applicant):
    from django.core.files.base import ContentFile

    from documents.generation import pdf_bytes

    application = submitted_application(open_call)
    data = pdf_bytes("Formularz zgłoszeniowy – podpisany", ("Podpisano.",))
    attachment = ApplicationAttachment(
        application=application,
        kind="signed_form",
        original_name="formularz.pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content_type="application/pdf",
        uploaded_by=applicant,
        uploaded_at=timezone.now(),
    )
    attachment.file.save("formularz.pdf", ContentFile(data), save=False)
    attachment.save()
    add_version(application, 2, attachments=[attachment])
    ApplicationAttachment.objects.filter(pk=attachment.pk).update(
        version=application.versions.get(number=2)
    )
    body = operator_client.get(admin_url("detail", open_call.pk, application.pk)).content.decode()
    link = reverse("recruitment:attachment", args=[application.pk, attachment.pk])
    assert link in body and attachment.sha256 in body
    download = operator_client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data


# --- transitions --------------------------------------------------------------------------------


def test_a_transition_from_the_detail_changes_the_state_and_writes_the_log(
    operator_client, operator, open_call
):
    application = submitted_application(open_call)
    detail = admin_url("detail", open_call.pk, application.pk)
    action = admin_url("transition", open_call.pk, application.pk)
    assert "Rozpoczęcie oceny formalnej" in operator_client.get(detail).content.decode()
    response = operator_client.post(
        action, {"transition": "start_formal_check", "state": S.SUBMITTED}, follow=True
    )
    # Starting the check opens its card (recruitment/formal_check/cards.py).
    assert response.redirect_chain[-1][0] == admin_url("formal_card", open_call.pk, application.pk)
    assert "Wykonano: rozpoczęcie oceny formalnej" in response.content.decode()
    application.refresh_from_db()
    assert application.state == S.FORMAL_CHECK
    assert application.formal_cards.count() == 1
    entry = AuditLogEntry.objects.filter(application=application, action="start_formal_check").get()
    assert (entry.username, entry.details["from"], entry.details["to"]) == (
        operator.username,
        S.SUBMITTED,
        S.FORMAL_CHECK,
    )
    assert entry.ip_address == "127.0.0.1"
    # Its results are decided on the card, not by a bare transition.
    page = operator_client.get(detail).content.decode()
    assert "Karta oceny formalnej" in page
    assert 'value="request_supplement"' not in page
    response = operator_client.post(
        action,
        {"transition": "request_supplement", "state": S.FORMAL_CHECK, "reason": "Brak podpisu."},
        follow=True,
    )
    assert "rozstrzyga się na karcie oceny formalnej" in response.content.decode()
    application.refresh_from_db()
    assert (application.state, application.supplement_due) == (S.FORMAL_CHECK, None)


def test_a_refused_transition_shows_the_polish_message_and_changes_nothing(
    operator_client, open_call
):
    application = submitted_application(open_call)
    action = admin_url("transition", open_call.pk, application.pk)
    entries = AuditLogEntry.objects.count()
    # Not allowed in this state: the workflow's own Polish message.
    response = operator_client.post(action, {"transition": "accept_formally"}, follow=True)
    assert "nie można wykonać, gdy zgłoszenie ma stan „złożony”" in response.content.decode()
    # A rejection without a reason while a supplement is awaited.
    workflow.fire(application, "start_formal_check", factories.operator())
    workflow.fire(application, "request_supplement", factories.operator())
    entries = AuditLogEntry.objects.count()
    response = operator_client.post(
        action, {"transition": "reject_formally", "reason": "  "}, follow=True
    )
    assert "wymaga pisemnego uzasadnienia" in response.content.decode()
    # A transition only the applicant may fire, and one only the scheduled command may.
    response = operator_client.post(action, {"transition": "withdraw"}, follow=True)
    assert "Nie masz uprawnień do czynności „wycofanie zgłoszenia”" in response.content.decode()
    response = operator_client.post(
        action, {"transition": "expire_supplement", "reason": "Po terminie."}, follow=True
    )
    assert "Nie masz uprawnień do czynności" in response.content.decode()
    # A stale form (another operator acted meanwhile).
    response = operator_client.post(
        action, {"transition": "accept_formally", "state": S.FORMAL_CHECK}, follow=True
    )
    assert "Stan zgłoszenia zmienił się w międzyczasie" in response.content.decode()
    application.refresh_from_db()
    assert application.state == S.TO_SUPPLEMENT
    assert AuditLogEntry.objects.count() == entries
    # GET does nothing.
    assert operator_client.get(action).status_code == 405


# --- diff ---------------------------------------------------------------------------------------


def test_diff_shows_changed_fields_with_del_and_ins_and_hides_unchanged(operator_client, open_call):
    application = submitted_application(open_call)
    add_version(
        application,
        2,
        experience="Zespół interdyscyplinarny od 2012 r. z policją i szkołami.",
        contact_phone="77 999 99 99",
        partners=[
            {"name": "Komenda Powiatowa Policji", "sector": "police"},
            {"name": "Sąd Rejonowy", "sector": "justice"},
            {"name": "Szkoła Podstawowa nr 1", "sector": "education"},
        ],
    )
    diff = admin_url("diff", open_call.pk, application.pk)
    response = operator_client.get(diff, {"from": 1, "to": 2})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    text = soup.get_text(" ", strip=True)
    assert "Telefon osoby do kontaktu" in text
    assert soup.find("del", string=None, recursive=True) is not None
    deleted = " ".join(d.get_text(" ", strip=True) for d in soup.find_all("del"))
    inserted = " ".join(i.get_text(" ", strip=True) for i in soup.find_all("ins"))
    assert "2015" in deleted and "usunięto:" in deleted
    assert "2012" in inserted and "szkołami." in inserted and "dodano:" in inserted
    assert "77 123 45 67" in deleted and "77 999 99 99" in inserted
    # Rows of institutions compared one by one.
    assert "Sąd Rejonowy" in inserted and "Powiatowy Urząd Pracy" in deleted
    assert "dodana" in text and "zmieniona" in text
    # Unchanged fields are hidden, with their count.
    assert "Anna Nowak" not in text and "Nazwa ośrodka" not in text
    assert "Pola bez zmian:" in text
    shown = operator_client.get(diff, {"from": 1, "to": 2, "bez_zmian": "1"}).content.decode()
    assert "Anna Nowak" in shown
    # Bad version numbers: a message, never a 500.
    for query in ({"from": 1, "to": 9}, {"from": "x", "to": 2}):
        response = operator_client.get(diff, query, follow=True)
        assert response.status_code == 200
        assert "Nie ma takiej wersji tego zgłoszenia" in response.content.decode()


def test_diff_compares_files_by_sha256(operator_client, open_call):
    from recruitment import version_content

    old = {
        "attachments": {
            "files": [{"kind": "signed_form", "original_name": "a.pdf", "sha256": "1" * 64}]
        }
    }
    same = {
        "attachments": {
            "files": [{"kind": "signed_form", "original_name": "b.pdf", "sha256": "1" * 64}]
        }
    }
    other = {
        "attachments": {
            "files": [{"kind": "signed_form", "original_name": "a.pdf", "sha256": "2" * 64}]
        }
    }
    files = [s for s in version_content.compare(old, same) if s.key == "attachments"][0].files
    assert [f.status for f in files] == ["unchanged"]
    files = [s for s in version_content.compare(old, other) if s.key == "attachments"][0].files
    assert [f.status for f in files] == ["changed"]
    assert "inna suma SHA-256" in files[0].status_label


# --- exports ------------------------------------------------------------------------------------


def _csv_rows(response):
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_for_excel_with_one_row_per_application_and_no_formulas(
    operator_client, open_call
):
    first = submitted_application(
        open_call, factories.InstitutionFactory(name='=HYPERLINK("http://zlo")')
    )
    second = submitted_application(open_call, contact_name="@SUM(A1:A2)", centre_city="-2+3")
    add_version(second, 2, contact_name="+48 Jan", centre_city="Nysa")
    response = operator_client.get(admin_url("export_csv", open_call.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = _csv_rows(response)
    header, data = rows[0], rows[1:]
    assert header[:3] == ["Numer zgłoszenia", "JST", "Rodzaj JST"]
    assert "Suma SHA-256 wersji" in header and "Instytucje planowane do PZK" in header
    assert "Imię i nazwisko osoby do kontaktu" in header
    assert len(set(header)) == len(header)
    assert "JST: Miejscowość" in header and "Ośrodek: Miejscowość" in header
    assert len(data) == 2
    by_number = {row[0]: dict(zip(header, row, strict=True)) for row in data}
    row = by_number[first.number]
    assert row["JST"] == '\'=HYPERLINK("http://zlo")'
    assert row["Instytucje planowane do PZK"] == (
        "Komenda Powiatowa Policji (policja); Powiatowy Urząd Pracy (rynek pracy)"
    )
    assert row["Suma SHA-256 wersji"] == first.versions.get().content_sha256
    assert row["Stan"] == "złożony"
    # The latest version is exported.
    row = by_number[second.number]
    assert row["Imię i nazwisko osoby do kontaktu"] == "'+48 Jan"
    assert row["Ośrodek: Miejscowość"] == "Nysa"
    assert row["Wersja w eksporcie"] == "2" and row["Liczba wersji"] == "2"
    # Filters of the list apply to the export.
    filtered = _csv_rows(operator_client.get(admin_url("export_csv", open_call.pk), {"q": "Nysa"}))
    assert len(filtered) == 1
    assert AuditLogEntry.objects.filter(action="export").count() == 2


def test_xlsx_export_has_bold_headers_real_dates_and_no_formulas(operator_client, open_call):
    from openpyxl import load_workbook

    moment = timezone.make_aware(datetime.datetime(2026, 6, 20, 23, 30), datetime.UTC)
    application = submitted_application(
        open_call,
        factories.InstitutionFactory(name="Gmina Miejska Brzeg"),
        submitted_at=moment,
        contact_name="=1+1",
        experience="Tekst\x01ze znakiem sterującym",
    )
    response = operator_client.get(admin_url("export_xlsx", open_call.pk))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "Numer zgłoszenia" and "Instytucje planowane do PZK" in header
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["B"].width >= 10
    values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert sheet.max_row == 2
    assert values["Numer zgłoszenia"] == application.number
    assert values["JST"] == "Gmina Miejska Brzeg"
    # 23:30 UTC on 20 June is 01:30 on 21 June in Warsaw, a real date.
    assert values["Złożono (pierwsza wersja)"] == datetime.datetime(2026, 6, 21, 1, 30)
    assert values["Imię i nazwisko osoby do kontaktu"] == "'=1+1"
    assert (
        sheet.cell(row=2, column=header.index("Imię i nazwisko osoby do kontaktu") + 1).data_type
        == "s"
    )
    assert values["Liczba wersji"] == 1


def test_export_query_count_does_not_grow_with_applications(
    operator_client, open_call, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    export = admin_url("export_csv", open_call.pk)
    submitted_application(open_call)
    with CaptureQueriesContext(connection) as few:
        b"".join(operator_client.get(export).streaming_content)
    for _ in range(15):
        submitted_application(open_call)
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = _csv_rows(operator_client.get(export))
    assert len(rows) == 17
    with django_assert_max_num_queries(len(few.captured_queries)):
        operator_client.get(admin_url("export_xlsx", open_call.pk))


# --- who may see them ---------------------------------------------------------------------------


@pytest.fixture
def protected_urls(open_call):
    application = submitted_application(open_call, factories.InstitutionFactory(name="Gmina Tajna"))
    add_version(application, 2, contact_name="Ktoś Inny")
    return [
        admin_url("calls"),
        admin_url("index", open_call.pk),
        admin_url("detail", open_call.pk, application.pk),
        admin_url("diff", open_call.pk, application.pk) + "?from=1&to=2",
        admin_url("export_csv", open_call.pk),
        admin_url("export_xlsx", open_call.pk),
    ]


def _assert_no_access(client, urls):
    for path in urls:
        response = client.get(path)
        assert response.status_code in (302, 403), path
        if response.status_code == 302:
            assert "/admin/" in response.url, path
        assert b"Gmina Tajna" not in b"".join(
            response.streaming_content if response.streaming else [response.content]
        )


def test_anonymous_users_applicants_and_evaluators_get_no_data(
    client, groups, protected_urls, applicant, open_call
):
    _assert_no_access(client, protected_urls)
    client.force_login(applicant)
    _assert_no_access(client, protected_urls)
    evaluator = factories.user_in(EVALUATORS)
    client.force_login(evaluator)
    _assert_no_access(client, protected_urls)
    assert "zgloszenia-w-naborze" not in client.get("/admin/").content.decode()
    application = Application.objects.get(institution__name="Gmina Tajna")
    client.post(
        admin_url("transition", open_call.pk, application.pk), {"transition": "start_formal_check"}
    )
    application.refresh_from_db()
    assert application.state == S.SUBMITTED


def test_chairs_read_but_get_only_the_transitions_the_workflow_gives_them(
    client, groups, chair, protected_urls, open_call
):
    client.force_login(chair)
    calls_list, *of_the_call = protected_urls
    # Before being seated in the call's commission and signing its declaration: nothing.
    for seated in (False, True):
        if seated:
            factories.seat_chair(open_call, chair, sign=False)
        assert open_call.title not in client.get(calls_list).content.decode()
        for path in of_the_call:
            assert client.get(path).status_code == 404, path
    assert AuditLogEntry.objects.filter(
        action="access_denied", user=chair, details__reason="call_scope"
    ).count() == 2 * len(of_the_call)
    commission_sign(open_call, chair)
    assert open_call.title in client.get(calls_list).content.decode()
    for path in protected_urls:
        assert client.get(path).status_code == 200, path
    application = Application.objects.get(institution__name="Gmina Tajna")
    body = client.get(admin_url("detail", open_call.pk, application.pk)).content.decode()
    assert "Rozpoczęcie oceny formalnej" not in body
    client.post(
        admin_url("transition", open_call.pk, application.pk), {"transition": "start_formal_check"}
    )
    application.refresh_from_db()
    assert application.state == S.SUBMITTED
