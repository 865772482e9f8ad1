"""Exports of an event's registrations for its organisers.

- the list of active registrations (registered, then the waiting list in its order) as CSV and
  XLSX, one row per person with their status;
- the attendance list as a PDF to print and sign: only the registered people, sorted by last
  name, with an empty signature column.

The CSV is for Excel in Poland, as the other exports of the portal: UTF-8 with a BOM, ';' between
cells. Texts that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) get a leading apostrophe in both formats (`core.spreadsheets`).
Times are Europe/Warsaw. Each export reads the registrations in one query.
"""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import spreadsheets
from core.choices import Sector
from core.partners import Partner
from core.spreadsheets import DATETIME_FORMAT, local, neutralise

from .choices import RegistrationStatus as RS
from .models import Registration

PDF_CONTENT_TYPE = "application/pdf"


def active_registrations(event):
    """Registered people first, then the waiting list, each in the order they registered."""
    registrations = list(
        Registration.objects.filter(event=event, status__in=(RS.REGISTERED, RS.WAITING)).order_by(
            "created_at", "pk"
        )
    )
    return [r for r in registrations if r.status == RS.REGISTERED] + [
        r for r in registrations if r.status == RS.WAITING
    ]


def _yes_no(value):
    if value is None:
        return ""
    return _("tak") if value else _("nie")


def headers():
    return [
        _("Lp."),
        _("Status"),
        _("Imię"),
        _("Nazwisko"),
        _("Instytucja"),
        _("Sektor"),
        _("Stanowisko"),
        _("E-mail"),
        _("Telefon"),
        _("Potrzeby związane z dostępnością"),
        _("Wymagania żywieniowe"),
        _("Zgoda na wizerunek"),
        _("Zapisano"),
        _("Obecność"),
    ]


def rows(event):
    sectors = dict(Sector.choices)
    statuses = dict(RS.choices)
    for number, registration in enumerate(active_registrations(event), start=1):
        yield [
            number,
            str(statuses.get(registration.status, registration.status)),
            registration.first_name,
            registration.last_name,
            registration.institution,
            str(sectors.get(registration.sector, registration.sector)),
            registration.position,
            registration.email,
            registration.phone,
            registration.accessibility_needs,
            registration.diet,
            _yes_no(registration.image_consent),
            local(registration.created_at),
            _yes_no(registration.attended),
        ]


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def csv_text(event):
    """The list as one CSV text, starting with the BOM."""
    return "".join(spreadsheets.csv_lines(headers(), rows(event), _csv_cell))


def xlsx_bytes(event):
    """One sheet "Zapisy"."""
    return spreadsheets.workbook_bytes([(_("Zapisy"), headers(), rows(event))])


def attendance_registrations(event):
    """The registered people (not the waiting list), sorted by last name, then first name."""
    registrations = Registration.objects.filter(event=event, status=RS.REGISTERED)
    return sorted(
        registrations,
        key=lambda r: (r.last_name.casefold(), r.first_name.casefold(), r.pk),
    )


def attendance_context(event):
    return {
        "event": event,
        "partner_label": dict(Partner.choices).get(event.partner, event.partner),
        "kind_label": event.get_kind_display(),
        "starts_at": timezone.localtime(event.starts_at),
        "ends_at": timezone.localtime(event.ends_at),
        "place": event.place_line,
        "registrations": attendance_registrations(event),
        "generated_at": timezone.localtime(),
    }


def attendance_pdf(event):
    import weasyprint

    html = render_to_string("events/admin/attendance_pdf.html", attendance_context(event))
    return weasyprint.HTML(string=html).write_pdf()


def filename(event, name, extension):
    slug = slugify(event.slug or event.title)[:60] or str(event.pk)
    day = timezone.localtime(event.starts_at).strftime("%Y%m%d")
    return f"{name}-{slug}-{day}.{extension}"
