"""Exports of the substantive evaluation (issue #7): the card and the ranking list as PDFs with
signature lines, the scores as CSV and XLSX; who may download each; formula injection; the
number of SQL queries of the scores."""

import csv
import datetime
import io
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from core.choices import JSTType
from core.roles import OPERATORS
from evaluation import assignment, cards, permissions
from evaluation.models import CommissionRole, ResultEntry, ResultList
from recruitment.models import AuditLogEntry, CallQuota
from tests.evaluation.conftest import fill, make_application, member
from tests.recruitment import factories

pytestmark = pytest.mark.django_db
URBAN, COUNTY = JSTType.URBAN_MUNICIPALITY.value, JSTType.COUNTY.value


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def partner_operator(partner, **kwargs):
    """An operator who works for `partner` only (evaluation.permissions.operator_partners)."""
    user = factories.operator(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=f"{OPERATORS} ({partner})")[0])
    return user


def scored(call, chair, evaluators, jst_type, *points, name=None, draft=()):
    institution = factories.InstitutionFactory(
        jst_type=jst_type, **({"name": name} if name else {})
    )
    application = make_application(call, institution)
    held = []
    for index, values in enumerate(points):
        item = assignment.assign(application, evaluators[index], by=chair)
        if index in draft:
            cards.save_draft(item.card, fill(item.card, values), user=evaluators[index])
        else:
            cards.submit(item.card, fill(item.card, values), user=evaluators[index])
        held.append(item)
    return application, held


@pytest.fixture
def quotas(call):
    CallQuota.objects.create(call=call, jst_type=URBAN, places=1)
    CallQuota.objects.create(call=call, jst_type=COUNTY, places=1)


@pytest.fixture
def listed(call, chair_user, evaluators, quotas):
    """Two urban municipalities (20.50 selected, 17.00 reserve), a county at 13.00 below the
    threshold, and a county with a draft second card (pending)."""
    e = evaluators
    first, first_held = scored(
        call, chair_user, e, URBAN, [9, 8, 4], [8, 8, 4], name="Gmina Miejska Nysa"
    )
    second, _h = scored(call, chair_user, e, URBAN, [7, 7, 3], [8, 6, 3], name="Gmina Brzeg")
    low, _h = scored(call, chair_user, e, COUNTY, [5, 5, 3], [6, 5, 2], name="Powiat Niski")
    pending, pending_held = scored(
        call, chair_user, e, COUNTY, [9, 9, 5], [9, 9, 5], name="Powiat Czeka", draft={1}
    )
    return {
        "first": first,
        "first_held": first_held,
        "second": second,
        "low": low,
        "pending": pending,
        "pending_held": pending_held,
    }


# --- the card ----------------------------------------------------------------------------------


def test_the_card_pdf_has_everything_and_a_signature_line(client, call, listed, evaluators):
    held = listed["first_held"][0]
    client.force_login(evaluators[0])
    response = client.get(reverse("evaluation:card_pdf", args=[held.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="karta-oceny-mer')
    text = pdf_text(response)
    for expected in (
        "Karta oceny merytorycznej",
        call.number,
        call.title,
        listed["first"].number,
        "Gmina Miejska Nysa",
        "Ocena Numer1",
        "pierwszy oceniający",
        "Gotowość do partnerstwa.",
        "Doświadczenie ośrodka.",
        "Uzasadnienie oceny.",
        "21 / 25",
        "data i podpis oceniającego",
        "podpisana",
    ):
        assert expected in text, expected
    assert "WERSJA ROBOCZA" not in text
    entry = AuditLogEntry.objects.filter(action="evaluation_export").latest("pk")
    assert entry.details["export"] == "card_pdf" and entry.user == evaluators[0]


def test_a_draft_card_is_stamped(client, listed, evaluators):
    draft = listed["pending_held"][1]
    client.force_login(evaluators[1])
    text = pdf_text(client.get(reverse("evaluation:card_pdf", args=[draft.pk])))
    assert "WERSJA ROBOCZA – karta niezłożona" in text
    assert "karta niezłożona" in text


def test_a_returned_card_is_stamped_with_the_note(client, listed, chair_user):
    held = listed["first_held"][1]
    cards.return_card(held.card, by=chair_user, note="Popraw uzasadnienie kryterium 2.")
    client.force_login(chair_user)
    text = pdf_text(client.get(reverse("evaluation:card_pdf", args=[held.pk])))
    assert "WERSJA ROBOCZA – karta niezłożona (zwrócona do poprawy)" in text
    assert "Popraw uzasadnienie kryterium 2." in text


@pytest.fixture
def people(call, chair_user, evaluators, operator_user, application):
    first = assignment.assign(application, evaluators[0], by=chair_user)
    assignment.assign(application, evaluators[1], by=chair_user)
    other_application = make_application(call)
    other = assignment.assign(other_application, evaluators[2], by=chair_user)
    other_call = factories.CallPageFactory(parent=call.get_parent(), number="13/2026/OP")
    return {
        "first": first,
        "other": other,
        "accounts": {
            "anonymous": None,
            "applicant": factories.applicant(application.institution, username="wnioskodawca"),
            "own_evaluator": evaluators[0],
            "second_evaluator": evaluators[1],
            "other_application_evaluator": evaluators[2],
            "unsigned": member(call, username="niepodpisany", sign=False),
            "unsigned_chair_other_call": member(
                other_call, CommissionRole.CHAIR, username="obcy.przewodn"
            ),
            "chair": chair_user,
            "operator": operator_user,
            "partner_operator": partner_operator("rops-opole", username="op.opole"),
            "other_partner_operator": partner_operator("rops-krakow", username="op.krakow"),
            "superuser": factories.UserFactory(username="root", is_superuser=True, is_staff=True),
        },
    }


CARD_ALLOWED = {"own_evaluator", "chair", "operator", "partner_operator", "superuser"}
CALL_ALLOWED = {"chair", "operator", "partner_operator", "superuser"}


def check(client, people, path, allowed):
    for role, user in people["accounts"].items():
        client.logout()
        if user is not None:
            client.force_login(user)
        before = AuditLogEntry.objects.filter(action="evaluation_access_denied").count()
        response = client.get(path)
        if role in ("anonymous", "applicant"):
            # Wagtail keeps those without admin access out before the view runs.
            assert response.status_code == 302, (path, role)
            assert "login" in response.url
            continue
        if role in allowed:
            assert response.status_code == 200, (path, role, response.status_code)
            body(response)
        else:
            assert response.status_code == 403, (path, role, response.status_code)
            after = AuditLogEntry.objects.filter(action="evaluation_access_denied").count()
            assert after == before + 1, (path, role)
            assert "zapisana w dzienniku" in response.content.decode()


def test_who_may_download_a_card(client, people):
    check(client, people, reverse("evaluation:card_pdf", args=[people["first"].pk]), CARD_ALLOWED)


def test_an_evaluator_of_another_application_gets_no_card(client, people, evaluators):
    client.force_login(evaluators[0])
    path = reverse("evaluation:card_pdf", args=[people["other"].pk])
    assert client.get(path).status_code == 403
    assert client.get(reverse("evaluation:card_pdf", args=[999999])).status_code == 403


def test_an_unsigned_member_is_sent_to_the_declaration(client, people):
    client.force_login(people["accounts"]["unsigned"])
    response = client.get(reverse("evaluation:card_pdf", args=[people["first"].pk]))
    assert response.status_code == 403
    assert "Najpierw podpisz deklarację" in response.content.decode()


@pytest.mark.parametrize("name", ["ranking_pdf", "scores_csv", "scores_xlsx"])
def test_who_may_download_the_call_exports(client, people, call, name):
    check(client, people, reverse(f"evaluation:{name}", args=[call.pk]), CALL_ALLOWED)


def test_an_unsigned_chair_gets_no_export(client, call):
    other_call = factories.CallPageFactory(parent=call.get_parent(), number="14/2026/OP")
    chair = member(other_call, CommissionRole.CHAIR, username="chair.bez.podpisu", sign=False)
    client.force_login(chair)
    response = client.get(reverse("evaluation:scores_csv", args=[other_call.pk]))
    assert response.status_code == 403
    assert "Najpierw podpisz deklarację" in response.content.decode()
    assert not permissions.can_export_call(chair, other_call)


def test_an_operator_of_the_partner_is_told_apart(call):
    opole = partner_operator("rops-opole", username="op1")
    krakow = partner_operator("rops-krakow", username="op2")
    both = partner_operator("rops-krakow", username="op3")
    both.groups.add(Group.objects.get(name=f"{OPERATORS} (rops-opole)"))
    assert call.partner == "rops-opole"
    assert permissions.operates_call(opole, call)
    assert not permissions.operates_call(krakow, call)
    assert permissions.operates_call(both, call)
    assert permissions.operator_partners(both) == {"rops-opole", "rops-krakow"}


# --- the ranking list ----------------------------------------------------------------------------


def test_the_draft_ranking_pdf(client, call, listed, chair_user, evaluators):
    client.force_login(chair_user)
    response = client.get(reverse("evaluation:ranking_pdf", args=[call.pk]))
    assert response.status_code == 200
    assert "lista-rankingowa-7-2026-OP-projekt.pdf" in response["Content-Disposition"]
    text = pdf_text(response)
    assert "PROJEKT LISTY – niezatwierdzona" in text
    # Per JST type, position, JST, score and status (20.50 and 17.00 urban; 13.00 county).
    assert "1 " + listed["first"].number + " Gmina Miejska Nysa gmina miejska 20,50 wybrany" in text
    assert "2 " + listed[
        "second"
    ].number + " Gmina Brzeg gmina miejska 17,00 lista rezerwowa (1)" in (text)
    assert "1 " + listed["low"].number + " Powiat Niski powiat 13,00 niewybrany" in text
    # The pending application with its reason, the threshold, the quotas.
    assert "Powiat Czeka" in text and "karty oceny nie zostały złożone" in text
    assert "15,00 pkt (60% z 25 pkt)" in text
    assert "gmina miejska: 1" in text and "powiat: 1" in text
    # Signature lines of the chair and of every evaluator of the commission.
    assert "przewodniczący komisji: Paula Prz" in text
    for evaluator in evaluators:
        assert f"członek komisji: {evaluator.get_full_name()}" in text


def test_a_frozen_version_is_printed_from_its_entries(client, call, listed, chair_user):
    # Approved with its entries, then published (the database refuses entries of a published list).
    frozen = ResultList.objects.create(
        call=call,
        version=1,
        approved_by=chair_user,
        approved_at=timezone.now() - datetime.timedelta(days=1),
    )
    ResultEntry.objects.create(
        result_list=frozen,
        application=listed["first"],
        institution_name="Gmina Zamrożona",
        jst_type=URBAN,
        final_score=Decimal("19.50"),
        status="selected",
        position=1,
    )
    ResultList.objects.filter(pk=frozen.pk).update(
        published_by=chair_user, published_at=timezone.now()
    )
    draft = ResultList.objects.create(
        call=call, version=2, approved_by=chair_user, approved_at=timezone.now()
    )
    client.force_login(chair_user)
    path = reverse("evaluation:ranking_pdf", args=[call.pk])
    text = pdf_text(client.get(path + "?wersja=1"))
    assert "PROJEKT LISTY" not in text and "nieopublikowana" not in text
    assert "Gmina Zamrożona" in text and "19,50" in text and "Gmina Brzeg" not in text
    assert "Wersja listy 1" in text
    text = pdf_text(client.get(path + "?wersja=2"))
    assert "LISTA ZATWIERDZONA – nieopublikowana" in text
    assert draft.version == 2
    for wrong in ("3", "abc", "-1", "1" * 30):
        assert client.get(path + f"?wersja={wrong}").status_code == 404, wrong


def test_without_a_version_the_draft_is_printed(client, call, listed, chair_user):
    ResultList.objects.create(
        call=call, version=1, approved_by=chair_user, approved_at=timezone.now()
    )
    client.force_login(chair_user)
    text = pdf_text(client.get(reverse("evaluation:ranking_pdf", args=[call.pk])))
    assert "PROJEKT LISTY – niezatwierdzona" in text
    assert "bieżący projekt wyliczony z kart oceny" in text


# --- the scores ------------------------------------------------------------------------------------


def test_the_scores_csv(client, call, listed, chair_user):
    client.force_login(chair_user)
    response = client.get(reverse("evaluation:scores_csv", args=[call.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="oceny-7-2026-OP-')
    raw = body(response)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, data = rows[0], rows[1:]
    assert header[:5] == ["Numer zgłoszenia", "JST", "Rodzaj JST", "Oceniający", "Rodzaj oceny"]
    assert header[5].startswith("K1 (maks. 10): Gotowość do partnerstwa.")
    assert header[6] == "K1 – uzasadnienie"
    assert header[7].startswith("K2 (maks. 10): ") and header[8] == "K2 – uzasadnienie"
    assert header[9].startswith("K3 (maks. 5): ") and header[10] == "K3 – uzasadnienie"
    assert header[-4:] == ["Suma karty", "Złożono", "Ocena końcowa zgłoszenia", "Wynik zgłoszenia"]
    # Seven submitted cards; the draft is not a row.
    assert len(data) == 7
    first = [r for r in data if r[0] == listed["first"].number]
    assert [r[4] for r in first] == ["pierwszy oceniający", "drugi oceniający"]
    assert first[0][1:4] == ["Gmina Miejska Nysa", "gmina miejska", "Ocena Numer1"]
    assert first[0][5:11] == [
        "9",
        "Uzasadnienie oceny.",
        "8",
        "Uzasadnienie oceny.",
        "4",
        "Uzasadnienie oceny.",
    ]
    assert first[0][11] == "21"
    assert first[0][-2:] == ["20,50", "wybrany"]
    second = [r for r in data if r[0] == listed["second"].number][0]
    assert second[-2:] == ["17,00", "lista rezerwowa (1)"]
    pending = [r for r in data if r[0] == listed["pending"].number]
    assert len(pending) == 1
    assert pending[0][-1] == "poza listą: karty oceny nie zostały złożone"
    datetime.datetime.strptime(first[0][12], "%Y-%m-%d %H:%M:%S")


def test_the_scores_xlsx(client, call, listed, chair_user):
    client.force_login(chair_user)
    response = client.get(reverse("evaluation:scores_xlsx", args=[call.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Karty", "Wyniki"]
    sheet = workbook["Karty"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Numer zgłoszenia" and len(rows) == 8
    first = [r for r in rows[1:] if r[0] == listed["first"].number][0]
    assert first[5:12] == (
        9,
        "Uzasadnienie oceny.",
        8,
        "Uzasadnienie oceny.",
        4,
        "Uzasadnienie oceny.",
        21,
    )
    assert isinstance(first[12], datetime.datetime)
    assert float(first[13]) == 20.5 and first[14] == "wybrany"
    results = list(workbook["Wyniki"].iter_rows(values_only=True))
    assert results[0] == (
        "Rodzaj JST",
        "Miejsce",
        "Numer zgłoszenia",
        "JST",
        "Ocena końcowa",
        "Wynik",
    )
    assert ("gmina miejska", 1, listed["first"].number, "Gmina Miejska Nysa") == results[1][:4]
    assert results[-1][2] == listed["pending"].number and results[-1][1] is None


def test_the_justifications_per_criterion_are_in_both_exports(client, call, chair_user, evaluators):
    institution = factories.InstitutionFactory(jst_type=URBAN, name="Gmina Miejska Brzeg")
    application = make_application(call, institution)
    texts = [
        "Brak porozumienia z organizacjami pozarządowymi; tylko „list intencyjny”.",
        "Doświadczenie\nw dwóch projektach.",
        "",  # the maximum needs no justification
    ]
    held = []
    for evaluator, points in zip(evaluators[:2], ([7, 6, 5], [8, 8, 5]), strict=False):
        item = assignment.assign(application, evaluator, by=chair_user)
        data = fill(item.card, points)
        for text, score in zip(
            texts, item.card.scores.order_by("criterion__sort_order", "pk"), strict=True
        ):
            data[cards.justification_field(score.criterion_id)] = text
        cards.submit(item.card, data, user=evaluator)
        held.append(item)
    client.force_login(chair_user)

    raw = body(client.get(reverse("evaluation:scores_csv", args=[call.pk])))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    justification_columns = [i for i, h in enumerate(header) if h.endswith("– uzasadnienie")]
    assert justification_columns == [6, 8, 10]
    first = [r for r in rows[1:] if r[0] == application.number][0]
    assert [first[i] for i in justification_columns] == texts
    assert [first[i - 1] for i in justification_columns] == ["7", "6", "5"]
    assert first[-2] == "19,50"  # (18 + 21) / 2

    response = client.get(reverse("evaluation:scores_xlsx", args=[call.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["Karty"]
    header = [c.value for c in sheet[1]]
    assert [header[i] for i in justification_columns] == [
        "K1 – uzasadnienie",
        "K2 – uzasadnienie",
        "K3 – uzasadnienie",
    ]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == application.number)
    assert [row[i].value or "" for i in justification_columns] == texts
    assert all(row[i].data_type == "s" for i in justification_columns if row[i].value)


def test_the_xlsx_keeps_numbers_and_dates_typed_and_formatted(client, call, listed, chair_user):
    client.force_login(chair_user)
    response = client.get(reverse("evaluation:scores_xlsx", args=[call.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Karty"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == listed["first"].number)
    points, total, submitted, final = row[5:11:2], row[11], row[12], row[13]
    for cell in [*points, total, final]:
        assert cell.data_type == "n", cell.coordinate
        assert cell.number_format == "0.00", cell.coordinate
    assert [c.value for c in points] == [9, 8, 4]
    # 21 is stored as a number (shown „21,00” by Excel with Polish settings).
    assert total.value == 21 and isinstance(total.value, (int, float))
    assert final.value == 20.5 and isinstance(final.value, float)
    assert submitted.is_date and isinstance(submitted.value, datetime.datetime)
    assert submitted.number_format == "yyyy-mm-dd hh:mm:ss"
    held_card = listed["first_held"][0].card
    held_card.refresh_from_db()
    local = timezone.localtime(held_card.submitted_at).replace(tzinfo=None)
    assert abs(submitted.value - local) < datetime.timedelta(seconds=1)  # Warsaw time
    # The results sheet: the place an integer, the final score a number with two decimals.
    results = workbook["Wyniki"]
    top = next(r for r in results.iter_rows(min_row=2) if r[2].value == listed["first"].number)
    assert top[1].value == 1 and top[1].data_type == "n"
    assert top[4].value == 20.5 and top[4].number_format == "0.00"
    second = next(r for r in results.iter_rows(min_row=2) if r[2].value == listed["second"].number)
    assert second[4].value == 17 and second[4].number_format == "0.00"
    # The pending application has no final score yet: an empty cell, not a text.
    pending = next(
        r for r in results.iter_rows(min_row=2) if r[2].value == listed["pending"].number
    )
    assert pending[4].value is None


def test_formulas_are_neutralised(client, call, chair_user, evaluators):
    evil = member(call, username="zly", first_name="@SUM(A1)", last_name="+1")
    application, _held = scored(
        call, chair_user, [evil, evaluators[0]], URBAN, [9, 8, 4], [8, 8, 4],
        name="=HYPERLINK(\"http://zle.example\";\"x\")",
    )  # fmt: skip
    client.force_login(chair_user)
    raw = body(client.get(reverse("evaluation:scores_csv", args=[call.pk])))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    row = [r for r in rows if r[0] == application.number][0]
    assert row[1] == '\'=HYPERLINK("http://zle.example";"x")'
    assert row[3] == "'@SUM(A1) +1"
    for line in rows[1:]:
        assert not any(cell[:1] in "=+-@" for cell in line if cell), line
    response = client.get(reverse("evaluation:scores_xlsx", args=[call.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["Karty"]
    values = [r for r in sheet.iter_rows(values_only=True) if r[0] == application.number][0]
    assert values[1].startswith("'=") and values[3].startswith("'@")
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_scores_are_read_in_a_fixed_number_of_queries(
    client, call, chair_user, evaluators, quotas
):
    client.force_login(chair_user)

    def measure(name):
        path = reverse(f"evaluation:{name}", args=[call.pk])
        with CaptureQueriesContext(connection) as queries:
            content = body(client.get(path))
        if name == "scores_csv":
            rows = len(content.decode("utf-8-sig").splitlines())
        else:
            rows = load_workbook(io.BytesIO(content))["Karty"].max_row
        return len(queries.captured_queries), rows

    for _n in range(2):
        scored(call, chair_user, evaluators, URBAN, [9, 8, 4], [8, 8, 4])
    few = {name: measure(name) for name in ("scores_csv", "scores_xlsx")}
    assert few["scores_csv"][1] == few["scores_xlsx"][1] == 1 + 4
    for n in range(10):
        scored(call, chair_user, evaluators, COUNTY if n % 2 else URBAN, [9, 8, 4], [8, 8, 4])
    for name in ("scores_csv", "scores_xlsx"):
        many, rows = measure(name)
        assert rows == 1 + 24
        assert many == few[name][0], name
        # Session, user, permissions, commission facts, the call, the audit entry; the ranking
        # (five); the criteria, the scores, the cards, the frozen entries.
        assert many <= 17, name


# --- the links ---------------------------------------------------------------------------------------


def test_the_links_on_the_dashboard_and_the_card(client, call, listed, chair_user, evaluators):
    client.force_login(chair_user)
    page = client.get(reverse("evaluation:chair", args=[call.pk])).content.decode()
    for name in ("ranking_pdf", "scores_csv", "scores_xlsx"):
        assert reverse(f"evaluation:{name}", args=[call.pk]) in page
    held = listed["first_held"][0]
    client.force_login(evaluators[0])
    page = client.get(reverse("evaluation:card", args=[held.pk])).content.decode()
    assert reverse("evaluation:card_pdf", args=[held.pk]) in page
    assert "Pobierz kartę do podpisu (PDF)" in page
    draft = listed["pending_held"][1]
    client.force_login(evaluators[1])
    page = client.get(reverse("evaluation:card", args=[draft.pk])).content.decode()
    assert "Pobierz kartę do podpisu (PDF, wersja robocza)" in page


def test_no_links_for_an_operator_of_another_partner(client, call, listed):
    client.force_login(partner_operator("rcps-lodz", username="op.lodz"))
    page = client.get(reverse("evaluation:chair", args=[call.pk])).content.decode()
    assert reverse("evaluation:scores_csv", args=[call.pk]) not in page
    held = listed["first_held"][0]
    page = client.get(reverse("evaluation:card", args=[held.pk])).content.decode()
    assert reverse("evaluation:card_pdf", args=[held.pk]) not in page


def test_every_download_is_in_the_audit_log(client, call, listed, chair_user):
    client.force_login(chair_user)
    for name in ("ranking_pdf", "scores_csv", "scores_xlsx"):
        body(client.get(reverse(f"evaluation:{name}", args=[call.pk])))
    entries = AuditLogEntry.objects.filter(action="evaluation_export").order_by("pk")
    assert [e.details["export"] for e in entries] == ["ranking_pdf", "scores_csv", "scores_xlsx"]
    assert all(e.user == chair_user and e.object_id == str(call.pk) for e in entries)
