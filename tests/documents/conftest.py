"""Fixtures of the documents registry: real files of every format and hostile ones."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from documents.generation import docx_bytes, pdf_bytes


@pytest.fixture
def pdf_data():
    return pdf_bytes("Regulamin testowy", ("Ośrodek pomocy społecznej w Kluczborku.",))


@pytest.fixture
def docx_data():
    return docx_bytes("Formularz testowy", ("Karta zgłoszenia gminy Brzeg.",))


def _odf(mimetype, body_xml, encrypted=False):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        manifest = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
            + ("<manifest:encryption-data/>" if encrypted else "")
            + "</manifest:file-entry></manifest:manifest>"
        )
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">'
            f"<office:body>{body_xml}</office:body></office:document-content>",
        )
    return buffer.getvalue()


@pytest.fixture
def odt_data():
    return _odf(
        "application/vnd.oasis.opendocument.text",
        "<office:text><text:p>Porozumienie z powiatem nyskim.</text:p></office:text>",
    )


@pytest.fixture
def ods_data():
    return _odf(
        "application/vnd.oasis.opendocument.spreadsheet",
        "<office:spreadsheet><table:table table:name='Arkusz1'><table:table-row>"
        "<table:table-cell><text:p>Harmonogram szkoleń w Namysłowie</text:p></table:table-cell>"
        "</table:table-row></table:table></office:spreadsheet>",
    )


@pytest.fixture
def encrypted_odt_data():
    return _odf(
        "application/vnd.oasis.opendocument.text",
        "<office:text><text:p>x</text:p></office:text>",
        encrypted=True,
    )


@pytest.fixture
def xlsx_data():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Lista"
    workbook.active.append(["Gmina", "Liczba mieszkańców"])
    workbook.active.append(["Głuchołazy", 13500])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def zip_bomb_xlsx(xlsx_data):
    """A valid workbook with an extra part that inflates from ~200 KB to 400 MB."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        with target.open("xl/media/padding.bin", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(400):
                member.write(chunk)
    return buffer.getvalue()


@pytest.fixture
def encrypted_pdf_data(pdf_data):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_data)))
    writer.encrypt("tajne-haslo")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def executable_data():
    """A real executable (ELF) from the machine."""
    from pathlib import Path

    return Path("/bin/true").read_bytes()


@pytest.fixture
def html_data():
    return b"<!DOCTYPE html><html><head><title>x</title></head><body><script>alert(1)</script></body></html>"


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def post_add(client, name, data, title="Plik testowy"):
    """An upload through Wagtail's "add document" form, as an editor sends it."""
    from django.urls import reverse

    from wagtail.models import Collection

    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "file": upload(name, data),
            "collection": Collection.get_first_root_node().pk,
            "legal_status": "in_force",
            "language": "pl",
        },
    )


@pytest.fixture
def media_files(settings):
    """Files added under MEDIA_ROOT/documents since the test began (the folder is shared)."""
    from pathlib import Path

    def current():
        folder = Path(settings.MEDIA_ROOT) / "documents"
        return {str(p) for p in folder.glob("**/*") if p.is_file()} if folder.exists() else set()

    before = current()
    return lambda: sorted(current() - before)


@pytest.fixture
def make_document(db, pdf_data):
    """Store a document through the service, with metadata overrides."""
    from documents.services import create_document, ensure_document_types

    counter = {"n": 0}

    def make(title=None, data=None, filename=None, type_slug="regulamin", tags=(), **fields):
        counter["n"] += 1
        types = ensure_document_types()
        fields.setdefault("document_type", types[type_slug] if type_slug else None)
        if data is None:
            # A unique PDF per call, so content hashes never collide.
            data = pdf_bytes(title or f"Dokument {counter['n']}", (f"Treść {counter['n']}.",))
        return create_document(
            data,
            filename or f"dokument-{counter['n']}.pdf",
            {"title": title or f"Dokument {counter['n']}", **fields},
            tags=tags,
        )

    return make


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "redaktor", "redaktor@example.pl", "Haslo-123-abc"
    )
    client.force_login(user)
    client.user = user
    return client
