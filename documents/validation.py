"""Upload safety: a file is accepted only if its content (magic bytes and a parse) matches its type.

Policy (stated in documents/README.md): encrypted or password-protected PDFs and office files are
refused, because the public cannot open them and their text cannot be searched.
"""

import io
import os
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

import magic

# Content type served for each allowed extension (the detected type must agree with it).
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "doc": "application/msword",
    "rtf": "application/rtf",
    "txt": "text/plain",
    "jpg": "image/jpeg",
    "png": "image/png",
}
# What libmagic may report for a genuine file of each type.
ACCEPTED_MAGIC = {
    "pdf": {"application/pdf"},
    "docx": {CONTENT_TYPES["docx"], "application/zip", "application/octet-stream"},
    "xlsx": {CONTENT_TYPES["xlsx"], "application/zip", "application/octet-stream"},
    "odt": {CONTENT_TYPES["odt"], "application/zip"},
    "ods": {CONTENT_TYPES["ods"], "application/zip"},
    "doc": {"application/msword", "application/x-ole-storage", "application/CDFV2"},
    "rtf": {"text/rtf", "application/rtf"},
    "txt": {"text/plain"},
    "jpg": {"image/jpeg"},
    "png": {"image/png"},
}
ENCRYPTED_MAGIC = {"application/encrypted", "application/CDFV2-encrypted"}
# Zip archives (DOCX, XLSX, ODT, ODS) beyond these limits are refused as possible zip bombs.
MAX_ARCHIVE_MEMBERS = 5_000
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_COMPRESSION_RATIO = 150


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str
    size: int


def max_upload_size():
    return getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", 50 * 1024 * 1024)


def allowed_extensions():
    return [ext for ext in settings.WAGTAILDOCS_EXTENSIONS if ext in CONTENT_TYPES]


def _extension(name):
    ext = os.path.splitext(name or "")[1].lstrip(".").lower()
    return "jpg" if ext == "jpeg" else ext


def _read_all(uploaded):
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


def validate_upload(uploaded, name=None):
    """Check an uploaded file; return CheckedFile or raise ValidationError with a Polish message."""
    name = name or getattr(uploaded, "name", "") or ""
    ext = _extension(name)
    if ext not in allowed_extensions():
        raise ValidationError(
            _("Pliki typu „%(ext)s” nie są przyjmowane. Dozwolone formaty: %(allowed)s.")
            % {
                "ext": ext or _("bez rozszerzenia"),
                "allowed": ", ".join(allowed_extensions()).upper(),
            },
            code="extension",
        )
    size = getattr(uploaded, "size", None)
    if size is None:
        uploaded.seek(0, os.SEEK_END)
        size = uploaded.tell()
        uploaded.seek(0)
    limit = max_upload_size()
    if size > limit:
        raise ValidationError(
            _("Plik jest za duży (%(size)s). Największy dopuszczalny rozmiar to %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="size",
        )
    if size == 0:
        raise ValidationError(_("Plik jest pusty."), code="empty")
    data = _read_all(uploaded)
    detected = magic.from_buffer(data[:65536], mime=True)
    if detected in ENCRYPTED_MAGIC:
        raise _encrypted()
    if detected not in ACCEPTED_MAGIC[ext]:
        raise ValidationError(
            _(
                "Zawartość pliku nie odpowiada rozszerzeniu „.%(ext)s” (rozpoznano: %(detected)s). "
                "Plik nie został zapisany."
            )
            % {"ext": ext, "detected": detected},
            code="mismatch",
        )
    PARSERS[ext](data)
    return CheckedFile(extension=ext, content_type=CONTENT_TYPES[ext], size=size)


def _encrypted():
    return ValidationError(
        _(
            "Plik jest zaszyfrowany lub chroniony hasłem. Rejestr przyjmuje tylko pliki bez hasła, "
            "aby każdy mógł je otworzyć, a ich treść była przeszukiwalna. Usuń hasło i wyślij "
            "plik ponownie."
        ),
        code="encrypted",
    )


def _corrupt(kind):
    return ValidationError(
        _("Pliku nie da się odczytać jako %(kind)s – jest uszkodzony lub ma inny format.")
        % {"kind": kind},
        code="corrupt",
    )


def _check_pdf(data):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.startswith(b"%PDF-"):
        raise _corrupt("PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _encrypted()
        if len(reader.pages) == 0:
            raise _corrupt("PDF")
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError):
        raise _corrupt("PDF") from None


def _open_zip(data, kind):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _corrupt(kind) from None
    members = archive.infolist()
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise _zip_bomb()
    total = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members) or 1
    if total > MAX_UNCOMPRESSED_BYTES or total / compressed > MAX_COMPRESSION_RATIO:
        raise _zip_bomb()
    if any(member.flag_bits & 0x1 for member in members):
        raise _encrypted()
    return archive


def _zip_bomb():
    return ValidationError(
        _(
            "Plik po rozpakowaniu byłby wielokrotnie większy niż jest (podejrzenie tzw. bomby "
            "zip). Plik nie został zapisany."
        ),
        code="zip_bomb",
    )


def _check_ooxml(data, kind, main_part):
    archive = _open_zip(data, kind)
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names or main_part not in names:
        raise _corrupt(kind)
    return archive


def _check_docx(data):
    _check_ooxml(data, "DOCX", "word/document.xml")
    try:
        import docx

        docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many types on malformed parts
        raise _corrupt("DOCX") from None


def _check_xlsx(data):
    _check_ooxml(data, "XLSX", "xl/workbook.xml")
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        workbook.close()
    except Exception:  # openpyxl raises many types on malformed parts
        raise _corrupt("XLSX") from None


def _check_odf(kind, mimetype):
    def check(data):
        archive = _open_zip(data, kind)
        try:
            declared = archive.read("mimetype").decode("ascii", "replace").strip()
            manifest = archive.read("META-INF/manifest.xml")
        except KeyError:
            raise _corrupt(kind) from None
        if declared != mimetype:
            raise _corrupt(kind)
        if b"encryption-data" in manifest:
            raise _encrypted()
        if "content.xml" not in archive.namelist():
            raise _corrupt(kind)

    return check


def _check_doc(data):
    if not data.startswith(bytes.fromhex("D0CF11E0A1B11AE1")):
        raise _corrupt("DOC")
    if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data[:1_000_000]:
        raise _encrypted()


def _check_rtf(data):
    if not data.lstrip().startswith(b"{\\rtf"):
        raise _corrupt("RTF")


def _check_txt(data):
    if b"\x00" in data:
        raise _corrupt(_("tekst"))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("cp1250")
        except UnicodeDecodeError:
            raise _corrupt(_("tekst")) from None


def _check_image(kind):
    def check(data):
        from PIL import Image

        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        except Image.DecompressionBombError:
            raise _zip_bomb() from None
        except Exception:  # Pillow raises many types on malformed images
            raise _corrupt(kind) from None

    return check


PARSERS = {
    "pdf": _check_pdf,
    "docx": _check_docx,
    "xlsx": _check_xlsx,
    "odt": _check_odf("ODT", "application/vnd.oasis.opendocument.text"),
    "ods": _check_odf("ODS", "application/vnd.oasis.opendocument.spreadsheet"),
    "doc": _check_doc,
    "rtf": _check_rtf,
    "txt": _check_txt,
    "jpg": _check_image("JPG"),
    "png": _check_image("PNG"),
}
