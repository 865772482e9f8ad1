"""The public side of events: the calendar at /wydarzenia/, one event, its registration form,
the cancellation link and the iCalendar files (routes of `EventIndexPage` and `EventPage`)."""

import logging

from django.core import signing
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wagtail.models import Page

from core.choices import Sector
from core.site_url import site_url
from core.visibility import public_pages

from . import consent, ical, throttle
from . import registration as service
from .choices import RegistrationStatus as RS
from .filters import PERIODS, EventFilterSet, Window, month_label
from .forms import HONEYPOT, RegistrationForm
from .models import EventPage, Registration, RegistrationClosure

logger = logging.getLogger("events")

RECEIPT_SALT = "events.registration.receipt"
RECEIPT_MAX_AGE = 3600


def _listing_status(event, now):
    """A short line about the registration for the calendar's card, or ""."""
    if event.is_past(now):
        return ""
    state = event.registration_state(now, closed=event.is_closed)
    if state == "open":
        free = event.capacity - event.registered_count
        if free > 0:
            return _("Zapisy otwarte – wolne miejsca: %(n)d") % {"n": free}
        if event.waiting_list:
            return _("Brak wolnych miejsc – zapisy na listę rezerwową")
        return _("Brak wolnych miejsc")
    if state == "not_yet":
        return _("Zapisy od %(date)s") % {
            "date": formats.date_format(
                timezone.localtime(event.registration_opens_at), "j E Y, H:i"
            )
        }
    if state in ("over", "closed"):
        return _("Zapisy zakończone")
    return ""


def serve_listing(index, request):
    """The calendar: the window (a month, the upcoming events or the archive), then the facets
    (`events.filters`), the events grouped by month, at most 200."""
    now = timezone.now()
    events = public_pages(EventPage.objects.live().child_of(index), request)
    window = Window(request.GET, now)
    scoped = window.apply(events)
    filters = EventFilterSet(request.GET, queryset=scoped)
    facets, active = filters.facets()
    listed = list(
        filters.qs.annotate(
            registered_count=Count("registrations", filter=Q(registrations__status=RS.REGISTERED)),
            is_closed=Exists(RegistrationClosure.objects.filter(event_id=OuterRef("pk"))),
        ).order_by(*window.order, "pk")[:200]
    )
    months = []
    for event in listed:
        event.listing_status = _listing_status(event, now)
        local = timezone.localtime(event.starts_at)
        key = (local.year, local.month)
        if not months or months[-1]["key"] != key:
            months.append({"key": key, "label": month_label(*key), "events": []})
        months[-1]["events"].append(event)

    all_months = sorted(
        {
            (timezone.localtime(start).year, timezone.localtime(start).month)
            for start in events.values_list("starts_at", flat=True)
        }
    )
    context = Page.get_context(index, request)
    context.update(
        {
            "months": months,
            "count": len(listed),
            "heading": window.heading,
            "period": window.period,
            "periods": PERIODS,
            "facets": facets,
            "active_filters": active,
            "sectors": Sector.choices,
            "sector": filters.sector,
            "selected_month": request.GET.get("miesiac", "") if window.month else "",
            "month_links": [
                {"value": f"{y:04d}-{m:02d}", "label": month_label(y, m)} for y, m in all_months
            ],
            "notices": window.notices + filters.notices,
            "feed_url": index.url + index.reverse_subpage("feed") if index.url else "",
        }
    )
    return TemplateResponse(request, "events/event_index_page.html", context)


def _base_url(request):
    return site_url() + "/"


def serve_feed(index, request):
    events = public_pages(EventPage.objects.live().child_of(index), request).order_by("starts_at")
    body = ical.calendar(events, _base_url(request), _("Kooperacje 3D – wydarzenia"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kooperacje3d-wydarzenia.ics"'
    return response


def serve_ical(event, request):
    body = ical.calendar([event], _base_url(request), event.title)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="wydarzenie-{event.pk}.ics"'
    return response


def event_context(event, request):
    if event.pk:
        registered, waiting, free = service.availability(event)
        documents = list(
            event.event_documents.select_related("document", "document__document_type")
        )
    else:  # the preview of an event not saved yet
        registered, waiting, free = 0, 0, event.capacity or 0
        documents = list(event.event_documents.all())
    from documents.permissions import can_view_document

    documents = [row for row in documents if can_view_document(request, row.document)]
    return {
        "registration_state": event.registration_state(),
        "registered_count": registered,
        "waiting_count": waiting,
        "free_seats": free,
        "documents": documents,
        "register_url": event.url + event.reverse_subpage("register") if event.url else "",
        "ical_url": event.url + event.reverse_subpage("ical") if event.url else "",
        "is_past": event.is_past(),
    }


def _form_response(event, request, form, status=200, refusal=None, clause=None):
    clause = clause or consent.current_clause(event)
    if not form.is_bound:
        form.initial["clause_version"] = clause.version
    context = Page.get_context(event, request)
    context.update(event_context(event, request))
    context.update({"form": form, "refusal": refusal, "clause": clause})
    return TemplateResponse(request, "events/registration_form.html", context, status=status)


def _retyped(request, event, drop):
    """A new form with what was typed in the POST, but the fields in `drop` (an unbound form
    gets the clause's current version in `_form_response`)."""
    fields = RegistrationForm.base_fields
    typed = {
        name: value for name, value in request.POST.items() if name in fields and name not in drop
    }
    return RegistrationForm(initial=typed, event=event)


def serve_registration(event, request):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "GET":
        return _form_response(event, request, RegistrationForm(event=event))
    form = RegistrationForm(request.POST, event=event)
    if form.is_bot():
        logger.warning("Registration honeypot filled for event %s", event.pk)
        # What was typed is offered again (a browser's autofill may have filled the hidden field).
        return _form_response(
            event,
            request,
            _retyped(request, event, drop=(HONEYPOT,)),
            status=400,
            refusal=_(
                "Nie możemy przyjąć tego zgłoszenia. Pole „Nie wypełniaj tego pola” musi "
                "pozostać puste."
            ),
        )
    # The clause acknowledged must be the one in force: a form opened before the clause was
    # edited (or sent without its version) is shown again with the new words, box unticked.
    clause = consent.current_clause(event)
    if request.POST.get("clause_version", "") != clause.version:
        return _form_response(
            event,
            request,
            _retyped(request, event, drop=(HONEYPOT, "clause", "image_consent", "clause_version")),
            status=409,
            refusal=_(
                "Treść klauzuli informacyjnej zmieniła się, odkąd otwarto formularz. Przeczytaj "
                "ją ponownie i potwierdź zapoznanie się z nią."
            ),
            clause=clause,
        )
    if not form.is_valid():
        return _form_response(event, request, form, status=400, clause=clause)
    # Only complete submissions count towards the limit: a person correcting a typo does not.
    if not throttle.allow(request):
        logger.warning("Registration rate limit hit for event %s", event.pk)
        return _form_response(
            event,
            request,
            form,
            status=429,
            refusal=_(
                "Z tego adresu wysłano zbyt wiele zgłoszeń w krótkim czasie. Spróbuj ponownie "
                "za kilkanaście minut."
            ),
            clause=clause,
        )
    try:
        stored = service.register(event, form.cleaned_data, clause=clause)
    except service.RegistrationError as error:
        return _form_response(
            event, request, form, status=400, refusal=error.message, clause=clause
        )
    receipt = signing.dumps(stored.pk, salt=RECEIPT_SALT)
    return redirect(event.url + event.reverse_subpage("registered") + f"?z={receipt}")


def _not_cached(request):
    """Pages about one person's registration never go to the shared page cache."""
    request._k3d_page_cacheable = False


def serve_registered(event, request):
    _not_cached(request)
    try:
        pk = signing.loads(request.GET.get("z", ""), salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        raise Http404(_("Potwierdzenie wygasło. Sprawdź wiadomość e-mail.")) from None
    stored = Registration.objects.filter(pk=pk, event=event).first()
    if stored is None:
        raise Http404(_("Nie znaleziono zgłoszenia."))
    position = None
    if stored.status == RS.WAITING:
        position = (
            Registration.objects.filter(
                event=event, status=RS.WAITING, created_at__lte=stored.created_at
            )
            .exclude(created_at=stored.created_at, pk__gt=stored.pk)
            .count()
        )
    context = Page.get_context(event, request)
    context.update({"registration": stored, "position": position})
    response = TemplateResponse(request, "events/registered.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def serve_cancel(event, request, token):
    _not_cached(request)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    found = service.registration_for_token(event, token)
    context = Page.get_context(event, request)
    if found is None:
        context["message"] = _(
            "Link rezygnacji jest nieprawidłowy. Skopiuj go w całości z wiadomości e-mail."
        )
        return TemplateResponse(request, "events/cancel.html", context, status=404)
    context["registration"] = found
    if request.method == "GET":
        return TemplateResponse(request, "events/cancel.html", context)
    try:
        cancelled, _promoted = service.cancel(event, token)
    except service.RegistrationError as error:
        context["message"] = error.message
        return TemplateResponse(request, "events/cancel.html", context, status=400)
    context.update({"registration": cancelled, "done": True})
    return TemplateResponse(request, "events/cancel.html", context)
