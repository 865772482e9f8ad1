"""The public results of a call at /nabory/<call>/wyniki/ (`CallPage`'s route): the latest
published version of its ranking list per JST type, and the earlier versions. No evaluator and no
score of a card is shown here, only what each `ResultEntry` froze, and for an entry right below
one of equal final score, why it stands there (`results.frozen_tie_texts`)."""

from django.core.cache import cache
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.models import Page

from core.choices import JSTType

from .models import ResultList
from .results import frozen_tie_texts

LINK_CACHE_SECONDS = 3600


def _link_key(call):
    stamp = call.last_published_at.timestamp() if call.last_published_at else 0
    return f"k3d:call-results:{call.pk}:{stamp}"


def results_link(call):
    """The URL of the call's results page once a list is published, else "".

    The call page stays within its query budget (tests/recruitment/test_public_pages.py): the
    answer is kept in the cache, dropped when a list of the call is published
    (`forget_results_link`) and keyed also by the call page's own publication."""
    key = _link_key(call)
    published = cache.get(key)
    if published is None:
        published = ResultList.objects.filter(call=call, published_at__isnull=False).exists()
        cache.set(key, published, LINK_CACHE_SECONDS)
    page_url = call.url
    return page_url + call.reverse_subpage("results") if published and page_url else ""


def forget_results_link(call):
    cache.delete(_link_key(call))


def _groups(entries):
    """[(JST type label, [entries], whether a tie is explained among them)], the types in the
    order of `JSTType`."""
    by_type = {}
    for entry in entries:
        by_type.setdefault(entry.jst_type, []).append(entry)
    order = {value: index for index, value in enumerate(JSTType.values)}
    return [
        (
            JSTType(key).label if key in JSTType.values else key,
            rows,
            any(getattr(row, "tie_text", "") for row in rows),
        )
        for key, rows in sorted(by_type.items(), key=lambda item: order.get(item[0], 99))
    ]


def serve_results(call, request, version=None):
    """The page of the latest published version, or of `version` (404 if it is not published)."""
    versions = list(
        ResultList.objects.filter(call=call, published_at__isnull=False)
        .only("pk", "version", "reason", "approved_at", "published_at", "call_id")
        .order_by("-version")
    )
    if version is None:
        shown = versions[0] if versions else None
    else:
        shown = next((v for v in versions if v.version == version), None)
        if shown is None:
            raise Http404(_("Nie ma takiej opublikowanej wersji listy."))
    context = Page.get_context(call, request)
    entries = list(shown.entries.order_by("jst_type", "position", "pk")) if shown else []
    if entries:
        texts = frozen_tie_texts(call, shown, entries)
        for entry in entries:
            entry.tie_text = texts.get(entry.application_id, "")
    groups = _groups(entries)
    context.update(
        {
            "call": call,
            "shown": shown,
            "latest": versions[0] if versions else None,
            "versions": versions,
            "groups": groups,
            "results_url": (call.get_url(request=request) or "") + call.reverse_subpage("results"),
        }
    )
    return TemplateResponse(request, "evaluation/public_results.html", context)
