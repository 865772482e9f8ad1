"""A private document's file lives outside MEDIA_ROOT: no web server serving MEDIA_ROOT (nor
Django's static serve under DEBUG) can hand it out; only the permission-checking views serve it,
and it moves when the document or its collection changes side (documents/private_files.py)."""

import os
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.test import RequestFactory
from django.views.static import serve

from wagtail.models import Collection, CollectionViewRestriction

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def internal():
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Wewnętrzne")
    group = Group.objects.create(name="Oceniający")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    return collection, group, restriction


def _private(title, collection):
    from documents.generation import pdf_bytes
    from documents.services import create_document

    data = pdf_bytes(title, ("Treść wewnętrzna.",))
    return create_document(data, "instrukcja.pdf", {"title": title}, collection=collection)


def _under(path, root):
    return Path(path).resolve().is_relative_to(Path(root).resolve())


def _media_serve(name):
    """What `runserver` with DEBUG (k3d/urls.py) or a web server serving MEDIA_ROOT gives."""
    from django.conf import settings

    request = RequestFactory().get(f"/media/{name}")
    return serve(request, name, document_root=settings.MEDIA_ROOT)


def test_an_upload_into_a_private_collection_never_touches_media_root(internal, settings, client):
    collection, group, _restriction = internal
    document = _private("Instrukcja dla oceniających", collection)
    assert document.file.name.startswith("private/documents/")
    assert _under(document.file.path, settings.PRIVATE_MEDIA_ROOT)
    assert not _under(document.file.path, settings.MEDIA_ROOT)
    bare = document.file.name.removeprefix("private/")
    for name in (bare, document.file.name):
        with pytest.raises(Http404):
            _media_serve(name)
    with pytest.raises(SuspiciousFileOperation):  # a 400, never the file
        _media_serve(f"../{Path(settings.PRIVATE_MEDIA_ROOT).name}/{bare}")
    # The permission-checking views: 404 to whom the restriction refuses, the file to a member.
    for url in (document.url, document.get_absolute_url()):
        assert client.get(url).status_code == 404
    member = UserFactory()
    member.groups.add(group)
    client.force_login(member)
    response = client.get(document.url)
    assert response.status_code == 200
    with open(document.file.path, "rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


def test_moving_a_document_or_restricting_its_collection_moves_the_file(
    make_document, internal, settings
):
    collection, _group, restriction = internal
    document = make_document(title="Sprawozdanie")
    public_path = document.file.path
    assert _under(public_path, settings.MEDIA_ROOT)
    data = Path(public_path).read_bytes()

    document.collection = collection
    document.save()
    document.refresh_from_db()
    assert document.file.name.startswith("private/")
    assert not os.path.exists(public_path)
    assert Path(document.file.path).read_bytes() == data

    # The restriction goes: the collection and its documents are public again.
    restriction.delete()
    document.refresh_from_db()
    assert not document.file.name.startswith("private/")
    assert _under(document.file.path, settings.MEDIA_ROOT)
    assert _media_serve(document.file.name).status_code == 200

    # ... and comes back: the files go back too.
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document.refresh_from_db()
    assert document.file.name.startswith("private/")
    with pytest.raises(Http404):
        _media_serve(document.file.name.removeprefix("private/"))


def test_a_private_file_has_no_media_url(internal):
    collection, _group, _restriction = internal
    document = _private("Protokół", collection)
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018 - the property raises
    assert document.url.startswith("/dokumenty/")


def test_a_private_version_is_not_named_on_a_public_documents_page(make_document, internal, client):
    collection, _group, _restriction = internal
    public = make_document(title="Regulamin 2025")
    private = _private("Regulamin 2026 – projekt wewnętrzny", collection)
    private.supersedes = public
    private.save()
    page = client.get(public.get_absolute_url())
    assert page.status_code == 200
    assert "projekt wewnętrzny" not in page.content.decode()
