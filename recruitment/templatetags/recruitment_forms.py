"""Small filters of the applicant's form templates."""

from django import template

register = template.Library()


@register.filter
def error_for(errors, key):
    """The message stored under a field id in the view's `field_errors`."""
    if not errors:
        return ""
    return errors.get(key, "")


@register.filter
def get_item(mapping, key):
    if not mapping:
        return ""
    return mapping.get(key, "")
