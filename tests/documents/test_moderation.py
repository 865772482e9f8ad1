"""Moderation of registry documents (issue #24): an editor's upload is public only after a
moderator's approval, now or at a set time; a rejection keeps it hidden and tells the editor why;
moderators and operators publish directly; every decision is in the register of changes.

On the demo with its accounts (`redaktor`: Redaktorzy, `moderator`: Moderatorzy, `operator`:
Operatorzy naboru). Index updates run on commit, so each step that changes a document runs in
`committed(...)`.
"""

import datetime
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Collection

import pytest

from documents.generation import pdf_bytes
from documents.models import DocumentChange, LegalStatus, ModerationState, RegistryDocument
from tests.documents.conftest import upload

pytestmark = pytest.mark.django_db

TITLE = "Sprawozdanie z superwizji koordynatorów w Grodkowie"
WORD = "Grodkowie"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def _client(username=None):
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def _upload_as(username, committed, title=TITLE, **fields):
    """An upload through Wagtail's "add document" form, as the user sends it."""
    client = _client(username)
    data = pdf_bytes(title, ("Superwizja koordynatorów zespołów w gminie Grodków.",))
    response = committed(
        lambda: client.post(
            reverse("wagtaildocs:add"),
            {
                "title": title,
                "file": upload("sprawozdanie.pdf", data),
                "collection": Collection.get_first_root_node().pk,
                "legal_status": "in_force",
                "language": "pl",
                **fields,
            },
        )
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return RegistryDocument.objects.get(title=title)


def _decide(username, document, committed, **data):
    return committed(
        lambda: _client(username).post(
            reverse("rejestr-dokumentow:moderate", args=[document.pk]), data
        )
    )


def _scheduled_upload(committed, hours=1):
    """An editor's upload, approved by the moderator for `hours` from now: (document, time)."""
    document = _upload_as("redaktor", committed)
    go_live = (timezone.localtime() + datetime.timedelta(hours=hours)).replace(
        second=0, microsecond=0
    )
    _decide(
        "moderator",
        document,
        committed,
        action="approve",
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
    )
    return document, go_live


def _public_view(document):
    """What an anonymous visitor meets of the document everywhere it could appear."""
    from search.backends import configured_backend_name, get_backend

    if configured_backend_name() == "elasticsearch":
        # What the queue wrote is searchable after the engine's refresh (every second); now.
        backend = get_backend("elasticsearch")
        backend.client.indices.refresh(index=backend.alias)
    visitor = _client()
    listing = visitor.get("/dokumenty/", {"q": WORD, "wszystkie": "1"})
    hits = visitor.get("/api/search/", {"q": WORD}).json()["hits"]
    return {
        "list": document.title in listing.content.decode(),
        "count": visitor.get("/dokumenty/").context["page_obj"].paginator.count,
        "page": visitor.get(document.get_absolute_url()).status_code,
        "file": visitor.get(document.url).status_code,
        "search": any(hit["url"] == document.get_absolute_url() for hit in hits),
        "sitemap": document.get_absolute_url() in visitor.get("/sitemap.xml").content.decode(),
    }


HIDDEN = {"list": False, "page": 404, "file": 404, "search": False, "sitemap": False}
SHOWN = {"list": True, "page": 200, "file": 200, "search": True, "sitemap": True}


def _without_count(view):
    return {key: value for key, value in view.items() if key != "count"}


def _entries(document, internal=None):
    changes = DocumentChange.objects.filter(document=document).order_by("pk")
    if internal is not None:
        changes = changes.filter(internal=internal)
    return [
        (change.description, change.user.username if change.user else None) for change in changes
    ]


def test_an_editors_upload_is_public_only_after_a_moderators_approval(
    demo_with_accounts, committed
):
    count_before = _client().get("/dokumenty/").context["page_obj"].paginator.count
    document = _upload_as("redaktor", committed)
    assert document.moderation_state == ModerationState.PENDING
    hidden = _public_view(document)
    assert _without_count(hidden) == HIDDEN
    assert hidden["count"] == count_before  # nor counted in the list or its facets

    response = _decide("moderator", document, committed, action="approve", go_live_at="")
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.moderation_state == ModerationState.PUBLISHED
    shown = _public_view(document)
    assert _without_count(shown) == SHOWN
    assert shown["count"] == count_before + 1
    # The metryczka names the moderator who published it.
    assert document.published_by == "Marek Moderujący"
    assert document.published_at is not None

    assert _entries(document, internal=True) == [
        ("Przesłano do zatwierdzenia przez moderatora.", "redaktor"),
        ("Zatwierdzono i opublikowano.", "moderator"),
    ]
    # The moderation is for the admin: the public register of changes does not list it.
    page = _client().get(document.get_absolute_url()).content.decode()
    assert "Dodano dokument do rejestru." in page
    assert "Przesłano do zatwierdzenia" not in page


def test_an_upload_in_the_multiple_uploader_by_an_editor_waits_too(demo_with_accounts, committed):
    client = _client("redaktor")
    data = pdf_bytes("Lista obecności Grodków", ("Lista obecności ze szkolenia w Grodkowie.",))
    first = client.post(
        reverse("wagtaildocs:add_multiple"), {"files[]": upload("lista-grodkow.pdf", data)}
    )
    upload_id = first.json()["uploaded_file_id"]
    prefix = f"uploaded-document-{upload_id}"
    response = committed(
        lambda: client.post(
            reverse("wagtaildocs:create_multiple_from_uploaded_document", args=[upload_id]),
            {
                f"{prefix}-title": "Lista obecności – Grodków",
                f"{prefix}-collection": Collection.get_first_root_node().pk,
                f"{prefix}-legal_status": "in_force",
                f"{prefix}-language": "pl",
            },
        )
    )
    assert response.json()["success"] is True, response.json()
    document = RegistryDocument.objects.get(pk=response.json()["doc_id"])
    assert document.uploaded_by_user.username == "redaktor"
    assert document.moderation_state == ModerationState.PENDING
    assert _without_count(_public_view(document)) == HIDDEN


@pytest.mark.parametrize("username", ["moderator", "operator"])
def test_a_moderators_or_operators_upload_is_public_at_once(
    demo_with_accounts, committed, username
):
    document = _upload_as(username, committed)
    assert document.moderation_state == ModerationState.PUBLISHED
    assert _without_count(_public_view(document)) == SHOWN
    assert _entries(document, internal=True) == []


def test_an_operator_may_schedule_their_own_upload(demo_with_accounts, committed):
    go_live = (timezone.localtime() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    document = _upload_as("operator", committed, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    assert document.moderation_state == ModerationState.SCHEDULED
    assert _without_count(_public_view(document)) == HIDDEN
    # Once stored, the time is the moderator's: the edit form does not change it.
    form = _client("operator").get(reverse("wagtaildocs:edit", args=[document.pk])).context["form"]
    assert form.fields["go_live_at"].disabled


def test_a_rejection_keeps_it_hidden_and_tells_the_editor_why(demo_with_accounts, committed):
    document = _upload_as("redaktor", committed)
    reason = "Brak numeru sprawozdania i daty wydania."

    refused = _decide("moderator", document, committed, action="reject", reason="  ")
    assert refused.status_code == 200  # the form says a reason is needed
    document.refresh_from_db()
    assert document.moderation_state == ModerationState.PENDING

    _decide("moderator", document, committed, action="reject", reason=reason)
    document.refresh_from_db()
    assert document.moderation_state == ModerationState.REJECTED
    assert document.rejection_reason == reason
    assert _without_count(_public_view(document)) == HIDDEN
    assert _entries(document, internal=True)[-1] == (f"Odrzucono. Powód: {reason}", "moderator")

    editor = _client("redaktor")
    assert reason in editor.get(reverse("wagtailadmin_home")).content.decode()
    registry = editor.get(reverse("rejestr-dokumentow:index"), {"moderation_state": "rejected"})
    assert document.title in registry.content.decode()
    assert reason in registry.content.decode()
    assert (
        reason
        in editor.get(reverse("rejestr-dokumentow:moderate", args=[document.pk])).content.decode()
    )

    # Corrected by the editor, it waits for approval again.
    form = editor.get(reverse("wagtaildocs:edit", args=[document.pk])).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and not form.fields[name].disabled and value is not None
    }
    data.update(
        title=document.title,
        number="7/2026",
        collection=document.collection_id,
        tags="",
        related_documents=[],
    )
    response = committed(lambda: editor.post(reverse("wagtaildocs:edit", args=[document.pk]), data))
    assert response.status_code == 302, response.content.decode()[:2000]
    document.refresh_from_db()
    assert document.number == "7/2026"
    assert document.moderation_state == ModerationState.PENDING
    assert _entries(document, internal=True)[-1] == (
        "Poprawiono i ponownie przesłano do zatwierdzenia.",
        "redaktor",
    )


def test_a_scheduled_approval_becomes_public_when_its_time_comes(demo_with_accounts, committed):
    document, go_live = _scheduled_upload(committed, hours=2)
    document.refresh_from_db()
    assert document.moderation_state == ModerationState.SCHEDULED
    assert document.go_live_at == go_live
    assert _without_count(_public_view(document)) == HIDDEN
    # Not before its time: the scheduled job publishes nothing yet.
    committed(lambda: call_command("publish_scheduled"))
    document.refresh_from_db()
    assert document.moderation_state == ModerationState.SCHEDULED

    later = go_live + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        # Its page and file are public on time, read from the clock, even before the job ran.
        assert _client().get(document.get_absolute_url()).status_code == 200
        committed(lambda: call_command("publish_scheduled"))
        document.refresh_from_db()
        assert document.moderation_state == ModerationState.PUBLISHED
        assert _without_count(_public_view(document)) == SHOWN
        # Run again (cron every minute): nothing more happens.
        committed(lambda: call_command("publish_scheduled"))
    assert [entry for entry, _user in _entries(document, internal=True)][-2:] == [
        f"Zatwierdzono; publikacja zaplanowana na {go_live.day} "
        f"{_month(go_live)} {go_live.year}, {go_live:%H:%M}.",
        f"Opublikowano zgodnie z harmonogramem ({go_live.day} {_month(go_live)} "
        f"{go_live.year}, {go_live:%H:%M}).",
    ]
    assert document.published_at == go_live


def _month(moment):
    from django.utils.formats import date_format

    return date_format(moment, "E")


def test_a_forged_approval_by_an_editor_is_refused_and_changes_nothing(
    demo_with_accounts, committed
):
    document = _upload_as("redaktor", committed)
    before = _entries(document)
    for data in ({"action": "approve", "go_live_at": ""}, {"action": "reject", "reason": "x"}):
        response = _decide("redaktor", document, committed, **data)
        # Wagtail's answer to a refused permission: back to the dashboard, "no permission".
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    document.refresh_from_db()
    assert document.moderation_state == ModerationState.PENDING
    assert _entries(document) == before
    assert _without_count(_public_view(document)) == HIDDEN


def test_ids_outside_ones_reach_are_404_and_a_second_decision_changes_nothing(
    demo_with_accounts, committed
):
    private = RegistryDocument.objects.get(collection__name="Dokumenty wewnętrzne")
    editor = _client("redaktor")
    for pk in (private.pk, 999999):
        url = reverse("rejestr-dokumentow:moderate", args=[pk])
        assert editor.get(url).status_code == 404
        assert editor.post(url, {"action": "approve"}).status_code == 404

    document = _upload_as("redaktor", committed)
    _decide("moderator", document, committed, action="approve", go_live_at="")
    entries = _entries(document)
    again = _decide("operator", document, committed, action="reject", reason="Za późno.")
    assert again.status_code == 302
    document.refresh_from_db()
    assert document.moderation_state == ModerationState.PUBLISHED
    assert _entries(document) == entries


def test_the_registry_and_the_dashboard_show_what_waits(demo_with_accounts, committed):
    document = _upload_as("redaktor", committed)
    moderator = _client("moderator")
    dashboard = moderator.get(reverse("wagtailadmin_home")).content.decode()
    assert "Dokumenty do zatwierdzenia" in dashboard
    assert reverse("rejestr-dokumentow:moderate", args=[document.pk]) in dashboard
    assert "Wszystkie oczekujące: 1 dokument<" in dashboard
    pending = moderator.get(reverse("rejestr-dokumentow:index"), {"moderation_state": "pending"})
    assert document.title in pending.content.decode()
    assert "do zatwierdzenia" in pending.content.decode()
    published = moderator.get(
        reverse("rejestr-dokumentow:index"), {"moderation_state": "published"}
    )
    assert document.title not in published.content.decode()
    # The moderator may open the file and the page to decide; the public may not.
    assert moderator.get(document.url).status_code == 200
    page = moderator.get(document.get_absolute_url())
    assert "Podgląd: ten dokument nie jest publiczny." in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"


def test_a_new_version_by_an_editor_leaves_the_old_one_in_force_until_approved(
    demo_with_accounts, committed
):
    old = (
        RegistryDocument.objects.listed()
        .public()
        .in_force()
        .exclude(collection__name="Dokumenty wewnętrzne")
        .order_by("pk")
        .first()
    )
    in_force = _client().get("/dokumenty/").context["page_obj"].paginator.count
    document = _upload_as("redaktor", committed, supersedes=old.pk)
    old.refresh_from_db()
    assert document.version == old.version + 1
    assert old.legal_status == LegalStatus.IN_FORCE and old.is_in_force()
    # The public list of documents in force still counts the old version, not the new one.
    assert _client().get("/dokumenty/").context["page_obj"].paginator.count == in_force
    assert "Historia wersji" not in _client().get(old.get_absolute_url()).content.decode()

    _decide("moderator", document, committed, action="approve", go_live_at="")
    old.refresh_from_db()
    assert old.legal_status == LegalStatus.AMENDED and not old.is_in_force()
    assert _client().get("/dokumenty/").context["page_obj"].paginator.count == in_force
    assert document.title in _client().get(old.get_absolute_url()).content.decode()


def test_a_rich_text_link_or_block_shows_an_unpublished_document_to_no_one(
    demo_with_accounts, committed
):
    from wagtail.rich_text import expand_db_html

    from portal.blocks import DocumentLinkBlock

    document = _upload_as("redaktor", committed)
    html = f'<a linktype="document" id="{document.pk}">sprawozdanie</a>'
    assert expand_db_html(html) == "<a>sprawozdanie</a>"
    block = DocumentLinkBlock()
    assert block.get_context({"document": document})["visible"] is False

    _decide("moderator", document, committed, action="approve", go_live_at="")
    document.refresh_from_db()
    assert expand_db_html(html) == f'<a href="{document.url}">sprawozdanie</a>'
    assert block.get_context({"document": document})["visible"] is True


def test_existing_and_imported_documents_are_published(demo_with_accounts):
    assert not RegistryDocument.objects.exclude(moderation_state=ModerationState.PUBLISHED).exists()


def _edit_data(document, **changes):
    """Wagtail's document edit form as its page fills it (read by a moderator), with `changes`."""
    form = _client("moderator").get(reverse("wagtaildocs:edit", args=[document.pk])).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and not form.fields[name].disabled and value is not None
    }
    data.update(collection=document.collection_id, tags="", related_documents=[], **changes)
    return data


@pytest.mark.parametrize("scheduled", [False, True])
def test_an_editor_may_not_change_or_delete_a_published_or_scheduled_document(
    demo_with_accounts, committed, scheduled
):
    fields = {}
    if scheduled:
        go_live = timezone.localtime() + datetime.timedelta(days=1)
        fields["go_live_at"] = go_live.strftime("%Y-%m-%d %H:%M")
    document = _upload_as("operator", committed, **fields)
    state = ModerationState.SCHEDULED if scheduled else ModerationState.PUBLISHED
    assert document.moderation_state == state
    editor = _client("redaktor")
    edit_url = reverse("wagtaildocs:edit", args=[document.pk])
    data = _edit_data(document, title="Podmieniony tytuł", number="13/2026")

    # The edit form, Wagtail's delete, the registry's own edit and delete: Wagtail's "no
    # permission" (back to the dashboard with the message), nothing stored.
    for url in (
        edit_url,
        reverse("wagtaildocs:delete", args=[document.pk]),
        reverse("rejestr-dokumentow:edit", args=[document.pk]),
        reverse("rejestr-dokumentow:delete", args=[document.pk]),
    ):
        assert editor.get(url)["Location"] == reverse("wagtailadmin_home"), url
        response = committed(lambda url=url: editor.post(url, data))
        assert (response.status_code, response["Location"]) == (
            302,
            reverse("wagtailadmin_home"),
        ), url
    denied = _client("redaktor").get(edit_url, follow=True).content.decode()
    assert "nie posiadasz uprawnień" in denied
    # Its review page says how a published document is changed, and offers no editing.
    review = editor.get(reverse("rejestr-dokumentow:moderate", args=[document.pk]))
    assert "prześlij jego nową wersję (zatwierdzi ją moderator)" in review.content.decode()
    assert edit_url not in review.content.decode()
    # The bulk actions (delete, change status, tags, collection) act on nothing of it.
    for action, extra in (
        ("delete", {}),
        ("change_status", {"legal_status": "repealed"}),
        ("add_tags", {"tags": "podmiana"}),
    ):
        bulk = reverse("wagtail_bulk_action", args=["documents", "registrydocument", action])
        committed(lambda bulk=bulk, extra=extra: editor.post(f"{bulk}?id={document.pk}", extra))
    document.refresh_from_db()
    assert document.title == TITLE and document.number != "13/2026"
    assert document.legal_status == LegalStatus.IN_FORCE
    assert list(document.tags.names()) == []
    assert document.moderation_state == state
    if not scheduled:
        assert TITLE in _client().get(document.get_absolute_url()).content.decode()

    # The registry lists it for the editor with its review page, not the editor.
    listing = editor.get(reverse("rejestr-dokumentow:index"), {"q": WORD}).content.decode()
    assert document.title in listing
    assert reverse("rejestr-dokumentow:moderate", args=[document.pk]) in listing
    assert edit_url not in listing
    assert reverse("rejestr-dokumentow:delete", args=[document.pk]) not in listing
    wagtail_listing = editor.get(reverse("wagtaildocs:index"), {"q": WORD}).content.decode()
    assert edit_url not in wagtail_listing

    # A moderator may change it.
    response = committed(lambda: _client("moderator").post(edit_url, data))
    assert response.status_code == 302, response.content.decode()[:2000]
    document.refresh_from_db()
    assert document.title == "Podmieniony tytuł"


def test_an_editor_still_corrects_their_own_waiting_upload(demo_with_accounts, committed):
    document = _upload_as("redaktor", committed)
    editor = _client("redaktor")
    edit_url = reverse("wagtaildocs:edit", args=[document.pk])
    assert editor.get(edit_url).status_code == 200
    listing = editor.get(reverse("rejestr-dokumentow:index"), {"q": WORD}).content.decode()
    assert edit_url in listing
    response = committed(
        lambda: editor.post(edit_url, _edit_data(document, title=TITLE, number="8/2026"))
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document.refresh_from_db()
    assert document.number == "8/2026"
    assert document.moderation_state == ModerationState.PENDING


def test_documents_are_published_even_when_wagtails_part_of_the_job_fails(
    demo_with_accounts, committed
):
    from wagtail.management.commands.publish_scheduled import Command as WagtailCommand

    document, go_live = _scheduled_upload(committed)
    later = go_live + datetime.timedelta(minutes=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch.object(WagtailCommand, "handle", side_effect=RuntimeError("pages broke")),
    ):
        with pytest.raises(RuntimeError, match="pages broke"):  # still reported to cron
            committed(lambda: call_command("publish_scheduled"))
    document.refresh_from_db()
    assert document.moderation_state == ModerationState.PUBLISHED
    assert document.published_at == go_live


def _stored_where(document):
    """Which root holds the document's file: 'private', 'public', both or neither."""
    from pathlib import Path

    from django.conf import settings

    document.refresh_from_db()
    bare = document.file.name.removeprefix("private/")
    return {
        root
        for root, folder in (
            ("private", settings.PRIVATE_MEDIA_ROOT),
            ("public", settings.MEDIA_ROOT),
        )
        if (Path(folder) / bare).is_file()
    }


def test_an_unpublished_documents_files_are_stored_outside_the_public_media(
    demo_with_accounts, committed
):
    document = _upload_as("redaktor", committed)
    # Another format of it, by an operator: published itself, private while its document waits.
    other = _upload_as("operator", committed, title="Sprawozdanie – Grodków (kopia)")
    other.format_of = document
    committed(lambda: other.save())
    assert _stored_where(document) == {"private"}
    assert document.file.name.startswith("private/")
    assert _stored_where(other) == {"private"}
    assert _client().get(document.url).status_code == 404
    assert _client("moderator").get(document.url).status_code == 200  # to decide on it

    _decide("moderator", document, committed, action="approve", go_live_at="")
    assert _stored_where(document) == {"public"}
    assert _stored_where(other) == {"public"}
    download = _client().get(document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content if download.streaming else [download.content])

    rejected = _upload_as("redaktor", committed, title="Sprawozdanie odrzucone z Grodkowa")
    _decide("moderator", rejected, committed, action="reject", reason="Dubel.")
    assert _stored_where(rejected) == {"private"}
    assert _client().get(rejected.url).status_code == 404


def test_a_scheduled_documents_file_becomes_public_when_it_is_published(
    demo_with_accounts, committed
):
    document, go_live = _scheduled_upload(committed)
    assert _stored_where(document) == {"private"}
    with mock.patch("django.utils.timezone.now", return_value=go_live + datetime.timedelta(1)):
        committed(lambda: call_command("publish_scheduled"))
    assert _stored_where(document) == {"public"}


def test_a_rejected_new_version_lets_the_old_one_get_another(demo_with_accounts, committed):
    v1 = _upload_as("operator", committed, title="Regulamin superwizji w Grodkowie")
    v2 = _upload_as(
        "redaktor", committed, title="Regulamin superwizji – wersja 2", supersedes=v1.pk
    )
    assert v2.supersedes == v1
    _decide("moderator", v2, committed, action="reject", reason="Zły załącznik.")
    v2.refresh_from_db()
    assert v2.moderation_state == ModerationState.REJECTED
    assert v2.supersedes is None
    assert _entries(v2, internal=True)[-1] == (
        "Odrzucona nowa wersja nie zastępuje już dokumentu „Regulamin superwizji w Grodkowie” "
        f"(wersja {v1.version}); można do niego dodać inną nową wersję.",
        "moderator",
    )
    v1.refresh_from_db()
    assert v1.legal_status == LegalStatus.IN_FORCE

    v2b = _upload_as(
        "operator", committed, title="Regulamin superwizji – wersja 2b", supersedes=v1.pk
    )
    assert v2b.moderation_state == ModerationState.PUBLISHED
    assert v2b.supersedes == v1 and v2b.version == v1.version + 1
    v1.refresh_from_db()
    assert v1.legal_status == LegalStatus.AMENDED
    assert v1.get_legal_status_display() == "zmieniony"
