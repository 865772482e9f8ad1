"""The catalogue of good practices: facets with counts, unknown values, the accessible form."""

import re

from django.http import QueryDict

import pytest

from knowledge.filters import GoodPracticeFilterSet
from knowledge.models import GoodPracticePage
from tests.knowledge.factories import GoodPracticeIndexPageFactory, GoodPracticePageFactory


@pytest.fixture
def catalogue(knowledge_demo):
    """Four practices of our own next to the demo's ten, in a fresh catalogue."""
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page
    index = GoodPracticeIndexPageFactory(parent=home, slug="katalog-testowy")
    GoodPracticePageFactory(
        parent=index,
        title="A śląska szkolna",
        voivodeship="24",
        sectors=["education", "social"],
        levels=["employee"],
        target_groups=["youth"],
    )
    GoodPracticePageFactory(
        parent=index,
        title="B śląska policyjna",
        voivodeship="24",
        sectors=["police"],
        levels=["client"],
        target_groups=["violence"],
    )
    GoodPracticePageFactory(
        parent=index,
        title="C opolska szkolna",
        voivodeship="16",
        sectors=["education"],
        levels=["client", "institution"],
        target_groups=["youth"],
    )
    GoodPracticePageFactory(
        parent=index,
        title="D łódzka zdrowotna",
        voivodeship="10",
        sectors=["health"],
        levels=["client"],
        target_groups=["seniors"],
    )
    return index


def _count(html, name, value):
    """The count shown next to one checkbox, read from the label the visitor sees."""
    match = re.search(
        rf'id="filtr-{name}-{value}"[^>]*>\s*<label for="filtr-{name}-{value}">[^<]*'
        rf'<span class="count">\((\d+)',
        html,
    )
    assert match, f"no checkbox for {name}={value}"
    return int(match.group(1))


def _titles(html):
    if '<ul class="practice-list">' not in html:
        return []
    html = html.split('<ul class="practice-list">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)


@pytest.mark.django_db
def test_unfiltered_listing_shows_all_with_counts_per_value(client, catalogue):
    html = client.get("/katalog-testowy/").content.decode()
    assert _titles(html) == [
        "A śląska szkolna",
        "B śląska policyjna",
        "C opolska szkolna",
        "D łódzka zdrowotna",
    ]
    assert "Znaleziono 4 praktyki" in html
    assert _count(html, "wojewodztwo", "24") == 2
    assert _count(html, "wojewodztwo", "12") == 0
    assert _count(html, "sektor", "education") == 2
    assert _count(html, "poziom", "client") == 3
    assert _count(html, "grupa", "youth") == 2


@pytest.mark.django_db
def test_counts_reflect_the_other_active_filters(client, catalogue):
    html = client.get("/katalog-testowy/?wojewodztwo=24").content.decode()
    assert _titles(html) == ["A śląska szkolna", "B śląska policyjna"]
    # Other facets count within śląskie only...
    assert _count(html, "sektor", "education") == 1
    assert _count(html, "poziom", "client") == 1
    assert _count(html, "sektor", "health") == 0
    # ...while the active facet still shows what ticking another voivodeship would add.
    assert _count(html, "wojewodztwo", "16") == 1
    assert _count(html, "wojewodztwo", "24") == 2
    assert 'value="24" id="filtr-wojewodztwo-24" checked' in html


@pytest.mark.django_db
def test_values_of_one_facet_combine_with_or_and_facets_with_and(client, catalogue):
    html = client.get(
        "/katalog-testowy/?wojewodztwo=24&wojewodztwo=16&sektor=education"
    ).content.decode()
    assert _titles(html) == ["A śląska szkolna", "C opolska szkolna"]
    assert _count(html, "wojewodztwo", "10") == 0  # łódzkie has no education practice
    assert _count(html, "grupa", "youth") == 2
    assert "Wybrane filtry: łódzkie" not in html
    assert "Wybrane filtry: śląskie, opolskie, edukacja" in html


@pytest.mark.django_db
def test_multiple_choice_value_matches_exactly_not_as_a_prefix(client, catalogue):
    GoodPracticePageFactory(
        parent=catalogue,
        title="E inne",
        voivodeship="12",
        sectors=["other"],
        levels=["client"],
        target_groups=["other"],
    )
    html = client.get("/katalog-testowy/?sektor=social").content.decode()
    assert _titles(html) == ["A śląska szkolna"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "wojewodztwo=99&poziom=client",
        "wojewodztwo=&poziom=client&sektor=nieznany",
        "poziom=client&poziom=client&nieznany=1",
        "poziom=client&strona=abc",
        "poziom=client&strona=999",
        "poziom=client&wojewodztwo=%00%27",
    ],
)
def test_unknown_filter_values_are_ignored_and_the_listing_still_shown(client, catalogue, query):
    response = client.get(f"/katalog-testowy/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert _titles(html) == ["B śląska policyjna", "C opolska szkolna", "D łódzka zdrowotna"]
    assert "Wybrane filtry: poziom klienta" in html


@pytest.mark.django_db
def test_no_results_says_so_in_polish(client, catalogue):
    html = client.get("/katalog-testowy/?wojewodztwo=12&sektor=police").content.decode()
    assert "Znaleziono 0 praktyk" in html
    assert "Żadna praktyka nie spełnia wybranych warunków." in html


@pytest.mark.django_db
def test_filter_form_is_a_get_form_with_fieldsets_legends_and_labels(client, catalogue):
    html = client.get("/katalog-testowy/").content.decode()
    assert '<form class="filters" id="filtry-praktyk" data-facets method="get"' in html
    assert html.count("<fieldset") == 4
    for legend in ("Województwo", "Zaangażowany sektor", "Poziom współpracy", "Grupa docelowa"):
        assert f"<legend>{legend}</legend>" in html
    checkboxes = re.findall(r'<input type="checkbox"[^>]*id="([^"]+)"', html)
    assert len(checkboxes) == 4 + 8 + 3 + 9
    for checkbox_id in checkboxes:
        assert f'<label for="{checkbox_id}">' in html
    assert '<button type="submit"' in html


@pytest.mark.django_db
def test_pagination_keeps_the_filters(client, catalogue):
    for n in range(25):
        GoodPracticePageFactory(parent=catalogue, title=f"Z praktyka {n:02d}", voivodeship="16")
    html = client.get("/katalog-testowy/?wojewodztwo=16").content.decode()
    assert "Strona 1 z 2" in html
    assert 'href="?wojewodztwo=16&amp;strona=2"' in html
    second = client.get("/katalog-testowy/?wojewodztwo=16&strona=2").content.decode()
    assert len(_titles(second)) == 6


@pytest.mark.django_db
def test_filterset_keeps_only_known_parameters_and_values(catalogue):
    data = QueryDict("wojewodztwo=24&wojewodztwo=xx&wojewodztwo=24&sektor=police&inne=1")
    filterset = GoodPracticeFilterSet(
        data, queryset=GoodPracticePage.objects.child_of(catalogue).order_by("title")
    )
    assert dict(filterset.data.lists()) == {"wojewodztwo": ["24"], "sektor": ["police"]}
    assert [p.title for p in filterset.qs] == ["B śląska policyjna"]


@pytest.mark.django_db
def test_demo_catalogue_spans_the_four_voivodeships_and_is_marked_as_examples(
    client, knowledge_demo
):
    html = client.get("/dobre-praktyki/").content.decode()
    assert "Znaleziono 10 praktyk" in html
    for code in ("24", "10", "12", "16"):
        assert _count(html, "wojewodztwo", code) >= 2
    assert "przykładami demonstracyjnymi" in html
