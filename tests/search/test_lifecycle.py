"""The index follows the content: publish, unpublish, move, delete, uploads, edits and extraction.

Changes reach the index through the queue and the background task once the transaction commits
(TASKS_BACKEND=immediate in tests runs the task at once), so each step is wrapped in
`django_capture_on_commit_callbacks(execute=True)`.
"""

import datetime
import io

from django.core.management import call_command

from wagtail.models import Collection, Page

import pytest

from documents.generation import docx_bytes
from documents.services import create_document
from portal.models import NewsIndexPage, NewsPage
from search.backends.base import SearchRequest
from search.backends.database import DatabaseBackend
from search.models import IndexUpdate, SearchEntry
from search.polish import parse_query

pytestmark = pytest.mark.django_db


def found(text):
    response = DatabaseBackend().search(SearchRequest(query=parse_query(text)))
    return {hit.key: hit for hit in response.hits}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        return result

    return run


def test_page_publish_unpublish_move_and_delete(demo_content, committed):
    news_index = NewsIndexPage.objects.get()
    page = NewsPage(
        title="Superwizja koordynatorów w Kluczborku",
        slug="superwizja-kluczbork",
        date=datetime.date(2026, 11, 2),
        lead="Koordynatorzy ZZK spotkali się na superwizji.",
    )
    committed(lambda: news_index.add_child(instance=page))  # saved live by add_child
    committed(lambda: page.save_revision().publish())
    key = f"page:{page.pk}"
    hit = found("superwizji koordynatorów")[key]
    assert hit.url == "/aktualnosci/superwizja-kluczbork/"

    committed(page.unpublish)
    assert key not in found("Kluczborku")

    committed(lambda: page.save_revision().publish())
    target = Page.objects.get(slug="o-projekcie")
    committed(lambda: page.move(target, pos="last-child"))
    assert found("Kluczborku")[key].url == "/o-projekcie/superwizja-kluczbork/"

    committed(lambda: Page.objects.get(pk=page.pk).delete())
    assert key not in found("Kluczborku")
    assert not SearchEntry.objects.filter(key=key).exists()
    assert not IndexUpdate.objects.exists()


def test_a_draft_is_not_searchable_until_published(demo_content, committed):
    about = Page.objects.get(slug="o-projekcie").specific
    about.title = "O projekcie Kooperacje Brzeg"
    committed(lambda: about.save_revision())
    assert "Brzeg" not in " ".join(hit.title for hit in found("Brzeg").values())
    committed(lambda: about.get_latest_revision().publish())
    assert found("Brzeg")[f"page:{about.pk}"].title == "O projekcie Kooperacje Brzeg"


def test_uploaded_file_text_is_searchable_after_extraction(demo_content, committed):
    data = docx_bytes("Sprawozdanie", ("Koordynatorka z Namysłowa opisała streetworking.",))
    document = committed(
        lambda: create_document(data, "sprawozdanie.docx", {"title": "Sprawozdanie kwartalne"})
    )
    document.refresh_from_db()
    assert document.extraction_status == "done"
    hit = found("Namysłów")[f"document:{document.pk}"]
    assert "<mark>Namysłowa</mark>" in hit.snippet

    document.title = "Sprawozdanie z pilotażu w Namysłowie"
    committed(document.save)
    assert found("Namysłów")[f"document:{document.pk}"].title.startswith("Sprawozdanie z pilotażu")

    committed(document.delete)
    assert f"document:{document.pk}" not in found("Namysłów")


def test_private_documents_are_never_indexed(demo_content, committed):
    private = Collection.objects.get(name__icontains="wewnętrzne")
    data = docx_bytes("Notatka", ("Poufna notatka o gminie Byczyna.",))
    document = committed(
        lambda: create_document(data, "notatka.docx", {"title": "Notatka"}, collection=private)
    )
    assert f"document:{document.pk}" not in found("Byczyna")
    assert not SearchEntry.objects.filter(key=f"document:{document.pk}").exists()


def test_glossary_term_is_indexed_when_added(demo_content, committed):
    from knowledge.models import GlossaryTerm

    term = committed(
        lambda: GlossaryTerm.objects.create(
            term="Koordynator wojewódzki",
            slug="koordynator-wojewodzki",
            definition="<p>Moderator partnerstwa lokalnego.</p>",
        )
    )
    assert (
        found("koordynatorzy wojewódzcy")[f"term:{term.pk}"].url
        == "/slownik/#koordynator-wojewodzki"
    )


def test_rebuild_command_replaces_the_index(demo_content):
    SearchEntry.objects.all().delete()
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", "--backend", "database", stdout=out, stderr=err)
    assert "Indeks database:" in out.getvalue()
    assert "100%" in err.getvalue()  # the progress bar
    assert SearchEntry.objects.count() >= 60
    assert found("Oświęcim")


def test_popular_searches_report_lists_the_logged_queries(client, demo_content, admin_user):
    for _ in range(3):
        client.get("/szukaj/", {"q": "kontrakt socjalny"})
    client.get("/api/search/", {"q": "Oświęcim"})
    client.force_login(admin_user)
    html = client.get("/admin/searchpicks/reports/search-terms/").content.decode()
    assert "kontrakt socjalny" in html and "oświęcim" in html


def test_each_first_page_search_counts_one_hit_of_its_normalised_query(client, demo_content):
    from wagtail.contrib.search_promotions.models import Query

    for _ in range(3):
        client.get("/api/search/", {"q": "Kontrakt  Socjalny"})
    client.get("/api/search/", {"q": "kontrakt socjalny", "page": "2"})  # not counted
    client.get("/szukaj/", {"q": "Oświęcim"})
    counted = {q.query_string: q.hits for q in Query.objects.all()}
    assert counted == {"kontrakt socjalny": 3, "oświęcim": 1}


def test_waiting_updates_are_applied_by_the_command(demo_content):
    page = Page.objects.get(slug="o-projekcie")
    IndexUpdate.objects.create(backend="database", key=f"page:{page.pk}")
    SearchEntry.objects.filter(key=f"page:{page.pk}").delete()
    out = io.StringIO()
    call_command("process_search_updates", stdout=out)
    assert "Indeks database: wprowadzono 1, czeka 0." in out.getvalue()
    assert SearchEntry.objects.filter(key=f"page:{page.pk}").exists()
