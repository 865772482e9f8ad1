"""Public call pages: /nabory/ in three sections and a call page, with their query budgets."""

import datetime

from django.test import Client
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from documents.models import RegistryDocument
from recruitment.models import CallDocument, CallPage
from tests.recruitment import factories


def _soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def _section(soup, key):
    section = soup.find("section", id=f"nabory-{key}")
    return [h3.get_text(strip=True) for h3 in section.find_all("h3")], section


def test_nabory_lists_open_upcoming_and_closed_calls_with_their_facts(recruitment_demo, client):
    soup = _soup(client.get("/nabory/"))
    headings = [h.get_text(" ", strip=True) for h in soup.select("main h1, main h2")]
    assert headings == [
        "Nabory",
        "Nabory otwarte (1)",
        "Nabory zaplanowane (1)",
        "Nabory zakończone (1)",
    ]
    open_titles, open_section = _section(soup, "open")
    assert open_titles == ["Nabór JST do wdrażania Modelu Kooperacje 3D – województwo opolskie"]
    facts = open_section.find("dl").get_text(" ", strip=True)
    assert "Numer naboru 1/2026/OP" in facts and "Województwo opolskie" in facts
    assert "Status otwarty – Do końca naboru" in facts
    assert open_section.find("a")["href"] == "/nabory/1-2026-op/"
    upcoming_titles, upcoming = _section(soup, "upcoming")
    assert upcoming_titles == ["Nabór powiatów z województwa śląskiego"]
    assert "Do rozpoczęcia naboru" in upcoming.get_text()
    closed_titles, closed = _section(soup, "closed")
    assert closed_titles == ["Nabór gmin miejskich z województwa opolskiego (2018)"]
    dates = [t["datetime"] for t in closed.find_all("time")]
    assert dates == ["2018-05-30T00:00:00+02:00", "2018-06-20T23:59:59+02:00"]
    assert "30 maja 2018, 00:00 – 20 czerwca 2018, 23:59" in closed.get_text(" ", strip=True)


def test_the_open_call_page_shows_rules_dates_eligibility_documents_and_how_to_apply(
    recruitment_demo, client
):
    call = CallPage.objects.get(number="1/2026/OP")
    soup = _soup(client.get("/nabory/1-2026-op/"))
    main = soup.find("main")
    text = main.get_text(" ", strip=True)
    assert main.find("h1").get_text(strip=True) == call.title
    assert [h.get_text(strip=True) for h in main.find_all("h2")] == [
        "Terminy",
        "Zasady naboru",
        "Kto może się zgłosić",
        "Regulamin i dokumenty",
        "Kryteria oceny",
        "Jak się zgłosić",
        "Kontakt",
    ]
    countdown = main.find(attrs={"data-countdown": True})
    # The demo window ends at 15:30 thirty days from today: 30 days left in the morning, 29 later.
    assert countdown.get_text(strip=True).startswith(
        ("Do końca naboru zostało 30 dni", "Do końca naboru zostało 29 dni")
    )
    assert countdown["data-closes"] == timezone.localtime(call.closes_at).isoformat()
    assert "gminy miejskie liczące powyżej 20\u00a0000 mieszkańców" in text
    assert "powiaty (bez względu na liczbę mieszkańców)" in text
    assert "gmina miejska: 3" in text and "powiat: 2" in text
    links = {a.get_text(strip=True): a["href"] for a in main.select("#dokumenty ~ ul a")}
    rodo = RegistryDocument.objects.get(source_key="opole-zalacznik-1-rodo")
    assert links["Załącznik nr 1 – Oświadczenie RODO"] == rodo.get_absolute_url()
    assert len(links) == 3
    assert "Zgłoszenie złożono w terminie naboru." in text
    assert "co najmniej 60% punktów, czyli 15,00 z 25 pkt" in text
    assert main.find("a", string="strefie wnioskodawcy")["href"] == "/konto/"
    assert "7 dni od wezwania" in text
    assert "77 44 15 250" in text


def test_the_closed_2018_call_lists_its_registry_documents_and_takes_no_applications(
    recruitment_demo, client
):
    soup = _soup(client.get("/nabory/1-2018-op/"))
    main = soup.find("main")
    assert "Nabór zakończył się 20 czerwca 2018, 23:59." in main.get_text(" ", strip=True)
    assert "zgłoszenia nie są już przyjmowane" in main.get_text()
    labels = [a.get_text(strip=True) for a in main.select("#dokumenty ~ ul a")]
    assert labels[0] == "Regulamin naboru jednostek samorządu terytorialnego"
    assert "Karta oceny merytorycznej" in labels and len(labels) == 7


def test_documents_of_a_private_collection_are_not_linked_for_visitors(recruitment_demo, client):
    call = CallPage.objects.get(number="1/2026/OP")
    private = RegistryDocument.objects.get(source_key="instrukcja-dla-oceniajacych")
    CallDocument.objects.create(call=call, document=private, label="Instrukcja wewnętrzna")
    body = client.get("/nabory/1-2026-op/").content.decode()
    assert "Instrukcja wewnętrzna" not in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, budget",
    [
        ("/nabory/", 12),
        # Routing and the site shell as on any page, plus one query each for the documents,
        # collection restrictions, formal and substantive criteria and quotas.
        ("/nabory/5-2026-op/", 17),
    ],
)
def test_call_pages_stay_within_query_budget(
    call_index, django_assert_max_num_queries, url, budget
):
    open_call = factories.CallPageFactory(parent=call_index, number="5/2026/OP", slug="5-2026-op")
    document = RegistryDocument(title="Regulamin naboru")
    from django.core.files.base import ContentFile

    document.file.save("regulamin.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    for n in range(6):
        CallDocument.objects.create(call=open_call, document=document, label=f"Dokument {n}")
    now = timezone.now()
    for n in range(20):
        factories.CallPageFactory(
            parent=call_index,
            number=f"{n + 1}/2025/SL",
            opens_at=now + datetime.timedelta(days=n - 30),
            closes_at=now + datetime.timedelta(days=n - 10),
        )
    client = Client()
    client.get(url)  # warm the caches of site and settings lookups, as a running server has
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
