"""Content moderation: editors submit pages, the moderators group approves and publishes."""

from django.core.management import call_command

from wagtail.models import Page, Workflow

import pytest

from core.roles import EDITORS, MODERATORS
from portal.accounts import WORKFLOW_NAME, ensure_role_groups
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo_content):
    groups = ensure_role_groups()
    editor = UserFactory(username="redaktorka")
    editor.groups.add(groups[EDITORS])
    moderator = UserFactory(username="moderatorka")
    moderator.groups.add(groups[MODERATORS])
    return editor, moderator


def test_editor_cannot_publish_but_moderator_can(people):
    editor, moderator = people
    page = Page.objects.get(slug="o-projekcie")
    assert page.permissions_for_user(editor).can_edit()
    assert not page.permissions_for_user(editor).can_publish()
    assert page.permissions_for_user(moderator).can_publish()


def test_submitted_change_goes_live_only_after_moderator_approval(client, people):
    editor, moderator = people
    page = Page.objects.get(slug="o-projekcie").specific
    workflow = page.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    page.title = "O projekcie – wersja po redakcji"
    page.save_revision(user=editor)
    state = workflow.start(page, editor)
    assert "wersja po redakcji" not in client.get("/o-projekcie/").content.decode()
    task_state = state.current_task_state
    task = task_state.task.specific
    assert moderator in task.groups.get().user_set.all()
    assert "approve" in [a[0] for a in task.get_actions(page, moderator)]
    assert task.get_actions(page, editor) == []
    task.on_action(task_state, moderator, "approve")
    assert "wersja po redakcji" in client.get("/o-projekcie/").content.decode()


def test_setup_roles_is_idempotent(people):
    call_command("setup_roles", stdout=open("/dev/null", "w"))
    call_command("setup_roles", stdout=open("/dev/null", "w"))
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
