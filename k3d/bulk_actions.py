"""Wagtail's bulk-action confirmation pages, guarded.

Wagtail lists every id in the query string on its confirmation page, those the user may not act
on under "you don't have permission" with their titles. So a forged `?id=` named private
documents and other partners' pages to any admin user, and `?id=abc` answered 500. Here ids must
be numbers of existing objects the user may see in the admin's listings; anything else is a 404
(logged when it names an object the user may not see). "Select all" (`id=all`, `childOf`, `q`)
becomes the explicit ids of what the user may see of that listing.
"""

import re

from django.apps import apps
from django.http import Http404
from django.utils.translation import gettext as _

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

ID = re.compile(r"^[0-9]{1,18}$")
MAX_ALL = 1000  # "select all" acts on at most this many at once


def _visible(user, model, ids):
    """The subset of `ids` the user may see in the admin (not necessarily act on); None for
    the models whose every record an admin user with access to their listing sees (users,
    snippets; the recruitment's records have no bulk action at all)."""
    if issubclass(model, Page):
        # In the user's part of the tree, and live or theirs to edit: a draft's title stays with
        # those who may work on it (a call page answers for its partner: CallPage).
        pages = PagePermissionPolicy().explorable_instances(user).filter(pk__in=ids).specific()
        return {
            page.pk for page in pages if page.live or page.permissions_for_user(user).can_edit()
        }
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


def _search(queryset, query):
    from wagtail.search.backends import get_search_backend

    return [obj.pk for obj in get_search_backend().search(query, queryset)[:MAX_ALL]]


def _all_ids(request, model, action_class):
    """What "select all" in a listing means, computed here rather than by Wagtail (whose page
    query lists every child, drafts of others included, and whose document search fails on
    the registry's queryset): the user's own listing, in the folder `childOf`, matching `q`."""
    parent = request.GET.get("childOf")
    if parent is not None and not ID.match(parent):
        _refuse(request)
    query = request.GET.get("q", "").strip()
    if issubclass(model, Page):
        folder = Page.objects.filter(pk=parent).first() if parent else None
        if folder is None:
            _refuse(request)
        pages = folder.get_descendants() if query else folder.get_children()
        return _search(pages, query) if query else list(pages.values_list("pk", flat=True))
    if issubclass(model, (get_document_model(), get_image_model())):
        items = policy_registry.get_by_type(model).instances_user_has_permission_for(
            request.user, "change"
        )
        if parent:
            items = items.filter(collection_id=parent)
        return _search(items, query) if query else list(items.values_list("pk", flat=True))
    action = action_class(request, model)
    return list(action.get_all_objects_in_listing_query(int(parent) if parent else None))


def _guarded(request, app_label, model_name, action):
    raw_ids = request.GET.getlist("id")
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        _refuse(request)
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        _refuse(request)
    selected_all = "all" in raw_ids
    if selected_all:
        raw_ids = [str(pk) for pk in _all_ids(request, model, action_class)[:MAX_ALL]]
    if not raw_ids or not all(ID.match(value) for value in raw_ids):
        _refuse(request)
    ids = {int(value) for value in raw_ids}
    existing = list(model._default_manager.filter(pk__in=ids))
    if len(existing) != len(ids):
        _refuse(request)
    visible = _visible(request.user, model, ids)
    hidden = [obj for obj in existing if visible is not None and obj.pk not in visible]
    if hidden and not selected_all:
        _refuse(request, hidden[0])
    if issubclass(model, Page) and action == "move":
        # The destination is named on the answer ("cannot be moved to …"): one the user sees.
        destination = request.POST.get("chooser") or request.GET.get("chooser")
        if destination:
            if not ID.match(destination) or int(destination) not in (
                _visible(request.user, Page, {int(destination)}) or set()
            ):
                _refuse(request)
    if selected_all:
        # Wagtail acts on the explicit ids: what the user may see of "all", nothing else.
        query = request.GET.copy()
        query.setlist("id", [str(obj.pk) for obj in existing if obj not in hidden] or ["0"])
        request.GET = query
    return action_class(request, model).dispatch(request)
