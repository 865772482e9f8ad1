"""Wagtail hooks of the site shell."""

from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem

from core.cache import mark_cacheable


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    """Every page served to an anonymous visitor may be kept in the page cache (portal/cache.py)."""
    mark_cacheable(request)


class SubmitForAcceptance(SubmitForModerationMenuItem):
    """Wagtail names the workflow in its button („Wyślij do Moderacja treści”); ours says what
    happens: the page goes to the moderators for acceptance."""

    def get_context_data(self, parent_context):
        data = super().get_context_data(parent_context)
        page = data.get("page")
        state = page.current_workflow_state if page else None
        if state and state.status == state.STATUS_NEEDS_CHANGES:
            data["label"] = _("Wyślij ponownie do akceptacji")
        else:
            data["label"] = _("Wyślij do akceptacji")
        return data


@hooks.register("construct_page_action_menu")
def submit_reads_as_polish(menu_items, request, context):
    for index, item in enumerate(menu_items):
        if type(item) is SubmitForModerationMenuItem:
            menu_items[index] = SubmitForAcceptance(order=item.order)
