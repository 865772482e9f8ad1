"""Exports of an event's registrations for its organisers.

- the list of active registrations (registered, then the waiting list in its order) as CSV and
  XLSX, one row per person with their status;
- the attendance list as a PDF to print and sign: only the registered people, sorted by last
  name, with an empty signature column.

The CSV is for Excel in Poland, as the other exports of the portal: UTF-8 with a BOM, ';' between
cells. Texts that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) get a leading apostrophe in both formats (`recruitment.application_export.neutralise`).
Times are Europe/Warsaw. Each export reads the registrations in one query.
"""

import csv
import datetime
import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from documents.models import Partner
from knowledge.choices import Sector
from recruitment.application_export import (
    DATETIME_FORMAT,
    MAX_COLUMN_WIDTH,
    XLSX_DATETIME_FORMAT,
    local,
    neutralise,
)

from .choices import RegistrationStatus as RS
from .models import Registration

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(str(h)) for h in headers()])
    for row in rows(event):
        writer.writerow([_csv_cell(value) for value in row])
    return "\ufeff" + buffer.getvalue()


def _xlsx_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def xlsx_bytes(event):
    """One sheet "Zapisy": a bold frozen header with a filter, real dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Zapisy")
    header = [str(h) for h in headers()]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in header]
    for row in rows(event):
        values = [_xlsx_value(v) for v in row]
        sheet.append(values)
        for index, value in enumerate(values):
            length = len(value) if isinstance(value, str) else 19
            widths[index] = max(widths[index], min(length, MAX_COLUMN_WIDTH))
    for sheet_row in sheet.iter_rows(min_row=2):
        for cell in sheet_row:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = XLSX_DATETIME_FORMAT
            elif isinstance(cell.value, str):
                # Never a formula, even after neutralising.
                cell.data_type = "s"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(8, width + 2)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
