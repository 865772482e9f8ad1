"""Build the evaluation set's files and documents.csv from corpus.txt.

    .venv/bin/python tests/search/quality/build_corpus.py

corpus.txt holds every document as text with light markup (its header explains it); this script
renders each one in its format: PDF through WeasyPrint (A4, page numbers, footnotes at the foot
of the page, page breaks), DOCX through python-docx (headings, lists, tables, real footnotes, the
issuer in the page header), ODT through odfpy (headings, lists, tables, notes, page breaks) and
plain TXT (UTF-8). The files go to files/ and their metadata to documents.csv, in the columns
`manage.py import_documents` reads (documents/README.md), with `klucz` as each row's key.

The output is deterministic (fixed dates inside the ZIP containers and the PDF), so running it
again changes only the files whose text changed. The generated files are committed: the tests
never run this script.
"""

import csv
import datetime
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "corpus.txt"
FILES = HERE / "files"
CSV_PATH = HERE / "documents.csv"
COLUMNS = [
    "klucz",
    "plik",
    "tytul",
    "typ",
    "numer",
    "w_sprawie",
    "data_wydania",
    "wystawca",
    "partner",
    "wojewodztwo",
    "tagi",
    "nabor",
]
EXPECTED_FORMATS = {"pdf": 41, "docx": 22, "odt": 21, "txt": 16}
FIXED_TIME = (2024, 1, 1, 0, 0, 0)
MONTHS = (
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada "
    "grudnia"
).split()
FOOTNOTE = re.compile(r"\{fn:\s*(.*?)\}")


@dataclass
class Document:
    key: str
    meta: dict
    blocks: list = field(default_factory=list)  # (kind, value)

    @property
    def fmt(self):
        return self.meta["plik"]

    @property
    def filename(self):
        return f"{self.key}.{self.fmt}"

    def dated_line(self):
        parts = []
        if self.meta.get("numer"):
            parts.append(f"Nr {self.meta['numer']}")
        if self.meta.get("data_wydania"):
            day = datetime.date.fromisoformat(self.meta["data_wydania"])
            parts.append(f"z dnia {day.day} {MONTHS[day.month - 1]} {day.year} r.")
        return " ".join(parts)

    def subject_line(self):
        return f"w sprawie {self.meta['w_sprawie']}" if self.meta.get("w_sprawie") else ""


# -- reading corpus.txt ------------------------------------------------------------------------


def parse(text):
    """({key: Document}, in order) and the blocks they include, from the corpus source."""
    records, current = [], None
    for line in text.splitlines():
        if line.startswith("=== "):
            kind, _, name = line[4:].partition(":")
            current = {"kind": kind.strip(), "name": name.strip(), "lines": []}
            records.append(current)
        elif current is not None:
            current["lines"].append(line)
    blocks, documents = {}, []
    for record in records:
        lines = record["lines"]
        if record["kind"] == "block":
            blocks[record["name"]] = lines
            continue
        meta, index = {}, 0
        while index < len(lines) and lines[index].strip():
            column, _, value = lines[index].partition(":")
            meta[column.strip()] = value.strip()
            index += 1
        documents.append(Document(record["name"], meta, lines[index:]))
    for document in documents:
        document.blocks = body_blocks(expand(document.blocks, blocks))
    return documents


def expand(lines, blocks):
    out = []
    for line in lines:
        if line.startswith("@include "):
            out.extend([""] + blocks[line.split(None, 1)[1].strip()] + [""])
        else:
            out.append(line)
    return out


def body_blocks(lines):
    """[(kind, value)]: h1/h2/p (text), list (items), table (rows of cells), break (None)."""
    blocks, paragraph = [], []

    def flush():
        if paragraph:
            blocks.append(("p", " ".join(paragraph)))
            paragraph.clear()

    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
            continue
        if line == "---":
            flush()
            blocks.append(("break", None))
        elif line.startswith("## "):
            flush()
            blocks.append(("h2", line[3:]))
        elif line.startswith("# "):
            flush()
            blocks.append(("h1", line[2:]))
        elif line.startswith("- "):
            flush()
            if blocks and blocks[-1][0] == "list":
                blocks[-1][1].append(line[2:])
            else:
                blocks.append(("list", [line[2:]]))
        elif line.startswith("|"):
            flush()
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(cells)
            else:
                blocks.append(("table", [cells]))
        else:
            paragraph.append(line)
    flush()
    return blocks


def split_notes(text):
    """[(text, note or None)]: the text cut at each footnote, each piece followed by its note."""
    pieces, last = [], 0
    for match in FOOTNOTE.finditer(text):
        pieces.append((text[last : match.start()], match.group(1)))
        last = match.end()
    pieces.append((text[last:], None))
    return pieces


# -- PDF ---------------------------------------------------------------------------------------

PDF_CSS = """
@page { size: A4; margin: 2.2cm 2cm 2.4cm;
  @top-right { content: "%(issuer)s"; font-size: 8pt; color: #444; }
  @bottom-center { content: "Strona " counter(page) " z " counter(pages); font-size: 8pt; }
  @footnote { border-top: 0.5pt solid #555; padding-top: 4pt; } }
body { font-family: 'DejaVu Serif'; font-size: 11pt; line-height: 1.45; }
h1 { font-size: 15pt; margin: 0 0 6pt; } h2 { font-size: 12.5pt; margin: 14pt 0 4pt; }
h3 { font-size: 11.5pt; } .meta { font-size: 10pt; color: #333; margin: 0; }
table { border-collapse: collapse; width: 100%%; margin: 6pt 0; font-size: 10pt; }
td, th { border: 0.5pt solid #444; padding: 3pt 5pt; text-align: left; vertical-align: top; }
.fn { float: footnote; font-size: 8.5pt; }
.break { break-before: page; }
"""


def pdf_inline(text):
    return "".join(
        escape(piece) + (f'<span class="fn">{escape(note)}</span>' if note else "")
        for piece, note in split_notes(text)
    )


def render_pdf(document):
    import weasyprint

    meta = document.meta
    html = [
        '<html lang="pl"><head><meta charset="utf-8">',
        f"<title>{escape(meta['tytul'])}</title>",
        f'<meta name="author" content="{escape(meta.get("wystawca", ""))}">',
        "<style>",
        PDF_CSS % {"issuer": meta.get("wystawca", "").replace('"', "'")},
        "</style></head><body>",
        f'<p class="meta">{escape(meta.get("wystawca", ""))}</p>',
        f'<p class="meta">{escape(document.dated_line())}</p>',
        f"<h1>{escape(meta['tytul'])}</h1>",
    ]
    if document.subject_line():
        html.append(f'<p class="meta">{escape(document.subject_line())}</p>')
    page_break = False
    for kind, value in document.blocks:
        opening = ' class="break"' if page_break else ""
        page_break = False
        if kind == "break":
            page_break = True
        elif kind == "h1":
            html.append(f"<h2{opening}>{pdf_inline(value)}</h2>")
        elif kind == "h2":
            html.append(f"<h3{opening}>{pdf_inline(value)}</h3>")
        elif kind == "p":
            html.append(f"<p{opening}>{pdf_inline(value)}</p>")
        elif kind == "list":
            items = "".join(f"<li>{pdf_inline(item)}</li>" for item in value)
            html.append(f"<ul{opening}>{items}</ul>")
        elif kind == "table":
            head = "".join(f"<th>{pdf_inline(cell)}</th>" for cell in value[0])
            rows = "".join(
                "<tr>" + "".join(f"<td>{pdf_inline(cell)}</td>" for cell in row) + "</tr>"
                for row in value[1:]
            )
            html.append(f"<table{opening}><thead><tr>{head}</tr></thead>{rows}</table>")
    html.append("</body></html>")
    data = weasyprint.HTML(string="".join(html)).write_pdf()
    return data


# -- DOCX --------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


class DocxNotes:
    """Real Word footnotes (python-docx has no API for them): a footnotes part, and a
    reference run in the text for each note."""

    def __init__(self):
        self.notes = []

    def reference(self, paragraph, text):
        from docx.oxml import parse_xml

        self.notes.append(text)
        run = parse_xml(
            f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{len(self.notes)}"/></w:r>'
        )
        paragraph._p.append(run)

    def attach(self, document):
        if not self.notes:
            return
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        notes = "".join(
            f'<w:footnote w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
            f'</w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {escape(text)}'
            "</w:t></w:r></w:p></w:footnote>"
            for number, text in enumerate(self.notes, start=1)
        )
        xml = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            f"<w:continuationSeparator/></w:r></w:p></w:footnote>{notes}</w:footnotes>"
        )
        part = Part(
            PackURI("/word/footnotes.xml"),
            FOOTNOTES_CT,
            xml.encode("utf-8"),
            document.part.package,
        )
        document.part.relate_to(part, FOOTNOTES_RT)


def docx_inline(paragraph, text, notes):
    for piece, note in split_notes(text):
        if piece:
            paragraph.add_run(piece)
        if note:
            notes.reference(paragraph, note)


def render_docx(document):
    import docx
    from docx.enum.text import WD_BREAK

    meta = document.meta
    word = docx.Document()
    props = word.core_properties
    props.title = meta["tytul"]
    props.author = props.last_modified_by = meta.get("wystawca", "")
    props.language = "pl-PL"
    props.created = props.modified = datetime.datetime(*FIXED_TIME)
    props.revision = 1
    header = word.sections[0].header
    header.paragraphs[0].text = meta.get("wystawca", "")
    notes = DocxNotes()
    word.add_paragraph(document.dated_line())
    word.add_heading(meta["tytul"], level=1)
    if document.subject_line():
        word.add_paragraph(document.subject_line())
    for kind, value in document.blocks:
        if kind == "break":
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind in ("h1", "h2"):
            heading = word.add_heading("", level=2 if kind == "h1" else 3)
            docx_inline(heading, value, notes)
        elif kind == "p":
            docx_inline(word.add_paragraph(), value, notes)
        elif kind == "list":
            for item in value:
                docx_inline(word.add_paragraph(style="List Bullet"), item, notes)
        elif kind == "table":
            table = word.add_table(rows=len(value), cols=len(value[0]))
            table.style = "Table Grid"
            for row, cells in zip(table.rows, value, strict=True):
                for cell, text in zip(row.cells, cells, strict=False):
                    docx_inline(cell.paragraphs[0], text, notes)
    notes.attach(word)
    out = io.BytesIO()
    word.save(out)
    return normalised_zip(out.getvalue())


# -- ODT ---------------------------------------------------------------------------------------


def render_odt(document):
    from odf import dc, style, table, text
    from odf import meta as odfmeta
    from odf.opendocument import OpenDocumentText

    meta = document.meta
    odt = OpenDocumentText()
    odt.meta.addElement(dc.Title(text=meta["tytul"]))
    odt.meta.addElement(dc.Creator(text=meta.get("wystawca", "")))
    odt.meta.addElement(dc.Language(text="pl-PL"))
    odt.meta.addElement(odfmeta.CreationDate(text="2024-01-01T00:00:00"))
    odt.meta.addElement(dc.Date(text="2024-01-01T00:00:00"))

    def para_style(name, **text_props):
        st = style.Style(name=name, family="paragraph")
        if text_props:
            st.addElement(style.TextProperties(**text_props))
        odt.styles.addElement(st)
        return st

    h1 = para_style("Heading_20_1", fontsize="15pt", fontweight="bold")
    h2 = para_style("Heading_20_2", fontsize="12.5pt", fontweight="bold")
    h3 = para_style("Heading_20_3", fontsize="11.5pt", fontweight="bold")
    small = para_style("Meta", fontsize="9pt")
    breaking = style.Style(name="PageBreak", family="paragraph")
    breaking.addElement(style.ParagraphProperties(breakbefore="page"))
    odt.automaticstyles.addElement(breaking)
    cell_style = style.Style(name="Cell", family="table-cell")
    cell_style.addElement(style.TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
    odt.automaticstyles.addElement(cell_style)

    notes = [0]
    tables = [0]

    def inline(element, value):
        for piece, note in split_notes(value):
            if piece:
                element.addText(piece)
            if note:
                notes[0] += 1
                number = str(notes[0])
                footnote = text.Note(id=f"ftn{number}", noteclass="footnote")
                footnote.addElement(text.NoteCitation(text=number))
                body = text.NoteBody()
                body.addElement(text.P(text=note))
                footnote.addElement(body)
                element.addElement(footnote)
        return element

    # The issuer in the page header, as on headed paper.
    layout = style.PageLayout(name="Page")
    layout.addElement(
        style.PageLayoutProperties(
            pagewidth="21cm", pageheight="29.7cm", margin="2cm", printorientation="portrait"
        )
    )
    odt.automaticstyles.addElement(layout)
    master = style.MasterPage(name="Standard", pagelayoutname=layout)
    page_header = style.Header()
    page_header.addElement(text.P(stylename=small, text=meta.get("wystawca", "")))
    master.addElement(page_header)
    odt.masterstyles.addElement(master)

    add = odt.text.addElement
    add(text.P(stylename=small, text=document.dated_line()))
    add(text.H(outlinelevel=1, stylename=h1, text=meta["tytul"]))
    if document.subject_line():
        add(text.P(text=document.subject_line()))
    page_break = False
    for kind, value in document.blocks:
        if kind == "break":
            page_break = True
            continue
        if page_break:
            add(text.P(stylename=breaking))
            page_break = False
        if kind in ("h1", "h2"):
            level = 2 if kind == "h1" else 3
            add(inline(text.H(outlinelevel=level, stylename=h2 if level == 2 else h3), value))
        elif kind == "p":
            add(inline(text.P(), value))
        elif kind == "list":
            listing = text.List()
            for item in value:
                entry = text.ListItem()
                entry.addElement(inline(text.P(), item))
                listing.addElement(entry)
            add(listing)
        elif kind == "table":
            tables[0] += 1
            grid = table.Table(name=f"Tabela{tables[0]}")
            grid.addElement(table.TableColumn(numbercolumnsrepeated=len(value[0])))
            for cells in value:
                row = table.TableRow()
                for cell_text in cells + [""] * (len(value[0]) - len(cells)):
                    cell = table.TableCell(stylename=cell_style, valuetype="string")
                    cell.addElement(inline(text.P(), cell_text))
                    row.addElement(cell)
                grid.addElement(row)
            add(grid)
    out = io.BytesIO()
    odt.write(out)
    return normalised_zip(out.getvalue())


# -- TXT ---------------------------------------------------------------------------------------


def render_txt(document):
    meta = document.meta
    notes = []

    def inline(value):
        out = []
        for piece, note in split_notes(value):
            out.append(piece)
            if note:
                notes.append(note)
                out.append(f"[{len(notes)}]")
        return "".join(out)

    lines = [meta.get("wystawca", ""), document.dated_line(), "", meta["tytul"].upper()]
    if document.subject_line():
        lines.append(document.subject_line())
    lines.append("")
    for kind, value in document.blocks:
        if kind == "break":
            continue
        if kind in ("h1", "h2"):
            lines += [inline(value), ""]
        elif kind == "p":
            lines += [inline(value), ""]
        elif kind == "list":
            lines += [f"- {inline(item)}" for item in value] + [""]
        elif kind == "table":
            lines += [" | ".join(inline(cell) for cell in row) for row in value] + [""]
    if notes:
        lines += ["Przypisy:"] + [f"[{n}] {note}" for n, note in enumerate(notes, start=1)]
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


# -- output ------------------------------------------------------------------------------------


def normalised_zip(data):
    """The same ZIP with every member dated FIXED_TIME (DOCX and ODT are ZIP files), members in
    their order and compression (ODT's uncompressed `mimetype` stays first)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            member.compress_type = info.compress_type
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


RENDERERS = {"pdf": render_pdf, "docx": render_docx, "odt": render_odt, "txt": render_txt}


def csv_row(document):
    row = {column: document.meta.get(column, "") for column in COLUMNS}
    row["klucz"] = document.key
    row["plik"] = document.filename
    return row


def build(documents, only=None):
    FILES.mkdir(exist_ok=True)
    counts = {}
    for document in documents:
        counts[document.fmt] = counts.get(document.fmt, 0) + 1
    if counts != EXPECTED_FORMATS:
        sys.exit(f"The formats are {counts}, not {EXPECTED_FORMATS}.")
    keys = [d.key for d in documents]
    if len(set(keys)) != len(keys):
        sys.exit("Two documents share a key.")
    wanted = {d.filename for d in documents}
    for stale in FILES.iterdir():
        if stale.name not in wanted:
            stale.unlink()
    for document in documents:
        if only and document.key not in only:
            continue
        data = RENDERERS[document.fmt](document)
        path = FILES / document.filename
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    with open(CSV_PATH, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for document in documents:
            writer.writerow(csv_row(document))


def main(argv):
    documents = parse(SOURCE.read_text(encoding="utf-8"))
    build(documents, only=set(argv) or None)
    total = sum(path.stat().st_size for path in FILES.iterdir())
    print(f"{len(documents)} documents in {FILES} ({total / 1024:.0f} KB), {CSV_PATH.name} written")


if __name__ == "__main__":
    main(sys.argv[1:])
