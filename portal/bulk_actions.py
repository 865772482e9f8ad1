"""Wagtail's bulk-action confirmation pages, guarded.

Wagtail lists every id in the query string on its confirmation page, those the user may not act
on under "you don't have permission" with their titles. So a forged `?id=` named private
documents and other partners' pages to any admin user, and `?id=abc` answered 500. Here ids must
be numbers of existing objects the user may see in the admin's listings; anything else is a 404
(logged when it names an object the user may not see). Selecting "all" is left to Wagtail, whose
listing queries are already scoped to the user's permissions.
"""

import re

from django.apps import apps
from django.http import Http404
from django.utils.translation import gettext as _

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.bulk_action import index as wagtail_bulk_action
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

ID = re.compile(r"^[0-9]{1,18}$")


def _visible(user, model, ids):
    """The subset of `ids` the user may see in the admin (not necessarily act on); None for
    the models whose every record an admin user with access to their listing sees (users,
    snippets; the recruitment's records have no bulk action at all)."""
    if issubclass(model, Page):
        queryset = PagePermissionPolicy().explorable_instances(user)
    elif issubclass(model, (get_document_model(), get_image_model())):
        queryset = policy_registry.get_by_type(model).instances_user_has_any_permission_for(
            user, ["change", "choose"]
        )
    else:
        return None
    return set(queryset.filter(pk__in=ids).values_list("pk", flat=True))


def _refuse(request, obj=None):
    from recruitment import audit

    if obj is not None:
        audit.deny(request, obj, "bulk_action")
    raise Http404(_("Nie ma takiego obiektu albo nie masz do niego dostępu."))


def guarded_bulk_action(request, app_label, model_name, action):
    return require_admin_access(_guarded)(request, app_label, model_name, action)


def _guarded(request, app_label, model_name, action):
    raw_ids = request.GET.getlist("id")
    if "all" in raw_ids:
        return wagtail_bulk_action(request, app_label, model_name, action)
    if not raw_ids or not all(ID.match(value) for value in raw_ids):
        _refuse(request)
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        _refuse(request)
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        _refuse(request)
    ids = {int(value) for value in raw_ids}
    existing = list(model._default_manager.filter(pk__in=ids))
    if len(existing) != len(ids):
        _refuse(request)
    visible = _visible(request.user, model, ids)
    hidden = [obj for obj in existing if visible is not None and obj.pk not in visible]
    if hidden:
        _refuse(request, hidden[0])
    return action_class(request, model).dispatch(request)
