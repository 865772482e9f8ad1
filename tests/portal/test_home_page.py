"""The home page leads to what people come for: the open call with its deadline and the way to
apply, ways in (Model, practices, documents, participants), the next events and the latest
documents, all from the site's content; with no call open, the last call and its results."""

import datetime
import re

from django.test import Client
from django.utils import timezone

import pytest

from recruitment.models import CallPage

pytestmark = pytest.mark.django_db


def _main(html):
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_open_call_with_its_deadline_and_the_way_to_apply(client, demo_with_accounts):
    call = CallPage.objects.get(number="1/2026/OP")
    assert call.opens_at <= timezone.now() <= call.closes_at
    main = _main(client.get("/").content.decode())
    assert "Trwa nabór" in main
    assert call.title in main
    deadline = timezone.localtime(call.closes_at)
    assert f'<time datetime="{deadline.isoformat()}">' in main
    assert f'href="/konto/nabory/{call.pk}/rozpocznij/"' in main
    assert "Złóż zgłoszenie" in main


def test_the_ways_in_and_the_latest_documents_and_events(client, demo_with_accounts):
    main = _main(client.get("/").content.decode())
    for title, url in (
        ("Model Kooperacje 3D", "/model/"),
        ("Dobre praktyki", "/dobre-praktyki/"),
        ("Dokumenty", "/dokumenty/"),
        ("Uczestniczące JST", "/uczestnicy/"),
    ):
        assert re.search(
            rf'<a class="tile__link" href="{url}"><span class="tile__title">{title}<', main
        )
        assert client.get(url).status_code == 200, url
    assert "Najnowsze dokumenty" in main
    documents = re.findall(r'<li><a href="(/dokumenty/\d+/[^"]+/)">', main)
    assert 1 <= len(documents) <= 5
    assert "Instrukcja dla członków komisji" not in main  # private


def test_with_no_call_open_the_last_call_and_its_results(client, demo_with_accounts):
    now = timezone.now()
    for call in CallPage.objects.filter(closes_at__gte=now):
        CallPage.objects.filter(pk=call.pk).update(
            opens_at=now - datetime.timedelta(days=20), closes_at=now - datetime.timedelta(days=10)
        )
    main = _main(Client().get("/").content.decode())
    assert "Trwa nabór" not in main
    assert "Nie trwa teraz żaden nabór." in main
    assert "Ostatni nabór:" in main
