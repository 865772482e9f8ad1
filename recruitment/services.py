"""What the public call pages show: calls grouped by status, and one call's details."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.visibility import public_pages
from documents.permissions import can_view_document
from recruitment import eligibility
from recruitment.models.choices import CallStatus
from recruitment.timing import days_text, time_left_text


def _local(moment):
    return formats.date_format(timezone.localtime(moment), "j E Y, H:i")


def countdown_text(call, now):
    """ "Do końca naboru zostały 3 dni 4 godziny." and the like, from the server's clock."""
    status = call.status_at(now)
    if status == CallStatus.CLOSED:
        return _("Nabór zakończył się %(when)s.") % {"when": _local(call.closes_at)}
    if status == CallStatus.OPEN:
        return _("Do końca naboru %(left)s.") % {"left": time_left_text(call.closes_at - now)}
    return _("Do rozpoczęcia naboru %(left)s.") % {"left": time_left_text(call.opens_at - now)}


SECTION_TITLES = {
    CallStatus.OPEN: (_("Nabory otwarte"), _("Nie ma teraz otwartych naborów.")),
    CallStatus.UPCOMING: (_("Nabory zaplanowane"), _("Nie ma zaplanowanych naborów.")),
    CallStatus.CLOSED: (_("Nabory zakończone"), _("Nie ma jeszcze zakończonych naborów.")),
}


def calls_by_status(calls, request):
    """The listing's three sections of `calls` (the index page's live children): open (closing
    soonest first), upcoming, closed (latest first). One query for the calls; status comes from
    the server's clock."""
    now = timezone.now()
    calls = public_pages(calls, request)
    groups = {status: [] for status in SECTION_TITLES}
    for call in calls.order_by("opens_at", "pk"):
        call.current_status = call.status_at(now)
        call.status_label = CallStatus(call.current_status).label
        call.countdown = countdown_text(call, now)
        groups[call.current_status].append(call)
    groups[CallStatus.OPEN].sort(key=lambda c: c.closes_at)
    groups[CallStatus.CLOSED].sort(key=lambda c: c.closes_at, reverse=True)
    return [
        {
            "key": status.value,
            "title": SECTION_TITLES[status][0],
            "empty": SECTION_TITLES[status][1],
            "calls": groups[status],
        }
        for status in (CallStatus.OPEN, CallStatus.UPCOMING, CallStatus.CLOSED)
    ]


def call_page_context(call, request):
    now = timezone.now()
    documents = [
        row
        for row in call.call_documents.select_related("document__collection")
        if can_view_document(request, row.document)
    ]
    substantive = list(call.substantive_criteria.all())
    max_points = sum(c.max_points for c in substantive)
    return {
        "call_status": call.status_at(now),
        "countdown": countdown_text(call, now),
        "call_documents": documents,
        "formal_criteria": list(call.formal_criteria.all()),
        "substantive_criteria": substantive,
        "max_points": max_points,
        "threshold_points": call.threshold_for(max_points),
        "quotas": list(call.quotas.all()),
        "eligibility_lines": eligibility.requirement_lines(call),
        "supplement_period": days_text(call.supplement_days),
        "appeal_period": days_text(call.appeal_days),
        "applicant_area_url": reverse("recruitment:dashboard"),
    }
