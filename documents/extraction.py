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


PAGE_BREAK = "\f"


def _pdf(data, limits, collected):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    total = safety.check_pdf_pages(reader, limits.pdf_max_pages)
    read = 0
    for page in reader.pages:
        read += 1
        # A form feed opens every page after the first, so that a hit in the text can name its
        # page ("s. 4", search.pages).
        text = page.extract_text() or ""
        if not collected.add(PAGE_BREAK + text if read > 1 else text):
            break
    return collected.result(pages_read=read, pages_total=total)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Footnotes and endnotes of these types are the separator lines Word adds, not text.
_NOTE_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}


def _word_paragraphs(root):
    """The text of each paragraph (`w:p`) under an element, in document order: the body with
    its tables, text boxes and content controls, a header, a footer or the notes. A text box's
    paragraphs come as paragraphs of their own, after the one that anchors them; the fallback
    copy Word keeps of a drawing (`mc:Fallback`) is skipped, so nothing is read twice."""
    texts = {}
    for element in root.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        paragraph, parent = None, element.getparent()
        while parent is not None:
            if parent.tag == _MC_FALLBACK:
                paragraph = None
                break
            if paragraph is None and parent.tag == f"{_W}p":
                paragraph = parent
            parent = parent.getparent()
        if paragraph is None:
            continue
        piece = element.text or "" if element.tag == f"{_W}t" else " "
        texts.setdefault(paragraph, []).append(piece)
    return ["".join(pieces).strip() for pieces in texts.values()]


def _word_notes(document):
    """The paragraphs of the footnotes and endnotes, without Word's separator lines."""
    from lxml import etree

    paragraphs = []
    for part in document.part.package.iter_parts():
        if str(part.partname) not in ("/word/footnotes.xml", "/word/endnotes.xml"):
            continue
        root = etree.fromstring(part.blob)
        for note in root:
            if note.get(f"{_W}type") in _NOTE_SEPARATORS:
                continue
            paragraphs.extend(_word_paragraphs(note))
    return paragraphs


def _word_margins(document):
    """The paragraphs of the headers and footers of every section, each text once."""
    seen, paragraphs = set(), []
    for section in document.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            if part.is_linked_to_previous:
                continue
            for text in _word_paragraphs(part._element):
                if text not in seen:
                    seen.add(text)
                    paragraphs.append(text)
    return paragraphs


def _docx(data, limits, collected):
    """Every text of a DOCX: the body in order (headings, paragraphs, the cells of tables, text
    boxes), then the headers and footers, then the footnotes and endnotes."""
    import docx

    safety.open_checked_zip(data, limits)
    document = docx.Document(io.BytesIO(data))
    for source in (
        lambda: _word_paragraphs(document.element.body),
        lambda: _word_margins(document),
        lambda: _word_notes(document),
    ):
        for text in source():
            if text and not collected.add(text):
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


_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
# Elements whose text is read as paragraphs of their own, not as part of the paragraph that
# holds them: a note's body, a frame (text box, caption), an annotation.
_ODF_APART = {(_ODF_TEXT, "note"), (_ODF_DRAW, "frame"), ((_ODF_TEXT, "annotation"))}
_ODF_BLOCKS = {(_ODF_TEXT, "p"), (_ODF_TEXT, "h")}


def _odf_inline(node, pieces):
    """The text of a paragraph or heading, with ODF's encoded spaces, tabs and line breaks; the
    notes and frames it anchors are left for later."""
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            pieces.append(child.data)
            continue
        if child.nodeType != child.ELEMENT_NODE or child.qname in _ODF_APART:
            continue
        name = child.qname
        if name == (_ODF_TEXT, "s"):
            pieces.append(" " * int(child.getAttrNS(_ODF_TEXT, "c") or 1))
        elif name in ((_ODF_TEXT, "tab"), (_ODF_TEXT, "line-break")):
            pieces.append(" ")
        else:
            _odf_inline(child, pieces)


def _odf_blocks(node):
    """Every heading and paragraph under a node, in document order: in lists, tables, sections,
    frames and notes too; each anchored note or frame after the paragraph that holds it."""
    for child in node.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        if child.qname in _ODF_BLOCKS:
            pieces = []
            _odf_inline(child, pieces)
            yield " ".join("".join(pieces).split())
        yield from _odf_blocks(child)


def _odf(data, limits, collected):
    """Every text of an ODT or ODS: the body (headings, paragraphs, lists, tables, frames, notes),
    then the headers and footers of its page styles."""
    from odf.opendocument import load

    safety.open_checked_zip(data, limits)
    document = load(io.BytesIO(data))
    seen = set()
    for root, repeated in ((document.body, False), (document.masterstyles, True)):
        for text in _odf_blocks(root):
            if not text or (repeated and text in seen):
                continue
            seen.add(text)
            if not collected.add(text):
                return collected.result()
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
    "odt": ("odf.opendocument",),
    "ods": ("odf.opendocument",),
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
