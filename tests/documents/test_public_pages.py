"""The public registry: facets with counts, sorting, pagination, the not-in-force toggle, document
pages, safe downloads and the privacy of documents in private collections."""

import datetime

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Collection, CollectionViewRestriction

import pytest

from core.partners import Partner
from documents.models import LegalStatus

pytestmark = pytest.mark.django_db


def _index(client, **params):
    response = client.get(reverse("documents:index"), params)
    assert response.status_code == 200
    return response


@pytest.fixture
def opole_set(make_document):
    make_document(
        title="Regulamin naboru",
        number="R/1",
        issued_on=datetime.date(2018, 5, 30),
        partner=Partner.ROPS_OPOLE,
        voivodeship="16",
        tags=["nabór JST"],
    )
    make_document(
        title="Formularz zgłoszeniowy",
        type_slug="formularz",
        issued_on=datetime.date(2018, 5, 30),
        partner=Partner.ROPS_OPOLE,
        voivodeship="16",
        tags=["nabór JST"],
    )
    make_document(
        title="Porozumienie Oświęcim",
        type_slug="porozumienie",
        issued_on=datetime.date(2018, 10, 1),
        partner=Partner.ROPS_KRAKOW,
        voivodeship="12",
    )
    make_document(
        title="Stary regulamin",
        number="R/0",
        issued_on=datetime.date(2017, 1, 1),
        legal_status=LegalStatus.REPEALED,
        voivodeship="16",
    )


def test_facets_show_counts_of_documents_in_force(client, opole_set):
    response = _index(client)
    facets = response.context["facets"]
    assert ("regulamin", "regulamin", 1, False) in facets["typ"]
    assert ("16", "opolskie", 2, False) in facets["wojewodztwo"]
    assert ("2018", "2018", 3, False) in facets["rok"]
    page = response.content.decode()
    assert "Znaleziono 3 dokumenty" in page
    assert "Stary regulamin" not in page


def test_selected_facets_narrow_results_and_other_facets_keep_their_counts(client, opole_set):
    response = _index(client, wojewodztwo="16", typ="formularz")
    titles = [d.title for d in response.context["documents"]]
    assert titles == ["Formularz zgłoszeniowy"]
    facets = response.context["facets"]
    # The type facet is counted without its own selection (OR within a facet).
    assert ("regulamin", "regulamin", 1, False) in facets["typ"]
    assert ("formularz", "formularz", 1, True) in facets["typ"]
    assert ("nabor-jst", "nabór JST", 1, False) in facets["tag"]


def test_toggle_includes_documents_not_in_force(client, opole_set):
    response = _index(client, wszystkie="true", status="repealed")
    page = response.content.decode()
    assert "Stary regulamin" in page
    assert "nieobowiązujący" in page


def test_sorting_by_title_and_by_number(client, opole_set):
    by_title = [d.title for d in _index(client, sortuj="tytul").context["documents"]]
    assert by_title == sorted(by_title)
    by_date = [d.title for d in _index(client).context["documents"]]
    assert by_date[0] == "Porozumienie Oświęcim"
    by_number = [
        d.number for d in _index(client, sortuj="numer", wszystkie="true").context["documents"]
    ]
    assert by_number.index("R/0") < by_number.index("R/1")


def test_unknown_facet_values_give_an_empty_list_or_are_ignored_never_an_error(client, opole_set):
    response = _index(client, typ="nie-ma-takiego")
    assert "Brak dokumentów spełniających wybrane warunki." in response.content.decode()
    response = _index(client, rok="abc", sortuj="zle", strona="99")
    assert len(response.context["documents"]) == 3


def test_pagination_keeps_the_selected_facets(client, make_document):
    for n in range(23):
        make_document(title=f"Załącznik {n:02d}", voivodeship="16")
    response = _index(client, wojewodztwo="16", sortuj="tytul")
    page = response.content.decode()
    assert "wojewodztwo=16&amp;sortuj=tytul&amp;strona=2" in page
    assert "Znaleziono 23 dokumenty" in page
    second = _index(client, wojewodztwo="16", sortuj="tytul", strona="2")
    assert len(second.context["documents"]) == 3


def test_listing_with_three_facets_has_a_query_count_that_does_not_grow(
    client, make_document, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            make_document(
                title=f"Dokument {i}",
                issued_on=datetime.date(2018, 1, 1),
                voivodeship="16",
                partner=Partner.ROPS_OPOLE,
                tags=["nabór JST"],
            )

    params = {"typ": "regulamin", "wojewodztwo": "16", "rok": "2018"}
    add(3)
    # A server that has answered before: the site's settings exist and Wagtail's site roots are
    # cached (the first request of a fresh database creates the one and fills the other).
    _index(client, **params)
    with django_assert_max_num_queries(15):
        assert len(_index(client, **params).context["documents"]) == 3
    add(20)
    with django_assert_max_num_queries(15):
        assert len(_index(client, **params).context["documents"]) == 20


def test_document_page_shows_metadata_files_with_format_and_size_and_attachments(
    client, make_document, docx_data
):
    order = make_document(
        title="Zarządzenie nr 20/18",
        type_slug="zarzadzenie",
        number="20/18",
        issued_on=datetime.date(2018, 8, 30),
        issuer="Dyrektor ROPS w Opolu",
    )
    make_document(
        title="Oświadczenie RODO", type_slug="zalacznik", attachment_to=order, attachment_number=1
    )
    make_document(title="Zarządzenie (DOCX)", data=docx_data, filename="z.docx", format_of=order)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "20/18" in page and "30 sierpnia 2018" in page and "Dyrektor ROPS w Opolu" in page
    assert "(PDF, " in page and "(DOCX, " in page
    assert "Załącznik nr 1 – Oświadczenie RODO" in page
    # The alternative format is not a separate item of the listing.
    titles = [d.title for d in _index(client).context["documents"]]
    assert "Zarządzenie (DOCX)" not in titles


def test_wrong_slug_redirects_to_the_canonical_address(client, make_document):
    document = make_document(title="Karta oceny formalnej")
    response = client.get(reverse("documents:detail", args=[document.pk, "cokolwiek"]))
    assert response.status_code == 301
    assert response["Location"] == f"/dokumenty/{document.pk}/karta-oceny-formalnej/"


def test_download_is_an_attachment_with_safe_headers(client, make_document):
    document = make_document(title="Regulamin „naboru” <script>")
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="regulamin-naboru-script.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # Wagtail's own document URL leads to the same view.
    wagtail_url = reverse("wagtaildocs_serve", args=[document.pk, document.filename])
    assert client.get(wagtail_url)["Location"] == document.url


@pytest.fixture
def private_document(make_document):
    root = Collection.get_first_root_node()
    internal = root.add_child(name="Wewnętrzne")
    evaluators = Group.objects.create(name="Oceniający")
    restriction = CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([evaluators])
    document = make_document(title="Instrukcja dla oceniających")
    document.collection = internal
    document.save()
    return document, evaluators


def _urls(document):
    return [
        document.get_absolute_url(),
        document.url,
        reverse("wagtaildocs_serve", args=[document.pk, document.filename]),
    ]


def test_private_document_is_invisible_to_anonymous_visitors(client, private_document):
    document, _ = private_document
    for url in _urls(document):
        assert client.get(url).status_code == 404
    assert "Instrukcja dla oceniających" not in _index(client).content.decode()


def test_private_document_is_invisible_to_a_user_of_another_group(
    client, private_document, django_user_model
):
    document, _ = private_document
    user = django_user_model.objects.create_user("wnioskodawca", password="Haslo-123-abc")
    user.groups.add(Group.objects.create(name="Wnioskodawcy JST"))
    client.force_login(user)
    for url in _urls(document):
        response = client.get(url)
        assert response.status_code == 404
        assert not response.has_header("Content-Disposition")
    assert "Instrukcja dla oceniających" not in _index(client).content.decode()


def test_private_document_is_served_to_its_group(client, private_document, django_user_model):
    document, evaluators = private_document
    user = django_user_model.objects.create_user("oceniajacy", password="Haslo-123-abc")
    user.groups.add(evaluators)
    client.force_login(user)
    assert client.get(document.get_absolute_url()).status_code == 200
    response = client.get(document.url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert "Instrukcja dla oceniających" in _index(client).content.decode()


@pytest.mark.parametrize(
    "odd", ['"(*:[]{}~^\\', "regulamin AND OR NOT", "' OR 1=1 --", "*", "x" * 2000]
)
def test_engine_syntax_in_the_registry_search_never_breaks_the_listing(client, opole_set, odd):
    response = _index(client, q=odd)
    assert "Szukaj w tytułach i treści plików" in response.content.decode()


def test_search_words_survive_around_engine_syntax(client, opole_set):
    html = _index(client, q='"Regulamin* (naboru)"').content.decode()
    assert "Regulamin naboru" in html
