"""The admin side of private documents, as the demo's editor and operator meet it.

Editors and moderators hold document permissions on the root collection; "Dokumenty wewnętrzne"
below it is restricted to the commission and the operators. Wagtail's collection permissions
reach down the tree, so without documents.permissions.RestrictedCollectionPermissionPolicy the
editor listed, chose, edited and moved the commission's instruction (a move to a public
collection published its file). Bulk-action confirmation pages named any id's title, and a
document a call publishes could not be deleted without a 500.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection

import pytest

from recruitment.models import AuditLogEntry

pytestmark = pytest.mark.django_db

PRIVATE_TITLE = "Instrukcja dla członków komisji oceny projektów"


@pytest.fixture
def demo(demo_with_accounts):
    Document = get_document_model()
    return {
        "private": Document.objects.get(title=PRIVATE_TITLE),
        "public": Document.objects.exclude(collection__name="Dokumenty wewnętrzne")
        .order_by("pk")
        .first(),
        "internal": Collection.objects.get(name="Dokumenty wewnętrzne"),
    }


def _login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _text(response):
    return response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/documents/",
        "/admin/documents/?q=Instrukcja",
        "/admin/documents/chooser/",
        "/admin/documents/chooser/results/?q=Instrukcja",
        "/admin/rejestr-dokumentow/",
        "/admin/rejestr-dokumentow/?q=Instrukcja",
    ],
)
def test_an_editor_does_not_find_the_private_document_in_any_admin_listing(client, demo, url):
    _login(client, "redaktor")
    response = client.get(url)
    assert response.status_code == 200
    assert PRIVATE_TITLE not in _text(response)


def test_the_operator_finds_it_where_the_restriction_lets_them_in(client, demo):
    _login(client, "operator")
    for url in ("/admin/documents/?q=Instrukcja", "/admin/rejestr-dokumentow/"):
        assert PRIVATE_TITLE in _text(client.get(url))


def test_an_editor_cannot_move_a_public_document_into_the_private_collection(client, demo):
    _login(client, "redaktor")
    document = demo["public"]
    # One the editor may still edit: waiting for approval (a published one is a moderator's).
    type(document).objects.filter(pk=document.pk).update(moderation_state="pending")
    url = reverse("wagtaildocs:edit", args=[document.pk])
    form = _text(client.get(url))
    assert "Dokumenty wewnętrzne" not in form
    response = client.post(
        url, {"title": document.title, "collection": demo["internal"].pk, "tags": ""}
    )
    document.refresh_from_db()
    assert document.collection != demo["internal"]
    assert response.status_code == 200  # the form again, with the choice refused


def test_an_editor_cannot_take_the_private_document_out_of_its_collection(client, demo):
    _login(client, "redaktor")
    private = demo["private"]
    response = client.post(
        reverse("wagtaildocs:edit", args=[private.pk]),
        {"title": private.title, "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code in (302, 403, 404)
    private.refresh_from_db()
    assert private.collection == demo["internal"]
    assert private.file.name.startswith("private/")


def test_an_editor_cannot_delete_the_private_document_by_the_upload_form(client, demo):
    _login(client, "redaktor")
    response = client.post(reverse("wagtaildocs:delete_multiple", args=[demo["private"].pk]))
    # Wagtail's "no permission": back to the dashboard
    assert (response.status_code, response.get("Location")) == (302, "/admin/")
    assert get_document_model().objects.filter(pk=demo["private"].pk).exists()


def test_a_bulk_action_with_a_private_id_is_a_logged_404_naming_nothing(client, demo):
    _login(client, "redaktor")
    before = AuditLogEntry.objects.filter(action="access_denied").count()
    url = reverse("wagtail_bulk_action", args=["documents", "registrydocument", "delete"])
    response = client.get(f"{url}?id={demo['public'].pk}&id={demo['private'].pk}")
    assert response.status_code == 404
    assert PRIVATE_TITLE not in _text(response)
    entry = AuditLogEntry.objects.filter(action="access_denied").order_by("-pk").first()
    assert AuditLogEntry.objects.filter(action="access_denied").count() == before + 1
    assert entry.username == "redaktor"
    assert entry.details["reason"] == "bulk_action"
    assert entry.object_id == str(demo["private"].pk)


@pytest.mark.parametrize("ids", ["abc", "1.5", "99999999999999999999", "-1", ""])
def test_a_bulk_action_with_ids_that_are_not_ids_is_a_404(client, demo, ids):
    _login(client, "operator")
    url = reverse("wagtail_bulk_action", args=["documents", "registrydocument", "delete"])
    assert client.get(f"{url}?id={ids}").status_code == 404
    assert client.get(f"{url}?id={demo['public'].pk}&id={ids}").status_code == 404


def test_a_bulk_action_on_ones_own_documents_still_works(client, demo):
    _login(client, "redaktor")
    url = reverse("wagtail_bulk_action", args=["documents", "registrydocument", "add_tags"])
    response = client.get(f"{url}?id={demo['public'].pk}")
    assert response.status_code == 200
    assert demo["public"].title in _text(response)


def test_deleting_a_document_a_call_publishes_is_refused_in_polish(client, demo):
    """Wagtail's delete views ask the reference index first; the multiple upload's delete did not
    and answered 500 on the database's PROTECT (portal.middleware.ProtectedDeleteMiddleware)."""
    from recruitment.models import CallDocument

    link = CallDocument.objects.select_related("document").first()
    held = link.document
    _login(client, "operator")
    bulk = reverse("wagtail_bulk_action", args=["documents", "registrydocument", "delete"])
    assert client.post(f"{bulk}?id={held.pk}").status_code == 302
    assert get_document_model().objects.filter(pk=held.pk).exists()

    response = client.post(reverse("wagtaildocs:delete_multiple", args=[held.pk]))
    assert response.status_code == 409
    assert response.json()["success"] is False
    assert response.json()["error_message"].startswith(
        f"Nie usunięto: z tego wpisu korzystają inne dane ({link}"
    )
    assert get_document_model().objects.filter(pk=held.pk).exists()


def test_the_jst_registry_is_read_only_for_an_operator_limited_to_a_partner(client, demo):
    from recruitment.models import Institution

    institution = Institution.objects.order_by("pk").first()
    edit = reverse("wagtailsnippets_recruitment_institution:edit", args=[institution.pk])
    _login(client, "operator.opole")
    assert client.get("/admin/jst/").status_code == 200
    response = client.post(edit, {"name": "Zmieniona nazwa"})
    assert response.status_code in (302, 403)
    institution.refresh_from_db()
    assert institution.name != "Zmieniona nazwa"
    _login(client, "operator")
    assert client.get(edit).status_code == 200


# --- after a hostile review: the ways a private title still got out -------------------------


def test_a_hand_sent_id_of_a_private_document_is_refused_without_its_title(client, demo):
    _login(client, "redaktor")
    document = demo["public"]
    # One the editor may still edit: waiting for approval (a published one is a moderator's).
    type(document).objects.filter(pk=document.pk).update(moderation_state="pending")
    for field in ("attachment_to", "format_of", "supersedes"):
        response = client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {"title": document.title, field: demo["private"].pk},
        )
        assert response.status_code == 200, field
        assert PRIVATE_TITLE not in _text(response), field
        assert "Wybierz dokument z listy." in _text(response), field
    document.refresh_from_db()
    assert document.attachment_to_id is None and document.format_of_id is None


def test_the_registry_filter_does_not_name_the_private_collection_to_an_editor(client, demo):
    assert "Dokumenty wewnętrzne" not in _text(
        _login(client, "redaktor").get("/admin/rejestr-dokumentow/")
    )
    assert "Dokumenty wewnętrzne" in _text(
        _login(client, "operator").get("/admin/rejestr-dokumentow/")
    )


def test_a_newer_private_version_is_not_named_to_an_editor_nor_in_public_history(client, demo):
    from documents.services import supersede

    public = demo["public"]
    supersede(public, demo["private"])
    history = _text(client.get(public.get_absolute_url()))
    assert "Zastąpiony nową wersją" in history
    assert PRIVATE_TITLE not in history
    _login(client, "redaktor")
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Kolejna wersja", "supersedes": public.pk},
    )
    assert "Ten dokument ma już nowszą wersję. Wskaż najnowszą." in _text(response)
    assert PRIVATE_TITLE not in _text(response)


def test_a_format_shares_its_documents_collection_and_never_publishes_a_private_file(
    client, demo, settings
):
    from documents import private_files

    public, private = demo["public"], demo["private"]
    # Made before the rule: a private file as the other format of a public document.
    type(private).objects.filter(pk=private.pk).update(format_of=public)
    private.refresh_from_db()
    assert private_files.place(public) is False  # nothing moves into MEDIA_ROOT
    private.refresh_from_db()
    assert private.file.name.startswith("private/")
    listing = _text(client.get("/dokumenty/"))
    assert public.title in listing
    assert f'href="{public.url}"' in listing
    assert PRIVATE_TITLE not in listing

    _login(client, "operator")
    response = client.post(
        reverse("wagtaildocs:edit", args=[private.pk]),
        {"title": private.title, "collection": demo["internal"].pk, "format_of": public.pk},
    )
    assert "Inny format dokumentu musi być w tej samej kolekcji co dokument główny." in _text(
        response
    )


def test_a_public_page_refuses_a_private_document_and_hides_one_linked_before(client, demo):
    from django.core.exceptions import ValidationError

    from portal.blocks import DocumentLinkBlock

    block = DocumentLinkBlock()
    with pytest.raises(ValidationError) as refused:
        block.clean(block.to_python({"document": demo["private"].pk, "title": ""}))
    assert "tylko dokument publiczny" in str(refused.value.block_errors["document"])
    assert block.clean(block.to_python({"document": demo["public"].pk, "title": ""}))

    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    value = block.to_python({"document": demo["private"].pk, "title": ""})
    assert PRIVATE_TITLE not in block.render(value, context={"request": request})
    assert PRIVATE_TITLE not in block.render(value)
    request.user = get_user_model().objects.get(username="oceniajacy1")
    assert PRIVATE_TITLE in block.render(value, context={"request": request})


# --- after a third look: other fields, bulk moves, formats, rich text, page moves -----------


def test_pages_name_only_public_documents_in_their_document_fields(client, demo):
    from events.models import EventDocument, EventPage
    from knowledge.models import Participant
    from recruitment.models import CallDocument

    private = demo["private"]
    for model, field in (
        (EventDocument, "document"),
        (CallDocument, "document"),
        (Participant, "agreement_document"),
    ):
        with pytest.raises(ValidationError) as refused:
            model._meta.get_field(field).run_validators(private.pk)
        assert "tylko dokument publiczny" in str(refused.value), model
        model._meta.get_field(field).run_validators(demo["public"].pk)  # a public one is fine

    # Linked before it became private: not named on the public pages.
    event = EventPage.objects.live().first()
    EventDocument.objects.create(event=event, document=private, label="")
    participant = Participant.objects.first()
    Participant.objects.filter(pk=participant.pk).update(agreement_document=private)
    for url in (event.url, "/uczestnicy/"):
        assert PRIVATE_TITLE not in _text(client.get(url)), url
    _login(client, "oceniajacy1")
    assert PRIVATE_TITLE in _text(client.get(event.url))


def _own_document(title, **fields):
    """A document of the test's own: its file may move on disk (a move is not rolled back with
    the test's savepoint, so the demo's files are left where they are)."""
    from documents.generation import pdf_bytes
    from documents.services import create_document

    data = pdf_bytes(title, ("Treść testowa.",))
    return create_document(data, "dokument-testowy.pdf", {"title": title, **fields})


def test_a_bulk_move_into_the_private_collection_moves_the_files_and_the_formats(client, demo):
    from wagtail.documents import get_document_model

    Document = get_document_model()
    main = _own_document("Protokół zespołu – wersja PDF")
    other = _own_document("Protokół zespołu – inny format", format_of=main)
    assert not main.file.name.startswith("private/")
    _login(client, "operator")
    url = reverse(
        "wagtail_bulk_action", args=["documents", "registrydocument", "add_to_collection"]
    )
    # A format alone is refused: it moves with its document.
    client.post(f"{url}?id={other.pk}", {"collection": demo["internal"].pk})
    other.refresh_from_db()
    assert other.collection != demo["internal"]
    client.post(f"{url}?id={main.pk}", {"collection": demo["internal"].pk})
    main, other = Document.objects.get(pk=main.pk), Document.objects.get(pk=other.pk)
    assert main.collection == demo["internal"] and other.collection == demo["internal"]
    assert main.file.name.startswith("private/") and other.file.name.startswith("private/")
    client.logout()
    assert client.get(main.get_absolute_url()).status_code == 404
    assert client.get(other.url).status_code == 404
    assert main.title not in _text(client.get("/dokumenty/?q=Protokół"))


def test_a_format_of_a_private_document_is_not_served_to_the_public(client, demo):
    from wagtail.documents import get_document_model

    Document = get_document_model()
    fmt = Document.objects.exclude(collection=demo["internal"]).order_by("-pk").first()
    Document.objects.filter(pk=fmt.pk).update(format_of=demo["private"])
    fmt.refresh_from_db()
    assert client.get(fmt.url).status_code == 404
    assert client.get(fmt.get_absolute_url()).status_code == 404
    assert f"/dokumenty/{fmt.pk}/" not in _text(client.get("/sitemap.xml"))


def test_a_rich_text_link_to_a_private_document_keeps_its_words_and_loses_its_address(demo):
    from wagtail.rich_text import expand_db_html

    html = expand_db_html(
        f'<p><a linktype="document" id="{demo["private"].pk}">instrukcja</a> i '
        f'<a linktype="document" id="{demo["public"].pk}">regulamin</a></p>'
    )
    assert "<a>instrukcja</a>" in html
    assert f'<a href="{demo["public"].url}">regulamin</a>' in html
    assert "instrukcja-dla" not in html


def test_a_page_move_does_not_name_a_destination_the_user_may_not_see(client, demo):
    from wagtail.models import Page

    from portal.models import StandardPage

    home = Page.objects.get(depth=2)
    draft = home.add_child(instance=StandardPage(title="SZKIC INNEGO ZESPOŁU", live=False))
    _login(client, "operator.opole")
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "move"])
    response = client.post(f"{url}?id={home.pk}", {"chooser": draft.pk})
    assert response.status_code == 404
    assert "SZKIC INNEGO ZESPOŁU" not in _text(response)
