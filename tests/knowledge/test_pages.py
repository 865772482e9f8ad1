"""Knowledge page types: where they go, that they render, and what they show."""

import datetime

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from knowledge import demo
from knowledge.models import (
    GlossaryPage,
    GoodPracticeIndexPage,
    GoodPracticePage,
    ModelChapterPage,
    ModelPage,
    Participant,
    ParticipantsPage,
)
from portal.models import HomePage
from tests.factories import UserFactory


@pytest.mark.django_db
def test_page_types_go_where_the_site_map_puts_them(page_assertions):
    page_assertions.assertCanCreateAt(HomePage, ModelPage)
    page_assertions.assertCanCreateAt(ModelPage, ModelChapterPage)
    page_assertions.assertCanCreateAt(HomePage, GoodPracticeIndexPage)
    page_assertions.assertCanCreateAt(GoodPracticeIndexPage, GoodPracticePage)
    page_assertions.assertCanCreateAt(HomePage, GlossaryPage)
    page_assertions.assertCanCreateAt(HomePage, ParticipantsPage)
    page_assertions.assertCanNotCreateAt(HomePage, ModelChapterPage)
    page_assertions.assertCanNotCreateAt(HomePage, GoodPracticePage)
    page_assertions.assertCanNotCreateAt(ModelPage, GoodPracticePage)
    page_assertions.assertCanNotCreateAt(GoodPracticeIndexPage, ModelChapterPage)
    page_assertions.assertCanNotCreateAt(Page, ModelPage)


@pytest.mark.django_db
def test_every_knowledge_page_is_renderable(knowledge_demo, page_assertions):
    pages = [
        ModelPage.objects.get(),
        *ModelChapterPage.objects.all(),
        GoodPracticeIndexPage.objects.get(),
        *GoodPracticePage.objects.all(),
        GlossaryPage.objects.get(),
        ParticipantsPage.objects.get(),
    ]
    assert len(pages) >= 21
    for page in pages:
        page_assertions.assertPageIsRenderable(page)
    model = ModelPage.objects.get()
    page_assertions.assertPageIsRoutable(model, "poziom/klienta/")
    page_assertions.assertPageIsRenderable(model, "poziom/klienta/")


@pytest.mark.django_db
def test_an_editor_creates_a_practice_with_several_sectors_in_the_admin(
    knowledge_demo, page_assertions
):
    page_assertions.client.force_login(UserFactory(is_superuser=True, is_staff=True))
    index = GoodPracticeIndexPage.objects.get()
    data = nested_form_data(
        {
            "title": "Praktyka z panelu",
            "slug": "praktyka-z-panelu",
            "lead": "",
            "jst_name": "Gmina Testowa",
            "voivodeship": "16",
            "problem": rich_text("<p>Problem</p>"),
            "actions": rich_text("<p>Działania</p>"),
            "results": rich_text("<p>Rezultaty</p>"),
            "contact_name": "",
            "contact_email": "",
            "contact_phone": "",
        }
    )
    # Checkbox lists are posted as repeated values, not as nested form data.
    data.update(sectors=["education", "police"], levels=["client"], target_groups=["youth"])
    page_assertions.assertCanCreate(index, GoodPracticePage, data)
    practice = GoodPracticePage.objects.get(slug="praktyka-z-panelu")
    assert practice.sectors == ["education", "police"]
    assert practice.sector_labels == ["edukacja", "policja"]


@pytest.mark.django_db
def test_an_editor_creates_a_chapter_tagged_with_two_levels(knowledge_demo, page_assertions):
    page_assertions.client.force_login(UserFactory(is_superuser=True, is_staff=True))
    model = ModelPage.objects.get()
    data = nested_form_data(
        {
            "title": "Nowy rozdział",
            "slug": "nowy-rozdzial",
            "lead": "",
            "body": streamfield([("paragraph", rich_text("<p>Treść</p>"))]),
        }
    )
    data["levels"] = ["institution", "client"]
    page_assertions.assertCanCreate(model, ModelChapterPage, data)
    chapter = ModelChapterPage.objects.get(slug="nowy-rozdzial")
    assert chapter.levels == ["institution", "client"]


@pytest.mark.django_db
def test_model_page_shows_table_of_contents_levels_and_no_pdf_link_before_generation(
    client, knowledge_demo
):
    html = client.get("/model/").content.decode()
    titles = [c["title"] for c in demo.CHAPTERS]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert 'href="/model/poziom/instytucji/"' in html
    assert 'Poziom klienta <span class="count">(3 rozdziały)</span>' in html
    # No PDF yet (tests do not run on-commit callbacks): no link that could be broken.
    assert "/model/pdf/" not in html
    assert "Wersja PDF całego Modelu jest w przygotowaniu." in html
    assert client.get("/model/pdf/").status_code == 404


@pytest.mark.django_db
def test_level_view_shows_only_chapters_of_that_level(client, knowledge_demo):
    response = client.get("/model/poziom/klienta/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Model Kooperacje 3D: poziom klienta</h1>" in html
    for chapter in demo.CHAPTERS:
        shown = f"{chapter['title']}</h2>" in html
        assert shown == ("client" in chapter["levels"]), chapter["title"]
    # The chapter keeps its number in the whole Model (diagnosis is chapter 6).
    assert "6. Poziom klienta: zindywidualizowana diagnoza potrzeb" in html
    assert 'href="/model/poziom/klienta/" aria-current="page"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/model/poziom/nieznany/", "/model/poziom/", "/model/x/y/"])
def test_unknown_level_gives_polish_404(client, knowledge_demo, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Nie znaleziono strony" in response.content.decode()


@pytest.mark.django_db
def test_chapter_page_shows_levels_number_and_neighbours(client, knowledge_demo):
    html = client.get("/model/animator-i-ekspert/").content.decode()
    assert "Model Kooperacje 3D, rozdział 3" in html
    assert (
        '<li class="badge">poziom instytucji</li><li class="badge">poziom pracownika</li>' in html
    )
    assert "Poprzedni rozdział: Poziom instytucji: partnerstwo lokalne" in html
    assert "Następny rozdział: Poziom pracownika: Zadaniowe Zespoły Kooperacyjne" in html


@pytest.mark.django_db
def test_unpublished_chapter_disappears_from_toc_and_neighbours(client, knowledge_demo):
    ModelChapterPage.objects.get(slug="animator-i-ekspert").unpublish()
    assert "Wsparcie JST: animator" not in client.get("/model/").content.decode()
    html = client.get("/model/zadaniowe-zespoly-kooperacyjne/").content.decode()
    assert "Poprzedni rozdział: Poziom instytucji: partnerstwo lokalne" in html
    assert "Model Kooperacje 3D, rozdział 3" in html


@pytest.mark.django_db
def test_good_practice_page_shows_structured_fields(client, knowledge_demo):
    html = client.get("/dobre-praktyki/dzielnicowy-w-zzk/").content.decode()
    assert "<dt>JST</dt><dd>Przykładowy powiat B</dd>" in html
    assert "<dt>Województwo</dt><dd>śląskie</dd>" in html
    assert "policja, pomoc społeczna, organizacje pozarządowe" in html
    assert "poziom pracownika, poziom klienta" in html
    assert "osoby doznające przemocy, rodziny z dziećmi" in html
    assert "Przykład demonstracyjny." in html
    for heading in ("Problem", "Działania", "Rezultaty", "Kontakt"):
        assert f">{heading}</h2>" in html


@pytest.mark.django_db
def test_participants_page_lists_sourced_jst_with_agreement_and_marks_samples(
    client, knowledge_demo
):
    html = client.get("/uczestnicy/").content.decode()
    assert "Gmina Miasto Oświęcim" in html and "Powiat Oświęcimski" in html
    assert '<time datetime="2018-10-01">1 października 2018</time>' in html
    assert "z: Województwo Małopolskie" in html
    assert html.count("przykładowe dane demonstracyjne") >= 4
    assert "Województwo małopolskie" in html
    document = Participant.objects.get(name="Powiat Oświęcimski").agreement_document
    assert f'href="{document.url}"' in html
    assert "(PDF, " in html


@pytest.mark.django_db
def test_participant_document_link_shows_format_and_size(client, knowledge_demo):
    document = get_document_model()(title="Porozumienie testowe")
    document.file.save("porozumienie.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 2048), save=False)
    document._set_document_file_metadata()
    document.save()
    page = ParticipantsPage.objects.get()
    page.participants.add(
        Participant(
            name="Gmina Testowa",
            jst_type="gmina_miejska",
            voivodeship="16",
            agreement_date=datetime.date(2019, 1, 2),
            agreement_document=document,
        )
    )
    page.save_revision().publish()
    html = client.get("/uczestnicy/").content.decode()
    assert "Porozumienie testowe</a>" in html
    assert "(PDF, 2,0\xa0KB)" in html or "(PDF, 2,0 KB)" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", [ModelPage, ParticipantsPage, GoodPracticeIndexPage, GlossaryPage]
)
def test_admin_edit_forms_of_knowledge_pages_open(client, knowledge_demo, model):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = model.objects.get()
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    if model is ParticipantsPage:
        html = response.content.decode()
        assert "Gmina Miasto Oświęcim" in html
        assert "dokument porozumienia" in html.lower()
