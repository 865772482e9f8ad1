"""Every text of a file is read for search (issue „Search and documents quality”): in a DOCX the
headings, the cells of tables, the headers and footers, the footnotes and the text boxes; in an ODT
the headings, lists, tables, frames, notes and the headers of its page styles. Each file below has
one word in each place, and no word is read twice."""

import io
import zipfile

from documents.extraction import extract

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def _p(text, style=None):
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _docx():
    """A DOCX written part by part (python-docx writes no footnotes or text boxes)."""
    body = (
        _p("Regulamin naboru", "Heading1") + "<w:p><w:r><w:t>Treść z przypisem</w:t></w:r>"
        '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
        "<w:tbl><w:tr><w:tc>" + _p("komórkaTabeli") + "</w:tc><w:tc>" + _p("Prudnik") + "</w:tc>"
        "</w:tr></w:tbl>"
        # A text box, as Word writes it: the shape and a fallback copy of the same text.
        f'<w:p><w:r><mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="wps">'
        f'<w:drawing><wps:wsp xmlns:wps="{WPS}"><wps:txbx><w:txbxContent>'
        + _p("ramkaTekstowa")
        + "</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback>"
        "<w:pict><w:txbxContent>" + _p("ramkaTekstowa") + "</w:txbxContent></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/></w:sectPr>'
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}</w:body></w:document>'
    )
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:id="1">' + _p("przypisDolny o teleopiece") + "</w:footnote></w:footnotes>"
    )
    header = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:hdr xmlns:w="{W}">{_p("nagłówekStrony")}</w:hdr>'
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.footnotes+xml"/>'
        '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.header+xml"/>'
        "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    document_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/footnotes" Target="footnotes.xml"/>'
        '<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/header" Target="header1.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/_rels/document.xml.rels", document_rels)
        archive.writestr("word/footnotes.xml", footnotes)
        archive.writestr("word/header1.xml", header)
    return buffer.getvalue()


def _odt():
    from odf import draw, style, table, text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    layout = style.PageLayout(name="Strona")
    document.automaticstyles.addElement(layout)
    page = style.MasterPage(name="Standard", pagelayoutname=layout)
    header = style.Header()
    header.addElement(text.P(text="nagłówekStrony"))
    page.addElement(header)
    document.masterstyles.addElement(page)

    body = document.text
    body.addElement(text.H(outlinelevel=1, text="Regulamin naboru"))
    paragraph = text.P(text="Treść z przypisem")
    note = text.Note(id="ftn1", noteclass="footnote")
    note.addElement(text.NoteCitation(text="1"))
    note_body = text.NoteBody()
    note_body.addElement(text.P(text="przypisDolny o teleopiece"))
    note.addElement(note_body)
    paragraph.addElement(note)
    frame = draw.Frame(width="5cm", height="2cm", anchortype="as-char")
    box = draw.TextBox()
    box.addElement(text.P(text="ramkaTekstowa"))
    frame.addElement(box)
    paragraph.addElement(frame)
    body.addElement(paragraph)
    items = text.List()
    item = text.ListItem()
    item.addElement(text.P(text="punktListy"))
    items.addElement(item)
    body.addElement(items)
    grid = table.Table(name="Tabela")
    grid.addElement(table.TableColumn(numbercolumnsrepeated=2))
    row = table.TableRow()
    for value in ("komórkaTabeli", "Prudnik"):
        cell = table.TableCell()
        cell.addElement(text.P(text=value))
        row.addElement(cell)
    grid.addElement(row)
    body.addElement(grid)
    spaced = text.P(text="dwa")
    spaced.addElement(text.S(c=3))
    spaced.addText("słowa")
    body.addElement(spaced)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


EVERY_PLACE = [
    "Regulamin naboru",  # heading
    "komórkaTabeli",  # a table's cell
    "przypisDolny o teleopiece",  # a footnote
    "nagłówekStrony",  # the page header
    "ramkaTekstowa",  # a text box (frame)
]


def test_a_docx_gives_its_headings_tables_header_footnotes_and_text_boxes_once_each():
    text = extract(_docx(), "docx").text
    for words in EVERY_PLACE:
        assert text.count(words) == 1, words
    # The body first, in order; then the header; then the notes.
    assert (
        text.index("Regulamin naboru") < text.index("komórkaTabeli") < text.index("ramkaTekstowa")
    )
    assert text.index("nagłówekStrony") < text.index("przypisDolny")


def test_an_odt_gives_its_headings_lists_tables_frames_notes_and_header_once_each():
    text = extract(_odt(), "odt").text
    for words in [*EVERY_PLACE, "punktListy"]:
        assert text.count(words) == 1, words
    # A note and a frame come after the paragraph that holds them, not inside it.
    assert "Treść z przypisem\n" in text
    assert (
        text.index("Regulamin naboru")
        < text.index("Treść z przypisem")
        < text.index("przypisDolny")
    )
    assert "dwa słowa" in text  # ODF's encoded spaces
