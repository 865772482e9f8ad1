"""SQL query budgets of the knowledge pages, with more content than the demo has."""

import datetime

from django.core.files.base import ContentFile
from django.test import Client

from wagtail.documents import get_document_model

import pytest

from knowledge.models import GoodPracticeIndexPage, ModelPage, Participant, ParticipantsPage
from tests.knowledge.factories import (
    GlossaryTermFactory,
    GoodPracticePageFactory,
    ModelChapterPageFactory,
)


@pytest.fixture
def more_content(knowledge_demo):
    model = ModelPage.objects.get()
    for n in range(20):
        ModelChapterPageFactory(
            parent=model, title=f"Rozdział dodatkowy {n}", levels=["employee", "client"]
        )
    index = GoodPracticeIndexPage.objects.get()
    for n in range(40):
        GoodPracticePageFactory(
            parent=index,
            voivodeship=["24", "10", "12", "16"][n % 4],
            sectors=["education", "police"] if n % 2 else ["health"],
        )
    terms = [GlossaryTermFactory() for _ in range(60)]
    for term in terms[1:]:
        term.see_also.set([terms[0], terms[1]])
    document = get_document_model()(title="Porozumienie")
    document.file.save("porozumienie.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    page = ParticipantsPage.objects.get()
    for n in range(48):
        page.participants.add(
            Participant(
                name=f"Powiat {n}",
                jst_type="powiat",
                voivodeship="16",
                agreement_date=datetime.date(2018, 10, 1),
                agreement_document=document,
            )
        )
    page.save_revision().publish()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/model/",
        "/model/poziom/pracownika/",
        "/model/kontrakt-socjalny/",
        "/dobre-praktyki/",
        "/dobre-praktyki/?wojewodztwo=24&wojewodztwo=16&sektor=education&poziom=client&strona=2",
        "/dobre-praktyki/dzielnicowy-w-zzk/",
        "/slownik/",
        "/uczestnicy/",
    ],
)
def test_knowledge_pages_stay_within_query_budget_with_more_content(
    more_content, django_assert_max_num_queries, url, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # measure the rendering, not the page cache
    client = Client()
    client.get(url)  # warm caches of site and settings lookups, as any running server has
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
