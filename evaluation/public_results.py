"""The public results of a call at /nabory/<call>/wyniki/ (`CallPage`'s route): the latest
published version of its ranking list per JST type, and the earlier versions. No evaluator and no
score of a card is shown here, only what each `ResultEntry` froze."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.models import Page

from knowledge.choices import JSTType

from .models import ResultList


def results_link(call):
    """The URL of the call's results page once a list is published, else "" (one query)."""
    if not ResultList.objects.filter(call=call, published_at__isnull=False).exists():
        return ""
    return call.url + call.reverse_subpage("results")


def _groups(entries):
    """[(JST type label, [entries])], the types in the order of `JSTType`."""
    by_type = {}
    for entry in entries:
        by_type.setdefault(entry.jst_type, []).append(entry)
    order = {value: index for index, value in enumerate(JSTType.values)}
    return [
        (JSTType(key).label if key in JSTType.values else key, rows)
        for key, rows in sorted(by_type.items(), key=lambda item: order.get(item[0], 99))
    ]


def serve_results(call, request, version=None):
    """The page of the latest published version, or of `version` (404 if it is not published)."""
    versions = list(
        ResultList.objects.filter(call=call, published_at__isnull=False)
        .only("pk", "version", "reason", "published_at", "call_id")
        .order_by("-version")
    )
    if version is None:
        shown = versions[0] if versions else None
    else:
        shown = next((v for v in versions if v.version == version), None)
        if shown is None:
            raise Http404(_("Nie ma takiej opublikowanej wersji listy."))
    context = Page.get_context(call, request)
    groups = _groups(shown.entries.order_by("jst_type", "position", "pk")) if shown else []
    context.update(
        {
            "call": call,
            "shown": shown,
            "latest": versions[0] if versions else None,
            "versions": versions,
            "groups": groups,
            "results_url": call.url + call.reverse_subpage("results"),
        }
    )
    return TemplateResponse(request, "evaluation/public_results.html", context)
