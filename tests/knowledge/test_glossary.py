"""The glossary: Polish alphabetical order, letter navigation, anchors and links to terms."""

import re

import pytest

from knowledge.models import GlossaryTerm, ModelChapterPage
from knowledge.services import initial_letter, polish_plural, polish_sort_key, sort_polish
from tests.factories import UserFactory
from tests.knowledge.factories import GlossaryTermFactory


def test_polish_order_puts_letters_with_diacritics_after_their_base_letter():
    words = [
        "żaba",
        "Zebra",
        "źrebię",
        "łąka",
        "Lampa",
        "ćma",
        "cyrk",
        "ślad",
        "sok",
        "ąb",
        "Ala",
        "Ósemka",
        "osa",
        "ęsi",
        "ekspert",
        "Zz",
        "Ńa",
        "nos",
    ]
    assert sort_polish(words) == [
        "Ala",
        "ąb",
        "cyrk",
        "ćma",
        "ekspert",
        "ęsi",
        "Lampa",
        "łąka",
        "nos",
        "Ńa",
        "osa",
        "Ósemka",
        "sok",
        "ślad",
        "Zebra",
        "Zz",
        "źrebię",
        "żaba",
    ]
    # Plain code-point sorting would get this wrong, which is why the key exists.
    assert sorted(words) != sort_polish(words)


def test_polish_order_compares_whole_words_case_insensitively():
    assert sort_polish(["ZZK", "Zespół ds. Modelu", "zadanie"]) == [
        "zadanie",
        "Zespół ds. Modelu",
        "ZZK",
    ]
    assert polish_sort_key("Łódź") > polish_sort_key("Lwów")
    assert polish_sort_key("kontrakt socjalny") < polish_sort_key("kontraktowy")


def test_initial_letter_keeps_polish_letters_and_groups_the_rest():
    assert initial_letter("łąka") == "Ł"
    assert initial_letter("Środowisko lokalne") == "Ś"
    assert initial_letter("3D") == "#"


def test_polish_plural_forms():
    forms = ("%d rozdział", "%d rozdziały", "%d rozdziałów")
    assert [polish_plural(n, *forms) % n for n in (1, 2, 5, 12, 22, 25)] == [
        "1 rozdział",
        "2 rozdziały",
        "5 rozdziałów",
        "12 rozdziałów",
        "22 rozdziały",
        "25 rozdziałów",
    ]


@pytest.mark.django_db
def test_glossary_page_lists_terms_in_polish_order_with_letter_navigation(client, knowledge_demo):
    for term in ("Żłobek", "Zupa", "Łącznik", "Lider"):
        GlossaryTermFactory(
            term=term, slug=f"t-{term.lower()}"[:20].encode("ascii", "ignore").decode()
        )
    html = client.get("/slownik/").content.decode()
    terms = re.findall(r"<dt>([^<]+?)(?: <span|</dt>)", html)
    assert terms == sort_polish(terms)
    assert (
        terms.index("Lider") < terms.index("Łącznik") < terms.index("Zupa") < terms.index("Żłobek")
    )
    assert len(terms) == GlossaryTerm.objects.count()
    # Letters with terms are links to their section; the others are shown, but not as links.
    assert '<a href="#litera-l-322">Ł</a>' in html and 'id="litera-l-322"' in html
    assert '<a href="#litera-z-380">Ż</a>' in html
    assert re.search(r'<span class="letters__empty"[^>]*>Ń', html)
    nav = html.split('<nav class="letters"', 1)[1].split("</nav>", 1)[0]
    letters = re.findall(r">([A-ZĄĆĘŁŃÓŚŹŻ])(?:<|<span)", nav)
    assert letters[:4] == ["A", "Ą", "B", "C"] and letters[-3:] == ["Z", "Ź", "Ż"]


@pytest.mark.django_db
def test_term_entry_has_its_slug_as_anchor_with_expansion_and_see_also(client, knowledge_demo):
    html = client.get("/slownik/").content.decode()
    entry = html.split('<div class="glossary__entry" id="pzk">', 1)[1].split("</div>", 1)[0]
    assert "PZK" in entry and "(Partnerski Zespół Kooperacyjny)" in entry
    assert 'Zobacz też: <a href="#animator">Animator</a>, <a href="#partnerstwo-lokalne">' in entry


@pytest.mark.django_db
def test_demo_has_the_required_terms(knowledge_demo):
    terms = set(GlossaryTerm.objects.values_list("term", flat=True))
    required = {
        "PZK",
        "ZZK",
        "OPS",
        "PCPR",
        "JST",
        "ROPS",
        "RCPS",
        "Kontrakt socjalny",
        "Animator",
        "Ekspert ds. modelu",
        "Komitet Sterujący",
        "Zespół ds. Modelu",
        "Superwizja",
        "Coaching",
        "Warsztaty kooperacyjne",
        "Diagnoza potrzeb",
        "Partnerstwo lokalne",
        "Makroregion",
        "Kamień milowy",
        "TERYT",
    }
    assert required <= terms
    assert len(terms) >= 20


@pytest.mark.django_db
def test_every_glossary_link_in_the_model_points_to_an_existing_term(client, knowledge_demo):
    slugs = set(GlossaryTerm.objects.values_list("slug", flat=True))
    linked = set()
    for chapter in ModelChapterPage.objects.live():
        html = client.get(chapter.url).content.decode()
        linked |= set(re.findall(r'href="/slownik/#([a-z0-9-]+)"', html))
    assert len(linked) >= 10
    assert linked <= slugs, linked - slugs


@pytest.mark.django_db
def test_editors_manage_terms_in_the_snippet_admin(client, knowledge_demo):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/admin/snippets/knowledge/glossaryterm/")
    assert response.status_code == 200
    assert "Kontrakt socjalny" in response.content.decode()
    add = client.get("/admin/snippets/knowledge/glossaryterm/add/")
    assert add.status_code == 200
    html = add.content.decode()
    assert "Kotwica" in html or "kotwica" in html


def test_a_glossary_link_survives_the_rich_text_editor_round_trip():
    """Editors insert /slownik/#<slug> with Draftail's ordinary link chooser (URL tab)."""
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    converter = ContentstateConverter(features=["bold", "italic", "link"])
    html = '<p>Zespół <a href="/slownik/#pzk">PZK</a> zbiera się co miesiąc.</p>'
    round_trip = converter.to_database_format(converter.from_database_format(html))
    assert '<a href="/slownik/#pzk">PZK</a>' in round_trip
