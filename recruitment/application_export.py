"""Exports of a call's applications for operators: CSV for Excel in Poland and XLSX.

One row per application: its own data (number, JST, state, dates) and the fields of its latest
submitted version, flattened (the PZK institutions joined in one cell), with the version's
SHA-256. Texts that a spreadsheet would read as a formula (starting with = + - @, a tab or a
carriage return) get a leading apostrophe (OWASP "CSV injection"). Times are Europe/Warsaw.
"""

import csv
import datetime
import io

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from recruitment import version_content
from recruitment.models import ApplicationState, ApplicationVersion

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 200
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
MAX_COLUMN_WIDTH = 60


def neutralise(value):
    """A text cell that cannot start a formula in Excel or LibreOffice."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def local(moment):
    """A naive Europe/Warsaw datetime (spreadsheets have no time zones), or None."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(tzinfo=None)


def with_export_data(queryset):
    """The applications with what a row needs, in one query: JST, counts, the latest version."""
    latest = ApplicationVersion.objects.filter(application=OuterRef("pk")).order_by("-number")
    return queryset.select_related("institution").annotate(
        version_count=Count("versions", distinct=True),
        latest_version_id=Subquery(latest.values("pk")[:1]),
    )


def application_columns():
    return [
        ("number", _("Numer zgłoszenia")),
        ("jst", _("JST")),
        ("jst_type", _("Rodzaj JST")),
        ("teryt", _("Kod TERYT")),
        ("voivodeship", _("Województwo")),
        ("state", _("Stan")),
        ("submitted_at", _("Złożono (pierwsza wersja)")),
        ("version_count", _("Liczba wersji")),
        ("version", _("Wersja w eksporcie")),
        ("version_submitted_at", _("Złożono (ta wersja)")),
        ("supplement_due", _("Termin uzupełnienia")),
        ("sha256", _("Suma SHA-256 wersji")),
    ]


def headers():
    return [str(label) for _key, label in application_columns()] + [
        str(label) for _key, label in version_content.flat_columns()
    ]


def _rows(applications):
    """Lists of cell values (str, int, naive datetime or None), one per application."""
    content_keys = [key for key, _label in version_content.flat_columns()]
    iterator = applications.iterator(chunk_size=CHUNK)
    while True:
        chunk = []
        for application in iterator:
            chunk.append(application)
            if len(chunk) == CHUNK:
                break
        if not chunk:
            return
        version_ids = [a.latest_version_id for a in chunk if a.latest_version_id]
        versions = ApplicationVersion.objects.in_bulk(version_ids) if version_ids else {}
        for application in chunk:
            version = versions.get(application.latest_version_id)
            institution = application.institution
            row = [
                application.number or "",
                institution.name,
                institution.get_jst_type_display(),
                institution.teryt,
                institution.get_voivodeship_display(),
                str(ApplicationState(application.state).label),
                local(application.submitted_at),
                application.version_count,
                version.number if version else None,
                local(version.submitted_at) if version else None,
                local(application.supplement_due),
                version.content_sha256 if version else "",
            ]
            values = version_content.flat_values(version.content) if version else {}
            row += [values.get(key, "") for key in content_keys]
            yield [_plain(value) for value in row]


def _plain(value):
    """Translated labels are lazy objects; a cell holds a str, a number, a datetime or None."""
    if value is None or isinstance(value, (str, int, float, datetime.datetime)):
        return value
    return str(value)


class _Echo:
    """A file-like object that hands back what the csv writer writes."""

    def write(self, value):
        return value


def csv_lines(applications):
    """The CSV for Excel in Poland: UTF-8 with a BOM, ';' between cells, Polish headers."""
    writer = csv.writer(_Echo(), delimiter=";", quoting=csv.QUOTE_MINIMAL)
    yield "\ufeff" + writer.writerow([neutralise(h) for h in headers()])
    for row in _rows(applications):
        yield writer.writerow([_csv_cell(value) for value in row])


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime(DATETIME_FORMAT)
    return neutralise(value)


def xlsx_bytes(applications, title):
    """The workbook: a bold, frozen header row with a filter, widths fitted to the content
    (within a limit), dates as real dates."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _safe_sheet_title(title)
    header = headers()
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(h) for h in header]
    for row in _rows(applications):
        cells = []
        for index, value in enumerate(row):
            if isinstance(value, str):
                # Control characters are not allowed in XLSX; a text is never a formula.
                value = neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
            cells.append(value)
            length = len(value) if isinstance(value, str) else 19
            widths[index] = max(widths[index], min(length, MAX_COLUMN_WIDTH))
        sheet.append(cells)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = XLSX_DATETIME_FORMAT
            elif isinstance(cell.value, str):
                cell.data_type = "s"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, width + 2)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _safe_sheet_title(title):
    # Excel forbids []:*?/\ in sheet names and allows at most 31 characters.
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in str(title))
    return (cleaned or _("Zgłoszenia"))[:31]


def filename(call, extension):
    number = (call.number or str(call.pk)).replace("/", "-")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"zgloszenia-{number}-{stamp}.{extension}"
