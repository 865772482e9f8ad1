"""Reading the text out of PDF, DOCX, ODT, XLSX/ODS and TXT files, for search, within limits.

Runs in the extraction child process (`isolation.py`). A file beyond the ZIP or page limits of
`safety.py` is refused before it is parsed (it may have been stored before the limits tightened);
the text of a file within them stops at the character limit or when the time budget is spent, and
the result says which. No Django here: the child must not touch the parent's database connection.
"""

import dataclasses
import io
import time
from dataclasses import dataclass

from . import safety


class ExtractionNotSupported(Exception):
    """The format carries no text we read (DOC, RTF, images)."""


@dataclass(frozen=True)
class Extracted:
    text: str
    # "" when the whole text was read; "chars" or "time" when reading stopped at that limit.
    capped: str = ""
    pages_read: int | None = None
    pages_total: int | None = None


class _Text:
    """Collects pieces of text until the character limit or the deadline."""

    def __init__(self, max_chars, deadline):
        self.max_chars = max_chars
        self.deadline = deadline
        self.parts = []
        self.size = 0
        self.capped = ""

    def add(self, piece):
        """Keep a piece; False once no more should be read."""
        self.parts.append(piece)
        self.size += len(piece) + 1
        if self.size > self.max_chars:
            self.capped = "chars"
        elif self.deadline is not None and time.monotonic() > self.deadline:
            self.capped = "time"
        return not self.capped

    def result(self, **pages):
        text = "\n".join(self.parts)[: self.max_chars].replace("\x00", " ")
        return Extracted(text=text, capped=self.capped, **pages)


def _pdf(data, limits, collected):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    total = safety.check_pdf_pages(reader, limits.pdf_max_pages)
    read = 0
    for page in reader.pages:
        read += 1
        if not collected.add(page.extract_text() or ""):
            break
    return collected.result(pages_read=read, pages_total=total)


def _docx(data, limits, collected):
    import docx

    safety.open_checked_zip(data, limits)
    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        if not collected.add(paragraph.text):
            return collected.result()
    for table in document.tables:
        for row in table.rows:
            if not collected.add(" | ".join(cell.text for cell in row.cells)):
                return collected.result()
    return collected.result()


def _xlsx(data, limits, collected):
    import openpyxl

    safety.open_checked_zip(data, limits)
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            if not collected.add(sheet.title):
                break
            for row in sheet.iter_rows(values_only=True):
                cells = [str(value) for value in row if value is not None]
                if cells and not collected.add(" ".join(cells)):
                    break
            if collected.capped:
                break
    finally:
        workbook.close()
    return collected.result()


def _odf(data, limits, collected):
    from odf import teletype, text
    from odf.opendocument import load

    safety.open_checked_zip(data, limits)
    document = load(io.BytesIO(data))
    for node in document.getElementsByType(text.P):
        if not collected.add(teletype.extractText(node)):
            break
    return collected.result()


def _txt(data, limits, collected):
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        decoded = data.decode("cp1250", errors="replace")
    collected.add(decoded)
    return collected.result()


EXTRACTORS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "odt": _odf, "ods": _odf, "txt": _txt}
# The parser each format needs, imported by the worker once before it forks children.
PARSER_MODULES = {
    "pdf": ("pypdf",),
    "docx": ("docx",),
    "xlsx": ("openpyxl",),
    "odt": ("odf.opendocument", "odf.teletype", "odf.text"),
    "ods": ("odf.opendocument", "odf.teletype", "odf.text"),
}


def supports(extension):
    return extension.lower() in EXTRACTORS


def preload(extension):
    """Import the parser of a format in this process, so that forked children start warm."""
    import importlib

    for module in PARSER_MODULES.get(extension.lower(), ()):
        importlib.import_module(module)


def extract(data, extension, limits=None, deadline=None):
    """The text of a file as Extracted; raises ExtractionNotSupported for formats without text,
    safety.UnsafeFile for a file beyond the limits. `deadline` is a time.monotonic() value after
    which no further page, paragraph or row is read."""
    extractor = EXTRACTORS.get(extension.lower())
    if extractor is None:
        raise ExtractionNotSupported(extension)
    limits = limits or safety.Limits()
    return extractor(data, limits, _Text(limits.extraction_max_chars, deadline))


def extract_plain(data, extension, limits, deadline):
    """extract() as plain values, as the child process of isolation.call returns them."""
    return dataclasses.asdict(extract(data, extension, limits, deadline=deadline))
