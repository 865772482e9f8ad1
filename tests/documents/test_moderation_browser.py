"""In Chromium: the screens of document moderation have no WCAG 2.1 A/AA (and 2.2 target size)
violation that axe-core finds: a moderator's dashboard, the registry filtered to what waits, the
review page, and the review page showing a rejection without its reason."""

import pytest

from documents.models import ModerationState, RegistryDocument
from tests.accessibility import assert_no_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_moderation_screens_have_no_wcag_violations(page, live_server, axe, make_document):
    from django.contrib.auth.models import Permission

    from wagtail.models import Collection, GroupCollectionPermission

    from core.roles import EDITORS, MODERATORS
    from portal.accounts import ensure_role_groups
    from tests.factories import UserFactory

    # The moderators' document permissions, as setup_roles gives them (an earlier transactional
    # test's flush may have removed the site and the root collection it needs).
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    groups = ensure_role_groups()
    for codename in ("add_document", "change_document", "choose_document"):
        GroupCollectionPermission.objects.get_or_create(
            group=groups[MODERATORS],
            collection=root,
            permission=Permission.objects.get(
                content_type__app_label="wagtaildocs", codename=codename
            ),
        )
    editor = UserFactory(username="redaktorka-axe")
    editor.groups.set([groups[EDITORS]])
    moderator = UserFactory(username="moderator-axe")
    moderator.groups.set([groups[MODERATORS]])
    document = make_document("Sprawozdanie z superwizji koordynatorów")
    RegistryDocument.objects.filter(pk=document.pk).update(
        moderation_state=ModerationState.PENDING, uploaded_by_user=editor
    )
    review = f"/admin/rejestr-dokumentow/{document.pk}/moderacja/"
    log_in(page, live_server, moderator, clear=True)
    for path, what in [
        ("/admin/", "moderator's dashboard"),
        (f"/admin/rejestr-dokumentow/?moderation_state={ModerationState.PENDING}", "what waits"),
        (review, "review page"),
    ]:
        page.goto(live_server.url + path)
        assert page.url == live_server.url + path
        assert_no_violations(page, axe, what)
    assert "Sprawozdanie z superwizji koordynatorów" in page.content()
    # Past the browser's own check of the required field: the server's answer is the state tested.
    page.eval_on_selector("textarea[name=reason]", "field => field.removeAttribute('required')")
    page.get_by_role("button", name="Odrzuć dokument").click()
    page.wait_for_load_state()
    assert "To pole jest wymagane." in page.content()
    assert RegistryDocument.objects.get(pk=document.pk).moderation_state == ModerationState.PENDING
    assert_no_violations(page, axe, "rejection without its reason")
