"""Whether the user of the request may download an export (evaluation.permissions), for the links
on the chair's dashboard and the card page. The answers come from facts the pages have read
already (group names and commission facts are cached on the user): no query is added."""

from django import template

from evaluation import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def may_export_call(context, call):
    return permissions.can_export_call(context["request"].user, call)


@register.simple_tag(takes_context=True)
def may_export_card(context, card):
    return permissions.can_export_card(context["request"].user, card)
