"""`{% privacy_clause "wydarzenie" partners=event.partner as clause %}`: the clause of a form
(portal.privacy), or an empty string when no information page is published, so the template can
show its built-in text instead."""

from django import template
from django.utils.safestring import mark_safe

from portal import privacy

register = template.Library()


@register.simple_tag
def privacy_clause(form, partners=None, heading_level=2):
    if isinstance(partners, str):
        partners = [partners]
    clause = privacy.clause_for(form, partners)
    if clause is None:
        return ""
    return mark_safe(privacy.render(clause, heading_level=heading_level))  # noqa: S308 (template output)
