"""Exports of a call's applications for operators: CSV for Excel in Poland and XLSX.

One row per application: its own data (number, JST, state, dates) and the fields of its latest
submitted version, flattened (the PZK institutions joined in one cell), with the version's
SHA-256. Texts that a spreadsheet would read as a formula (starting with = + - @, a tab or a
carriage return) get a leading apostrophe (OWASP "CSV injection"). Times are Europe/Warsaw.
"""

import datetime

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core import spreadsheets
from core.spreadsheets import DATETIME_FORMAT, local, neutralise
from recruitment import version_content
from recruitment.models import ApplicationState, ApplicationVersion

CHUNK = 200


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


def csv_lines(applications):
    """The CSV for Excel in Poland: UTF-8 with a BOM, ';' between cells, Polish headers."""
    return spreadsheets.csv_lines(headers(), _rows(applications), _csv_cell)


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime(DATETIME_FORMAT)
    return neutralise(value)


def xlsx_bytes(applications, title):
    """The workbook of one sheet named after the call."""
    sheet_title = spreadsheets.safe_sheet_title(title, _("Zgłoszenia"))
    return spreadsheets.workbook_bytes([(sheet_title, headers(), _rows(applications))])


def filename(call, extension):
    number = (call.number or str(call.pk)).replace("/", "-")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"zgloszenia-{number}-{stamp}.{extension}"
