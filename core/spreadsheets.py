"""Spreadsheets for staff, one way for every export of the portal (applications, scores,
registrations for events).

- CSV for Excel in Poland: UTF-8 with a BOM, ';' between cells.
- XLSX: a bold, wrapped, frozen header row with a filter, widths fitted to the content (within
  a limit), real dates (Europe/Warsaw, naive: spreadsheets have no time zones).
- In both, a text that a spreadsheet would read as a formula (starting with = + - @, a tab or a
  carriage return) gets a leading apostrophe (OWASP "CSV injection"); an XLSX text cell is never
  a formula and has no control characters.
"""

import datetime
import io

from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
MAX_COLUMN_WIDTH = 60
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """A text cell that cannot start a formula in Excel or LibreOffice."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def local(moment):
    """A naive Europe/Warsaw datetime, or None."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(tzinfo=None)


def xlsx_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def write_sheet(sheet, header, rows, min_width=10):
    """Fill an openpyxl sheet with the header row and the rows (lists of str, numbers,
    naive datetimes or None)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [min(len(str(h)), MAX_COLUMN_WIDTH) for h in header]
    for row in rows:
        values = [xlsx_value(v) for v in row]
        sheet.append(values)
        for index, value in enumerate(values):
            length = len(value) if isinstance(value, str) else 19
            widths[index] = max(widths[index], min(length, MAX_COLUMN_WIDTH))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = XLSX_DATETIME_FORMAT
            elif isinstance(cell.value, str):
                cell.data_type = "s"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(min_width, width + 2)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def safe_sheet_title(title, default):
    # Excel forbids []:*?/\ in sheet names and allows at most 31 characters.
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in str(title))
    return (cleaned or str(default))[:31]


def workbook_bytes(sheets):
    """An XLSX file of the sheets: (title, header, rows) each."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        write_sheet(workbook.create_sheet(str(title)), header, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _Echo:
    """A file-like object that hands back what the csv writer writes."""

    def write(self, value):
        return value


def csv_lines(header, rows, cell):
    """CSV lines for Excel in Poland; `cell` turns one value into its text."""
    import csv

    writer = csv.writer(_Echo(), delimiter=";", quoting=csv.QUOTE_MINIMAL)
    yield "\ufeff" + writer.writerow([neutralise(str(h)) for h in header])
    for row in rows:
        yield writer.writerow([cell(value) for value in row])
