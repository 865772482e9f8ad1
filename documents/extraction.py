"""Reading the text out of PDF, DOCX, ODT, XLSX/ODS and TXT files, for search."""

import io


class ExtractionNotSupported(Exception):
    """The format carries no text we read (DOC, RTF, images)."""


def _pdf(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    return "\n".join((page.extract_text() or "") for page in reader.pages)


def _docx(data):
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _xlsx(data):
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines = []
    try:
        for sheet in workbook.worksheets:
            lines.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells = [str(value) for value in row if value is not None]
                if cells:
                    lines.append(" ".join(cells))
    finally:
        workbook.close()
    return "\n".join(lines)


def _odf(data):
    from odf import teletype, text
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    return "\n".join(teletype.extractText(node) for node in document.getElementsByType(text.P))


def _txt(data):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1250", errors="replace")


EXTRACTORS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "odt": _odf, "ods": _odf, "txt": _txt}


def extract_text(data, extension):
    """Return the text of a file; raise ExtractionNotSupported for formats without text."""
    extractor = EXTRACTORS.get(extension.lower())
    if extractor is None:
        raise ExtractionNotSupported(extension)
    return " ".join(extractor(data).split("\x00"))
